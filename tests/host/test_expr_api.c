/*
** test_expr_api.c — the public expression API (wnd_expr_*) sees a
** catalog's bound host functions, and without the catalog they are
** unknown functions; a host function's failure is an evaluation error.
*/
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "hfix.h"

static bool listed(const char *code) { return !strcmp(code, "91350100MA2XXXXX1X"); }
static bool failing(const char *code) {
  (void)code;
  wnd_host_fail("信用平台不可用");
  return false;
}

static const wnd_type STR1[] = {WND_TYPE_STRING};

/* Compile and evaluate `text` through the public API; *json (malloc'd) or NULL. */
static int run(wnd_env *env, const wnd_catalog *cat, const char *text, char **json,
               const char **code) {
  wnd_expr *e = NULL;
  wnd_diags *d = NULL;
  *json = NULL;
  int st = wnd_expr_compile(&e, env, cat, text, strlen(text), NULL, &d);
  *code = wnd_diags_count(d) ? wnd_diags_get(d, 0)->code : NULL;
  if (st == WND_OK) {
    char *out = NULL;
    st = wnd_expr_eval_json(e, NULL, NULL, &out);
    if (out) *json = strdup(out);
    wnd_free(env, out);
  }
  wnd_diags_free(d);
  wnd_expr_free(e);
  return st;
}

static void with_function(wnd_fnptr fn, void (*check)(wnd_env *, const wnd_catalog *)) {
  wnd_env *env = NULL;
  cr_assert_eq(wnd_env_new(&env, NULL), WND_OK);
  cr_assert_eq(wnd_env_register_function(env, "credit.dishonest", fn, WND_TYPE_BOOL, STR1, 1),
               WND_OK);
  char *dir = hx_make(NULL, 0);
  wnd_catalog *cat = NULL;
  cr_assert_eq(hx_load(env, dir, &cat, NULL), WND_OK);
  check(env, cat);
  wnd_catalog_free(cat);
  wnd_env_free(env);
  hx_remove(dir);
}

static void sees_functions(wnd_env *env, const wnd_catalog *cat) {
  char *json;
  const char *code;
  cr_assert_eq(run(env, cat, "credit.dishonest('91350100MA2XXXXX1X')", &json, &code), WND_OK);
  cr_assert_str_eq(json, "true");
  free(json);
  cr_assert_eq(run(env, cat, "credit.dishonest('91341522MA2N0X1235')", &json, &code), WND_OK);
  cr_assert_str_eq(json, "false");
  free(json);
  /* without the catalog the function is not declared */
  cr_assert_eq(run(env, NULL, "credit.dishonest('x')", &json, &code), WND_EINVALID);
  cr_assert_str_eq(code, "unknown-function");
}

Test(expr_api, catalog_host_functions) { with_function((wnd_fnptr)listed, sees_functions); }

static void reports_failure(wnd_env *env, const wnd_catalog *cat) {
  char *json;
  const char *code;
  cr_assert_eq(run(env, cat, "credit.dishonest('x')", &json, &code), WND_EEVAL);
  cr_assert_null(json);
  cr_assert(strstr(wnd_env_errmsg(env), "信用平台不可用"), "%s", wnd_env_errmsg(env));
}

Test(expr_api, host_failure_is_an_evaluation_error) {
  with_function((wnd_fnptr)failing, reports_failure);
}
