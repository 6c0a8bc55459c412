/*
** test_last_error.c — every failing public call records the thread's last
** error (wnd_error_last): the code it returned and a message that says what
** was wrong, plus the place in a file where one applies.  One test per
** public entry point that can fail, through the public API only.
*/
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libwindow.h"

static wnd_env *env;
static wnd_catalog *cat;

static void setup(void) {
  cr_assert_eq(wnd_env_new(&env, NULL), WND_OK);
  wnd_load_options lo = WND_LOAD_OPTIONS_INIT;
  lo.today_set = true;
  lo.today = 20778; /* 2026-11-21, inside the test calendars */
  cr_assert_eq(wnd_catalog_load(&cat, NULL, env, API_CAT_DIR, &lo), WND_OK, "%s",
               wnd_env_errmsg(env));
  wnd_error_clear();
}

static void teardown(void) {
  wnd_catalog_free(cat);
  wnd_env_free(env);
}

TestSuite(last_error, .init = setup, .fini = teardown);

/* The call returned `want`, and the thread's last error says so with a
** message containing `words`. */
#define EXPECT_FAIL(call, want, words)                                                  \
  do {                                                                                  \
    wnd_error_clear();                                                                  \
    int rc_ = (call);                                                                   \
    cr_assert_eq(rc_, (want), "%s returned %d (%s), expected %s", #call, rc_,           \
                 wnd_errstr(rc_), #want);                                               \
    const wnd_error *e_ = wnd_error_last();                                             \
    cr_assert_not_null(e_, "%s failed without a last error", #call);                    \
    cr_assert_eq(e_->code, rc_, "%s: last error code %d, returned %d", #call, e_->code, \
                 rc_);                                                                  \
    cr_assert_not_null(e_->message);                                                    \
    cr_assert(strstr(e_->message, (words)) != NULL, "%s: message '%s' lacks '%s'",     \
              #call, e_->message, (words));                                             \
  } while (0)

static wnd_submission *parse(const char *json) {
  wnd_submission *s = NULL;
  cr_assert_eq(wnd_submission_parse(&s, env, json, strlen(json), WND_FORMAT_JSON), WND_OK);
  return s;
}

/* ---- environment ------------------------------------------------------- */

Test(last_error, env_new) {
  EXPECT_FAIL(wnd_env_new(NULL, NULL), WND_EINVAL, "wnd_env_new");
  wnd_env *e = NULL;
  wnd_env_options o = WND_ENV_OPTIONS_INIT;
  o.version = 99;
  EXPECT_FAIL(wnd_env_new(&e, &o), WND_EINVAL, "version");
  cr_assert_null(e);
  wnd_limits lim = {0};
  o.version = WND_ENV_OPTIONS_VERSION;
  o.limits = &lim; /* version 0 */
  EXPECT_FAIL(wnd_env_new(&e, &o), WND_EINVAL, "wnd_limits");
  wnd_allocator a = {NULL, NULL};
  o.limits = NULL;
  o.allocator = &a;
  EXPECT_FAIL(wnd_env_new(&e, &o), WND_EINVAL, "realloc");
}

static bool is_even(int64_t x) { return x % 2 == 0; }

Test(last_error, env_register_function) {
  wnd_type p[1] = {WND_TYPE_INT};
  EXPECT_FAIL(wnd_env_register_function(NULL, "a.b", (wnd_fnptr)is_even, WND_TYPE_BOOL, p, 1),
              WND_EINVAL, "wnd_env_register_function");
  EXPECT_FAIL(wnd_env_register_function(env, NULL, (wnd_fnptr)is_even, WND_TYPE_BOOL, p, 1),
              WND_EINVAL, "name is empty");
  EXPECT_FAIL(wnd_env_register_function(env, "a.b", NULL, WND_TYPE_BOOL, p, 1), WND_EINVAL,
              "fn is NULL");
  EXPECT_FAIL(wnd_env_register_function(env, "a.b", (wnd_fnptr)is_even, WND_TYPE_STRING, p, 1),
              WND_EINVAL, "return type");
  EXPECT_FAIL(wnd_env_register_function(env, "a.b", (wnd_fnptr)is_even, WND_TYPE_BOOL, p,
                                        WND_MAX_PARAMS + 1),
              WND_EINVAL, "parameters");
  wnd_type bad[1] = {(wnd_type)42};
  EXPECT_FAIL(wnd_env_register_function(env, "a.b", (wnd_fnptr)is_even, WND_TYPE_BOOL, bad, 1),
              WND_EINVAL, "parameter");
}

Test(last_error, env_allow_plugin_dir) {
  EXPECT_FAIL(wnd_env_allow_plugin_dir(NULL, "/tmp"), WND_EINVAL, "wnd_env_allow_plugin_dir");
  EXPECT_FAIL(wnd_env_allow_plugin_dir(env, NULL), WND_EINVAL, "plugin directory");
  EXPECT_FAIL(wnd_env_allow_plugin_dir(env, "/nonexistent/plugins"), WND_EIO,
              "/nonexistent/plugins");
}

/* ---- catalogs ---------------------------------------------------------- */

Test(last_error, catalog_load) {
  wnd_catalog *c = NULL;
  EXPECT_FAIL(wnd_catalog_load(&c, NULL, env, NULL, NULL), WND_EINVAL, "wnd_catalog_load");
  EXPECT_FAIL(wnd_catalog_load(&c, NULL, env, "/nonexistent/catalog", NULL), WND_EIO,
              "/nonexistent/catalog");
  wnd_load_options lo = WND_LOAD_OPTIONS_INIT;
  lo.version = 7;
  EXPECT_FAIL(wnd_catalog_load(&c, NULL, env, API_CAT_DIR, &lo), WND_EINVAL, "version");
  cr_assert_null(c);
}

Test(last_error, catalog_item_limit) {
  char buf[32];
  EXPECT_FAIL(wnd_catalog_item_limit(cat, 100000, "promised", buf, sizeof buf), WND_ENOTFOUND,
              "100000");
  EXPECT_FAIL(wnd_catalog_item_limit(cat, 0, "someday", buf, sizeof buf), WND_EINVAL,
              "someday");
  EXPECT_FAIL(wnd_catalog_item_limit(cat, 0, NULL, buf, sizeof buf), WND_EINVAL,
              "wnd_catalog_item_limit");
  EXPECT_FAIL(wnd_catalog_item_limit(NULL, 0, "promised", buf, sizeof buf), WND_EINVAL,
              "wnd_catalog_item_limit");
}

Test(last_error, catalog_parse_time) {
  wnd_time t;
  EXPECT_FAIL(wnd_catalog_parse_time(cat, "next tuesday", &t), WND_EINVALID, "next tuesday");
  EXPECT_FAIL(wnd_catalog_parse_time(cat, NULL, &t), WND_EINVAL, "wnd_catalog_parse_time");
}

static void count_test(const wnd_test_outcome *o, void *payload) {
  (void)o;
  ++*(int *)payload;
}

Test(last_error, catalog_test) {
  size_t passed, failed;
  int n = 0;
  EXPECT_FAIL(wnd_catalog_test(NULL, count_test, &n, &passed, &failed), WND_EINVAL,
              "wnd_catalog_test");
  cr_assert_eq(n, 0);
}

/* ---- submissions ------------------------------------------------------- */

Test(last_error, submission_parse) {
  wnd_submission *s = NULL;
  EXPECT_FAIL(wnd_submission_parse(NULL, env, "{}", 2, WND_FORMAT_JSON), WND_EINVAL,
              "wnd_submission_parse");
  EXPECT_FAIL(wnd_submission_parse(&s, NULL, "{}", 2, WND_FORMAT_JSON), WND_EINVAL,
              "wnd_submission_parse");
  EXPECT_FAIL(wnd_submission_parse(&s, env, "{\"a\":\n  tru}", 12, WND_FORMAT_JSON),
              WND_EINVALID, "line 2");
  EXPECT_FAIL(wnd_submission_parse(&s, env, "{}", 2, 9), WND_EINVAL, "format");
  cr_assert_null(s);
}

Test(last_error, submission_new) {
  wnd_submission *s = NULL;
  EXPECT_FAIL(wnd_submission_new(NULL, env), WND_EINVAL, "wnd_submission_new");
  EXPECT_FAIL(wnd_submission_new(&s, NULL), WND_EINVAL, "wnd_submission_new");
}

Test(last_error, submission_setters) {
  wnd_submission *s = NULL;
  cr_assert_eq(wnd_submission_new(&s, env), WND_OK);
  EXPECT_FAIL(wnd_submission_set_string(s, "data..x", "v"), WND_EINVAL, "data..x");
  EXPECT_FAIL(wnd_submission_set_string(s, "data.x", NULL), WND_EINVAL,
              "wnd_submission_set_string");
  EXPECT_FAIL(wnd_submission_set_int(s, "", 1), WND_EINVAL, "invalid path");
  EXPECT_FAIL(wnd_submission_set_double(NULL, "data.x", 1.5), WND_EINVAL,
              "wnd_submission_set_double");
  EXPECT_FAIL(wnd_submission_set_bool(s, NULL, true), WND_EINVAL, "wnd_submission_set_bool");
  EXPECT_FAIL(wnd_submission_set_null(s, "data."), WND_EINVAL, "data.");
  EXPECT_FAIL(wnd_submission_set_json(s, "data.x", "[1,", 3), WND_EINVALID, "column");
  EXPECT_FAIL(wnd_submission_add_material(s, NULL, "copy", 1), WND_EINVAL,
              "wnd_submission_add_material");
  EXPECT_FAIL(wnd_submission_add_material(s, "id.card", "copy", 1), WND_EINVAL, "id.card");
  /* a path deeper than a parsed submission may be */
  char deep[200] = "a";
  for (int i = 0; i < 40; i++) strcat(deep, ".a");
  EXPECT_FAIL(wnd_submission_set_int(s, deep, 1), WND_ELIMIT, "segments");
  wnd_submission_free(s);
}

Test(last_error, elicenses_parse) {
  wnd_elicenses *e = NULL;
  EXPECT_FAIL(wnd_elicenses_parse(&e, env, "[1]", 3), WND_EINVALID, "e-licenses");
  EXPECT_FAIL(wnd_elicenses_parse(&e, env, "{\"p1\": 3}", 9), WND_EINVALID, "p1");
  EXPECT_FAIL(wnd_elicenses_parse(&e, env, NULL, 0), WND_EINVAL, "wnd_elicenses_parse");
  cr_assert_null(e);
}

/* ---- evaluation and results -------------------------------------------- */

Test(last_error, evaluate) {
  wnd_submission *s = parse("{\"applicant\": {\"name\": \"张三\"}}");
  wnd_result *r = NULL;
  EXPECT_FAIL(wnd_evaluate(&r, cat, "NO-SUCH-ITEM", s, NULL), WND_ENOTFOUND, "NO-SUCH-ITEM");
  EXPECT_FAIL(wnd_evaluate(&r, cat, NULL, s, NULL), WND_ENOTFOUND, "\"item\"");
  EXPECT_FAIL(wnd_evaluate(&r, NULL, "BA", s, NULL), WND_EINVAL, "wnd_evaluate");
  EXPECT_FAIL(wnd_evaluate(&r, cat, "BA", NULL, NULL), WND_EINVAL, "wnd_evaluate");
  wnd_eval_options eo = WND_EVAL_OPTIONS_INIT;
  eo.version = 5;
  EXPECT_FAIL(wnd_evaluate(&r, cat, "BA", s, &eo), WND_EINVAL, "version");
  wnd_submission_free(s);
  s = parse("{\"item\": 42}");
  EXPECT_FAIL(wnd_evaluate(&r, cat, NULL, s, NULL), WND_ENOTFOUND, "not a string");
  cr_assert_null(r);
  wnd_submission_free(s);
}

Test(last_error, result_json_and_deadline_time) {
  const char *text;
  size_t len;
  EXPECT_FAIL(wnd_result_json(NULL, &text, &len), WND_EINVAL, "wnd_result_json");
  wnd_submission *s = parse("{\"applicant\": {\"name\": \"张三\"}}");
  wnd_result *r = NULL;
  cr_assert_eq(wnd_evaluate(&r, cat, "BA", s, NULL), WND_OK);
  EXPECT_FAIL(wnd_result_json(r, NULL, &len), WND_EINVAL, "wnd_result_json");
  wnd_time t;
  EXPECT_FAIL(wnd_result_deadline_time(r, "someday", &t), WND_ENOTFOUND, "someday");
  EXPECT_FAIL(wnd_result_deadline_time(NULL, "promised", &t), WND_EINVAL,
              "wnd_result_deadline_time");
  wnd_result_free(r);
  wnd_submission_free(s);
}

/* ---- engine ------------------------------------------------------------ */

Test(last_error, engine) {
  wnd_engine *e = NULL;
  EXPECT_FAIL(wnd_engine_new(&e, NULL, env, "/nonexistent/catalog", NULL), WND_EIO,
              "/nonexistent/catalog");
  EXPECT_FAIL(wnd_engine_new(&e, NULL, env, NULL, NULL), WND_EINVAL, "wnd_engine_new");
  EXPECT_FAIL(wnd_engine_reload(NULL, NULL), WND_EINVAL, "wnd_engine_reload");
  wnd_load_options lo = WND_LOAD_OPTIONS_INIT;
  lo.today_set = true;
  lo.today = 20778;
  cr_assert_eq(wnd_engine_new(&e, NULL, env, API_CAT_DIR, &lo), WND_OK);
  wnd_submission *s = parse("{}");
  wnd_result *r = NULL;
  EXPECT_FAIL(wnd_engine_evaluate(&r, e, "NO-SUCH-ITEM", s, NULL), WND_ENOTFOUND,
              "NO-SUCH-ITEM");
  EXPECT_FAIL(wnd_engine_evaluate(&r, NULL, "BA", s, NULL), WND_EINVAL, "wnd_engine_evaluate");
  wnd_submission_free(s);
  wnd_engine_free(e);
}

/* ---- expressions ------------------------------------------------------- */

Test(last_error, expr_compile) {
  wnd_expr *x = NULL;
  EXPECT_FAIL(wnd_expr_compile(&x, env, NULL, "1 +\n (2 *", 9, NULL, NULL), WND_EINVALID,
              "syntax");
  const wnd_error *e = wnd_error_last();
  cr_assert_str_eq(e->file, "<expr>");
  cr_assert_eq(e->line, 2);
  EXPECT_FAIL(wnd_expr_compile(&x, NULL, NULL, "1", 1, NULL, NULL), WND_EINVAL,
              "wnd_expr_compile");
  cr_assert_null(x);
}

Test(last_error, expr_eval_json) {
  wnd_expr *x = NULL;
  const char *vars[] = {"a"};
  wnd_expr_options o = WND_EXPR_OPTIONS_INIT;
  o.vars = vars;
  o.nvars = 1;
  cr_assert_eq(wnd_expr_compile(&x, env, NULL, "10 / a", 6, &o, NULL), WND_OK);
  char *out = NULL;
  /* WND_EEVAL is what an expression that fails at run time returns */
  EXPECT_FAIL(wnd_expr_eval_json(x, "{\"a\": 0}", NULL, &out), WND_EEVAL, "division by zero");
  EXPECT_FAIL(wnd_expr_eval_json(x, "{\"b\": 1}", NULL, &out), WND_EINVALID, "b");
  EXPECT_FAIL(wnd_expr_eval_json(x, "{\"a\": ", NULL, &out), WND_EINVALID, "column");
  EXPECT_FAIL(wnd_expr_eval_json(NULL, NULL, NULL, &out), WND_EINVAL, "wnd_expr_eval_json");
  cr_assert_null(out);
  wnd_expr_free(x);
}

Test(last_error, expr_vars_and_eval) {
  wnd_expr_vars *v = NULL;
  EXPECT_FAIL(wnd_expr_vars_new(&v, env, "{\"a\": ", 6), WND_EINVALID, "column");
  EXPECT_FAIL(wnd_expr_vars_new(&v, env, "7", 1), WND_EINVALID, "object");
  EXPECT_FAIL(wnd_expr_vars_new(&v, NULL, "{}", 2), WND_EINVAL, "wnd_expr_vars_new");
  cr_assert_null(v);
  wnd_expr *x = NULL;
  const char *vars[] = {"a"};
  wnd_expr_options o = WND_EXPR_OPTIONS_INIT;
  o.vars = vars;
  o.nvars = 1;
  cr_assert_eq(wnd_expr_compile(&x, env, cat, "10 / a", 6, &o, NULL), WND_OK);
  cr_assert_eq(wnd_expr_vars_new(&v, env, "{\"a\": 0}", 8), WND_OK);
  wnd_expr_value out = WND_EXPR_VALUE_INIT;
  EXPECT_FAIL(wnd_expr_eval(x, v, NULL, &out), WND_EEVAL, "division by zero");
  cr_assert_eq(wnd_error_last()->column, 4);
  EXPECT_FAIL(wnd_expr_eval(NULL, v, NULL, &out), WND_EINVAL, "wnd_expr_eval");
  wnd_expr_vars_free(v);
  wnd_expr_free(x);
}
