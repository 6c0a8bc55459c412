/*
** evalexpr.c — the slow ends of a rule expression run (evalctx.h inlines
** the common one): the walk, errors, non-bool values and the trace entry.
** Shared by decide.c and route.c; its own file so that the two steps do
** not depend on each other for it.
*/
#include "evalctx.h"

#include <string.h>

int wnd__eval_finish(wnd__ectx *x, int st, const wnd__value *v, const char *kind,
                     const char *subject, const wnd__expr *shown, const char **err) {
  *err = NULL;
  if (!v) {
    *err = "expression was not compiled";
    return -1;
  }
  if (st == WND_ENOMEM) x->status = WND_ENOMEM;
  if (st != WND_OK) {
    *err = v->kind == WV_ERROR && v->u.err && v->u.err->msg ? v->u.err->msg : "evaluation error";
    wnd__add_trace(x->r, kind, subject, shown, NULL, true, *err);
    return -1;
  }
  wnd__add_trace(x->r, kind, subject, shown, v, false, NULL);
  if (v->kind != WV_BOOL) {
    *err = "expression did not give a bool";
    return -1;
  }
  return v->u.b ? 1 : 0;
}

int wnd__eval_walk(wnd__ectx *x, const struct wnd__cel_program *p, const char *kind,
                   const char *subject, const wnd__expr *shown, const char **err) {
  if (!p) return wnd__eval_finish(x, WND_EINVAL, NULL, kind, subject, shown, err);
  wnd__value v;
  int st = wnd__cel_eval_walk(p, &x->act, x->s->cel, &v);
  unsigned id = wnd__cel_program_memo(p);
  if (id && st != WND_ENOMEM) { /* out of memory: a later run may get further */
    bool plain = st == WND_OK && v.kind == WV_BOOL;
    struct wnd__memo *e = wnd__memo_keep(x, p, id, plain ? v.u.b : -1);
    e->st = (int16_t)st;
    e->v = v;
  }
  return wnd__eval_finish(x, st, &v, kind, subject, shown, err);
}

uint32_t wnd__memo_begin(wnd__ectx *x) {
  wnd__scratch *s = x->s;
  if (++s->memo_gen == 0) { /* after 2^32 evaluations: clear, or old entries match */
    memset(s->memo, 0, sizeof s->memo);
    s->memo_gen = 1;
  }
  return x->memo_gen = s->memo_gen;
}

int wnd__eval_again(wnd__ectx *x, const struct wnd__memo *e, const char *kind,
                    const char *subject, const wnd__expr *shown, const char **err) {
  wnd__value v = e->plain >= 0 ? wnd__v_bool(e->plain) : e->v;
  return wnd__eval_finish(x, e->plain >= 0 ? WND_OK : e->st, &v, kind, subject, shown, err);
}

int wnd__eval_traced(wnd__ectx *x, int b, const char *kind, const char *subject,
                     const wnd__expr *shown, const char **err) {
  wnd__value v = wnd__v_bool(b);
  return wnd__eval_finish(x, WND_OK, &v, kind, subject, shown, err);
}

int wnd__eval_const(wnd__ectx *x, const wnd__expr *e, const char *kind, const char *subject,
                    const char **err) {
  *err = NULL;
  if (x->explain) {
    wnd__value v = wnd__v_bool(e->constant == 1);
    wnd__add_trace(x->r, kind, subject, e, &v, false, NULL);
  }
  return e->constant;
}
