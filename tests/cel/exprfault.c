/*
** exprfault.c — allocation-failure and cost-budget sweeps of one expression
** (see exprfault.h).
*/
#include "exprfault.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cel/cel_int.h" /* the program's shape, for walk_agrees */
#include "literal.h"
#include "../resources/failalloc.h"

/* Past this many allocations a case is a loop, not an expression-file case. */
#define MAX_ALLOCS 20000
/* Every budget up to this is tried, then a geometric series up to the clean cost. */
#define DENSE_BUDGETS 300


/* Does a run that failed with (off, msg), or gave v, match the clean run? */
static bool same_as_clean(const fault_clean *c, bool failed, uint32_t off, const char *msg,
                          wnd__value v) {
  if (failed != c->failed) return false;
  if (!failed) return lit_same(v, c->value);
  return off == c->off && msg && c->msg && strcmp(msg, c->msg) == 0;
}

/* The first error of a failed compile. */
static void first_error(const wnd__cel_diags *d, uint32_t *off, const char **msg) {
  *off = UINT32_MAX;
  *msg = NULL;
  for (size_t i = 0; i < d->count; i++)
    if (d->items[i].severity == WND_SEV_ERROR) {
      *off = d->items[i].offset;
      *msg = d->items[i].message;
      return;
    }
}

/* One run with allocation n failing; NULL if it behaved. */
static const char *oom_run(const wnd__cel_env *env0, const wnd__cel_activation *act,
                           const char *expr, const fault_clean *c, long n, bool *reached,
                           char *buf, size_t cap) {
  failalloc f = {0, n, 0, false};
  wnd__mem mem = {failalloc_realloc, &f};
  wnd__cel_env env = *env0;
  env.mem = &mem;
  wnd__cel_diags d;
  wnd__cel_diags_init(&d, &mem);
  wnd__cel_program *p = NULL;
  const char *bad = NULL;
  int rc = wnd__cel_compile(&env, expr, strlen(expr), false, &p, &d);
  if (rc != WND_OK && rc != WND_ENOMEM) {
    uint32_t off;
    const char *msg;
    first_error(&d, &off, &msg);
    if (!same_as_clean(c, true, off, msg, wnd__v_null()))
      bad = "compile failed otherwise than the clean run";
  } else if (rc == WND_OK) {
    wnd__cel_ctx *ctx = NULL;
    rc = wnd__cel_ctx_new(&ctx, &mem, NULL);
    if (rc == WND_OK) {
      wnd__value v;
      rc = wnd__cel_eval(p, act, ctx, &v);
      if (rc == WND_ENOMEM && !f.failed) bad = "WND_ENOMEM without a failed allocation";
      else if (rc != WND_ENOMEM &&
               !same_as_clean(c, rc != WND_OK, rc != WND_OK ? wnd__cel_error_offset(v.u.err) : 0,
                              rc != WND_OK && v.u.err ? v.u.err->msg : NULL, v))
        bad = "evaluation ended otherwise than the clean run";
      wnd__cel_ctx_free(ctx);
    } else if (rc != WND_ENOMEM) {
      bad = "context creation failed with a status other than WND_ENOMEM";
    }
  } else if (!f.failed) {
    bad = "compile returned WND_ENOMEM without a failed allocation";
  }
  wnd__cel_program_free(p);
  wnd__cel_diags_free(&d);
  *reached = f.failed;
  if (!bad && f.live != 0) bad = "blocks leaked";
  if (!bad) return NULL;
  snprintf(buf, cap, "allocation %ld failing: %s (%ld blocks live)", n, bad, f.live);
  return buf;
}

/* One evaluation with a cost budget of `budget` units; NULL if it behaved. */
static const char *budget_run(const wnd__cel_program *p, const wnd__cel_activation *act,
                              const fault_clean *c, uint64_t budget, char *buf, size_t cap) {
  wnd_limits lim = WND_LIMITS_INIT;
  lim.max_eval_cost = budget;
  wnd__cel_ctx *ctx = NULL;
  if (wnd__cel_ctx_new(&ctx, NULL, &lim) != WND_OK) {
    snprintf(buf, cap, "budget %llu: no context", (unsigned long long)budget);
    return buf;
  }
  wnd__value v;
  int rc = wnd__cel_eval(p, act, ctx, &v);
  bool ok = (rc == WND_EEVAL && v.u.err && v.u.err->code == WE_COST) ||
            same_as_clean(c, rc != WND_OK, rc != WND_OK ? wnd__cel_error_offset(v.u.err) : 0,
                          rc != WND_OK && v.u.err ? v.u.err->msg : NULL, v);
  if (!ok)
    snprintf(buf, cap, "budget %llu: ended neither like the clean run nor with a budget error (%s)",
             (unsigned long long)budget, rc != WND_OK && v.u.err ? v.u.err->msg : "a value");
  wnd__cel_ctx_free(ctx);
  return ok ? NULL : buf;
}

/*
** A program with a direct path (eval.c, CEL_SHAPE_BOOL) must end exactly as
** the tree walk it stands in for: same value or error, same cost units
** (the budgets above could not see a shortcut that charges fewer units:
** over budget it hands the program to the walk).  Run again with the shape
** cleared, under the clean run's limits.
*/
static const char *walk_agrees(wnd__cel_program *p, const wnd__cel_activation *act,
                               const fault_clean *c, char *buf, size_t cap) {
  if (p->shape == CEL_SHAPE_WALK) return NULL;
  wnd__cel_ctx *ctx = NULL;
  if (wnd__cel_ctx_new(&ctx, NULL, NULL) != WND_OK) {
    snprintf(buf, cap, "walk: no context");
    return buf;
  }
  uint8_t shape = p->shape;
  p->shape = CEL_SHAPE_WALK;
  wnd__value v;
  int rc = wnd__cel_eval(p, act, ctx, &v);
  p->shape = shape;
  uint64_t cost = wnd__cel_ctx_cost(ctx);
  bool same = same_as_clean(c, rc != WND_OK, rc != WND_OK ? wnd__cel_error_offset(v.u.err) : 0,
                            rc != WND_OK && v.u.err ? v.u.err->msg : NULL, v);
  const char *bad = NULL;
  if (!same || cost != c->cost) {
    snprintf(buf, cap, "the direct path cost %llu, the walk %llu%s",
             (unsigned long long)c->cost, (unsigned long long)cost,
             same ? "" : ", and they ended differently");
    bad = buf;
  }
  wnd__cel_ctx_free(ctx);
  return bad;
}

const char *fault_sweep(const wnd__cel_env *env, const wnd__cel_activation *act,
                        const char *expr, const fault_clean *clean, char *buf, size_t cap) {
  bool reached = true;
  for (long n = 1; reached; n++) {
    if (n > MAX_ALLOCS) {
      snprintf(buf, cap, "more than %d allocations", MAX_ALLOCS);
      return buf;
    }
    const char *bad = oom_run(env, act, expr, clean, n, &reached, buf, cap);
    if (bad) return bad;
  }
  wnd__cel_diags d;
  wnd__cel_diags_init(&d, NULL);
  wnd__cel_program *p = NULL;
  const char *bad = NULL;
  if (wnd__cel_compile(env, expr, strlen(expr), false, &p, &d) == WND_OK) {
    for (uint64_t b = 1; b < clean->cost && !bad;
         b = b < DENSE_BUDGETS ? b + 1 : b + b / 4)
      bad = budget_run(p, act, clean, b, buf, cap);
    if (!bad && clean->cost > 1) bad = budget_run(p, act, clean, clean->cost - 1, buf, cap);
    if (!bad) bad = walk_agrees(p, act, clean, buf, cap);
  }
  wnd__cel_program_free(p);
  wnd__cel_diags_free(&d);
  return bad;
}
