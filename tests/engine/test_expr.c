/*
** The public expression API (wnd_expr_*): compile diagnostics with byte
** offset and line/column inside the text, evaluation errors with their
** place, variables as JSON, what a catalog adds (calendar, timezone), and
** allocation failure at every allocation of compile and evaluate.
*/
#include <stdlib.h>

#include "../resources/failalloc.h"
#include "eng.h"

TestSuite(expr, .init = eng_setup, .fini = eng_teardown);

/* Compile text with these variable names; returns the status. */
static int compile(wnd_expr **e, const wnd_catalog *cat, const char *text,
                   const char *const *vars, size_t nvars, wnd_diags **d) {
  wnd_expr_options o = WND_EXPR_OPTIONS_INIT;
  o.vars = vars;
  o.nvars = nvars;
  return wnd_expr_compile(e, eng_env, cat, text, strlen(text), &o, d);
}

/* Compile and evaluate at `now`; returns a malloc'd copy of the JSON or NULL. */
static char *run(const wnd_catalog *cat, const char *text, const char *now) {
  wnd_expr *e = NULL;
  cr_assert_eq(compile(&e, cat, text, NULL, 0, NULL), WND_OK, "%s", wnd_env_errmsg(eng_env));
  wnd_expr_eval_options eo = WND_EXPR_EVAL_OPTIONS_INIT;
  eo.now_set = true;
  eo.now_sec = eng_time(now);
  char *out = NULL, *copy = NULL;
  if (wnd_expr_eval_json(e, NULL, &eo, &out) == WND_OK) copy = strdup(out);
  wnd_free(eng_env, out);
  wnd_expr_free(e);
  return copy;
}

Test(expr, syntax_error_has_offset_line_and_column) {
  wnd_expr *e = NULL;
  wnd_diags *d = NULL;
  /* "材料" is 6 bytes and 2 code points: byte offset and column differ */
  int st = compile(&e, NULL, "\"材料\" +\n  1 +", NULL, 0, &d);
  cr_assert_eq(st, WND_EINVALID);
  cr_assert_null(e);
  cr_assert_eq(wnd_diags_count(d), 1);
  const wnd_diag *x = wnd_diags_get(d, 0);
  cr_assert_str_eq(x->code, "expr-syntax");
  cr_assert_eq(x->offset, 16, "offset %u", x->offset);
  cr_assert_eq(x->line, 2);
  cr_assert_eq(x->column, 6);
  const wnd_error *le = wnd_error_last();
  cr_assert_eq(le->code, WND_EINVALID);
  cr_assert_eq(le->line, 2);
  cr_assert_eq(le->column, 6);
  wnd_diags_free(d);
}

Test(expr, unknown_variable_is_a_diagnostic) {
  const char *vars[] = {"x"};
  wnd_expr *e = NULL;
  wnd_diags *d = NULL;
  cr_assert_eq(compile(&e, NULL, "x + \"材\" + y", vars, 1, &d), WND_EINVALID);
  cr_assert_geq(wnd_diags_count(d), 1);
  const wnd_diag *x = wnd_diags_get(d, 0);
  cr_assert_str_eq(x->code, "unknown-variable");
  cr_assert_eq(x->offset, 12, "offset %u", x->offset);
  cr_assert_eq(x->column, 11);
  wnd_diags_free(d);
}

Test(expr, variables_come_as_json) {
  const char *vars[] = {"x", "data.area_m2"};
  wnd_expr *e = NULL;
  cr_assert_eq(compile(&e, NULL, "x.a * 2 + data.area_m2", vars, 2, NULL), WND_OK);
  char *out = NULL;
  cr_assert_eq(wnd_expr_eval_json(e, "{\"x\":{\"a\":3},\"data.area_m2\":1}", NULL, &out), WND_OK);
  cr_assert_str_eq(out, "7");
  wnd_free(eng_env, out);
  /* a name the expression did not declare is refused, not ignored */
  cr_assert_eq(wnd_expr_eval_json(e, "{\"x\":{\"a\":3},\"y\":1}", NULL, &out), WND_EINVALID);
  cr_assert_null(out);
  cr_assert(strstr(wnd_env_errmsg(eng_env), "'y' is not a declared variable"));
  cr_assert_eq(wnd_expr_eval_json(e, "[1]", NULL, &out), WND_EINVALID);
  cr_assert_eq(wnd_expr_eval_json(e, "{\"x\":", NULL, &out), WND_EINVALID);
  wnd_expr_free(e);
}

Test(expr, evaluation_error_has_its_place) {
  wnd_expr *e = NULL;
  cr_assert_eq(compile(&e, NULL, "1 +\n 2 / 0", NULL, 0, NULL), WND_OK);
  char *out = NULL;
  cr_assert_eq(wnd_expr_eval_json(e, NULL, NULL, &out), WND_EEVAL);
  cr_assert_null(out);
  const wnd_error *le = wnd_error_last();
  cr_assert_str_eq(le->message, "division by zero");
  cr_assert_eq(le->line, 2);
  cr_assert_eq(le->column, 4);
  wnd_expr_free(e);
}

Test(expr, catalog_gives_local_time) {
  char *utc = run(NULL, "now.getHours()", "2026-11-20T01:30:00Z");
  char *local = run(eng_cat, "now.getHours()", "2026-11-20T01:30:00Z");
  cr_assert_str_eq(utc, "1");
  cr_assert_str_eq(local, "9");
  free(utc);
  free(local);
}

Test(expr, catalog_gives_the_calendar) {
  /* plain CEL has no working-day calendar */
  cr_assert_null(run(NULL, "workdays.add(timestamp(\"2026-11-20T10:00:00+08:00\"), 1)",
                     "2026-11-20T10:00:00+08:00"));
  cr_assert(strstr(wnd_env_errmsg(eng_env), "calendar"));
  /* Friday + 1 working day is Monday in the test catalog's calendar */
  char *mon = run(eng_cat, "workdays.add(timestamp(\"2026-11-20T10:00:00+08:00\"), 1)",
                  "2026-11-20T10:00:00+08:00");
  cr_assert_str_eq(mon, "\"2026-11-23T02:00:00Z\"");
  free(mon);
}

Test(expr, misuse_is_einval) {
  wnd_expr *e = NULL;
  cr_assert_eq(wnd_expr_compile(NULL, eng_env, NULL, "1", 1, NULL, NULL), WND_EINVAL);
  cr_assert_eq(wnd_expr_compile(&e, NULL, NULL, "1", 1, NULL, NULL), WND_EINVAL);
  const char *twice[] = {"a", "a"};
  cr_assert_eq(compile(&e, NULL, "a", twice, 2, NULL), WND_EINVAL);
  wnd_expr_options bad = WND_EXPR_OPTIONS_INIT;
  bad.version = 99;
  cr_assert_eq(wnd_expr_compile(&e, eng_env, NULL, "1", 1, &bad, NULL), WND_EINVAL);
  char *out = NULL;
  cr_assert_eq(wnd_expr_eval_json(NULL, NULL, NULL, &out), WND_EINVAL);
  wnd_expr_free(NULL);
  wnd_free(eng_env, NULL);
}

/* ---- allocation failure ---------------------------------------------- */

/* One failing allocation per run (tests/resources/failalloc.h): arm(k)
** fails the k-th allocation from now on, arm(0) none. */
static failalloc fa;

static void arm(long k) {
  fa.count = 0;
  fa.fail_at = k;
}

/* Compile (with diagnostics) and evaluate under env; the JSON or the status. */
static int oom_run(wnd_env *env, const wnd_catalog *cat, const char *text, char *buf,
                   size_t cap) {
  const char *vars[] = {"x"};
  wnd_expr_options o = WND_EXPR_OPTIONS_INIT;
  o.vars = vars;
  o.nvars = 1;
  wnd_expr *e = NULL;
  wnd_diags *d = NULL;
  int st = wnd_expr_compile(&e, env, cat, text, strlen(text), &o, &d);
  wnd_diags_free(d);
  if (st != WND_OK) return st;
  wnd_expr_eval_options eo = WND_EXPR_EVAL_OPTIONS_INIT;
  eo.now_set = true;
  eo.now_sec = eng_time("2026-11-20T10:00:00+08:00");
  char *out = NULL;
  st = wnd_expr_eval_json(e, "{\"x\":{\"a\":[1,\"二\",{\"b\":2.5}]}}", &eo, &out);
  if (st == WND_OK) snprintf(buf, cap, "%s", out);
  wnd_free(env, out);
  wnd_expr_free(e);
  return st;
}

Test(expr, every_allocation_failure_is_enomem) {
  const wnd_allocator alloc = {failalloc_realloc, &fa};
  wnd_env_options eo = WND_ENV_OPTIONS_INIT;
  eo.allocator = &alloc;
  wnd_env *env = NULL;
  cr_assert_eq(wnd_env_new(&env, &eo), WND_OK);
  wnd_catalog *cat = eng_load(env, ENG_CAT_DIR);
  const char *text =
      "[x, x.a.size(), workdays.add(now, 2), now.getHours(), \"甲\" + \"乙\"]";
  char want[512], got[512];
  arm(0);
  cr_assert_eq(oom_run(env, cat, text, want, sizeof want), WND_OK, "%s", wnd_env_errmsg(env));
  int st = WND_ENOMEM;
  long k;
  for (k = 1; st != WND_OK && k < 100000; k++) {
    long before = fa.live;
    arm(k);
    st = oom_run(env, cat, text, got, sizeof got);
    arm(0);
    cr_assert(st == WND_OK || st == WND_ENOMEM, "allocation %ld: status %d", k, st);
    cr_assert_eq(fa.live, before, "allocation %ld: %ld blocks leaked", k, fa.live - before);
  }
  cr_assert_str_eq(got, want);
  cr_assert_gt(k, 5, "only %ld allocations", k);
  /* an invalid expression under failure: ENOMEM or EINVALID, never anything else */
  for (long j = 1; j < 40; j++) {
    arm(j);
    st = oom_run(env, cat, "x +\n 材 +", got, sizeof got);
    arm(0);
    cr_assert(st == WND_EINVALID || st == WND_ENOMEM, "allocation %ld: status %d", j, st);
  }
  wnd_catalog_free(cat);
  wnd_env_free(env);
  cr_assert_eq(fa.live, 0);
}
