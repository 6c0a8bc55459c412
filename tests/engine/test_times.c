/*
** Times through the public API: wnd_catalog_parse_time reads a text
** without an offset in the catalog's timezone; wnd_result_deadline_time
** gives a deadline as seconds plus whether it is a day or an instant.
*/
#include <string.h>

#include "../catalog/fixture.h"
#include "eng.h"

TestSuite(times, .init = eng_setup, .fini = eng_teardown);

Test(times, parse_in_the_catalog_timezone) {
  wnd_time t;
  cr_assert_eq(wnd_catalog_parse_time(eng_cat, "2026-11-20T10:00:00", &t), WND_OK);
  cr_assert_eq(t.sec, 1795140000, "10:00 at +08:00 is 02:00Z");
  cr_assert_not(t.date_only);
  cr_assert_eq(t.utc_offset, 8 * 3600);
  cr_assert_eq(wnd_catalog_parse_time(eng_cat, "2026-11-20T10:00:00Z", &t), WND_OK);
  cr_assert_eq(t.sec, 1795168800);
  cr_assert_eq(t.utc_offset, 0);
  cr_assert_eq(wnd_catalog_parse_time(eng_cat, "2026-11-20", &t), WND_OK);
  cr_assert(t.date_only);
  cr_assert_eq(t.sec, 1795104000, "the day starts at 00:00 +08:00");
  cr_assert_eq(wnd_catalog_parse_time(eng_cat, "yesterday", &t), WND_EINVALID);
  cr_assert(strstr(wnd_env_errmsg(eng_env), "'yesterday' is not a time"), "%s",
            wnd_env_errmsg(eng_env));
  /* No catalog: a text without an offset is UTC (window check --today). */
  cr_assert_eq(wnd_catalog_parse_time(NULL, "2026-11-20", &t), WND_OK);
  cr_assert(t.date_only && t.utc_offset == 0 && t.sec == 1795132800, "%lld", (long long)t.sec);
  cr_assert_eq(wnd_catalog_parse_time(NULL, NULL, &t), WND_EINVAL);
}

Test(times, parse_in_a_utc_catalog) {
  /* the same bare text one catalog east of Beijing by 8 hours */
  char *dir = fx_make_overlay("utc");
  wnd_catalog *c = eng_load(eng_env, dir);
  wnd_time t;
  cr_assert_eq(wnd_catalog_parse_time(c, "2026-11-20T10:00:00", &t), WND_OK);
  cr_assert_eq(t.sec, 1795168800);
  cr_assert_eq(t.utc_offset, 0);
  wnd_catalog_free(c);
  fx_remove(dir);
}

Test(times, deadlines_as_typed_values) {
  wnd_result *r = eng_eval("DL-5", "{\"materials\":{\"form\":{}}}", "2026-11-20T10:00:00+08:00");
  const char *promised = wnd_result_deadline(r, "promised");
  cr_assert(promised);
  wnd_time t;
  cr_assert_eq(wnd_result_deadline_time(r, "promised", &t), WND_OK);
  wnd_time want;
  cr_assert_eq(wnd_catalog_parse_time(eng_cat, promised, &want), WND_OK);
  cr_assert(t.date_only, "promised %s is a day", promised);
  cr_assert_eq(t.sec, want.sec);
  cr_assert_eq(wnd_result_deadline_time(r, "transfer", &t), WND_OK);
  cr_assert_not(t.date_only);
  cr_assert_eq(t.sec, 1795140000 + 20 * 60, "transfer 20 minutes after receipt");
  cr_assert_eq(wnd_result_deadline_time(r, "notify", &t), WND_ENOTFOUND);
  cr_assert_eq(wnd_result_deadline_time(r, "no-such", &t), WND_ENOTFOUND);
  cr_assert_eq(wnd_result_deadline_time(NULL, "promised", &t), WND_EINVAL);
  wnd_result_free(r);
}

/* received_at of the record for one submission evaluated again and again
** (submitted_at and its text are read once per submission and kept). */
static const char *received(wnd_result **keep, const wnd_catalog *c, const wnd_submission *s,
                            const wnd_eval_options *o) {
  const char *code = c == eng_cat ? "FLD" : "A-1"; /* the UTC overlay has the base's item */
  cr_assert_eq(wnd_evaluate(keep, c, code, s, o), WND_OK, "%s", wnd_env_errmsg(eng_env));
  return wnd_result_record(*keep, "received_at");
}

Test(times, receipt_instant_follows_the_submission_the_catalog_and_the_caller) {
  char *dir = fx_make_overlay("utc");
  wnd_catalog *utc = eng_load(eng_env, dir);
  wnd_submission *s = NULL;
  wnd_result *r[8] = {NULL};
  cr_assert_eq(wnd_submission_new(&s, eng_env), WND_OK);
  cr_assert_eq(wnd_submission_set_string(s, "submitted_at", "2026-11-20T10:00:00"), WND_OK);
  cr_assert_str_eq(received(&r[0], eng_cat, s, NULL), "2026-11-20T10:00:00+08:00");
  cr_assert_str_eq(received(&r[1], eng_cat, s, NULL), "2026-11-20T10:00:00+08:00");
  /* a bare time is read in each catalog's own timezone */
  const char *u = received(&r[2], utc, s, NULL);
  cr_assert(!strncmp(u, "2026-11-20T10:00:00", 19), "read at +08:00 and kept: %s", u);
  cr_assert_str_eq(received(&r[3], eng_cat, s, NULL), "2026-11-20T10:00:00+08:00");
  /* a setter changes what the next evaluation reads */
  cr_assert_eq(wnd_submission_set_string(s, "submitted_at", "2026-11-21T09:30:00+08:00"), WND_OK);
  cr_assert_str_eq(received(&r[4], eng_cat, s, NULL), "2026-11-21T09:30:00+08:00");
  /* the caller's instant wins, and does not stay */
  wnd_eval_options o = WND_EVAL_OPTIONS_INIT;
  o.now_set = true;
  o.now_sec = eng_time("2026-12-01T08:00:00+08:00");
  cr_assert_str_eq(received(&r[5], eng_cat, s, &o), "2026-12-01T08:00:00+08:00");
  cr_assert_str_eq(received(&r[6], eng_cat, s, NULL), "2026-11-21T09:30:00+08:00");
  cr_assert_eq(wnd_submission_set_string(s, "submitted_at", "yesterday"), WND_OK);
  for (int i = 0; i < 2; i++) {
    wnd_result *b = NULL;
    cr_assert_eq(wnd_evaluate(&b, eng_cat, "FLD", s, NULL), WND_OK);
    cr_assert(eng_find(b, "field_invalid", "submitted_at"), "evaluation %d: %s", i, eng_json(b));
    wnd_result_free(b);
  }
  for (size_t i = 0; i < sizeof r / sizeof r[0]; i++) wnd_result_free(r[i]);
  wnd_submission_free(s);
  wnd_catalog_free(utc);
  fx_remove(dir);
}
