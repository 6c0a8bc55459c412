/*
** test_oom.c — allocation-failure sweep (SQLite style): fail allocation N
** for N = 1, 2, ... during compile and during evaluation; every failure
** must come back as WND_ENOMEM (or an error value), never a crash, and
** every block must be released afterwards.
*/
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

typedef struct failing {
  long count;       /* allocations so far */
  long fail_at;     /* 0: never */
  long live;        /* blocks currently allocated */
  bool failed;      /* the injected failure happened */
} failing;

static void *failing_realloc(void *ud, void *ptr, size_t size) {
  failing *f = ud;
  if (size == 0) {
    if (ptr) f->live--;
    free(ptr);
    return NULL;
  }
  if (f->fail_at && ++f->count == f->fail_at) {
    f->failed = true;
    return NULL;
  }
  void *p = realloc(ptr, size);
  if (p && !ptr) f->live++;
  return p;
}

static const char *const exprs[] = {
    "applicant.kind == 'organization' && data.category in ['餐饮服务', '食品销售']",
    "'abc'.matches('^a.c$') && [1, 2, 3].map(v, string(v) + 'x').size() == 3",
    "{'a': [1, 2, 3]}.a.filter(v, v > 1) == [2, 3] && x.matches('[0-9]' + '+')",
    "timestamp('2025-01-01T00:00:00Z').getDate('+08:00') == 1 && duration('1h') > duration('1m')",
    "data.owner.name + '-' + applicant.kind + string(1.5) + string(now)",
    "1 / 0 == 1 || {'k': x}.k > 1",
    "nobody + 1",            /* compile error path */
    "1 + (",                 /* syntax error path */
    "'x'.matches('a(')",     /* invalid pattern path */
};

TestSuite(oom, .init = t_setup, .timeout = 120);

Test(oom, compile_sweep) {
  for (size_t e = 0; e < sizeof exprs / sizeof exprs[0]; e++) {
    const char *src = exprs[e];
    wnd__cel_diags d0;
    wnd__cel_diags_init(&d0, NULL);
    wnd__cel_program *p0 = NULL;
    int want = wnd__cel_compile(&t_env, src, strlen(src), false, &p0, &d0);
    wnd__cel_program_free(p0);
    wnd__cel_diags_free(&d0);
    for (long n = 1;; n++) {
      failing f = {0, n, 0, false};
      wnd__mem mem = {failing_realloc, &f};
      wnd__cel_env env = t_env;
      env.mem = &mem;
      wnd__cel_diags d;
      wnd__cel_diags_init(&d, &mem);
      wnd__cel_program *p = NULL;
      int rc = wnd__cel_compile(&env, src, strlen(src), false, &p, &d);
      /* Either the failure is reported, or it did not matter (PCRE2's JIT
      ** compile may fail: the interpreter then runs the pattern). */
      cr_assert(rc == want || (f.failed && rc == WND_ENOMEM), "expr %zu fail %ld: rc %d", e, n, rc);
      if (rc != WND_OK) cr_assert_null(p);
      if (rc == WND_OK) {
        wnd__cel_ctx *ctx;
        wnd__value v;
        cr_assert_eq(wnd__cel_ctx_new(&ctx, NULL, NULL), WND_OK);
        cr_assert_neq(wnd__cel_eval(p, &t_act, ctx, &v), WND_ENOMEM);
        wnd__cel_ctx_free(ctx);
      }
      wnd__cel_program_free(p);
      wnd__cel_diags_free(&d);
      cr_assert_eq(f.live, 0, "expr %zu fail %ld: %ld blocks leaked", e, n, f.live);
      if (!f.failed) break; /* ran to completion without reaching N */
    }
  }
}

Test(oom, eval_sweep) {
  for (size_t e = 0; e < 6; e++) {
    const char *src = exprs[e];
    wnd__cel_diags d;
    wnd__cel_diags_init(&d, NULL);
    wnd__cel_program *p = NULL;
    cr_assert_eq(wnd__cel_compile(&t_env, src, strlen(src), false, &p, &d), WND_OK, "%s", src);
    wnd__value want;
    wnd__cel_ctx *ref;
    wnd__cel_ctx_new(&ref, NULL, NULL);
    int want_rc = wnd__cel_eval(p, &t_act, ref, &want);
    for (long n = 1;; n++) {
      failing f = {0, n, 0, false};
      wnd__mem mem = {failing_realloc, &f};
      wnd__cel_ctx *ctx = NULL;
      int rc = wnd__cel_ctx_new(&ctx, &mem, NULL);
      if (rc == WND_OK) {
        wnd__value v;
        /* small inline chunk: force arena growth so failures are reached */
        rc = wnd__cel_eval(p, &t_act, ctx, &v);
        if (f.failed) {
          cr_assert(rc == WND_ENOMEM || rc == want_rc, "expr %zu fail %ld: rc %d", e, n, rc);
          if (rc != WND_OK) cr_assert_eq(v.kind, WV_ERROR);
        } else {
          cr_assert_eq(rc, want_rc);
        }
        wnd__cel_ctx_free(ctx);
      } else {
        cr_assert_eq(rc, WND_ENOMEM);
        cr_assert_null(ctx);
      }
      cr_assert_eq(f.live, 0, "expr %zu fail %ld: %ld blocks leaked", e, n, f.live);
      if (!f.failed) break;
    }
    wnd__cel_ctx_free(ref);
    wnd__cel_program_free(p);
    wnd__cel_diags_free(&d);
  }
}
