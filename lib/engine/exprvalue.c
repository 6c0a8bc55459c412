/*
** exprvalue.c — evaluating a wnd_expr into a typed value (wnd_expr_eval)
** with variables parsed once (wnd_expr_vars), for callers that evaluate
** the same expression many times: no JSON is read or written per call and
** nothing is allocated.
*/
#include "expr.h"

#include <string.h>

#include "../json/json.h"

struct wnd_expr_vars {
  wnd_env *env;
  wnd__arena arena;          /* the parsed values */
  const wnd__mapent *ents;   /* the object's entries, string keys */
  uint32_t n;
  uint64_t serial;           /* unique for the process's lifetime (>= 2) */
};

/* Serials are never reused, so a scratch that remembers one is never
** fooled by new vars at a freed one's address. */
static atomic_uint_fast64_t next_serial = 2;

void wnd_expr_vars_free(wnd_expr_vars *v) {
  if (!v) return;
  wnd_env *env = v->env;
  wnd__arena_free(&v->arena);
  wnd__free(&env->mem, v);
  wnd__env_release(env); /* last: the allocator lives in it */
}

int wnd_expr_vars_new(wnd_expr_vars **out, wnd_env *env, const char *json, size_t len) {
  if (out) *out = NULL;
  if (!out || !env || (!json && len))
    return env ? wnd__env_error(env, WND_EINVAL, "wnd_expr_vars_new: a NULL argument")
               : wnd__fail(WND_EINVAL, "wnd_expr_vars_new: a NULL argument");
  wnd_expr_vars *v = wnd__calloc(&env->mem, 1, sizeof *v);
  if (!v) return wnd__env_error(env, WND_ENOMEM, "out of memory");
  v->env = wnd__env_retain(env);
  v->serial = atomic_fetch_add_explicit(&next_serial, 1, memory_order_relaxed);
  wnd__arena_init(&v->arena, &env->mem, NULL, 0);
  if (json) {
    wnd__value root;
    wnd__json_error jerr;
    int st = wnd__json_parse(&v->arena, json, len, NULL, &root, &jerr);
    if (st == WND_OK && root.kind != WV_MAP) {
      st = wnd__env_error(env, WND_EINVALID,
                          "variables: expected a JSON object {\"name\": value, ...}");
    } else if (st == WND_ENOMEM) {
      st = wnd__env_error(env, st, "out of memory");
    } else if (st != WND_OK) {
      st = wnd__env_error(env, st, "variables: line %u, column %u: %s", jerr.line, jerr.column,
                          jerr.msg);
    }
    if (st != WND_OK) {
      wnd_expr_vars_free(v);
      return st;
    }
    v->ents = root.u.ents;
    v->n = root.n;
  }
  *out = v;
  return WND_OK;
}

/* Bind e's declared variables from vars (absent ones null), unless s
** holds that binding already. */
static void bind(const wnd_expr *e, const wnd_expr_vars *vars, wnd__expr_scratch *s) {
  uint64_t serial = vars ? vars->serial : 1;
  if (s->bound == serial) return;
  s->bound = serial;
  wnd__value *slots = s->slots;
  for (uint32_t i = 0; i < e->nnames; i++) {
    slots[i] = wnd__v_null();
    for (uint32_t k = 0; vars && k < vars->n; k++) {
      const wnd__value *key = &vars->ents[k].key;
      if (key->n == e->name_lens[i] && !memcmp(key->u.s, e->names[i], key->n)) {
        slots[i] = vars->ents[k].val;
        break;
      }
    }
  }
}

void wnd_expr_value_clear(wnd_expr_value *value) {
  if (!value) return;
  if (value->internal_[1]) wnd__expr_release(value->internal_[0], value->internal_[1]);
  static const wnd_expr_value init = WND_EXPR_VALUE_INIT;
  *value = init;
}

int wnd_expr_eval(const wnd_expr *e, const wnd_expr_vars *vars, const wnd_expr_eval_options *opts,
                  wnd_expr_value *out) {
  if (out) {
    static const wnd_expr_value init = WND_EXPR_VALUE_INIT;
    *out = init;
  }
  if (!e || !out) return wnd__fail(WND_EINVAL, "wnd_expr_eval: a NULL argument");
  if (opts && opts->version != WND_EXPR_EVAL_OPTIONS_VERSION)
    return wnd__env_error(e->env, WND_EINVAL, "wnd_expr_eval: options version %d, expected %d",
                          opts->version, WND_EXPR_EVAL_OPTIONS_VERSION);
  wnd__expr_scratch *s = wnd__expr_acquire(e);
  if (!s) return wnd__env_error(e->env, WND_ENOMEM, "out of memory");
  bind(e, vars, s);
  wnd__value v;
  int st = wnd__expr_run(e, s, opts, &v);
  if (st != WND_OK) {
    wnd__expr_release(e, s);
    return st;
  }
  switch (v.kind) {
    case WV_NULL: out->kind = WND_EXPR_NULL; break;
    case WV_BOOL: out->kind = WND_EXPR_BOOL, out->b = v.u.b; break;
    case WV_INT: out->kind = WND_EXPR_INT, out->i = v.u.i; break;
    case WV_UINT: out->kind = WND_EXPR_UINT, out->u = v.u.u; break;
    case WV_DOUBLE: out->kind = WND_EXPR_DOUBLE, out->d = v.u.d; break;
    case WV_TIMESTAMP:
    case WV_DURATION:
      out->kind = v.kind == WV_TIMESTAMP ? WND_EXPR_TIMESTAMP : WND_EXPR_DURATION;
      out->sec = v.u.t.sec;
      out->nsec = v.nsec;
      break;
    case WV_LIST: out->kind = WND_EXPR_LIST, out->count = v.n; break;
    case WV_MAP: out->kind = WND_EXPR_MAP, out->count = v.n; break;
    case WV_STRING:
    case WV_TYPE:
      /* The text may live in the context's arena: keep the context until
      ** the caller clears the value. */
      out->kind = v.kind == WV_STRING ? WND_EXPR_STRING : WND_EXPR_TYPE;
      out->str = v.u.s;
      out->len = v.kind == WV_STRING ? v.n : strlen(v.u.s);
      out->internal_[0] = (void *)e;
      out->internal_[1] = s;
      return WND_OK;
    default: /* WV_ERROR comes back as WND_EEVAL */
      break;
  }
  wnd__expr_release(e, s);
  return WND_OK;
}
