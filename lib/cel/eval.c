/*
** eval.c — the tree-walking evaluator and the evaluation context.
**
** Every node costs one unit; comprehension iterations, allocations, string
** and regex work cost more (see the library files).  The budget check is
** a compare against the meter, so a hostile expression ends with a WE_COST
** error, never a hang.  Recursion depth is bounded by the AST height,
** which the parser limits.
**
** Errors are values: they propagate through strict operators, while && and
** || absorb them when the other operand decides the result (CEL's
** commutative logic), and all/exists do the same across iterations.
*/
#include "cel_int.h"

#include <string.h>

/* ---- context -------------------------------------------------------------- */

int wnd__cel_ctx_new(wnd__cel_ctx **out, const wnd__mem *mem, const wnd_limits *limits) {
  if (!out) return WND_EINVAL;
  *out = NULL;
  if (!mem) mem = &wnd__mem_default;
  wnd__cel_ctx *c = wnd__calloc(mem, 1, sizeof *c);
  if (!c) return WND_ENOMEM;
  c->mem = *mem;
  wnd__cel_limits(&c->lim, limits);
  wnd__arena_init(&c->arena, &c->mem, c->inline_buf, sizeof c->inline_buf);
  c->arena.limit = CEL_ARENA_LIMIT;
  c->gctx = wnd__cel_re_gctx(&c->mem);
  if (!c->gctx) goto fail;
  c->mctx = pcre2_match_context_create(c->gctx);
  if (!c->mctx) goto fail;
  pcre2_set_match_limit(c->mctx, c->lim.regex_match_limit);
  pcre2_set_depth_limit(c->mctx, c->lim.regex_depth_limit);
  pcre2_set_heap_limit(c->mctx, c->lim.regex_heap_kib);
  /* One pair is enough: we only ask whether there is a match (a too-small
  ** ovector still reports the match, with rc 0). */
  c->md = pcre2_match_data_create(1, c->gctx);
  if (!c->md) goto fail;
  c->cctx = wnd__cel_re_cctx(c->gctx);
  if (!c->cctx) goto fail;
  *out = c;
  return WND_OK;
fail:
  wnd__cel_ctx_free(c);
  return WND_ENOMEM;
}

void wnd__cel_ctx_reset(wnd__cel_ctx *ctx) {
  if (ctx) wnd__arena_reset_used(&ctx->arena); /* a boolean evaluation allocates nothing */
}

void wnd__cel_ctx_free(wnd__cel_ctx *ctx) {
  if (!ctx) return;
  if (ctx->md) pcre2_match_data_free(ctx->md);
  if (ctx->mctx) pcre2_match_context_free(ctx->mctx);
  if (ctx->cctx) pcre2_compile_context_free(ctx->cctx);
  if (ctx->gctx) pcre2_general_context_free(ctx->gctx);
  wnd__arena_free(&ctx->arena);
  wnd__mem mem = ctx->mem;
  wnd__free(&mem, ctx);
}

uint64_t wnd__cel_ctx_cost(const wnd__cel_ctx *ctx) { return ctx ? ctx->cost : 0; }

/* ---- evaluation ------------------------------------------------------------ */

static wnd__value eval(cel_eval *ev, const cel_node *n);

#define CHARGE(ev, n, units) \
  do { if (!cel_charge((ev), (units))) return wnd__cel_cost_error((ev), (n)->off); } while (0)

static wnd__value eval_select(cel_eval *ev, const cel_node *n, bool test);

/* An operand: constants (half the operands of comparisons) are read here,
** and field selections (most of the other half) go straight to
** eval_select, each charged the same one unit as eval() would. */
static inline wnd__value eval_operand(cel_eval *ev, const cel_node *n) {
  if (n->kind == N_CONST) {
    if (!cel_charge(ev, 1)) return wnd__cel_cost_error(ev, n->off);
    return n->val;
  }
  if (n->kind == N_SELECT) {
    if (!cel_charge(ev, 1)) return wnd__cel_cost_error(ev, n->off);
    return eval_select(ev, n, false);
  }
  return eval(ev, n);
}

/* A declared variable's value from the activation. */
static inline wnd__value var_value(cel_eval *ev, const cel_node *n) {
  if (n->aux >= ev->act->nslots || !ev->act->slots)
    return wnd__cel_err(ev, n->off, WE_INVALID, "variable '%s' is not bound", n->str);
  wnd__value v = ev->act->slots[n->aux];
  if (v.kind == WV_ERROR) {
    /* re-issue so that the error carries a position */
    return wnd__cel_err(ev, n->off, v.u.err ? v.u.err->code : WE_INVALID, "%s",
                        v.u.err && v.u.err->msg ? v.u.err->msg : "error");
  }
  return v;
}

/* wnd__map_get_str with wnd__mapent_is (core/value.h). */
static inline const wnd__value *select_entry(wnd__value o, const char *key, uint32_t n) {
  for (uint32_t i = 0; i < o.n; i++) {
    const wnd__mapent *e = &o.u.ents[i];
    if (wnd__mapent_is(e, key, n)) return &e->val;
  }
  return NULL;
}

static wnd__value eval_select(cel_eval *ev, const cel_node *n, bool test) {
  wnd__value o;
  if (n->a->kind == N_VAR) {
    /* `var.field`, the commonest shape: the variable is read here instead of
    ** through a recursive eval(), charged the same one unit. */
    if (!cel_charge(ev, 1)) return wnd__cel_cost_error(ev, n->a->off);
    o = var_value(ev, n->a);
  } else {
    o = eval(ev, n->a);
  }
  if (o.kind == WV_ERROR) return o;
  if (o.kind != WV_MAP)
    return wnd__cel_err(ev, n->off, WE_NO_OVERLOAD, "type '%s' does not support field selection",
                        wnd__cel_kind_name(o));
  const wnd__value *v = select_entry(o, n->str, n->slen);
  if (test) return wnd__v_bool(v != NULL);
  if (!v) return wnd__cel_err(ev, n->off, WE_NO_SUCH_KEY, "no such key: '%s'", n->str);
  return *v;
}

static wnd__value index_value(cel_eval *ev, const cel_node *n, wnd__value o, wnd__value k) {
  if (o.kind == WV_LIST) {
    int64_t i;
    if (k.kind == WV_INT) i = k.u.i;
    else if (k.kind == WV_UINT) {
      /* past int64 it cannot be an index; say the value, not its wrapped sign */
      if (k.u.u > (uint64_t)INT64_MAX)
        return wnd__cel_err(ev, n->off, WE_RANGE, "index out of range: %llu (size %u)",
                            (unsigned long long)k.u.u, o.n);
      i = (int64_t)k.u.u;
    }
    /* range first: converting a double outside int64 (or NaN) is undefined */
    else if (k.kind == WV_DOUBLE && k.u.d >= -0x1p63 && k.u.d < 0x1p63 &&
             k.u.d == (double)(int64_t)k.u.d)
      i = (int64_t)k.u.d;
    else return wnd__cel_no_overload(ev, n, "_[_]", (wnd__value[]){o, k}, 2);
    if (i < 0 || (uint64_t)i >= o.n)
      return wnd__cel_err(ev, n->off, WE_RANGE, "index out of range: %lld (size %u)",
                          (long long)i, o.n);
    return o.u.items[i];
  }
  if (o.kind == WV_MAP) {
    if (!wnd__cel_valid_key(k) && k.kind != WV_DOUBLE)
      return wnd__cel_no_overload(ev, n, "_[_]", (wnd__value[]){o, k}, 2);
    CHARGE(ev, n, 1 + o.n / 8);
    const wnd__value *v = wnd__cel_map_find(o, k);
    if (!v) {
      if (k.kind == WV_STRING)
        return wnd__cel_err(ev, n->off, WE_NO_SUCH_KEY, "no such key: '%s'", k.u.s);
      return wnd__cel_err(ev, n->off, WE_NO_SUCH_KEY, "no such key");
    }
    return *v;
  }
  return wnd__cel_no_overload(ev, n, "_[_]", (wnd__value[]){o, k}, 2);
}

/* An exhausted budget or memory ends the evaluation: no other error of an
** operand may stand in for it (the result would name a cause that is not
** why the evaluation stopped), as cel-go aborts on its cost limit. */
static inline bool fatal_error(wnd__value v) {
  return v.kind == WV_ERROR && v.u.err && (v.u.err->code == WE_COST || v.u.err->code == WE_NOMEM);
}

static wnd__value eval_logic(cel_eval *ev, const cel_node *n) {
  bool is_and = n->kind == N_AND;
  wnd__value l = eval(ev, n->a);
  if (l.kind == WV_BOOL && l.u.b != is_and) return l;   /* short circuit */
  if (fatal_error(l)) return l;
  wnd__value r = eval(ev, n->b);
  if (r.kind == WV_BOOL && r.u.b != is_and) return r;   /* decides despite l */
  if (fatal_error(r)) return r;
  if (l.kind == WV_ERROR) return l;
  if (l.kind != WV_BOOL)
    return wnd__cel_no_overload(ev, n, is_and ? "_&&_" : "_||_", (wnd__value[]){l, r}, 2);
  if (r.kind == WV_ERROR) return r;
  if (r.kind != WV_BOOL)
    return wnd__cel_no_overload(ev, n, is_and ? "_&&_" : "_||_", (wnd__value[]){l, r}, 2);
  return r;
}

static wnd__value eval_compr(cel_eval *ev, const cel_node *n) {
  wnd__value range = eval(ev, n->a);
  if (range.kind == WV_ERROR) return range;
  if (range.kind != WV_LIST && range.kind != WV_MAP)
    return wnd__cel_err(ev, n->a->off, WE_NO_OVERLOAD,
                        "comprehension range must be a list or map, found %s",
                        wnd__cel_kind_name(range));
  uint32_t count = range.n;
  wnd__value *out = NULL;
  uint32_t nout = 0;
  if ((n->op == M_MAP || n->op == M_FILTER) && count) {
    out = wnd__cel_alloc(ev, (size_t)count * sizeof *out);
    if (!out) {
      if (!cel_charge(ev, 0)) return wnd__cel_cost_error(ev, n->off);
      return wnd__cel_oom();
    }
  }
  wnd__value err = {0};
  bool have_err = false;
  int64_t trues = 0;
  wnd__value saved = ev->locals[n->aux];
  for (uint32_t i = 0; i < count; i++) {
    if (!cel_charge(ev, 1)) {
      ev->locals[n->aux] = saved;
      return wnd__cel_cost_error(ev, n->off);
    }
    wnd__value x = range.kind == WV_LIST ? range.u.items[i] : range.u.ents[i].key;
    ev->locals[n->aux] = x;
    wnd__value p = eval(ev, n->b);
    switch (n->op) {
      case M_ALL: case M_EXISTS: {
        bool stop_on = n->op == M_EXISTS;
        if (p.kind == WV_BOOL) {
          if (p.u.b == stop_on) {
            ev->locals[n->aux] = saved;
            return p;
          }
        } else if (fatal_error(p)) {
          ev->locals[n->aux] = saved;
          return p;
        } else if (!have_err) {
          err = p.kind == WV_ERROR ? p
                                   : wnd__cel_no_overload(ev, n, n->op == M_ALL ? "all" : "exists",
                                                          &p, 1);
          have_err = true;
        }
        break;
      }
      case M_EXISTS_ONE:
        if (p.kind == WV_BOOL) {
          trues += p.u.b;
        } else {
          ev->locals[n->aux] = saved;
          return p.kind == WV_ERROR ? p : wnd__cel_no_overload(ev, n, "exists_one", &p, 1);
        }
        break;
      case M_FILTER:
        if (p.kind == WV_BOOL) {
          if (p.u.b) out[nout++] = x;
        } else {
          ev->locals[n->aux] = saved;
          return p.kind == WV_ERROR ? p : wnd__cel_no_overload(ev, n, "filter", &p, 1);
        }
        break;
      case M_MAP:
        if (n->c) {
          if (p.kind != WV_BOOL) {
            ev->locals[n->aux] = saved;
            return p.kind == WV_ERROR ? p : wnd__cel_no_overload(ev, n, "map", &p, 1);
          }
          if (!p.u.b) break;
          p = eval(ev, n->c);
        }
        if (p.kind == WV_ERROR) {
          ev->locals[n->aux] = saved;
          return p;
        }
        out[nout++] = p;
        break;
      default: break;
    }
  }
  ev->locals[n->aux] = saved;
  switch (n->op) {
    case M_ALL: return have_err ? err : wnd__v_bool(true);
    case M_EXISTS: return have_err ? err : wnd__v_bool(false);
    case M_EXISTS_ONE: return wnd__v_bool(trues == 1);
    default: return wnd__v_list(out, nout);
  }
}

static wnd__value eval_list(cel_eval *ev, const cel_node *n) {
  wnd__value *items = n->n ? wnd__cel_alloc(ev, (size_t)n->n * sizeof *items) : NULL;
  if (n->n && !items) {
    if (!cel_charge(ev, 0)) return wnd__cel_cost_error(ev, n->off);
    return wnd__cel_oom();
  }
  for (uint32_t i = 0; i < n->n; i++) {
    wnd__value v = eval(ev, n->args[i]);
    if (v.kind == WV_ERROR) return v;
    items[i] = v;
  }
  return wnd__v_list(items, n->n);
}

static wnd__value eval_map(cel_eval *ev, const cel_node *n) {
  wnd__mapent *ents = n->n ? wnd__cel_alloc(ev, (size_t)n->n * sizeof *ents) : NULL;
  if (n->n && !ents) {
    if (!cel_charge(ev, 0)) return wnd__cel_cost_error(ev, n->off);
    return wnd__cel_oom();
  }
  for (uint32_t i = 0; i < n->n; i++) {
    wnd__value k = eval(ev, n->args[2 * i]);
    if (k.kind == WV_ERROR) return k;
    wnd__value v = eval(ev, n->args[2 * i + 1]);
    if (v.kind == WV_ERROR) return v;
    if (!wnd__cel_valid_key(k))
      return wnd__cel_err(ev, n->args[2 * i]->off, WE_INVALID, "unsupported map key type: %s",
                          wnd__cel_kind_name(k));
    CHARGE(ev, n, 1 + i / 8);
    for (uint32_t j = 0; j < i; j++)
      if (wnd__cel_equal(ents[j].key, k))
        return wnd__cel_err(ev, n->args[2 * i]->off, WE_INVALID, "repeated map key");
    ents[i].key = k;
    ents[i].val = v;
  }
  return wnd__v_map(ents, n->n);
}

static wnd__value eval_in(cel_eval *ev, const cel_node *n, wnd__value x, wnd__value c) {
  if (c.kind == WV_LIST) {
    CHARGE(ev, n, c.n);
    if (x.kind == WV_STRING) {
      /* strings equal only strings: compare bytes directly */
      for (uint32_t i = 0; i < c.n; i++) {
        const wnd__value *e = &c.u.items[i];
        if (e->kind == WV_STRING && e->n == x.n && (x.n == 0 || !memcmp(e->u.s, x.u.s, x.n)))
          return wnd__v_bool(true);
      }
      return wnd__v_bool(false);
    }
    for (uint32_t i = 0; i < c.n; i++)
      if (wnd__cel_equal(x, c.u.items[i])) return wnd__v_bool(true);
    return wnd__v_bool(false);
  }
  if (c.kind == WV_MAP) {
    if (!wnd__cel_valid_key(x) && x.kind != WV_DOUBLE)
      return wnd__cel_no_overload(ev, n, "@in", (wnd__value[]){x, c}, 2);
    CHARGE(ev, n, 1 + c.n / 8);
    return wnd__v_bool(wnd__cel_map_find(c, x) != NULL);
  }
  return wnd__cel_no_overload(ev, n, "@in", (wnd__value[]){x, c}, 2);
}

/* Same kind and scalar: the common case of == and ordering, inline. */
static inline int fast_cmp(wnd__value a, wnd__value b, bool *done) {
  *done = true;
  if (a.kind == b.kind) {
    switch (a.kind) {
      case WV_STRING: {
        size_t m = a.n < b.n ? a.n : b.n;
        int r = m ? memcmp(a.u.s, b.u.s, m) : 0;
        if (r) return r < 0 ? -1 : 1;
        return a.n < b.n ? -1 : a.n > b.n;
      }
      case WV_INT: return a.u.i < b.u.i ? -1 : a.u.i > b.u.i;
      case WV_DOUBLE:
        if (a.u.d != a.u.d || b.u.d != b.u.d) return 2;
        return a.u.d < b.u.d ? -1 : a.u.d > b.u.d;
      default: break;
    }
  }
  *done = false;
  return 0;
}

/* Binary operators: both operands in locals, no argument array. */
static wnd__value eval_binary(cel_eval *ev, const cel_node *n) {
  wnd__value a = eval_operand(ev, n->args[0]);
  if (a.kind == WV_ERROR) return a;
  wnd__value b = eval_operand(ev, n->args[1]);
  if (b.kind == WV_ERROR) return b;
  bool done;
  int r;
  switch ((cel_fn)n->op) {
    case OP_EQ: case OP_NE: {
      bool eq;
      if (a.kind == WV_STRING && b.kind == WV_STRING)
        eq = a.n == b.n && (a.n == 0 || !memcmp(a.u.s, b.u.s, a.n));
      else {
        eq = wnd__cel_equal(a, b);
        if (a.kind == WV_LIST || a.kind == WV_MAP) CHARGE(ev, n, a.n);
      }
      return wnd__v_bool(n->op == OP_EQ ? eq : !eq);
    }
    case OP_LT: case OP_LE: case OP_GT: case OP_GE:
      r = fast_cmp(a, b, &done);
      if (!done) {
        r = wnd__cel_compare(a, b);
        if (r == -2) return wnd__cel_no_overload(ev, n, wnd__cel_fn_name(n->op), (wnd__value[]){a, b}, 2);
        if (a.kind == WV_STRING) CHARGE(ev, n, (a.n < b.n ? a.n : b.n) / 64);
      }
      if (r == 2) return wnd__v_bool(false);
      switch (n->op) {
        case OP_LT: return wnd__v_bool(r < 0);
        case OP_LE: return wnd__v_bool(r <= 0);
        case OP_GT: return wnd__v_bool(r > 0);
        default: return wnd__v_bool(r >= 0);
      }
    case OP_IN:
      return eval_in(ev, n, a, b);
    default:
      return wnd__cel_arith(ev, n, a, b);
  }
}

static wnd__value eval_call(cel_eval *ev, const cel_node *n) {
  if (n->op >= OP_ADD && n->op <= OP_IN) return eval_binary(ev, n);
  wnd__value argv[WND__CEL_MAX_PARAMS > 3 ? WND__CEL_MAX_PARAMS : 3];
  uint32_t k = n->n;
  if (k > sizeof argv / sizeof argv[0])
    return wnd__cel_err(ev, n->off, WE_LIMIT, "too many arguments");
  for (uint32_t i = 0; i < k; i++) {
    argv[i] = eval_operand(ev, n->args[i]);
    if (argv[i].kind == WV_ERROR) return argv[i];
  }
  switch ((cel_fn)n->op) {
    case OP_EQ: case OP_NE: {
      bool eq = wnd__cel_equal(argv[0], argv[1]);
      /* lists/maps compare element-wise: charge their size */
      if (argv[0].kind == WV_LIST || argv[0].kind == WV_MAP) CHARGE(ev, n, argv[0].n);
      return wnd__v_bool(n->op == OP_EQ ? eq : !eq);
    }
    case OP_LT: case OP_LE: case OP_GT: case OP_GE: {
      int r = wnd__cel_compare(argv[0], argv[1]);
      if (r == -2) return wnd__cel_no_overload(ev, n, wnd__cel_fn_name(n->op), argv, 2);
      if (r == 2) return wnd__v_bool(false);
      if (argv[0].kind == WV_STRING) CHARGE(ev, n, (argv[0].n < argv[1].n ? argv[0].n : argv[1].n) / 64);
      switch (n->op) {
        case OP_LT: return wnd__v_bool(r < 0);
        case OP_LE: return wnd__v_bool(r <= 0);
        case OP_GT: return wnd__v_bool(r > 0);
        default: return wnd__v_bool(r >= 0);
      }
    }
    case OP_IN:
      return eval_in(ev, n, argv[0], argv[1]);
    case OP_NOT:
      if (argv[0].kind != WV_BOOL) return wnd__cel_no_overload(ev, n, "!_", argv, 1);
      return wnd__v_bool(!argv[0].u.b);
    case OP_ADD: case OP_SUB: case OP_MUL: case OP_DIV: case OP_MOD:
      return wnd__cel_arith(ev, n, argv[0], argv[1]);
    case OP_NEG:
      return wnd__cel_arith(ev, n, argv[0], wnd__v_null());
    default:
      return wnd__cel_call(ev, n, argv, k);
  }
}

static wnd__value eval(cel_eval *ev, const cel_node *n) {
  if (!cel_charge(ev, 1)) return wnd__cel_cost_error(ev, n->off);
  switch ((cel_nkind)n->kind) {
    case N_CONST:
      return n->val;
    case N_VAR:
      return var_value(ev, n);
    case N_LOCAL:
      return ev->locals[n->aux];
    case N_SELECT:
      return eval_select(ev, n, false);
    case N_HAS:
      return eval_select(ev, n, true);
    case N_INDEX: {
      wnd__value o = eval(ev, n->a);
      if (o.kind == WV_ERROR) return o;
      wnd__value k = eval(ev, n->b);
      if (k.kind == WV_ERROR) return k;
      return index_value(ev, n, o, k);
    }
    case N_CALL:
      return eval_call(ev, n);
    case N_LIST:
      return eval_list(ev, n);
    case N_MAP:
      return eval_map(ev, n);
    case N_AND: case N_OR:
      return eval_logic(ev, n);
    case N_COND: {
      wnd__value c = eval(ev, n->a);
      if (c.kind == WV_ERROR) return c;
      if (c.kind != WV_BOOL) return wnd__cel_no_overload(ev, n, "_?_:_", &c, 1);
      return eval(ev, c.u.b ? n->b : n->c);
    }
    case N_COMPR:
      return eval_compr(ev, n);
    case N_ERROR:
      return wnd__cel_err(ev, n->off, WE_INVALID, "%s", n->str);
    case N_IDENT:
      break;
  }
  return wnd__cel_err(ev, n->off, WE_INVALID, "unresolved expression");
}

/* ---- entry ------------------------------------------------------------------ */

int wnd__cel_eval_walk(const wnd__cel_program *p, const wnd__cel_activation *act,
                       wnd__cel_ctx *ctx, wnd__value *out) {
  if (!p || !act || !ctx || !out) return WND_EINVAL;
  cel_eval ev;
  ev.prog = p;
  ev.act = act;
  ev.ctx = ctx;
  /* locals need no clearing: a local is always written before it is read */
  ctx->cost = 0;
  wnd__value v = eval(&ev, p->root);
  *out = v;
  if (v.kind != WV_ERROR) return WND_OK;
  return v.u.err->code == WE_NOMEM ? WND_ENOMEM : WND_EEVAL;
}

int wnd__cel_eval(const wnd__cel_program *p, const wnd__cel_activation *act, wnd__cel_ctx *ctx,
                  wnd__value *out) {
  if (!p || !act || !ctx || !out) return WND_EINVAL;
  /* the direct path (plan.c); over budget, the walk says where it ran out */
  int v = wnd__cel_plan_eval(p, act, ctx);
  if (v >= 0) {
    *out = wnd__v_bool(v);
    return WND_OK;
  }
  return wnd__cel_eval_walk(p, act, ctx, out);
}
