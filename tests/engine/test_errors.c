/*
** Failing public calls say why: wnd_evaluate's WND_ENOTFOUND tells a
** missing "item" from one that is not a string and from an unknown code;
** a missing catalog directory is a diagnostic, not a bare WND_EIO.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
