/*
** exprrun.c — what both ways of evaluating a wnd_expr share: a small pool
** of evaluation scratch kept in the expression, and the evaluation step.
**
** The pool is why evaluating allocates nothing: a CEL context embeds a
** 4 KiB arena chunk and PCRE2 match data, too costly to make per call
** (wnd_expr_eval measures ~50 ns shapes).  Each slot is claimed with an
** atomic flag, so threads evaluating one expression take no lock; a thread
** that finds every slot busy makes scratch of its own for that call.
*/
#include "expr.h"

#include <string.h>
#include <time.h>

#include "../core/utf8.h"

static wnd__expr_scratch *scratch_new(const wnd_expr *e) {
  const wnd__mem *m = &e->env->mem;
  wnd__expr_scratch *s = wnd__calloc(m, 1, sizeof *s);
  if (!s) return NULL;
  s->slots = wnd__calloc(m, (size_t)e->nnames + 1, sizeof *s->slots);
  if (!s->slots || wnd__cel_ctx_new(&s->ctx, m, &e->env->limits) != WND_OK) {
    wnd__free(m, s->slots);
    wnd__free(m, s);
    return NULL;
  }
  return s;
}

static void scratch_free(const wnd__mem *m, wnd__expr_scratch *s) {
  if (!s) return;
  wnd__cel_ctx_free(s->ctx);
  wnd__free(m, s->slots);
  wnd__free(m, s);
}

bool wnd__expr_pool_init(wnd_expr *e) {
  for (int i = 0; i < WND__EXPR_POOL; i++) atomic_flag_clear(&e->busy[i]);
  e->pool[0] = scratch_new(e);
  if (e->pool[0]) e->pool[0]->index = 0;
  return e->pool[0] != NULL;
}

void wnd__expr_pool_free(wnd_expr *e) {
  for (int i = 0; i < WND__EXPR_POOL; i++) scratch_free(&e->env->mem, e->pool[i]);
}

wnd__expr_scratch *wnd__expr_acquire(const wnd_expr *ce) {
  /* The pool is the expression's only mutable part; the flags order it. */
  wnd_expr *e = (wnd_expr *)ce;
  for (int i = 0; i < WND__EXPR_POOL; i++) {
    if (atomic_flag_test_and_set_explicit(&e->busy[i], memory_order_acquire)) continue;
    if (!e->pool[i]) {
      e->pool[i] = scratch_new(e);
      if (!e->pool[i]) {
        atomic_flag_clear_explicit(&e->busy[i], memory_order_release);
        return NULL;
      }
      e->pool[i]->index = i;
    }
    return e->pool[i];
  }
  wnd__expr_scratch *s = scratch_new(e);
  if (s) s->index = -1;
  return s;
}

void wnd__expr_release(const wnd_expr *ce, wnd__expr_scratch *s) {
  wnd_expr *e = (wnd_expr *)ce;
  if (s->index < 0) {
    scratch_free(&e->env->mem, s);
    return;
  }
  wnd__cel_ctx_reset(s->ctx);
  atomic_flag_clear_explicit(&e->busy[s->index], memory_order_release);
}

void wnd__expr_position(const wnd_expr *e, uint32_t off, uint32_t *line, uint32_t *col) {
  if (off > e->len) off = (uint32_t)e->len;
  uint32_t ln = 1;
  size_t start = 0;
  for (size_t i = 0; i < off; i++)
    if (e->text[i] == '\n') ln++, start = i + 1;
  *line = ln;
  *col = wnd__utf8_column(e->text + start, off - start);
}

/* Record an evaluation error with its place inside the expression. */
static int eval_error(const wnd_expr *e, int st, const wnd__value *out) {
  const char *msg = out->kind == WV_ERROR && out->u.err ? out->u.err->msg : "evaluation failed";
  uint32_t off = out->kind == WV_ERROR ? wnd__cel_error_offset(out->u.err) : UINT32_MAX;
  wnd__env_error(e->env, st, "%s", msg);
  if (off != UINT32_MAX) {
    uint32_t line, col;
    wnd__expr_position(e, off, &line, &col);
    wnd__error_at("<expr>", line, col);
  }
  return st;
}

int wnd__expr_run(const wnd_expr *e, wnd__expr_scratch *s, const wnd_expr_eval_options *opts,
                  wnd__value *out) {
  int64_t now_sec;
  int32_t now_nsec = 0;
  if (opts && opts->now_set) {
    now_sec = opts->now_sec;
  } else {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    now_sec = (int64_t)ts.tv_sec;
    now_nsec = (int32_t)ts.tv_nsec;
  }
  s->slots[e->nnames] = wnd__v_timestamp(now_sec, now_nsec);
  wnd__cel_activation act;
  memset(&act, 0, sizeof act);
  act.slots = s->slots;
  act.nslots = (size_t)e->nnames + 1;
  act.now_sec = now_sec;
  act.now_nsec = now_nsec;
  if (e->cat) {
    act.utc_offset = e->cat->offset;
    act.calendar = e->cat->calendar;
  }
  int st = wnd__cel_eval(e->prog, &act, s->ctx, out);
  if (st == WND_ENOMEM) return wnd__env_error(e->env, st, "out of memory");
  if (st != WND_OK) return eval_error(e, st, out);
  return WND_OK;
}
