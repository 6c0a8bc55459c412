/*
** test_evaluate.c — host functions end to end through the public API:
** wnd_evaluate on an item whose condition calls credit.dishonest (a C
** host function, then the test plugin), a host failure reported as
** condition_undetermined, and the elicense.available substitution of a
** missing e-license material (material_substituted).
*/
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "hfix.h"

static bool dishonest(const char *code) { return !strcmp(code, "91350100MA2XXXXX1X"); }
static bool dishonest_down(const char *code) {
  (void)code;
  wnd_host_fail("信用平台不可用");
  return false;
}
static bool elicense(const char *holder, const char *type) {
  return !strcmp(holder, "91350100MA2YYYYY2Y") && !strcmp(type, "营业执照");
}

static const wnd_type STR1[] = {WND_TYPE_STRING};
static const wnd_type STR2[] = {WND_TYPE_STRING, WND_TYPE_STRING};

static bool has_finding(const wnd_result *r, const char *code, const char *subject) {
  for (size_t i = 0; i < wnd_result_finding_count(r); i++) {
    const wnd_finding *f = wnd_result_finding(r, i);
    if (!strcmp(f->code, code) && (!subject || (f->subject && !strcmp(f->subject, subject))))
      return true;
  }
  return false;
}

static void dump(const wnd_result *r) {
  const char *json = NULL;
  size_t len = 0;
  if (wnd_result_json(r, &json, &len) == WND_OK) fprintf(stderr, "%.*s\n", (int)len, json);
}

/* Evaluate item A-1 for an applicant with this credit code, who brings
** the application form (and nothing else). */
static wnd_result *evaluate(wnd_env *env, const wnd_catalog *cat, const char *code) {
  wnd_submission *s = NULL;
  cr_assert_eq(wnd_submission_new(&s, env), WND_OK);
  cr_assert_eq(wnd_submission_set_string(s, "applicant.credit_code", code), WND_OK);
  cr_assert_eq(wnd_submission_add_material(s, "form", "original", 1), WND_OK);
  wnd_eval_options eo = WND_EVAL_OPTIONS_INIT;
  eo.now_set = true;
  eo.now_sec = 1795000000; /* 2026-11-18 */
  eo.flags = WND_EVAL_EXPLAIN;
  wnd_result *r = NULL;
  int st = wnd_evaluate(&r, cat, "A-1", s, &eo);
  cr_assert_eq(st, WND_OK, "%s", wnd_env_errmsg(env));
  wnd_submission_free(s);
  return r;
}

/* The host base catalog (overlay NULL: its functions.yaml declares the C
** function) or the base with an overlay's functions.yaml. */
static void credit_check(wnd_env *env, const char *overlay) {
  char *dir = overlay ? hx_make_overlay(overlay) : hx_make(NULL, 0);
  wnd_catalog *cat = NULL;
  wnd_diags *d = NULL;
  int st = hx_load(env, dir, &cat, &d);
  if (st != WND_OK) hx_dump(d);
  cr_assert_eq(st, WND_OK);
  wnd_result *r = evaluate(env, cat, "91350100MA2YYYYY2Y");
  if (wnd_result_decision(r) != WND_ACCEPTED) dump(r);
  cr_assert_eq(wnd_result_decision(r), WND_ACCEPTED);
  wnd_result_free(r);
  r = evaluate(env, cat, "91350100MA2XXXXX1X");
  if (wnd_result_decision(r) != WND_REJECTED) dump(r);
  cr_assert_eq(wnd_result_decision(r), WND_REJECTED);
  cr_assert(has_finding(r, "condition_failed", "honest"));
  wnd_result_free(r);
  wnd_diags_free(d);
  wnd_catalog_free(cat);
  hx_remove(dir);
}

Test(evaluate, credit_dishonest_as_c_host_function) {
  wnd_env *env = NULL;
  cr_assert_eq(wnd_env_new(&env, NULL), WND_OK);
  cr_assert_eq(wnd_env_register_function(env, "credit.dishonest", (wnd_fnptr)dishonest,
                                         WND_TYPE_BOOL, STR1, 1), WND_OK);
  credit_check(env, NULL);
  wnd_env_free(env);
}

Test(evaluate, credit_dishonest_from_a_plugin) {
  wnd_env *env = NULL;
  cr_assert_eq(wnd_env_new(&env, NULL), WND_OK);
  cr_assert_eq(wnd_env_allow_plugin_dir(env, hx_plugin_dir()), WND_OK);
  credit_check(env, "fn-plugin");
  wnd_env_free(env);
}

Test(evaluate, host_failure_is_condition_undetermined) {
  wnd_env *env = NULL;
  cr_assert_eq(wnd_env_new(&env, NULL), WND_OK);
  cr_assert_eq(wnd_env_register_function(env, "credit.dishonest", (wnd_fnptr)dishonest_down,
                                         WND_TYPE_BOOL, STR1, 1), WND_OK);
  char *dir = hx_make(NULL, 0);
  wnd_catalog *cat = NULL;
  cr_assert_eq(hx_load(env, dir, &cat, NULL), WND_OK);
  wnd_result *r = evaluate(env, cat, "91350100MA2YYYYY2Y");
  cr_assert(has_finding(r, "condition_undetermined", "honest"));
  cr_assert_neq(wnd_result_decision(r), WND_ACCEPTED);
  const char *json = NULL;
  size_t len = 0;
  cr_assert_eq(wnd_result_json(r, &json, &len), WND_OK);
  /* the explain trace carries the host's own message */
  cr_assert(strstr(json, "credit.dishonest failed: 信用平台不可用"), "%s", json);
  wnd_result_free(r);
  wnd_catalog_free(cat);
  wnd_env_free(env);
  hx_remove(dir);
}

Test(evaluate, elicense_substitutes_a_missing_material) {
  wnd_env *env = NULL;
  cr_assert_eq(wnd_env_new(&env, NULL), WND_OK);
  cr_assert_eq(wnd_env_register_function(env, "credit.dishonest", (wnd_fnptr)dishonest,
                                         WND_TYPE_BOOL, STR1, 1), WND_OK);
  cr_assert_eq(wnd_env_register_function(env, "elicense.available", (wnd_fnptr)elicense,
                                         WND_TYPE_BOOL, STR2, 2), WND_OK);
  char *dir = hx_make_overlay("host-elicense");
  wnd_catalog *cat = NULL;
  wnd_diags *d = NULL;
  int st = hx_load(env, dir, &cat, &d);
  if (st != WND_OK) hx_dump(d);
  cr_assert_eq(st, WND_OK);
  /* the holder has the license in the e-license library */
  wnd_result *r = evaluate(env, cat, "91350100MA2YYYYY2Y");
  if (!has_finding(r, "material_substituted", "biz_license")) dump(r);
  cr_assert(has_finding(r, "material_substituted", "biz_license"));
  cr_assert_eq(wnd_result_decision(r), WND_ACCEPTED);
  wnd_result_free(r);
  /* another holder does not */
  r = evaluate(env, cat, "91350100MA2ZZZZZ3Z");
  cr_assert(has_finding(r, "material_missing", "biz_license"));
  cr_assert_eq(wnd_result_decision(r), WND_INCOMPLETE);
  wnd_result_free(r);
  wnd_diags_free(d);
  wnd_catalog_free(cat);
  wnd_env_free(env);
  hx_remove(dir);
}
