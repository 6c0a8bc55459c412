/*
** Smaller defects of issue 15, each a regression test that failed first:
** one calendar_exhausted warning per deadline, however many gaps need it;
** a field pattern that hits the regex limit is not reported to the
** applicant as a wrong format.
*/
#include <stdlib.h>

#include "../catalog/fixture.h"
#include "eng.h"

TestSuite(reliability, .init = eng_setup, .fini = eng_teardown);

Test(reliability, one_calendar_exhausted_warning_for_several_gaps) {
  /* Tue 2026-12-29: both gaps' supplement dates (3 and 5 workdays) need 2027 */
  wnd_result *r = eng_eval("FT", "{\"fast_track\":true,\"data\":{\"name\":\"x\"},\"materials\":{"
                                 "\"application_form\":{},\"hygiene_plan\":{},"
                                 "\"health_cert\":{\"valid_until\":\"2027-06-01\"}}}",
                           "2026-12-29T10:00:00+08:00");
  /* SPEC 0.2 §4.5: undated gaps are not tolerated at all, so neither gap
  ** asks for a supplement date and no calendar_exhausted appears, let alone
  ** twice; the fast track is refused once, with its reason. */
  EXPECT_DECISION(r, WND_INCOMPLETE);
  cr_assert(!eng_find(r, "material_missing", "layout_plan")->tolerated);
  EXPECT_FINDINGS(r, "material_missing:layout_plan,material_missing:equipment_list,"
                     "fast_track_no_due_date:");
  wnd_result_free(r);
}

/* Evaluate {"data":{"code": value}} against the overlay pattern with a small
** PCRE2 match limit; returns the field_invalid message (malloc'd) or NULL. */
static char *pattern_message(const char *value) {
  char *dir = fx_make_overlay("pattern");
  wnd_limits lim = WND_LIMITS_INIT;
  lim.regex_match_limit = 1000;
  wnd_env_options o = WND_ENV_OPTIONS_INIT;
  o.limits = &lim;
  wnd_env *env = NULL;
  cr_assert_eq(wnd_env_new(&env, &o), WND_OK);
  wnd_catalog *cat = eng_load(env, dir);
  char json[256];
  snprintf(json, sizeof json, "{\"data\":{\"code\":\"%s\"}}", value);
  wnd_submission *s = NULL;
  cr_assert_eq(wnd_submission_parse(&s, env, json, strlen(json), WND_FORMAT_JSON), WND_OK);
  wnd_result *r = NULL;
  cr_assert_eq(wnd_evaluate(&r, cat, "A-1", s, NULL), WND_OK);
  const wnd_finding *fi = eng_find(r, "field_invalid", "data.code");
  char *msg = fi ? strdup(fi->message) : NULL;
  wnd_result_free(r);
  wnd_submission_free(s);
  wnd_catalog_free(cat);
  wnd_env_free(env);
  fx_remove(dir);
  return msg;
}

Test(reliability, regex_limit_is_not_a_wrong_format) {
  /* a short value is decided: wrong format */
  char *m = pattern_message("ab");
  cr_assert(m && strstr(m, "格式不符合要求"), "%s", m ? m : "(none)");
  free(m);
  /* a value that exhausts the match limit is not decided either way */
  m = pattern_message("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab");
  cr_assert(m, "an undecided pattern must still be reported");
  cr_assert_not(strstr(m, "格式不符合要求"), "told the applicant the format is wrong: %s", m);
  cr_assert(strstr(m, "无法自动校验"), "%s", m);
  free(m);
}
