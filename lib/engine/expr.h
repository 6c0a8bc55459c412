/*
** expr.h — the public expression object (wnd_expr) shared by the files
** that make it: expr.c compiles and frees it and evaluates with JSON in
** and out; exprvalue.c evaluates with parsed variables into typed values;
** exprrun.c holds what both evaluations share (the pool of evaluation
** scratch and the evaluation step itself).
*/
#ifndef WND_ENGINE_EXPR_H
#define WND_ENGINE_EXPR_H

#include <stdatomic.h>

#include "../catalog/model.h"
#include "../cel/cel.h"
#include "../core/env.h"

/* Per-evaluation scratch: a CEL context and the variable slots. */
typedef struct wnd__expr_scratch {
  wnd__cel_ctx *ctx;
  wnd__value *slots;      /* nnames + 1 (the last is `now` when not declared) */
  int index;              /* its pool slot, -1 when made because all were busy */
  /* Serial of the wnd_expr_vars slots[0..nnames) were bound from (0: none,
  ** 1: no vars).  Binding looks every declared name up by bytes: skipping
  ** it when the same vars come back halves wnd_expr_eval's own cost. */
  uint64_t bound;
} wnd__expr_scratch;

/* So many threads evaluate one expression without allocating; more get
** scratch of their own, made and freed around their evaluation. */
#define WND__EXPR_POOL 16

struct wnd_expr {
  wnd_env *env;
  wnd_catalog *cat;        /* retained: released by wnd_expr_free */
  wnd__arena arena;        /* text copy and variable names */
  const char *text;
  size_t len;
  const char **names;      /* declared variables, slots 0..nnames-1 */
  uint32_t *name_lens;
  uint32_t nnames;
  bool user_now;           /* `now` is one of names: no clock binding */
  wnd__cel_program *prog;
  atomic_flag busy[WND__EXPR_POOL];
  wnd__expr_scratch *pool[WND__EXPR_POOL];
};

/* Set up the pool and make its first scratch, so that a single thread's
** evaluations allocate nothing; false on no memory. */
WND_HIDDEN bool wnd__expr_pool_init(wnd_expr *e);
WND_HIDDEN void wnd__expr_pool_free(wnd_expr *e);
/* A scratch for one evaluation (its slots are not reset); NULL on no
** memory.  Give it back with wnd__expr_release, from any thread. */
WND_HIDDEN wnd__expr_scratch *wnd__expr_acquire(const wnd_expr *e);
WND_HIDDEN void wnd__expr_release(const wnd_expr *e, wnd__expr_scratch *s);

/* 1-based line and column (code points) of byte offset off in e's text. */
WND_HIDDEN void wnd__expr_position(const wnd_expr *e, uint32_t off, uint32_t *line,
                                   uint32_t *col);

/*
** Evaluate e with s->slots[0..nnames) already bound; `now` comes from opts
** (the clock when NULL or unset).  WND_OK with *out a value living in s's
** context, or the failure recorded as the thread's last error (WND_EEVAL
** with the place inside the text, WND_ENOMEM).  opts is already checked.
*/
WND_HIDDEN int wnd__expr_run(const wnd_expr *e, wnd__expr_scratch *s,
                             const wnd_expr_eval_options *opts, wnd__value *out);

#endif
