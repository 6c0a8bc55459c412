/*
** plan.c — the direct path: a program of CEL_SHAPE_BOOL (compile.c) as a
** flat plan of leaf steps, built once at compile time and run by
** wnd__cel_eval without the tree walk.
**
** The commonest conditions of a catalog are small trees of &&, || and !
** over leaves like `applicant.kind == "x"` or `has(d.f)`.  Walking them
** costs a recursive call per node, re-reads each node's operands and
** re-derives the cost units every time.  A plan does that work once: each
** leaf is a step that names the map (slot or comprehension local), the key
** with its length and first and last words pre-loaded, the constant (a
** string pre-loaded the same way), and the cost units the walk charges for
** it — including the && / || / ! nodes the walk enters on the way to it.
** The tree's logic becomes jumps: each step says which step follows a
** true and a false answer (or that the program ends with that answer), so
** && and || skip their right side exactly when the walk short-circuits.
**
** A step off the plain path (not a map, no such key, another kind, a
** check that errs, a limit) answers -1 and the walk runs the program from
** the start, so errors and their positions are the walk's.  The
** equivalence (same value, same cost units) is checked by tests/cel
** (cel-files-faults runs every shaped program through the walk too).
*/
#include "cel_int.h"

#include <string.h>

enum {
  PS_HAS = 1,   /* has(m.f) */
  PS_BOOL,      /* m.f, a bool */
  PS_EQS,       /* m.f == "s" (neg: !=) */
  PS_EQB,       /* m.f == true (neg: !=) */
  PS_CMPI,      /* m.f < k (cmp: OP_LT .. OP_GE), both ints */
  PS_CMPD,      /* ... both doubles */
  PS_IN,        /* m.f in [constants], a string */
  PS_CN,        /* cn.id_card / cn.uscc / cn.mobile (cmp: the fn) of m.f */
  PS_MATCH,     /* m.f.matches("literal") */
  PS_AGE,       /* cn.age(m.f, slot aux) < k (cmp: OP_LT .. OP_GE) */
  PS_ALL,       /* m.f.all(x, body): locals[aux] = x, body at step `body` */
  PS_EXISTS,    /* m.f.exists(x, body) */
  PS_CMPT,      /* m.f < slot aux (cmp: OP_LT .. OP_GE), both timestamps */
  PS_VEQS,      /* slot src == "s" (neg: !=), no map: the variable itself */
};

/* Jump targets at and above PLAN_FALSE end the plan with that answer. */
#define PLAN_FALSE 0xFFFEu
#define PLAN_TRUE 0xFFFFu
#define PLAN_MAX_STEPS 4096u

typedef struct cel_step {
  uint8_t op;           /* PS_* */
  uint8_t local;        /* the map is locals[src], not the slot src */
  uint8_t cmp;          /* see PS_*; PS_MATCH: wnd__cel_cn_covered's check */
  uint8_t neg;          /* PS_EQS / PS_EQB: != */
  uint8_t jit;          /* PS_MATCH: the regex has JIT code */
  uint8_t reuse;        /* every step that jumps here read the same field: its value is v */
  uint16_t next[2];     /* the step after a false [0] / true [1] answer */
  uint16_t body;        /* PS_ALL / PS_EXISTS: the body's first step */
  uint32_t src;         /* slot or local index of the map */
  uint32_t aux;         /* PS_AGE: slot of `at`; PS_ALL/EXISTS: the local */
  uint32_t units;       /* cost units the walk charges to reach and run it */
  cel_text key;         /* the field */
  cel_text str;         /* PS_EQS: the constant */
  wnd__value c;         /* the constant (PS_CMP*, PS_EQB, PS_IN, PS_AGE) */
  const pcre2_code *re; /* PS_MATCH */
  const cel_fixed *fixed; /* PS_MATCH: its fixed form (refixed.c), if any */
  const cel_search *search; /* PS_MATCH: its search form (refixed.c), if any */
} cel_step;

/* ---- building ------------------------------------------------------------- */

static void text_init(cel_text *t, const char *s, uint32_t n) {
  t->s = s;
  t->n = n;
  t->w0 = t->w1 = 0;
  if (n >= 8) {
    memcpy(&t->w0, s, 8);
    memcpy(&t->w1, s + n - 8, 8);
  } else if (n >= 4) {
    uint32_t a0, a1;
    memcpy(&a0, s, 4);
    memcpy(&a1, s + n - 4, 4);
    t->w0 = a0;
    t->w1 = a1;
  } else if (n) {
    t->w0 = (uint64_t)(uint8_t)s[0] | (uint64_t)(uint8_t)s[n / 2] << 8 |
            (uint64_t)(uint8_t)s[n - 1] << 16;
  }
  t->hash = (uint8_t)(((t->w0 ^ t->w1 ^ n) * 0x9E3779B97F4A7C15u) >> 56);
}

/* Steps of n's tree proper (a comprehension is one). */
static uint32_t leaves(const cel_node *n) {
  if (n->kind == N_AND || n->kind == N_OR) return leaves(n->a) + leaves(n->b);
  if (n->kind == N_CALL && n->op == OP_NOT) return leaves(n->args[0]);
  return 1;
}

/* Steps of n's whole plan, comprehension bodies included. */
static uint32_t total(const cel_node *n) {
  if (n->kind == N_AND || n->kind == N_OR) return total(n->a) + total(n->b);
  if (n->kind == N_CALL && n->op == OP_NOT) return total(n->args[0]);
  if (n->kind == N_COMPR) return 1 + total(n->b);
  return 1;
}

typedef struct plan_build {
  cel_step *steps;
  uint32_t tail;      /* first step no plan has claimed */
  wnd__arena *arena;
  bool oom;
} plan_build;

static uint32_t emit_plan(plan_build *b, const cel_node *root);

/* The map and key of select node sel.  The key's hint slot mixes in the
** variable's slot: one key in two maps (`applicant.id_number`,
** `agent.id_number`) sits at different positions in each, and sharing a
** hint made every other lookup miss it and scan.  A comprehension's items
** (locals) keep the key's own slot: they share one layout. */
static void set_field(cel_step *s, const cel_node *sel) {
  s->local = sel->a->kind == N_LOCAL;
  s->src = sel->a->aux;
  text_init(&s->key, sel->str, sel->slen);
  if (!s->local)
    s->key.hash = (uint8_t)(((s->key.hash + 1u + s->src) * 0x9E3779B97F4A7C15u) >> 56);
}

/* Leaf n at step *pos, answering into t (true) and f (false); pre is the
** units of the && / || / ! nodes the walk enters just before it. */
static void emit_leaf(plan_build *b, const cel_node *n, uint32_t t, uint32_t f, uint32_t pre,
                      uint32_t *pos) {
  cel_step *s = &b->steps[(*pos)++];
  s->next[0] = (uint16_t)f;
  s->next[1] = (uint16_t)t;
  switch (n->kind) {
    case N_HAS: /* the node and the variable */
      s->op = PS_HAS;
      set_field(s, n);
      s->units = pre + 2;
      return;
    case N_SELECT:
      s->op = PS_BOOL;
      set_field(s, n);
      s->units = pre + 2;
      return;
    case N_COMPR: /* the node, the range's selection 2; then per item */
      s->op = n->op == M_ALL ? PS_ALL : PS_EXISTS;
      set_field(s, n->a);
      s->aux = n->aux;
      s->units = pre + 3;
      s->body = (uint16_t)emit_plan(b, n->b);
      return;
    default: break;
  }
  /* N_CALL */
  if (n->op == F_CN_ID_CARD || n->op == F_CN_USCC || n->op == F_CN_MOBILE) {
    s->op = PS_CN; /* the call, select, variable; the check charges nothing */
    s->cmp = n->op;
    set_field(s, n->args[0]);
    s->units = pre + 3;
    return;
  }
  if (n->op == F_MATCHES) {
    s->op = PS_MATCH; /* call, select 2, constant; then 1 + bytes / 16 */
    set_field(s, n->args[0]);
    s->re = n->re;
    s->jit = (n->flags & CF_JIT) != 0;
    s->units = pre + 4;
    /* JIT ignores the depth and heap limits: only then the fixed form
    ** agrees with PCRE2 under any limits (the run checks the match limit) */
    if (s->jit && n->re) {
      bool oom;
      const wnd__value *pat = &n->args[1]->val;
      s->fixed = wnd__cel_re_fixed(b->arena, n->re, pat->u.s, pat->n, &oom);
      if (s->fixed) s->cmp = (uint8_t)wnd__cel_cn_covered(s->fixed);
      if (!s->fixed && !oom) s->search = wnd__cel_re_search(b->arena, n->re, pat->u.s, pat->n, &oom);
      if (oom) b->oom = true;
    }
    return;
  }
  if (n->args[0]->kind == N_CALL) {
    /* cn.age(m.f, var) < k: comparison, call, select 2, variable, constant */
    const cel_node *age = n->args[0];
    s->op = PS_AGE;
    s->cmp = n->op;
    set_field(s, age->args[0]);
    s->aux = age->args[1]->aux;
    s->c = n->args[1]->val;
    s->units = pre + 6;
    return;
  }
  if (n->args[0]->kind == N_VAR) {
    /* var == "s": call, variable, constant */
    s->op = PS_VEQS;
    s->src = n->args[0]->aux;
    s->c = n->args[1]->val;
    text_init(&s->str, s->c.u.s, s->c.n);
    s->neg = n->op == OP_NE;
    s->units = pre + 3;
    return;
  }
  if (n->args[1]->kind == N_VAR) {
    /* m.f < var: call, select 2, variable */
    s->op = PS_CMPT;
    s->cmp = n->op;
    set_field(s, n->args[0]);
    s->aux = n->args[1]->aux;
    s->units = pre + 4;
    return;
  }
  /* m.f against a constant: call, select 2, constant */
  set_field(s, n->args[0]);
  s->c = n->args[1]->val;
  s->cmp = n->op;
  s->neg = n->op == OP_NE;
  s->units = pre + 4;
  if (n->op == OP_IN) {
    s->op = PS_IN; /* and one unit per item */
    s->units += s->c.n;
  } else if (s->c.kind == WV_STRING) {
    s->op = PS_EQS;
    text_init(&s->str, s->c.u.s, s->c.n);
  } else if (s->c.kind == WV_BOOL) {
    s->op = PS_EQB;
  } else {
    s->op = s->c.kind == WV_INT ? PS_CMPI : PS_CMPD;
  }
}

static void emit_tree(plan_build *b, const cel_node *n, uint32_t t, uint32_t f, uint32_t pre,
                      uint32_t *pos) {
  if (n->kind == N_AND || n->kind == N_OR) {
    /* the walk charges the node, then starts on its left side */
    uint32_t right = *pos + leaves(n->a);
    if (n->kind == N_AND) emit_tree(b, n->a, right, f, pre + 1, pos);
    else emit_tree(b, n->a, t, right, pre + 1, pos);
    emit_tree(b, n->b, t, f, 0, pos);
  } else if (n->kind == N_CALL && n->op == OP_NOT) {
    emit_tree(b, n->args[0], f, t, pre + 1, pos);
  } else {
    emit_leaf(b, n, t, f, pre, pos);
  }
}

/* The plan of root (a program's, or a comprehension body's) at the next
** free steps; returns its first step. */
static uint32_t emit_plan(plan_build *b, const cel_node *root) {
  uint32_t start = b->tail, pos = start;
  b->tail += leaves(root);
  emit_tree(b, root, PLAN_TRUE, PLAN_FALSE, 0, &pos);
  return start;
}

/* Whether step s is a comprehension (its body's steps follow it). */
static bool is_compr(const cel_step *s) {
  return s->op == PS_ALL || s->op == PS_EXISTS;
}

/* Whether step s reads its field from a map (every op but PS_VEQS) and
** leaves the value it found for the step it jumps to.  A comprehension
** does not: its body's steps run in between. */
static bool reads_field(const cel_step *s) {
  return s->op != PS_VEQS && !is_compr(s);
}

/* Whether steps a and b read the same field of the same map. */
static bool same_field(const cel_step *a, const cel_step *b) {
  return a->local == b->local && a->src == b->src && a->key.n == b->key.n &&
         (a->key.n == 0 || memcmp(a->key.s, b->key.s, a->key.n) == 0);
}

/* Mark the steps whose field the step before has found already, whichever
** way they are reached: `has(m.f) && m.f == "x"`, `m.f == "a" || m.f ==
** "b"`.  A step that starts a plan or a comprehension body is entered from
** outside and never reuses.  One pass over the jumps, with reuse as the
** state of each target: 0 no jump seen yet, 1 every jump so far from a
** step of the same field, 2 some other. */
static void mark_reuse(cel_step *steps, uint32_t n) {
  steps[0].reuse = 2;
  for (uint32_t i = 0; i < n; i++)
    if (steps[i].op == PS_ALL || steps[i].op == PS_EXISTS) steps[steps[i].body].reuse = 2;
  for (uint32_t i = 0; i < n; i++) {
    const cel_step *q = &steps[i];
    for (int k = 0; k < 2; k++) {
      if (q->next[k] >= PLAN_FALSE) continue;
      cel_step *t = &steps[q->next[k]];
      if (t->reuse == 2) continue;
      t->reuse = reads_field(q) && reads_field(t) && same_field(q, t) ? 1 : 2;
    }
  }
  for (uint32_t i = 0; i < n; i++) steps[i].reuse = steps[i].reuse == 1;
}

static wnd__cel_run_fn runner(const cel_step *s, uint32_t n);

bool wnd__cel_plan_build(wnd__cel_program *p) {
  uint32_t n = total(p->root);
  if (n > PLAN_MAX_STEPS) {
    p->shape = CEL_SHAPE_WALK; /* rare and long: the walk is fine */
    return true;
  }
  plan_build b = {wnd__arena_calloc(p->arena, n, sizeof(cel_step)), 0, p->arena, false};
  if (!b.steps) return false;
  emit_plan(&b, p->root);
  if (b.oom) return false;
  mark_reuse(b.steps, n);
  p->plan = b.steps;
  p->head.run = runner(b.steps, n);
  return true;
}

/* ---- running -------------------------------------------------------------- */

/* Ordering result r (-1, 0, 1) under comparison op. */
static inline int ordered(int op, int r) {
  switch (op) {
    case OP_LT: return r < 0;
    case OP_LE: return r <= 0;
    case OP_GT: return r > 0;
    default: return r >= 0;
  }
}

/* The value of key t in map o if it is at the hinted entry, else NULL
** (absent, or elsewhere in the map). */
static inline const wnd__value *hinted(const wnd__cel_ctx *ctx, const wnd__value *o,
                                       const cel_text *t) {
  uint32_t h = ctx->key_hint[t->hash];
  if (h < o->n) {
    const wnd__mapent *e = &o->u.ents[h];
    if (e->key.n == t->n && e->key.kind == WV_STRING && cel_text_eq(t, e->key.u.s))
      return &e->val;
  }
  return NULL;
}

/* The value of key t in map o, or NULL: at the hinted entry if it is
** there, else by a scan that updates the hint. */
static inline const wnd__value *find(wnd__cel_ctx *ctx, const wnd__value *o, const cel_text *t) {
  const wnd__value *v = hinted(ctx, o, t);
  if (v) return v;
  const wnd__mapent *e = o->u.ents;
  for (uint32_t i = 0, m = o->n; i < m; i++, e++)
    if (e->key.n == t->n && e->key.kind == WV_STRING && cel_text_eq(t, e->key.u.s)) {
      if (i < 256) ctx->key_hint[t->hash] = (uint8_t)i; /* past that: a scan each time */
      return &e->val;
    }
  return NULL;
}

/* The answer (0, 1) of leaf step s, not a comprehension, whose field
** has the value v (NULL: absent), or -1 off the plain path; *units grows by
** what the leaf charges beyond its fixed units (matches: the bytes).
** Inlined into both ways of running a plan. */
static inline __attribute__((always_inline)) int leaf(wnd__cel_ctx *ctx,
                                                      const wnd__cel_activation *act,
                                                      const cel_step *s, int op,
                                                      const wnd__value *v, uint64_t *units) {
  switch (op) { /* s->op, or that constant in a runner of one op */
    case PS_HAS: return v != NULL;
    case PS_BOOL:
      if (!v || v->kind != WV_BOOL) return -1;
      return v->u.b;
    case PS_EQS:
      if (!v || v->kind != WV_STRING) return -1; /* mixed kinds: the walk's rules */
      return (v->n == s->str.n && cel_text_eq(&s->str, v->u.s)) ^ s->neg;
    case PS_EQB:
      if (!v || v->kind != WV_BOOL) return -1;
      return (v->u.b == s->c.u.b) ^ s->neg;
    case PS_CMPI:
      if (!v || v->kind != WV_INT) return -1;
      return ordered(s->cmp, v->u.i < s->c.u.i ? -1 : v->u.i > s->c.u.i);
    case PS_CMPD:
      if (!v || v->kind != WV_DOUBLE) return -1;
      if (v->u.d != v->u.d || s->c.u.d != s->c.u.d) return 0; /* NaN: every ordering false */
      return ordered(s->cmp, v->u.d < s->c.u.d ? -1 : v->u.d > s->c.u.d);
    case PS_IN: {
      /* as eval_in: strings equal only strings */
      if (!v || v->kind != WV_STRING) return -1;
      for (uint32_t k = 0; k < s->c.n; k++) {
        const wnd__value *e = &s->c.u.items[k];
        if (e->kind == WV_STRING && e->n == v->n && (v->n == 0 || !memcmp(e->u.s, v->u.s, v->n)))
          return 1;
      }
      return 0;
    }
    case PS_CN:
      if (!v || v->kind != WV_STRING) return -1;
      return wnd__cel_cn_check(ctx, act, s->cmp, v->u.s, v->n);
    case PS_MATCH: {
      if (!v || v->kind != WV_STRING) return -1;
      *units += 1 + v->n / 16; /* what wnd__cel_matches charges */
      uint32_t limit = ctx->lim.regex_match_limit;
      if (s->fixed && limit >= CEL_FIXED_MIN_MATCH_LIMIT) {
        /* a valid ID number (credit code) matches a pattern every valid one
        ** matches: the ctx's memo says so without reading the bytes, and the
        ** check that follows a field's pattern finds the number there */
        if (s->cmp && wnd__cel_cn_valid(ctx, s->cmp, v->u.s, v->n)) return 1;
        return wnd__cel_fixed_match(s->fixed, v->u.s, v->n);
      }
      if (s->search && limit >= CEL_FIXED_MIN_MATCH_LIMIT &&
          limit / CEL_SEARCH_LIMIT_PER_BYTE >= v->n)
        return wnd__cel_search_match(s->search, v->u.s, v->n);
      int rc = wnd__cel_re_match(ctx, s->re, s->jit, v->u.s, v->n);
      if (rc < 0 && rc != PCRE2_ERROR_NOMATCH) return -1; /* a limit hit: the walk says which */
      return rc >= 0;
    }
    case PS_CMPT: {
      if (!v || v->kind != WV_TIMESTAMP || s->aux >= act->nslots ||
          act->slots[s->aux].kind != WV_TIMESTAMP)
        return -1;
      const wnd__value *w = &act->slots[s->aux];
      int c; /* as values.c's time_cmp */
      if (v->u.t.sec != w->u.t.sec) c = v->u.t.sec < w->u.t.sec ? -1 : 1;
      else c = v->nsec < w->nsec ? -1 : v->nsec > w->nsec;
      return ordered(s->cmp, c);
    }
    case PS_AGE: {
      if (!v || v->kind != WV_STRING || s->aux >= act->nslots ||
          act->slots[s->aux].kind != WV_TIMESTAMP)
        return -1;
      int64_t age;
      if (wnd__cel_cn_age(ctx, act, v->u.s, v->n, act->slots[s->aux].u.t.sec, &age) != 0)
        return -1; /* not an ID number: the walk's error */
      return ordered(s->cmp, age < s->c.u.i ? -1 : age > s->c.u.i);
    }
    default: return -1; /* a comprehension: not a leaf */
  }
}

/* The map step s reads its field from (a slot or a comprehension local),
** or NULL when the slot is not bound. */
static inline const wnd__value *step_map(const cel_eval *ev, const cel_step *s) {
  if (s->local) return &ev->locals[s->src]; /* bound by the enclosing comprehension */
  if (s->src < ev->act->nslots) return &ev->act->slots[s->src];
  return NULL;
}

static int run(cel_eval *ev, const cel_step *plan, uint32_t i, uint64_t *cost);

/* The steps from i on.  Inlined twice: into run_plan, so that a program's
** run is one call from the engine, and into run(), which comprehension
** bodies recurse through. */
static inline __attribute__((always_inline)) int run_steps(cel_eval *ev, const cel_step *plan,
                                                           uint32_t i, uint64_t *cost) {
  const wnd__value *v = NULL; /* the field the last step found */
  for (;;) {
    const cel_step *s = &plan[i];
    int r;
    uint64_t units = s->units;
    if (!s->reuse) {
      const wnd__value *o = step_map(ev, s);
      if (!o) return -1;
      if (s->op == PS_VEQS) {
        /* a string variable itself; an error value (not a string) walks */
        if (o->kind != WV_STRING) return -1;
        r = (o->n == s->str.n && cel_text_eq(&s->str, o->u.s)) ^ s->neg;
        goto next;
      }
      if (o->kind != WV_MAP) return -1;
      v = find(ev->ctx, o, &s->key);
    }
    if (s->op == PS_ALL || s->op == PS_EXISTS) {
      /* the first decisive item ends it */
      if (!v || v->kind != WV_LIST) return -1;
      int stop_on = s->op == PS_EXISTS;
      r = !stop_on;
      for (uint32_t k = 0; k < v->n; k++) {
        units += 1;
        ev->locals[s->aux] = v->u.items[k];
        int p = run(ev, plan, s->body, cost);
        if (p < 0) return -1;
        if (p == stop_on) {
          r = p;
          break;
        }
        if (*cost > ev->ctx->lim.max_eval_cost) return -1; /* the walk stops here */
      }
    } else {
      r = leaf(ev->ctx, ev->act, s, s->op, v, &units);
      if (r < 0) return -1;
    }
  next:
    *cost += units;
    i = s->next[r];
    if (i >= PLAN_FALSE) return (int)(i - PLAN_FALSE);
  }
}

static int run(cel_eval *ev, const cel_step *plan, uint32_t i, uint64_t *cost) {
  return run_steps(ev, plan, i, cost);
}

/* A plan of several steps, or of a comprehension. */
static int run_plan(const wnd__cel_program *p, const wnd__cel_activation *act,
                    wnd__cel_ctx *ctx) {
  cel_eval ev;
  ev.prog = p;
  ev.act = act;
  ev.ctx = ctx;
  uint64_t cost = 0;
  int v = run_steps(&ev, p->plan, 0, &cost);
  if (v < 0 || cost > ctx->lim.max_eval_cost) return -1;
  ctx->cost = cost;
  return v;
}

static int one_any(const wnd__cel_program *p, const wnd__cel_activation *act,
                   wnd__cel_ctx *ctx);

/* A plan of one leaf step (most conditions of a catalog are one
** comparison): no loop, no comprehension locals.  Inlined into one runner
** per op, so that the op is a constant (no dispatch), and into one_any,
** which takes any op.  A runner of one op (`quick`) reads only the hinted
** entry of the map: when its key is not there it hands the run to one_any
** (a tail call), which scans; so the ops that call nothing run without a
** frame. */
static inline __attribute__((always_inline)) int run_one(const wnd__cel_program *p,
                                                         const wnd__cel_activation *act,
                                                         wnd__cel_ctx *ctx, int op,
                                                         bool quick) {
  const cel_step *s = p->plan;
  if (s->src >= act->nslots) return -1; /* a leaf at the root reads a slot, never a local */
  const wnd__value *o = &act->slots[s->src];
  uint64_t units = s->units;
  int r;
  if (op == PS_VEQS) {
    if (o->kind != WV_STRING) return -1; /* an error value (not a string) walks */
    r = (o->n == s->str.n && cel_text_eq(&s->str, o->u.s)) ^ s->neg;
  } else {
    if (o->kind != WV_MAP) return -1;
    const wnd__value *v;
    if (quick) {
      v = hinted(ctx, o, &s->key);
      if (!v && o->n) return one_any(p, act, ctx); /* an empty map: absent */
    } else {
      v = find(ctx, o, &s->key);
    }
    r = leaf(ctx, act, s, op, v, &units);
    if (r < 0) return -1;
  }
  if (units > ctx->lim.max_eval_cost) return -1;
  ctx->cost = units;
  return (int)(s->next[r] - PLAN_FALSE); /* a `!` swaps the ends */
}

static __attribute__((noinline)) int one_any(const wnd__cel_program *p,
                                             const wnd__cel_activation *act,
                                             wnd__cel_ctx *ctx) {
  return run_one(p, act, ctx, p->plan->op, false);
}

#define ONE_STEP(name, op)                                                                  \
  static int name(const wnd__cel_program *p, const wnd__cel_activation *act,               \
                  wnd__cel_ctx *ctx) {                                                      \
    return run_one(p, act, ctx, op, true);                                                  \
  }
ONE_STEP(one_has, PS_HAS)
ONE_STEP(one_bool, PS_BOOL)
ONE_STEP(one_eqs, PS_EQS)
ONE_STEP(one_eqb, PS_EQB)
ONE_STEP(one_cmpi, PS_CMPI)
ONE_STEP(one_cmpd, PS_CMPD)
ONE_STEP(one_in, PS_IN)
ONE_STEP(one_cn, PS_CN)
ONE_STEP(one_match, PS_MATCH)
ONE_STEP(one_age, PS_AGE)
ONE_STEP(one_cmpt, PS_CMPT)
ONE_STEP(one_veqs, PS_VEQS)

/* The answer (0, 1) of leaf step s of a plan's root, or -1 off the plain
** path; *v is the field the step before found (s->reuse) and becomes the
** one s finds.  A root's steps read slots, never comprehension locals. */
static inline __attribute__((always_inline)) int root_leaf(wnd__cel_ctx *ctx,
                                                           const wnd__cel_activation *act,
                                                           const cel_step *s, int op,
                                                           const wnd__value **v,
                                                           uint64_t *units) {
  if (!s->reuse) {
    if (s->src >= act->nslots) return -1;
    const wnd__value *o = &act->slots[s->src];
    if (op == PS_VEQS) {
      if (o->kind != WV_STRING) return -1; /* an error value (not a string) walks */
      return (o->n == s->str.n && cel_text_eq(&s->str, o->u.s)) ^ s->neg;
    }
    if (o->kind != WV_MAP) return -1;
    *v = find(ctx, o, &s->key);
  }
  return leaf(ctx, act, s, op, *v, units);
}

/* A plan of two leaf steps (`has(m.f) && m.f`, `m.c == "a" || m.c ==
** "b"`): the first step jumps to the second or ends the plan, the second
** ends it.  Inlined into one runner per common pair of ops, so that both
** ops are constants, and into two_any, which takes any pair: no loop, no
** step frame, no comprehension checks. */
static inline __attribute__((always_inline)) int run_two(const wnd__cel_program *p,
                                                         const wnd__cel_activation *act,
                                                         wnd__cel_ctx *ctx, int op0, int op1) {
  const cel_step *s = p->plan;
  const wnd__value *v = NULL;
  uint64_t units = s->units;
  int r = root_leaf(ctx, act, s, op0, &v, &units);
  if (r < 0) return -1;
  uint32_t i = s->next[r];
  if (i < PLAN_FALSE) { /* the second step: the only one left */
    s = &p->plan[1];
    units += s->units;
    r = root_leaf(ctx, act, s, op1, &v, &units);
    if (r < 0) return -1;
    i = s->next[r];
  }
  if (units > ctx->lim.max_eval_cost) return -1;
  ctx->cost = units;
  return (int)(i - PLAN_FALSE);
}

static int two_any(const wnd__cel_program *p, const wnd__cel_activation *act,
                   wnd__cel_ctx *ctx) {
  return run_two(p, act, ctx, p->plan[0].op, p->plan[1].op);
}

#define TWO_STEPS(name, op0, op1)                                                           \
  static int name(const wnd__cel_program *p, const wnd__cel_activation *act,               \
                  wnd__cel_ctx *ctx) {                                                      \
    return run_two(p, act, ctx, op0, op1);                                                  \
  }
TWO_STEPS(two_has_bool, PS_HAS, PS_BOOL)
TWO_STEPS(two_has_eqs, PS_HAS, PS_EQS)
TWO_STEPS(two_has_cn, PS_HAS, PS_CN)
TWO_STEPS(two_eqs_eqs, PS_EQS, PS_EQS)
TWO_STEPS(two_eqs_cmpd, PS_EQS, PS_CMPD)
TWO_STEPS(two_cn_age, PS_CN, PS_AGE)

/* The runner of a plan of two leaf steps s[0], s[1]. */
static wnd__cel_run_fn two_runner(const cel_step *s) {
  static const struct {
    uint8_t op0, op1;
    wnd__cel_run_fn run;
  } pairs[] = {
    {PS_HAS, PS_BOOL, two_has_bool}, {PS_HAS, PS_EQS, two_has_eqs},
    {PS_HAS, PS_CN, two_has_cn},     {PS_EQS, PS_EQS, two_eqs_eqs},
    {PS_EQS, PS_CMPD, two_eqs_cmpd}, {PS_CN, PS_AGE, two_cn_age},
  };
  for (size_t k = 0; k < sizeof pairs / sizeof pairs[0]; k++)
    if (pairs[k].op0 == s[0].op && pairs[k].op1 == s[1].op) return pairs[k].run;
  return two_any;
}


/* A comprehension whose body is one leaf on the item itself (`d.staff.all(s,
** s.ok == true)`): the body's step reads its field from each item in turn,
** with no locals, no recursion and no step loop.  The units and the budget
** check between items are run_steps's: the body's units count at once, the
** comprehension's own (its units and one a visited item) at the end.
** Inlined into one runner per common body op (a constant: no dispatch per
** item) and into compr_leaf, which takes any. */
static inline __attribute__((always_inline)) int run_compr(const wnd__cel_program *p,
                                                           const wnd__cel_activation *act,
                                                           wnd__cel_ctx *ctx, int op) {
  const cel_step *s = p->plan, *b = &p->plan[1];
  if (s->src >= act->nslots) return -1;
  const wnd__value *o = &act->slots[s->src];
  if (o->kind != WV_MAP) return -1;
  const wnd__value *list = find(ctx, o, &s->key);
  if (!list || list->kind != WV_LIST) return -1;
  int stop_on = s->op == PS_EXISTS, r = !stop_on;
  uint64_t cost = 0, max = ctx->lim.max_eval_cost;
  uint32_t k = 0, n = list->n;
  const wnd__value *item = list->u.items;
  for (; k < n; k++, item++) {
    if (item->kind != WV_MAP) return -1;
    uint64_t bu = b->units;
    int q = leaf(ctx, act, b, op, find(ctx, item, &b->key), &bu);
    if (q < 0) return -1;
    cost += bu;
    q = (int)(b->next[q] - PLAN_FALSE); /* a `!` swaps the ends */
    if (q == stop_on) {
      r = q;
      k++;
      break;
    }
    if (cost > max) return -1; /* stop early; the end would say so too */
  }
  cost += (uint64_t)s->units + k; /* one unit a visited item */
  if (cost > max) return -1;
  ctx->cost = cost;
  return (int)(s->next[r] - PLAN_FALSE);
}

static int compr_leaf(const wnd__cel_program *p, const wnd__cel_activation *act,
                      wnd__cel_ctx *ctx) {
  return run_compr(p, act, ctx, p->plan[1].op);
}

#define COMPR_STEP(name, op)                                                                \
  static int name(const wnd__cel_program *p, const wnd__cel_activation *act,               \
                  wnd__cel_ctx *ctx) {                                                      \
    return run_compr(p, act, ctx, op);                                                      \
  }
COMPR_STEP(compr_bool, PS_BOOL)
COMPR_STEP(compr_eqb, PS_EQB)
COMPR_STEP(compr_eqs, PS_EQS)

/* Whether a plan of two steps is a comprehension with a body compr_leaf
** runs: one leaf step reading the item itself. */
static bool compr_of_leaf(const cel_step *s) {
  return is_compr(&s[0]) && s[0].body == 1 && !is_compr(&s[1]) && s[1].op != PS_VEQS &&
         s[1].local && s[1].src == s[0].aux;
}

/* The runner of a plan whose first step is s (of n steps in all). */
static wnd__cel_run_fn runner(const cel_step *s, uint32_t n) {
  if (n == 2 && !is_compr(&s[0]) && !is_compr(&s[1])) return two_runner(s);
  if (n == 2 && compr_of_leaf(s)) {
    switch (s[1].op) {
      case PS_BOOL: return compr_bool;
      case PS_EQB: return compr_eqb;
      case PS_EQS: return compr_eqs;
      default: return compr_leaf;
    }
  }
  if (n > 1 || s->local) return run_plan; /* a comprehension is 2 steps at least */
  switch (s->op) {
    case PS_HAS: return one_has;
    case PS_BOOL: return one_bool;
    case PS_EQS: return one_eqs;
    case PS_EQB: return one_eqb;
    case PS_CMPI: return one_cmpi;
    case PS_CMPD: return one_cmpd;
    case PS_IN: return one_in;
    case PS_CN: return one_cn;
    case PS_MATCH: return one_match;
    case PS_AGE: return one_age;
    case PS_CMPT: return one_cmpt;
    case PS_VEQS: return one_veqs;
    default: return run_plan;
  }
}

int wnd__cel_no_plan(const wnd__cel_program *p, const wnd__cel_activation *act,
                     wnd__cel_ctx *ctx) {
  (void)p, (void)act, (void)ctx;
  return -1;
}

int wnd__cel_plan_eval(const wnd__cel_program *p, const wnd__cel_activation *act,
                       wnd__cel_ctx *ctx) {
  if (!p->shape || !act->slots) return -1; /* tests switch a plan off with shape */
  return p->head.run(p, act, ctx);
}
