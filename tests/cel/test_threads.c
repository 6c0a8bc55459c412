/*
** test_threads.c — one compiled program (with a JIT-compiled regex
** literal) evaluated from several threads at once, each with its own ctx:
** programs are immutable after compile, so no locks are needed.
*/
#include <criterion/criterion.h>
#include <pthread.h>
#include <string.h>

#include "util.h"

TestSuite(threads, .init = t_setup, .timeout = 60);

static wnd__cel_program *shared;

static void *worker(void *arg) {
  (void)arg;
  wnd__cel_ctx *ctx;
  if (wnd__cel_ctx_new(&ctx, NULL, NULL) != WND_OK) return (void *)1;
  long bad = 0;
  for (int i = 0; i < 20000; i++) {
    wnd__value v;
    if (wnd__cel_eval(shared, &t_act, ctx, &v) != WND_OK || v.kind != WV_BOOL || !v.u.b) bad++;
    wnd__cel_ctx_reset(ctx);
  }
  wnd__cel_ctx_free(ctx);
  return (void *)bad;
}

Test(threads, shared_program) {
  const char *src = "applicant.kind == 'organization' && data.category.matches('^餐饮') && "
                    "[1, 2, 3].map(v, string(v)).exists(s, s == '2')";
  wnd__cel_diags d;
  wnd__cel_diags_init(&d, NULL);
  cr_assert_eq(wnd__cel_compile(&t_env, src, strlen(src), true, &shared, &d), WND_OK);
  pthread_t th[4];
  for (int i = 0; i < 4; i++) cr_assert_eq(pthread_create(&th[i], NULL, worker, NULL), 0);
  for (int i = 0; i < 4; i++) {
    void *r;
    pthread_join(th[i], &r);
    cr_assert_null(r);
  }
  wnd__cel_program_free(shared);
  wnd__cel_diags_free(&d);
}
