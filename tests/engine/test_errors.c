/*
** Failing public calls say why: wnd_evaluate's WND_ENOTFOUND tells a
** missing "item" from one that is not a string and from an unknown code;
** a missing catalog directory is a diagnostic, not a bare WND_EIO.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../catalog/fixture.h"
#include "eng.h"

TestSuite(errors, .init = eng_setup, .fini = eng_teardown);

static int eval_status(const char *json, const char *code) {
  wnd_submission *s = NULL;
  cr_assert_eq(wnd_submission_parse(&s, eng_env, json, strlen(json), WND_FORMAT_JSON), WND_OK);
  wnd_result *r = NULL;
  int st = wnd_evaluate(&r, eng_cat, code, s, NULL);
  cr_assert_null(r);
  wnd_submission_free(s);
  return st;
}

static void expect_message(const char *want) {
  const char *msg = wnd_env_errmsg(eng_env);
  cr_assert(strstr(msg, want), "expected a message containing \"%s\", got \"%s\"", want, msg);
}

Test(errors, evaluate_without_item_key) {
  cr_assert_eq(eval_status("{}", NULL), WND_ENOTFOUND);
  expect_message("no \"item\"");
}

Test(errors, evaluate_item_key_not_a_string) {
  cr_assert_eq(eval_status("{\"item\":42}", NULL), WND_ENOTFOUND);
  expect_message("\"item\" is a number, not a string");
}

Test(errors, evaluate_unknown_code) {
  cr_assert_eq(eval_status("{\"item\":\"NO-SUCH\"}", NULL), WND_ENOTFOUND);
  expect_message("no item or bundle with code \"NO-SUCH\"");
  cr_assert_eq(eval_status("{}", "ALSO-NOT"), WND_ENOTFOUND);
  expect_message("\"ALSO-NOT\"");
}

Test(errors, missing_catalog_directory_is_a_diagnostic) {
  wnd_catalog *c = NULL;
  wnd_diags *d = NULL;
  const char *dir = "/nonexistent/libwindow-catalog";
  cr_assert_eq(wnd_catalog_load(&c, &d, eng_env, dir, NULL), WND_EIO);
  cr_assert_null(c);
  cr_assert_eq(wnd_diags_count(d), 1, "one io-error diagnostic");
  const wnd_diag *x = wnd_diags_get(d, 0);
  cr_assert_str_eq(x->code, "io-error");
  cr_assert_str_eq(x->file, dir);
  cr_assert_eq(x->severity, WND_SEV_ERROR);
  cr_assert(strstr(x->message, "No such file or directory"), "%s", x->message);
  wnd_diags_free(d);
  expect_message(dir);
}

/* ---- wnd_error_last: code, message and place per failing entry point ------- */

static const wnd_error *last(int code) {
  const wnd_error *e = wnd_error_last();
  cr_assert(e, "no last error recorded");
  cr_assert_eq(e->code, code, "code %d, expected %d (%s)", e->code, code, e->message);
  cr_assert(e->message && *e->message, "empty message");
  return e;
}

Test(errors, error_last_for_evaluate) {
  wnd_error_clear();
  cr_assert_null(wnd_error_last());
  wnd_result *r = NULL;
  cr_assert_eq(wnd_evaluate(&r, NULL, "FT", NULL, NULL), WND_EINVAL);
  cr_assert(strstr(last(WND_EINVAL)->message, "NULL"));
  cr_assert_eq(eval_status("{\"item\":\"NO-SUCH\"}", NULL), WND_ENOTFOUND);
  cr_assert(strstr(last(WND_ENOTFOUND)->message, "NO-SUCH"));
  wnd_error_clear();
  cr_assert_null(wnd_error_last());
}

Test(errors, error_last_for_result_calls) {
  const char *j = NULL;
  cr_assert_eq(wnd_result_json(NULL, &j, NULL), WND_EINVAL);
  last(WND_EINVAL);
  wnd_result *r = eng_eval("DL-5", "{\"materials\":{\"form\":{}}}", "2026-11-20T10:00:00+08:00");
  wnd_time t;
  cr_assert_eq(wnd_result_deadline_time(r, "notify", &t), WND_ENOTFOUND);
  cr_assert(strstr(last(WND_ENOTFOUND)->message, "notify"));
  wnd_result_free(r);
  cr_assert_eq(wnd_catalog_parse_time(eng_cat, "13:00", &t), WND_EINVALID);
  cr_assert(strstr(last(WND_EINVALID)->message, "13:00"));
}

Test(errors, error_last_for_catalog_load_has_the_first_place) {
  wnd_catalog *c = NULL;
  cr_assert_eq(wnd_catalog_load(&c, NULL, eng_env, "/nonexistent/x", NULL), WND_EIO);
  last(WND_EIO);
  cr_assert_eq(wnd_catalog_load(&c, NULL, NULL, "/tmp", NULL), WND_EINVAL);
  last(WND_EINVAL);
  /* a catalog with a YAML error: the last error points into the file */
  char *dir = fx_make_overlay("broken-catalog");
  wnd_diags *d = NULL;
  cr_assert_eq(wnd_catalog_load(&c, &d, eng_env, dir, NULL), WND_EINVALID);
  const wnd_error *e = last(WND_EINVALID);
  const wnd_diag *first = wnd_diags_get(d, 0);
  cr_assert(first && first->severity == WND_SEV_ERROR);
  cr_assert(e->file && strstr(e->file, "catalog.yaml"), "file %s", e->file ? e->file : "NULL");
  cr_assert_str_eq(e->file, first->file);
  cr_assert_eq(e->line, first->line);
  cr_assert_eq(e->column, first->column);
  cr_assert_gt(e->line, 0);
  wnd_diags_free(d);
  fx_remove(dir);
}

/* Every status has its own text; an unknown one says so. */
Test(errors, every_status_has_a_text) {
  const int all[] = {WND_OK, WND_ERROR, WND_ENOMEM, WND_EINVAL, WND_ENOTFOUND,
                     WND_EIO, WND_EINVALID, WND_ELIMIT, WND_EEVAL};
  const size_t n = sizeof all / sizeof all[0];
  for (size_t i = 0; i < n; i++) {
    cr_assert_str_neq(wnd_errstr(all[i]), "unknown status", "status %d", all[i]);
    for (size_t k = 0; k < i; k++)
      cr_assert_str_neq(wnd_errstr(all[i]), wnd_errstr(all[k]), "%d and %d", all[i], all[k]);
  }
  cr_assert_str_eq(wnd_errstr(-99), "unknown status");
  cr_assert_str_eq(wnd_errstr(1), "unknown status");
}

/* An env is refused for options of another version, limits of another
** version or an allocator without its function; nothing is created. */
Test(errors, env_options_are_checked) {
  wnd_env *env = (wnd_env *)1;
  cr_assert_eq(wnd_env_new(NULL, NULL), WND_EINVAL);
  wnd_env_options o = WND_ENV_OPTIONS_INIT;
  o.version = WND_ENV_OPTIONS_VERSION + 1;
  cr_assert_eq(wnd_env_new(&env, &o), WND_EINVAL);
  cr_assert_null(env);
  wnd_env_options o2 = WND_ENV_OPTIONS_INIT;
  wnd_limits lim = WND_LIMITS_INIT;
  lim.version = WND_LIMITS_VERSION + 1;
  o2.limits = &lim;
  cr_assert_eq(wnd_env_new(&env, &o2), WND_EINVAL);
  wnd_env_options o3 = WND_ENV_OPTIONS_INIT;
  wnd_allocator no_fn = {0};
  o3.allocator = &no_fn;
  cr_assert_eq(wnd_env_new(&env, &o3), WND_EINVAL);
  cr_assert_null(env);
  cr_assert_str_eq(wnd_env_errmsg(NULL), "invalid environment (NULL)");
}
