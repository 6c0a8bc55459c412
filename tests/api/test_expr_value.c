/*
** test_expr_value.c — the expression value API: wnd_expr_vars parsed once
** and shared, wnd_expr_eval into typed values (each kind), its error codes
** with the thread's last error, no allocation for scalar results, many
** threads on one expression and one vars, and an allocation-failure sweep.
*/
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "../resources/failalloc.h"
#include "libwindow.h"

static long counted;

static void *counting(void *ud, void *p, size_t n) {
  (void)ud;
  if (n == 0) {
    free(p);
    return NULL;
  }
  __atomic_add_fetch(&counted, 1, __ATOMIC_RELAXED);
  return realloc(p, n);
}

static wnd_env *env;

static void setup(void) {
  static const wnd_allocator a = {counting, NULL};
  wnd_env_options o = WND_ENV_OPTIONS_INIT;
  o.allocator = &a;
  cr_assert_eq(wnd_env_new(&env, &o), WND_OK);
}

static void teardown(void) { wnd_env_free(env); }

TestSuite(expr_value, .init = setup, .fini = teardown);

static const char *const NAMES[] = {"a", "b", "s"};

static wnd_expr *compile(const char *src) {
  wnd_expr_options o = WND_EXPR_OPTIONS_INIT;
  o.vars = NAMES;
  o.nvars = 3;
  wnd_expr *x = NULL;
  int st = wnd_expr_compile(&x, env, NULL, src, strlen(src), &o, NULL);
  cr_assert_eq(st, WND_OK, "%s: %s", src, wnd_error_last() ? wnd_error_last()->message : "");
  return x;
}

static wnd_expr_vars *vars(const char *json) {
  wnd_expr_vars *v = NULL;
  cr_assert_eq(wnd_expr_vars_new(&v, env, json, strlen(json)), WND_OK);
  return v;
}

static const char VARS[] = "{\"a\": 7, \"b\": 2.5, \"s\": \"窗口\", \"other\": [1, 2]}";
static const wnd_expr_eval_options *at_noon(void) {
  static wnd_expr_eval_options o = WND_EXPR_EVAL_OPTIONS_INIT;
  o.now_set = true;
  o.now_sec = 1795147200; /* 2026-11-20T12:00:00Z */
  return &o;
}

/* Evaluate src with VARS; the value is the caller's to clear. */
static wnd_expr_value eval(const char *src) {
  wnd_expr *x = compile(src);
  wnd_expr_vars *v = vars(VARS);
  wnd_expr_value out = WND_EXPR_VALUE_INIT;
  cr_assert_eq(wnd_expr_eval(x, v, at_noon(), &out), WND_OK, "%s: %s", src,
               wnd_error_last() ? wnd_error_last()->message : "");
  wnd_expr_value copy = out;
  copy.internal_[0] = copy.internal_[1] = NULL;
  wnd_expr_value_clear(&out);
  cr_assert_eq(out.kind, WND_EXPR_NULL); /* clear resets */
  wnd_expr_vars_free(v);
  wnd_expr_free(x);
  return copy; /* str is not read after the free */
}

Test(expr_value, scalars) {
  wnd_expr_value v = eval("a + 1");
  cr_assert_eq(v.kind, WND_EXPR_INT);
  cr_assert_eq(v.i, 8);
  v = eval("b * 2.0");
  cr_assert_eq(v.kind, WND_EXPR_DOUBLE);
  cr_assert_float_eq(v.d, 5.0, 1e-12);
  v = eval("a > 5 && b < 3.0");
  cr_assert_eq(v.kind, WND_EXPR_BOOL);
  cr_assert(v.b);
  v = eval("uint(a)");
  cr_assert_eq(v.kind, WND_EXPR_UINT);
  cr_assert_eq(v.u, 7);
}

Test(expr_value, null_for_a_declared_variable_vars_lacks) {
  wnd_expr *x = compile("s");
  wnd_expr_value out = WND_EXPR_VALUE_INIT;
  cr_assert_eq(wnd_expr_eval(x, NULL, NULL, &out), WND_OK);
  cr_assert_eq(out.kind, WND_EXPR_NULL);
  wnd_expr_vars *v = vars("{\"a\": 1}");
  cr_assert_eq(wnd_expr_eval(x, v, NULL, &out), WND_OK);
  cr_assert_eq(out.kind, WND_EXPR_NULL);
  wnd_expr_value_clear(&out);
  wnd_expr_vars_free(v);
  wnd_expr_free(x);
}

Test(expr_value, strings_borrowed_and_computed) {
  wnd_expr *x = compile("s"), *y = compile("s + \"大厅\""), *t = compile("type(a)");
  wnd_expr_vars *v = vars(VARS);
  wnd_expr_value sv = WND_EXPR_VALUE_INIT, cv = WND_EXPR_VALUE_INIT, tv = WND_EXPR_VALUE_INIT;
  cr_assert_eq(wnd_expr_eval(x, v, NULL, &sv), WND_OK);
  cr_assert_eq(wnd_expr_eval(y, v, NULL, &cv), WND_OK);
  cr_assert_eq(wnd_expr_eval(t, v, NULL, &tv), WND_OK);
  /* a later evaluation of the same expression does not disturb a held one */
  wnd_expr_value again = WND_EXPR_VALUE_INIT;
  cr_assert_eq(wnd_expr_eval(y, v, NULL, &again), WND_OK);
  cr_assert_eq(sv.kind, WND_EXPR_STRING);
  cr_assert_str_eq(sv.str, "窗口");
  cr_assert_eq(sv.len, strlen("窗口"));
  cr_assert_eq(cv.kind, WND_EXPR_STRING);
  cr_assert_str_eq(cv.str, "窗口大厅");
  cr_assert_eq(cv.len, strlen("窗口大厅"));
  cr_assert_str_eq(again.str, "窗口大厅");
  cr_assert_eq(tv.kind, WND_EXPR_TYPE);
  cr_assert_str_eq(tv.str, "int");
  wnd_expr_value_clear(&sv);
  wnd_expr_value_clear(&cv);
  wnd_expr_value_clear(&cv); /* twice is harmless */
  wnd_expr_value_clear(&again);
  wnd_expr_value_clear(&tv);
  wnd_expr_value_clear(NULL);
  wnd_expr_vars_free(v);
  wnd_expr_free(x);
  wnd_expr_free(y);
  wnd_expr_free(t);
}

Test(expr_value, time_and_aggregates) {
  wnd_expr_value v = eval("now");
  cr_assert_eq(v.kind, WND_EXPR_TIMESTAMP);
  cr_assert_eq(v.sec, 1795147200);
  cr_assert_eq(v.nsec, 0);
  v = eval("duration(\"-1.5s\")");
  cr_assert_eq(v.kind, WND_EXPR_DURATION);
  cr_assert_eq(v.sec, -1);
  cr_assert_eq(v.nsec, -500000000);
  v = eval("[a, b, s]");
  cr_assert_eq(v.kind, WND_EXPR_LIST);
  cr_assert_eq(v.count, 3);
  v = eval("{\"x\": a, \"y\": b}");
  cr_assert_eq(v.kind, WND_EXPR_MAP);
  cr_assert_eq(v.count, 2);
  v = eval("null");
  cr_assert_eq(v.kind, WND_EXPR_NULL);
}

/* One vars object serves several expressions, which read what they declared. */
Test(expr_value, vars_shared_between_expressions) {
  static const char *const only_s[] = {"s"};
  wnd_expr_options o = WND_EXPR_OPTIONS_INIT;
  o.vars = only_s;
  o.nvars = 1;
  wnd_expr *x = NULL;
  cr_assert_eq(wnd_expr_compile(&x, env, NULL, "s.size()", 8, &o, NULL), WND_OK);
  wnd_expr *y = compile("a * 2");
  wnd_expr_vars *v = vars(VARS);
  wnd_expr_value out = WND_EXPR_VALUE_INIT;
  for (int i = 0; i < 3; i++) {
    cr_assert_eq(wnd_expr_eval(x, v, NULL, &out), WND_OK);
    cr_assert_eq(out.i, 2);
    cr_assert_eq(wnd_expr_eval(y, v, NULL, &out), WND_OK);
    cr_assert_eq(out.i, 14);
  }
  wnd_expr_vars_free(v);
  wnd_expr_free(x);
  wnd_expr_free(y);
}

/* Switching vars, freeing and remaking them at what may be the same
** address, and JSON evaluations in between all read the right variables. */
Test(expr_value, each_evaluation_reads_its_own_vars) {
  wnd_expr *x = compile("a * 10 + (s == null ? 0 : 1)");
  wnd_expr_value out = WND_EXPR_VALUE_INIT;
  for (int i = 0; i < 50; i++) {
    char json[64];
    snprintf(json, sizeof json, "{\"a\": %d}", i);
    wnd_expr_vars *v = vars(json), *w = vars("{\"a\": 1000, \"s\": \"x\"}");
    cr_assert_eq(wnd_expr_eval(x, v, NULL, &out), WND_OK);
    cr_assert_eq(out.i, i * 10);
    cr_assert_eq(wnd_expr_eval(x, w, NULL, &out), WND_OK);
    cr_assert_eq(out.i, 10001);
    cr_assert_eq(wnd_expr_eval(x, NULL, NULL, &out), WND_EEVAL); /* null * 10 */
    cr_assert_eq(wnd_expr_eval(x, v, NULL, &out), WND_OK);
    cr_assert_eq(out.i, i * 10);
    char *text = NULL;
    cr_assert_eq(wnd_expr_eval_json(x, "{\"a\": 3}", NULL, &text), WND_OK);
    cr_assert_str_eq(text, "30");
    wnd_free(env, text);
    cr_assert_eq(wnd_expr_eval(x, v, NULL, &out), WND_OK);
    cr_assert_eq(out.i, i * 10);
    wnd_expr_vars_free(v);
    wnd_expr_vars_free(w);
  }
  wnd_expr_free(x);
}

/* ---- errors: each code, with the thread's last error ------------------- */

#define EXPECT_FAIL(call, want, words)                                                   \
  do {                                                                                   \
    wnd_error_clear();                                                                   \
    int rc_ = (call);                                                                    \
    cr_assert_eq(rc_, (want), "%s returned %d, expected %s", #call, rc_, #want);         \
    const wnd_error *e_ = wnd_error_last();                                              \
    cr_assert_not_null(e_, "%s failed without a last error", #call);                     \
    cr_assert_eq(e_->code, rc_);                                                         \
    cr_assert(strstr(e_->message, (words)) != NULL, "%s: '%s' lacks '%s'", #call,        \
              e_->message, (words));                                                     \
  } while (0)

Test(expr_value, vars_errors) {
  wnd_expr_vars *v = NULL;
  EXPECT_FAIL(wnd_expr_vars_new(&v, env, "{\"a\": ", 6), WND_EINVALID, "line 1, column");
  cr_assert_null(v);
  EXPECT_FAIL(wnd_expr_vars_new(&v, env, "[1]", 3), WND_EINVALID, "JSON object");
  EXPECT_FAIL(wnd_expr_vars_new(&v, env, "{\"a\": 1, \"a\": 2}", 16), WND_EINVALID, "");
  char deep[80];
  memset(deep, '[', 40);
  memset(deep + 40, ']', 40);
  char doc[100];
  snprintf(doc, sizeof doc, "{\"a\": %.80s}", deep);
  EXPECT_FAIL(wnd_expr_vars_new(&v, env, doc, strlen(doc)), WND_ELIMIT, "");
  EXPECT_FAIL(wnd_expr_vars_new(NULL, env, "{}", 2), WND_EINVAL, "wnd_expr_vars_new");
  EXPECT_FAIL(wnd_expr_vars_new(&v, NULL, "{}", 2), WND_EINVAL, "wnd_expr_vars_new");
  EXPECT_FAIL(wnd_expr_vars_new(&v, env, NULL, 2), WND_EINVAL, "wnd_expr_vars_new");
  cr_assert_eq(wnd_expr_vars_new(&v, env, NULL, 0), WND_OK); /* no variables */
  wnd_expr_vars_free(v);
  wnd_expr_vars_free(NULL);
}

Test(expr_value, eval_errors) {
  wnd_expr *x = compile("a +\n 10 / b");
  wnd_expr_vars *v = vars("{\"a\": 1, \"b\": 0}");
  wnd_expr_value out = WND_EXPR_VALUE_INIT;
  EXPECT_FAIL(wnd_expr_eval(x, v, NULL, &out), WND_EEVAL, "division by zero");
  const wnd_error *e = wnd_error_last();
  cr_assert_str_eq(e->file, "<expr>");
  cr_assert_eq(e->line, 2);
  cr_assert_eq(out.kind, WND_EXPR_NULL);
  wnd_expr_eval_options bad = WND_EXPR_EVAL_OPTIONS_INIT;
  bad.version = 99;
  EXPECT_FAIL(wnd_expr_eval(x, v, &bad, &out), WND_EINVAL, "version");
  EXPECT_FAIL(wnd_expr_eval(NULL, v, NULL, &out), WND_EINVAL, "wnd_expr_eval");
  EXPECT_FAIL(wnd_expr_eval(x, v, NULL, NULL), WND_EINVAL, "wnd_expr_eval");
  wnd_expr_vars_free(v);
  wnd_expr_free(x);
}

/* ---- no allocation for scalar results --------------------------------- */

Test(expr_value, scalar_results_allocate_nothing) {
  static const char *const SRC[] = {"a == 7 && s in [\"窗口\", \"大厅\"]", "a * 3", "b / 2.0",
                                    "s", "s.matches(\"^窗\")", "now", "[a, b].size()"};
  wnd_expr_vars *v = vars(VARS);
  for (size_t k = 0; k < sizeof SRC / sizeof SRC[0]; k++) {
    wnd_expr *x = compile(SRC[k]);
    long before = __atomic_load_n(&counted, __ATOMIC_RELAXED);
    for (int i = 0; i < 1000; i++) {
      wnd_expr_value out = WND_EXPR_VALUE_INIT;
      cr_assert_eq(wnd_expr_eval(x, v, at_noon(), &out), WND_OK);
      wnd_expr_value_clear(&out);
    }
    long during = __atomic_load_n(&counted, __ATOMIC_RELAXED) - before;
    cr_assert_eq(during, 0, "%s: %ld allocations in 1000 evaluations", SRC[k], during);
    wnd_expr_free(x);
  }
  wnd_expr_vars_free(v);
}

/* ---- threads ------------------------------------------------------------ */

enum { THREADS = 24, ROUNDS = 2000 }; /* more threads than the expression's pool */

typedef struct job {
  const wnd_expr *x;
  const wnd_expr_vars *v;
  int bad;
} job;

static void *worker(void *p) {
  job *j = p;
  for (int i = 0; i < ROUNDS; i++) {
    wnd_expr_value out = WND_EXPR_VALUE_INIT;
    if (wnd_expr_eval(j->x, j->v, NULL, &out) != WND_OK || out.kind != WND_EXPR_STRING ||
        strcmp(out.str, "窗口7"))
      j->bad++;
    wnd_expr_value_clear(&out);
  }
  return NULL;
}

Test(expr_value, threads_share_expression_and_vars) {
  wnd_expr *x = compile("s + string(a)");
  wnd_expr_vars *v = vars(VARS);
  pthread_t t[THREADS];
  job jobs[THREADS];
  for (int i = 0; i < THREADS; i++) {
    jobs[i] = (job){x, v, 0};
    cr_assert_eq(pthread_create(&t[i], NULL, worker, &jobs[i]), 0);
  }
  for (int i = 0; i < THREADS; i++) {
    pthread_join(t[i], NULL);
    cr_assert_eq(jobs[i].bad, 0, "thread %d: %d wrong results", i, jobs[i].bad);
  }
  wnd_expr_vars_free(v);
  wnd_expr_free(x);
}

/* ---- allocation failures ------------------------------------------------ */

/* Compile, parse vars and evaluate (a computed string, held while a second
** evaluation runs) with allocation n failing: WND_ENOMEM or success, never
** a leak.  true when allocation n was reached. */
static bool sweep_once(long n) {
  failalloc f = {0, n, 0, false};
  wnd_allocator a = {failalloc_realloc, &f};
  wnd_env_options o = WND_ENV_OPTIONS_INIT;
  o.allocator = &a;
  wnd_env *e = NULL;
  int st = wnd_env_new(&e, &o);
  if (st == WND_OK) {
    wnd_expr_options xo = WND_EXPR_OPTIONS_INIT;
    xo.vars = NAMES;
    xo.nvars = 3;
    const char *src = "s + string(a) + \"号\"";
    wnd_expr *x = NULL;
    wnd_expr_vars *v = NULL;
    st = wnd_expr_compile(&x, e, NULL, src, strlen(src), &xo, NULL);
    if (st == WND_OK) st = wnd_expr_vars_new(&v, e, VARS, strlen(VARS));
    wnd_expr_value held = WND_EXPR_VALUE_INIT, out = WND_EXPR_VALUE_INIT;
    if (st == WND_OK) st = wnd_expr_eval(x, v, NULL, &held);
    if (st == WND_OK) st = wnd_expr_eval(x, v, NULL, &out); /* the pool's second slot */
    if (st == WND_OK) {
      cr_assert_str_eq(held.str, "窗口7号");
      cr_assert_str_eq(out.str, "窗口7号");
    }
    cr_assert(st == WND_OK || st == WND_ENOMEM, "allocation %ld: status %d", n, st);
    if (st == WND_ENOMEM) {
      cr_assert_not_null(wnd_error_last());
      cr_assert_eq(wnd_error_last()->code, WND_ENOMEM);
    }
    wnd_expr_value_clear(&held);
    wnd_expr_value_clear(&out);
    wnd_expr_vars_free(v);
    wnd_expr_free(x);
    wnd_env_free(e);
  }
  cr_assert_eq(f.live, 0, "allocation %ld: %ld blocks leaked", n, f.live);
  return f.failed;
}

Test(expr_value, allocation_failure_sweep) {
  long n = 1;
  while (sweep_once(n)) n++;
  cr_assert_gt(n, 5, "the sweep reached only %ld allocations", n);
}
