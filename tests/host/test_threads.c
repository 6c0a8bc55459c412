/*
** test_threads.c — several threads evaluating compiled programs that call
** host functions at once: a C registration and a plugin function, results
** checked per call, and failure reports (wnd_host_fail) that must stay on
** the thread that made them.
*/
#include <criterion/criterion.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "hfix.h"

#define THREADS 8
#define ROUNDS 3000

/* Doubles n; fails, naming n, when n is a multiple of 3. */
static int64_t twice(int64_t n) {
  if (n % 3 == 0) {
    char msg[64];
    snprintf(msg, sizeof msg, "refused %" PRId64, n);
    wnd_host_fail(msg);
    return -1;
  }
  return 2 * n;
}

static bool dishonest(const char *code) { return code[0] == 'X'; }

typedef struct job {
  const wnd__cel_program *twice_prog;    /* host.twice(n) */
  const wnd__cel_program *plugin_prog;   /* credit.dishonest(s) via plugin */
  int id;
  int errors;                            /* mismatches seen */
} job;

static void *worker(void *arg) {
  job *j = arg;
  wnd__cel_ctx *ctx = NULL;
  if (wnd__cel_ctx_new(&ctx, NULL, NULL) != WND_OK) {
    j->errors++;
    return NULL;
  }
  for (int r = 0; r < ROUNDS; r++) {
    int64_t n = (int64_t)j->id * 1000000 + r;
    wnd__value slots[2] = {wnd__v_int(n), wnd__v_string(r % 2 ? "X1" : "Y1", 2)};
    wnd__cel_activation act;
    memset(&act, 0, sizeof act);
    act.slots = slots;
    act.nslots = 2;
    wnd__value out;
    int st = wnd__cel_eval(j->twice_prog, &act, ctx, &out);
    if (n % 3 == 0) {
      char want[80];
      snprintf(want, sizeof want, "host.twice failed: refused %" PRId64, n);
      if (st != WND_EEVAL || strcmp(out.u.err->msg, want)) j->errors++;
    } else if (st != WND_OK || out.kind != WV_INT || out.u.i != 2 * n) {
      j->errors++;
    }
    st = wnd__cel_eval(j->plugin_prog, &act, ctx, &out);
    if (st != WND_OK || out.kind != WV_BOOL || out.u.b != (r % 2 == 1)) j->errors++;
    wnd__cel_ctx_reset(ctx);
  }
  wnd__cel_ctx_free(ctx);
  return NULL;
}

static wnd__cel_program *compile(const wnd_catalog *cat, const char *src) {
  static const wnd__cel_var vars[] = {{"n", WND_CT_INT, 0}, {"s", WND_CT_STRING, 1}};
  wnd__cel_env env;
  memset(&env, 0, sizeof env);
  env.vars = vars;
  env.nvars = 2;
  env.fns = cat->hostfns;
  env.nfns = cat->nhostfns;
  wnd__cel_diags d;
  wnd__cel_diags_init(&d, NULL);
  wnd__cel_program *p = NULL;
  int st = wnd__cel_compile(&env, src, strlen(src), false, &p, &d);
  cr_assert_eq(st, WND_OK, "%s: %s", src, d.count ? d.items[0].message : "");
  wnd__cel_diags_free(&d);
  return p;
}

Test(threads, concurrent_calls, .timeout = 120) {
  wnd_env *env = NULL;
  cr_assert_eq(wnd_env_new(&env, NULL), WND_OK);
  static const wnd_type i1[] = {WND_TYPE_INT}, s1[] = {WND_TYPE_STRING};
  cr_assert_eq(wnd_env_register_function(env, "host.twice", (wnd_fnptr)twice, WND_TYPE_INT,
                                         i1, 1), WND_OK);
  cr_assert_eq(wnd_env_register_function(env, "credit.dishonest", (wnd_fnptr)dishonest,
                                         WND_TYPE_BOOL, s1, 1), WND_OK);
  cr_assert_eq(wnd_env_allow_plugin_dir(env, hx_plugin_dir()), WND_OK);
  char *dir = hx_make_overlay("host-threads");
  wnd_catalog *cat = NULL;
  wnd_diags *d = NULL;
  int st = hx_load(env, dir, &cat, &d);
  if (st != WND_OK) hx_dump(d);
  cr_assert_eq(st, WND_OK);
  wnd_diags_free(d);

  wnd__cel_program *tw = compile(cat, "host.twice(n)");
  /* plugin: credit.score(s, 2026) = 10 * len + 26 = 46 for "X1"/"Y1";
  ** with the C function: dishonest(s) */
  wnd__cel_program *pl = compile(cat, "credit.score(s, 2026) == 46.0 && credit.dishonest(s)");
  pthread_t th[THREADS];
  job jobs[THREADS];
  for (int i = 0; i < THREADS; i++) {
    jobs[i] = (job){tw, pl, i + 1, 0};
    cr_assert_eq(pthread_create(&th[i], NULL, worker, &jobs[i]), 0);
  }
  for (int i = 0; i < THREADS; i++) pthread_join(th[i], NULL);
  for (int i = 0; i < THREADS; i++) cr_assert_eq(jobs[i].errors, 0, "thread %d", i);
  wnd__cel_program_free(tw);
  wnd__cel_program_free(pl);
  wnd_catalog_free(cat);
  wnd_env_free(env);
  hx_remove(dir);
}
