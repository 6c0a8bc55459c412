/*
** checker.c — name resolution and static type checking.
**
** Resolves identifiers (comprehension variables, declared variables with
** CEL's longest-prefix rule for dotted names, type denotations), functions
** (builtins, namespaced builtins cn.* / workdays.*, host functions),
** assigns static types, and reports what is certainly wrong: unknown
** names, wrong arity, operands whose known types match no overload,
** non-bool conditions.  Anything involving dyn passes: the evaluator is
** fully dynamic and re-checks at run time.
**
** It also prepares evaluation: member calls become calls with the receiver
** as first argument, literal regexes are compiled, constant lists and maps
** are built once, and comprehension variables get local indexes.
*/
#include "cel_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "builtins.h"

typedef struct chk {
  wnd__cel_program *p;
  const wnd__cel_env *env;
  const cel_limits *lim;
  const char *src;
  uint32_t len;
  wnd__cel_diags *diags;
  bool oom;
  struct {
    const char *name;
    uint32_t idx;
    uint8_t type;         /* element type of the range, when known */
  } scope[CEL_MAX_LOCALS];
  uint32_t nscope;
  uint32_t max_nest;
  pcre2_compile_context *cctx;
  char *namebuf;          /* scratch for dotted names, len + 1 bytes */
} chk;

static void err(chk *c, const char *code, uint32_t off, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void err(chk *c, const char *code, uint32_t off, const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  if (c->env->unchecked && !strcmp(code, "expr-type")) return;
  wnd__cel_diag_add(c->diags, WND_SEV_ERROR, code, off, "%s", msg);
}

/*
** A name or arity problem: a diagnostic, or in unchecked mode a node that
** evaluates to the error (CEL without checking fails only at run time).
*/
static void fail_node(chk *c, cel_node *n, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void fail_node(chk *c, cel_node *n, const char *code, const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  n->type = WND_CT_DYN;
  if (!c->env->unchecked) {
    wnd__cel_diag_add(c->diags, WND_SEV_ERROR, code, n->off, "%s", msg);
    return;
  }
  char *m = wnd__arena_strndup(c->p->arena, msg, strlen(msg));
  if (!m) {
    c->oom = true;
    return;
  }
  n->kind = N_ERROR;
  n->str = m;
  n->n = 0;
  n->a = n->b = n->c = NULL;
}

static const char *tname(uint8_t t) { return wnd__cel_type_name((wnd__cel_type)t); }

static wnd__cel_type kind_type(const wnd__value *v) {
  switch (v->kind) {
    case WV_NULL: return WND_CT_NULL;
    case WV_BOOL: return WND_CT_BOOL;
    case WV_INT: return WND_CT_INT;
    case WV_UINT: return WND_CT_UINT;
    case WV_DOUBLE: return WND_CT_DOUBLE;
    case WV_STRING: return WND_CT_STRING;
    case WV_LIST: return WND_CT_LIST;
    case WV_MAP: return WND_CT_MAP;
    case WV_TIMESTAMP: return WND_CT_TIMESTAMP;
    case WV_DURATION: return WND_CT_DURATION;
    case WV_TYPE: return WND_CT_TYPE;
    default: return WND_CT_DYN;
  }
}

/* ---- names --------------------------------------------------------------- */

/* Dotted name of a pure identifier chain (a.b.c), into c->namebuf; -1 when
** the node is not such a chain. */
static long chain_name(chk *c, const cel_node *n) {
  if (n->kind == N_IDENT || n->kind == N_VAR) {
    if (n->slen > c->len) return -1;
    memcpy(c->namebuf, n->str, n->slen);
    return (long)n->slen;
  }
  if (n->kind != N_SELECT) return -1;
  long k = chain_name(c, n->a);
  if (k < 0 || (size_t)k + 1 + n->slen > c->len) return -1;
  c->namebuf[k] = '.';
  memcpy(c->namebuf + k + 1, n->str, n->slen);
  return k + 1 + (long)n->slen;
}

static const cel_node *chain_root(const cel_node *n) {
  while (n->kind == N_SELECT) n = n->a;
  return n;
}

static int find_local(chk *c, const char *name, size_t n) {
  for (uint32_t i = c->nscope; i-- > 0;)
    if (strlen(c->scope[i].name) == n && !memcmp(c->scope[i].name, name, n))
      return (int)c->scope[i].idx;
  return -1;
}

static const wnd__cel_var *find_var(chk *c, const char *name, size_t n) {
  for (size_t i = 0; i < c->env->nvars; i++) {
    const char *vn = c->env->vars[i].name;
    if (strlen(vn) == n && !memcmp(vn, name, n)) return &c->env->vars[i];
  }
  return NULL;
}

static const char *type_denotation(const char *name, size_t n) {
  static const char *const names[] = {"int", "uint", "double", "bool", "string",
                                      "null_type", "list", "map", "type",
                                      "google.protobuf.Timestamp",
                                      "google.protobuf.Duration", NULL};
  for (size_t i = 0; names[i]; i++)
    if (strlen(names[i]) == n && !memcmp(names[i], name, n)) return names[i];
  return NULL;
}

/* Turn n into a reference to variable v, keeping its offset. */
static void make_var(chk *c, cel_node *n, const wnd__cel_var *v) {
  const char *name = v->name;
  n->kind = N_VAR;
  n->aux = v->slot;
  n->a = NULL;
  n->str = wnd__arena_strndup(c->p->arena, name, strlen(name));
  if (!n->str) c->oom = true;
  n->slen = (uint32_t)strlen(name);
  n->type = (uint8_t)v->type;
  n->flags = (v->type == WND_CT_MAP || v->type == WND_CT_DYN) ? CF_PATH : 0;
}

/*
** Try to resolve a pure identifier chain as a whole (variable or type
** name).  Returns true when n was rewritten.
*/
static bool resolve_whole(chk *c, cel_node *n) {
  const cel_node *root = chain_root(n);
  if (root->kind != N_IDENT) return false;
  if (find_local(c, root->str, root->slen) >= 0) return false;
  long k = chain_name(c, n);
  if (k < 0) return false;
  const wnd__cel_var *v = find_var(c, c->namebuf, (size_t)k);
  if (v) {
    make_var(c, n, v);
    return true;
  }
  const char *tn = type_denotation(c->namebuf, (size_t)k);
  if (tn) {
    n->kind = N_CONST;
    n->a = NULL;
    n->val = wnd__v_type(tn);
    n->type = WND_CT_TYPE;
    return true;
  }
  return false;
}

/* ---- overloads ---------------------------------------------------------- */

static bool sig_accepts(char s, uint8_t t) {
  return s == '*' || t == WND_CT_DYN || wnd__cel_sig_type(s) == (wnd__cel_type)t;
}

/*
** Check argument types against a signature list.  Returns the result type
** (DYN when several overloads fit with different results); reports
** expr-type when no overload fits the known types.
*/
static uint8_t check_sigs(chk *c, const char *fname, const char *const *sigs, cel_node **args,
                          uint32_t nargs, uint32_t off) {
  int found = 0;
  uint8_t res = WND_CT_DYN;
  for (size_t i = 0; sigs[i]; i++) {
    const char *s = sigs[i];
    const char *gt = strchr(s, '>');
    if ((uint32_t)(gt - s) != nargs) continue;
    bool ok = true;
    for (uint32_t k = 0; k < nargs && ok; k++) ok = sig_accepts(s[k], args[k]->type);
    if (!ok) continue;
    uint8_t r = (uint8_t)wnd__cel_sig_type(gt[1]);
    if (!found) res = r;
    else if (res != r) res = WND_CT_DYN;
    found++;
  }
  if (!found) {
    /* With a single overload of this arity, name the argument at fault. */
    const char *only = NULL;
    int same_arity = 0;
    for (size_t i = 0; sigs[i]; i++)
      if ((uint32_t)(strchr(sigs[i], '>') - sigs[i]) == nargs) {
        only = sigs[i];
        same_arity++;
      }
    if (same_arity == 1) {
      for (uint32_t k = 0; k < nargs; k++)
        if (!sig_accepts(only[k], args[k]->type)) {
          err(c, "expr-type", args[k]->off, "argument %u of '%s' must be %s, found %s", k + 1,
              fname, tname((uint8_t)wnd__cel_sig_type(only[k])), tname(args[k]->type));
          return WND_CT_DYN;
        }
    }
    char buf[160];
    size_t o = 0;
    for (uint32_t k = 0; k < nargs && o < sizeof buf - 20; k++)
      o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%s", k ? ", " : "", tname(args[k]->type));
    buf[o < sizeof buf ? o : sizeof buf - 1] = '\0';
    err(c, "expr-type", off, "no matching overload for '%s' applied to (%s)", fname, buf);
  }
  return res;
}

static bool is_num(uint8_t t) {
  return t == WND_CT_INT || t == WND_CT_UINT || t == WND_CT_DOUBLE;
}

/* ---- regex literals ----------------------------------------------------- */

static void compile_regex(chk *c, cel_node *call, cel_node *pat) {
  const wnd__value *v = &pat->val;
  if (v->n > c->lim->max_pattern_bytes) {
    err(c, "expr-limit", pat->off, "pattern longer than %u bytes", c->lim->max_pattern_bytes);
    return;
  }
  if (!c->p->gctx) {
    c->p->gctx = wnd__cel_re_gctx(&c->p->mem);
    if (!c->p->gctx) {
      c->oom = true;
      return;
    }
  }
  if (!c->cctx) {
    c->cctx = wnd__cel_re_cctx(c->p->gctx);
    if (!c->cctx) {
      c->oom = true;
      return;
    }
  }
  int ec = 0;
  size_t eo = 0;
  bool toolong = false;
  pcre2_code *re = wnd__cel_re_compile(c->p->gctx, c->cctx, c->lim, v->u.s, v->n, &ec, &eo,
                                       &toolong, true);
  if (!re) {
    if (!ec) {
      if (toolong) err(c, "expr-limit", pat->off, "pattern longer than %u bytes",
                       c->lim->max_pattern_bytes);
      else c->oom = true;
      return;
    }
    /* Point into the literal: map pattern byte eo back to the source. */
    uint32_t *map = wnd__alloc(&c->p->mem, ((size_t)pat->len + 1) * sizeof *map);
    if (!map) {
      /* out of memory, not a vaguer position: the load reports WND_ENOMEM */
      c->oom = true;
      return;
    }
    wnd__cel_string_map(c->src, pat->off, pat->len, map, pat->len);
    uint32_t where = eo < v->n ? map[eo] : pat->off + pat->len - 1;
    wnd__free(&c->p->mem, map);
    char msg[256];
    wnd__cel_re_message(ec, msg, sizeof msg);
    err(c, "invalid-pattern", where, "invalid pattern: %s (at pattern offset %zu)", msg, eo);
    return;
  }
  /* remember it for wnd__cel_program_free */
  wnd__cel_program *p = c->p;
  if (p->nregexes == p->capregexes) {
    uint32_t ncap = p->capregexes ? p->capregexes * 2 : 4;
    pcre2_code **nr = wnd__arena_alloc(p->arena, ncap * sizeof *nr);
    if (!nr) {
      pcre2_code_free(re);
      c->oom = true;
      return;
    }
    if (p->nregexes) memcpy(nr, p->regexes, p->nregexes * sizeof *nr);
    p->regexes = nr;
    p->capregexes = ncap;
  }
  p->regexes[p->nregexes++] = re;
  call->re = re;
  size_t jitsize = 0;
  if (pcre2_pattern_info(re, PCRE2_INFO_JITSIZE, &jitsize) == 0 && jitsize) call->flags |= CF_JIT;
}

/* ---- constant folding of literals --------------------------------------- */

static void fold_list(chk *c, cel_node *n) {
  for (uint32_t i = 0; i < n->n; i++)
    if (n->args[i]->kind != N_CONST) return;
  wnd__value *items = NULL;
  if (n->n) {
    items = wnd__arena_alloc(c->p->arena, n->n * sizeof *items);
    if (!items) {
      c->oom = true;
      return;
    }
    for (uint32_t i = 0; i < n->n; i++) items[i] = n->args[i]->val;
  }
  n->kind = N_CONST;
  n->val = wnd__v_list(items, n->n);
}

static void fold_map(chk *c, cel_node *n) {
  for (uint32_t i = 0; i < 2 * n->n; i++)
    if (n->args[i]->kind != N_CONST) return;
  for (uint32_t i = 0; i < n->n; i++) {
    if (!wnd__cel_valid_key(n->args[2 * i]->val)) return; /* error at run time */
    for (uint32_t j = 0; j < i; j++)
      if (wnd__cel_equal(n->args[2 * i]->val, n->args[2 * j]->val)) return;
  }
  wnd__mapent *ents = NULL;
  if (n->n) {
    ents = wnd__arena_alloc(c->p->arena, n->n * sizeof *ents);
    if (!ents) {
      c->oom = true;
      return;
    }
    for (uint32_t i = 0; i < n->n; i++) {
      ents[i].key = n->args[2 * i]->val;
      ents[i].val = n->args[2 * i + 1]->val;
    }
  }
  n->kind = N_CONST;
  n->val = wnd__v_map(ents, n->n);
}

/* ---- the walk ----------------------------------------------------------- */

static void check(chk *c, cel_node *n);
static void check_enum_compare(chk *c, const cel_node *n);
static void check_const_arg(chk *c, const cel_node *n);

static void want_bool(chk *c, const cel_node *n, const char *what) {
  if (n->type != WND_CT_DYN && n->type != WND_CT_BOOL)
    err(c, "expr-type", n->off, "%s must be bool, found %s", what, tname(n->type));
}

static void check_select(chk *c, cel_node *n) {
  if (resolve_whole(c, n)) return;
  cel_node *op = n->a;
  check(c, op);
  n->type = WND_CT_DYN;
  switch (op->type) {
    case WND_CT_MAP: case WND_CT_DYN: break;
    default:
      err(c, "expr-type", n->off, "type '%s' does not support field selection", tname(op->type));
      return;
  }
  if (op->kind == N_VAR || (op->flags & CF_PATH)) {
    if (!c->env->field_type) return;
    long k = chain_name(c, n);
    if (k < 0) return;
    wnd__cel_type ft = WND_CT_DYN;
    int r = c->env->field_type(c->env->field_ud, c->namebuf, (size_t)k, &ft);
    if (r == 1) {
      n->type = (uint8_t)ft;
      if (ft == WND_CT_MAP || ft == WND_CT_DYN) n->flags |= CF_PATH;
    } else if (r < 0 && n->kind == N_SELECT) {
      wnd__cel_diag_add(c->diags, WND_SEV_WARNING, "undeclared-field", n->off,
                    "field '%.*s' is not declared; its type is dyn", (int)k, c->namebuf);
    }
  } else if (op->type == WND_CT_MAP && op->etype != WND_CT_DYN) {
    n->type = op->etype;
  }
}

static void check_ident(chk *c, cel_node *n) {
  int li = find_local(c, n->str, n->slen);
  if (li >= 0) {
    n->kind = N_LOCAL;
    n->aux = (uint32_t)li;
    n->type = c->scope[li].type;
    return;
  }
  if (resolve_whole(c, n)) return;
  fail_node(c, n, "unknown-variable", "undeclared reference to '%.*s'", (int)n->slen, n->str);
}

/* Look up a global function by dotted name: builtin or host. */
static bool resolve_global(chk *c, cel_node *n, const char *name, size_t k, cel_node **args,
                           uint32_t nargs, uint32_t off) {
  const cel_builtin *b = wnd__cel_builtin_find(name, k);
  if (b && b->member != 1) {
    if (nargs < b->minargs || nargs > b->maxargs) {
      fail_node(c, n, "wrong-arity", "'%s' takes %u argument%s, got %u", b->name, b->minargs,
                b->minargs == 1 ? "" : "s", nargs);
      return true;
    }
    n->op = (uint8_t)b->fn;
    n->type = check_sigs(c, b->name, wnd__cel_builtin_def(b->fn)->sigs, args, nargs, off);
    return true;
  }
  for (uint32_t i = 0; i < c->p->nhosts; i++) {
    const wnd__cel_hostfn *h = &c->p->hosts[i].decl;
    if (strlen(h->name) != k || memcmp(h->name, name, k)) continue;
    n->op = F_HOST;
    n->aux = i;
    n->type = (uint8_t)h->ret;
    if (nargs != h->nparams) {
      fail_node(c, n, "wrong-arity", "'%s' takes %u argument%s, got %u", h->name, h->nparams,
                h->nparams == 1 ? "" : "s", nargs);
      return true;
    }
    for (uint32_t a = 0; a < nargs; a++) {
      uint8_t t = args[a]->type;
      if (t != WND_CT_DYN && t != (uint8_t)h->params[a])
        err(c, "expr-type", args[a]->off, "argument %u of '%s' must be %s, found %s", a + 1,
            h->name, tname((uint8_t)h->params[a]), tname(t));
    }
    return true;
  }
  return false;
}

static void check_call(chk *c, cel_node *n) {
  if (n->op != F_UNRESOLVED) {
    /* operator */
    for (uint32_t i = 0; i < n->n; i++) check(c, n->args[i]);
    const cel_builtin_def *d = wnd__cel_builtin_def(n->op);
    if (n->n == 2) check_enum_compare(c, n);
    if (n->op == OP_EQ || n->op == OP_NE) {
      uint8_t l = n->args[0]->type, r = n->args[1]->type;
      if (l != WND_CT_DYN && r != WND_CT_DYN && l != WND_CT_NULL && r != WND_CT_NULL && l != r &&
          !(is_num(l) && is_num(r)))
        err(c, "expr-type", n->off, "no matching overload for '%s' applied to (%s, %s)",
            d->b.name, tname(l), tname(r));
      n->type = WND_CT_BOOL;
      return;
    }
    if (n->op == OP_IN) {
      uint8_t l = n->args[0]->type, r = n->args[1]->type, e = n->args[1]->etype;
      if (r == WND_CT_LIST && l != WND_CT_DYN && e != WND_CT_DYN && l != e &&
          !(is_num(l) && is_num(e)) && l != WND_CT_NULL)
        err(c, "expr-type", n->off, "no matching overload for '@in' applied to (%s, list(%s))",
            tname(l), tname(e));
    }
    n->type = check_sigs(c, d->b.name, d->sigs, n->args, n->n, n->off);
    return;
  }
  /* Global name, or namespaced global written as a member (cn.id_card). */
  if (n->a) {
    const cel_node *root = chain_root(n->a);
    if (root->kind == N_IDENT && find_local(c, root->str, root->slen) < 0) {
      long k = chain_name(c, n->a);
      if (k >= 0) {
        /* only when the receiver is not itself a variable */
        if (!find_var(c, c->namebuf, (size_t)k) && (size_t)k + 1 + n->slen <= c->len) {
          c->namebuf[k] = '.';
          memcpy(c->namebuf + k + 1, n->str, n->slen);
          size_t full = (size_t)k + 1 + n->slen;
          const cel_builtin *b = wnd__cel_builtin_find(c->namebuf, full);
          bool host = false;
          for (uint32_t i = 0; i < c->p->nhosts && !host; i++)
            host = strlen(c->p->hosts[i].decl.name) == full &&
                   !memcmp(c->p->hosts[i].decl.name, c->namebuf, full);
          if ((b && b->member != 1) || host) {
            char *nm = wnd__arena_strndup(c->p->arena, c->namebuf, full);
            if (!nm) {
              c->oom = true;
              return;
            }
            for (uint32_t i = 0; i < n->n; i++) check(c, n->args[i]);
            n->off = root->off; /* diagnostics point at "cn.", not "id_card" */
            n->a = NULL;
            n->str = nm;
            n->slen = (uint32_t)full;
            resolve_global(c, n, nm, full, n->args, n->n, n->off);
            return;
          }
          /* No variable starts the chain either: this reads as a call of
          ** an unknown namespaced function (cn.nothing), not as a method
          ** on an unknown variable `cn`. */
          bool var_prefix = false;
          for (size_t i = 0; i < c->env->nvars && !var_prefix; i++) {
            size_t vl = strlen(c->env->vars[i].name);
            var_prefix = vl <= (size_t)k && !memcmp(c->env->vars[i].name, c->namebuf, vl) &&
                         (vl == (size_t)k || c->namebuf[vl] == '.');
          }
          if (!var_prefix && !type_denotation(c->namebuf, (size_t)k)) {
            /* Copy the name first: checking the arguments reuses namebuf. */
            char *nm = wnd__arena_strndup(c->p->arena, c->namebuf, full);
            if (!nm) {
              c->oom = true;
              return;
            }
            for (uint32_t i = 0; i < n->n; i++) check(c, n->args[i]);
            n->off = root->off;
            fail_node(c, n, "unknown-function", "undeclared function '%s'", nm);
            return;
          }
        }
      }
    }
  }
  if (!n->a) {
    for (uint32_t i = 0; i < n->n; i++) check(c, n->args[i]);
    if (!resolve_global(c, n, n->str, n->slen, n->args, n->n, n->off)) {
      const cel_builtin *b = wnd__cel_builtin_find(n->str, n->slen);
      if (b && b->member == 1)
        fail_node(c, n, "unknown-function", "'%s' must be called as a method: x.%s(...)",
                  b->name, b->name);
      else
        fail_node(c, n, "unknown-function", "undeclared function '%.*s'", (int)n->slen, n->str);
      return;
    }
    if (n->op == F_MATCHES && n->n == 2 && n->args[1]->kind == N_CONST &&
        n->args[1]->val.kind == WV_STRING)
      compile_regex(c, n, n->args[1]);
    if (n->op == F_TIMESTAMP || n->op == F_DURATION) check_const_arg(c, n);
    return;
  }
  /* member call: receiver becomes args[0] */
  check(c, n->a);
  for (uint32_t i = 0; i < n->n; i++) check(c, n->args[i]);
  cel_node **all = wnd__arena_alloc(c->p->arena, ((size_t)n->n + 1) * sizeof *all);
  if (!all) {
    c->oom = true;
    return;
  }
  all[0] = n->a;
  if (n->n) memcpy(all + 1, n->args, n->n * sizeof *all);
  n->args = all;
  n->n++;
  n->a = NULL;
  const cel_builtin *b = wnd__cel_builtin_find(n->str, n->slen);
  if (!b || b->member == 0) {
    if (b)
      fail_node(c, n, "unknown-function", "'%s' is not a method: call it as %s(...)", b->name,
                b->name);
    else
      fail_node(c, n, "unknown-function", "undeclared function '%.*s'", (int)n->slen, n->str);
    return;
  }
  n->op = (uint8_t)b->fn;
  if (n->n < b->minargs || n->n > b->maxargs) {
    unsigned lo = b->minargs - 1u, hi = b->maxargs - 1u;
    if (lo == hi)
      fail_node(c, n, "wrong-arity", "method '%s' takes %u argument%s, got %u", b->name, lo,
                lo == 1 ? "" : "s", n->n - 1);
    else
      fail_node(c, n, "wrong-arity", "method '%s' takes %u to %u arguments, got %u", b->name,
                lo, hi, n->n - 1);
    return;
  }
  n->type = check_sigs(c, b->name, wnd__cel_builtin_def(b->fn)->sigs, n->args, n->n, n->off);
  if (n->op == F_MATCHES && n->args[1]->kind == N_CONST && n->args[1]->val.kind == WV_STRING)
    compile_regex(c, n, n->args[1]);
}

/* A field with a string enum compared with a literal outside it: the rule
** is constant (never or always true), which is an authoring mistake. */
static void enum_literal(chk *c, const cel_node *field, const cel_node *lit) {
  if (!c->env->field_enum_lacks || lit->kind != N_CONST || lit->val.kind != WV_STRING) return;
  long k = chain_name(c, field);
  if (k < 0) return;
  char allowed[400];
  if (c->env->field_enum_lacks(c->env->field_ud, c->namebuf, (size_t)k, lit->val.u.s,
                               lit->val.n, allowed, sizeof allowed))
    err(c, "enum-mismatch", lit->off, "'%.*s' is not a value of '%.*s' (allowed: %s)",
        (int)lit->val.n, lit->val.u.s, (int)k, c->namebuf, allowed);
}

static void check_enum_compare(chk *c, const cel_node *n) {
  const cel_node *l = n->args[0], *r = n->args[1];
  if (n->op == OP_EQ || n->op == OP_NE) {
    enum_literal(c, l, r);
    enum_literal(c, r, l);
  } else if (n->op == OP_IN && r->args &&
             (r->kind == N_LIST || (r->kind == N_CONST && r->val.kind == WV_LIST))) {
    /* fold_list keeps the element nodes, with their offsets */
    for (uint32_t i = 0; i < r->n; i++) enum_literal(c, l, r->args[i]);
  }
}

static void check_const_arg(chk *c, const cel_node *n) {
  if (!c->env->rule_file) return;
  if (n->n != 1 || n->args[0]->kind != N_CONST || n->args[0]->val.kind != WV_STRING) return;
  char msg[300];
  if (wnd__cel_const_arg_bad(n->op, n->args[0]->val.u.s, n->args[0]->val.n, msg, sizeof msg))
    err(c, "expr-type", n->args[0]->off, "%s", msg);
}

static void check_compr(chk *c, cel_node *n) {
  check(c, n->a);
  uint8_t rt = n->a->type;
  if (rt != WND_CT_DYN && rt != WND_CT_LIST && rt != WND_CT_MAP)
    err(c, "expr-type", n->a->off, "comprehension range must be a list or map, found %s",
        tname(rt));
  uint32_t limit = c->env->max_comprehension_nesting ? c->env->max_comprehension_nesting
                                                     : CEL_DEFAULT_COMPR_NESTING;
  if (limit > CEL_MAX_LOCALS) limit = CEL_MAX_LOCALS;
  if (c->nscope >= limit) {
    err(c, "expr-limit", n->off, "comprehensions nested more than %u deep", limit);
    n->type = WND_CT_DYN;
    return;
  }
  uint32_t idx = c->nscope;
  c->scope[c->nscope].name = n->str;
  c->scope[c->nscope].idx = idx;
  c->scope[c->nscope].type = rt == WND_CT_LIST ? n->a->etype : (uint8_t)WND_CT_DYN;
  c->nscope++;
  if (idx + 1 > c->max_nest) c->max_nest = idx + 1;
  n->aux = idx;
  check(c, n->b);
  if (n->c) check(c, n->c);
  c->nscope--;
  switch (n->op) {
    case M_ALL: case M_EXISTS: case M_EXISTS_ONE:
      want_bool(c, n->b, "the predicate");
      n->type = WND_CT_BOOL;
      break;
    case M_FILTER:
      want_bool(c, n->b, "the predicate");
      n->type = WND_CT_LIST;
      n->etype = rt == WND_CT_LIST ? n->a->etype : WND_CT_DYN;
      break;
    case M_MAP:
      if (n->c) want_bool(c, n->b, "the filter");
      n->type = WND_CT_LIST;
      n->etype = (n->c ? n->c : n->b)->type;
      break;
    default: break;
  }
}

static void check(chk *c, cel_node *n) {
  if (c->oom) return;
  switch ((cel_nkind)n->kind) {
    case N_CONST:
      n->type = (uint8_t)kind_type(&n->val);
      break;
    case N_IDENT:
      check_ident(c, n);
      break;
    case N_VAR: case N_LOCAL:
      break;
    case N_SELECT:
      check_select(c, n);
      break;
    case N_HAS:
      check(c, n->a);
      if (n->a->type != WND_CT_DYN && n->a->type != WND_CT_MAP)
        err(c, "expr-type", n->off, "has() needs a map, found %s", tname(n->a->type));
      n->type = WND_CT_BOOL;
      break;
    case N_INDEX:
      check(c, n->a);
      check(c, n->b);
      n->type = WND_CT_DYN;
      if (n->a->type == WND_CT_LIST) {
        if (n->b->type != WND_CT_DYN && !is_num(n->b->type))
          err(c, "expr-type", n->b->off, "list index must be int, found %s", tname(n->b->type));
        n->type = n->a->etype;
      } else if (n->a->type == WND_CT_MAP) {
        n->type = n->a->etype;
      } else if (n->a->type != WND_CT_DYN) {
        err(c, "expr-type", n->off, "type '%s' does not support indexing", tname(n->a->type));
      }
      break;
    case N_CALL:
      check_call(c, n);
      break;
    case N_LIST: {
      uint8_t et = WND_CT_DYN;
      for (uint32_t i = 0; i < n->n; i++) {
        check(c, n->args[i]);
        et = i == 0 ? n->args[i]->type : (et == n->args[i]->type ? et : (uint8_t)WND_CT_DYN);
      }
      n->type = WND_CT_LIST;
      n->etype = et;
      fold_list(c, n);
      break;
    }
    case N_MAP: {
      uint8_t et = WND_CT_DYN;
      for (uint32_t i = 0; i < n->n; i++) {
        cel_node *k = n->args[2 * i], *v = n->args[2 * i + 1];
        check(c, k);
        check(c, v);
        if (k->type != WND_CT_DYN && k->type != WND_CT_INT && k->type != WND_CT_UINT &&
            k->type != WND_CT_BOOL && k->type != WND_CT_STRING)
          err(c, "expr-type", k->off, "map keys must be int, uint, bool or string, found %s",
              tname(k->type));
        et = i == 0 ? v->type : (et == v->type ? et : (uint8_t)WND_CT_DYN);
      }
      n->type = WND_CT_MAP;
      n->etype = et;
      fold_map(c, n);
      break;
    }
    case N_AND: case N_OR:
      check(c, n->a);
      check(c, n->b);
      want_bool(c, n->a, n->kind == N_AND ? "operand of '&&'" : "operand of '||'");
      want_bool(c, n->b, n->kind == N_AND ? "operand of '&&'" : "operand of '||'");
      n->type = WND_CT_BOOL;
      break;
    case N_COND:
      check(c, n->a);
      check(c, n->b);
      check(c, n->c);
      want_bool(c, n->a, "the condition of '?:'");
      n->type = n->b->type == n->c->type ? n->b->type : (uint8_t)WND_CT_DYN;
      n->etype = n->b->etype == n->c->etype ? n->b->etype : (uint8_t)WND_CT_DYN;
      break;
    case N_COMPR:
      check_compr(c, n);
      break;
    case N_ERROR:
      break;
  }
}

bool wnd__cel_check(wnd__cel_program *p, const wnd__cel_env *env, const cel_limits *lim,
                    const char *src, uint32_t len, wnd__cel_diags *diags, bool *oom) {
  chk c;
  memset(&c, 0, sizeof c);
  c.p = p;
  c.env = env;
  c.lim = lim;
  c.src = src;
  c.len = len + 1;
  c.diags = diags;
  c.namebuf = wnd__arena_alloc(p->arena, (size_t)len + 2);
  if (!c.namebuf) {
    *oom = true;
    return false;
  }
  /* Copy host declarations: the program must not depend on env. */
  if (env->nfns) {
    p->hosts = wnd__arena_calloc(p->arena, env->nfns, sizeof *p->hosts);
    if (!p->hosts) {
      *oom = true;
      return false;
    }
    for (size_t i = 0; i < env->nfns; i++) {
      p->hosts[i].decl = env->fns[i];
      p->hosts[i].decl.name = wnd__arena_strndup(p->arena, env->fns[i].name,
                                                 strlen(env->fns[i].name));
      if (!p->hosts[i].decl.name) {
        *oom = true;
        return false;
      }
      if (p->hosts[i].decl.nparams > WND__CEL_MAX_PARAMS)
        p->hosts[i].decl.nparams = WND__CEL_MAX_PARAMS;
    }
    p->nhosts = (uint32_t)env->nfns;
  }
  size_t before = diags->errors;
  check(&c, p->root);
  if (c.cctx) pcre2_compile_context_free(c.cctx);
  p->type = (wnd__cel_type)p->root->type;
  p->max_locals = c.max_nest;
  *oom = c.oom;
  return !c.oom && diags->errors == before;
}
