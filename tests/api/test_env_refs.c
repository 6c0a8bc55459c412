/*
** test_env_refs.c — an environment lives as long as anything made with it:
** wnd_env_free may come first, and the objects keep working until their own
** free, after which nothing is left.  The allocator poisons freed blocks
** (tests/engine/poison.c), so a use of a freed env crashes the test in
** every build, not only under ASan; it also counts live blocks.
*/
#include <criterion/criterion.h>
#include <stdatomic.h>
#include <string.h>

#include "../engine/poison.h"
#include "libwindow.h"

static atomic_long live;

static void *counting(void *ud, void *p, size_t n) {
  (void)ud;
  void *q = poison_allocator.realloc(poison_allocator.ud, p, n);
  if (!p && n && q) atomic_fetch_add(&live, 1);
  if (p && !n) atomic_fetch_sub(&live, 1);
  return q;
}

static wnd_env *new_env(void) {
  static const wnd_allocator a = {counting, NULL};
  wnd_env_options o = WND_ENV_OPTIONS_INIT;
  o.allocator = &a;
  wnd_env *env = NULL;
  cr_assert_eq(wnd_env_new(&env, &o), WND_OK);
  return env;
}

static const wnd_load_options *load_opts(void) {
  static wnd_load_options lo = WND_LOAD_OPTIONS_INIT;
  lo.today_set = true;
  lo.today = 20778; /* 2026-11-21, inside the test calendars */
  return &lo;
}

static const char SUB[] = "{\"applicant\": {\"name\": \"张三\"}}";

static void fini(void) {
  cr_expect_eq(atomic_load(&live), 0, "%ld blocks still allocated", atomic_load(&live));
  poison_drain();
}

TestSuite(env_refs, .fini = fini);

Test(env_refs, catalog_and_submission_outlive_env) {
  wnd_env *env = new_env();
  wnd_catalog *cat = NULL;
  wnd_submission *sub = NULL;
  cr_assert_eq(wnd_catalog_load(&cat, NULL, env, API_CAT_DIR, load_opts()), WND_OK);
  cr_assert_eq(wnd_submission_parse(&sub, env, SUB, strlen(SUB), WND_FORMAT_JSON), WND_OK);
  wnd_env_free(env); /* before everything made with it */
  wnd_result *r = NULL;
  cr_assert_eq(wnd_evaluate(&r, cat, "BA", sub, NULL), WND_OK);
  cr_assert_eq(wnd_result_decision(r), WND_INCOMPLETE);
  const char *json;
  size_t len;
  cr_assert_eq(wnd_result_json(r, &json, &len), WND_OK);
  cr_assert(strstr(json, "\"code\": \"BA\"") != NULL, "%s", json);
  cr_assert_eq(wnd_submission_set_string(sub, "data.note", "补正"), WND_OK);
  wnd_submission_free(sub);
  cr_assert_gt(atomic_load(&live), 0); /* the catalog still holds the env */
  wnd_catalog_free(cat);
  wnd_result_free(r); /* the result owns copies: after the catalog too */
}

Test(env_refs, engine_outlives_env) {
  wnd_env *env = new_env();
  wnd_engine *e = NULL;
  wnd_submission *sub = NULL;
  cr_assert_eq(wnd_engine_new(&e, NULL, env, API_CAT_DIR, load_opts()), WND_OK);
  cr_assert_eq(wnd_submission_parse(&sub, env, SUB, strlen(SUB), WND_FORMAT_JSON), WND_OK);
  wnd_env_free(env);
  cr_assert_eq(wnd_engine_reload(e, NULL), WND_OK); /* loads through the env */
  wnd_result *r = NULL;
  cr_assert_eq(wnd_engine_evaluate(&r, e, "BA", sub, NULL), WND_OK);
  cr_assert_eq(wnd_result_decision(r), WND_INCOMPLETE);
  wnd_result_free(r);
  wnd_engine_free(e);
  wnd_submission_free(sub);
}

Test(env_refs, expression_and_elicenses_outlive_env) {
  wnd_env *env = new_env();
  wnd_expr *x = NULL;
  wnd_elicenses *el = NULL;
  cr_assert_eq(wnd_expr_compile(&x, env, NULL, "1 + 2", 5, NULL, NULL), WND_OK);
  const char *lic = "{\"p1\": [\"营业执照\"]}";
  cr_assert_eq(wnd_elicenses_parse(&el, env, lic, strlen(lic)), WND_OK);
  wnd_env_free(env);
  wnd_elicenses_free(el);
  wnd_expr_free(x);
}

static bool always(const char *holder, const char *type) {
  (void)holder, (void)type;
  return true;
}

Test(env_refs, host_registry_freed_with_last_reference) {
  wnd_env *env = new_env();
  static const wnd_type params[2] = {WND_TYPE_STRING, WND_TYPE_STRING};
  cr_assert_eq(wnd_env_register_function(env, "elicense.available", (wnd_fnptr)always,
                                         WND_TYPE_BOOL, params, 2),
               WND_OK);
  wnd_catalog *cat = NULL;
  cr_assert_eq(wnd_catalog_load(&cat, NULL, env, API_CAT_DIR, load_opts()), WND_OK);
  wnd_env_free(env);
  wnd_catalog_free(cat); /* frees the env and its registry: fini counts 0 */
}

/* An expression keeps its catalog alive (not only its env): freeing the
** catalog first and then evaluating reads the catalog's timezone and
** calendar, which the poisoning allocator would have scribbled over. */
Test(env_refs, expression_outlives_catalog_and_env) {
  wnd_env *env = new_env();
  wnd_catalog *cat = NULL;
  cr_assert_eq(wnd_catalog_load(&cat, NULL, env, API_CAT_DIR, load_opts()), WND_OK);
  wnd_expr *hours = NULL, *next = NULL;
  cr_assert_eq(wnd_expr_compile(&hours, env, cat, "now.getHours()", 14, NULL, NULL), WND_OK);
  const char *src = "workdays.add(now, 1)";
  cr_assert_eq(wnd_expr_compile(&next, env, cat, src, strlen(src), NULL, NULL), WND_OK);
  wnd_catalog_free(cat);
  wnd_env_free(env);
  wnd_expr_eval_options eo = WND_EXPR_EVAL_OPTIONS_INIT;
  eo.now_set = true;
  eo.now_sec = 1795154400; /* Friday 2026-11-20T14:00:00+08:00 */
  wnd_expr_value v = WND_EXPR_VALUE_INIT;
  cr_assert_eq(wnd_expr_eval(hours, NULL, &eo, &v), WND_OK);
  cr_assert_eq(v.kind, WND_EXPR_INT);
  cr_assert_eq(v.i, 14); /* the catalog's +08:00, not UTC's 6 */
  cr_assert_eq(wnd_expr_eval(next, NULL, &eo, &v), WND_OK);
  cr_assert_eq(v.kind, WND_EXPR_TIMESTAMP);
  cr_assert_eq(v.sec, 1795154400 + 3 * 86400); /* Monday: the calendar's weekend skipped */
  wnd_expr_free(hours);
  cr_assert_gt(atomic_load(&live), 0); /* next still holds the catalog */
  wnd_expr_free(next); /* frees the catalog, then the env: fini counts 0 */
}

/* Text handed over by wnd_expr_eval_json outlives its expression and its
** env: it keeps the env it was allocated from, so wnd_free needs no live
** env (NULL is accepted) and the last block goes with it. */
Test(env_refs, handed_over_text_outlives_expression_and_env) {
  wnd_env *env = new_env();
  wnd_expr *e = NULL;
  cr_assert_eq(wnd_expr_compile(&e, env, NULL, "[1, 2].size() + 40", 18, NULL, NULL), WND_OK);
  char *text = NULL;
  cr_assert_eq(wnd_expr_eval_json(e, NULL, NULL, &text), WND_OK);
  wnd_expr_free(e);
  wnd_env_free(env);
  cr_assert_gt(atomic_load(&live), 0, "the text keeps its env's blocks");
  cr_assert_str_eq(text, "42");
  wnd_free(NULL, text);
  cr_assert_eq(atomic_load(&live), 0, "%ld blocks left after the text", atomic_load(&live));
}
