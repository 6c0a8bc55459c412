/*
** Deadline cases that data cannot state (the other deadline, receipt and
** date cases are `tests:` of tests/engine/cat/items: dl-*.yaml, fl-*.yaml,
** dates.yaml): the applicant-facing text of calendar_exhausted, a deadline
** key that must be absent rather than null, and the wall clock.  The test
** catalog loads calendars for 2025 and 2026 only, so 2027 is "exhausted".
*/
#include <time.h>

#include "eng.h"

TestSuite(deadlines, .init = eng_setup, .fini = eng_teardown);
TestSuite(receipt, .init = eng_setup, .fini = eng_teardown);

#define FORM "{\"materials\":{\"form\":{}}}"

/* ---- calendar exhaustion (§2.5, §4.4) ----------------------------------- */

/* applicant-facing text: Chinese only, no deadline key */
static void exhausted_message(const wnd_result *r, const char *name) {
  const wnd_finding *f = eng_find(r, "calendar_exhausted", name);
  cr_assert(f, "expected calendar_exhausted:%s\n%s", name, eng_json(r));
  cr_assert_null(strstr(f->message, name), "message names the key: %s", f->message);
  for (const char *p = f->message; *p; p++)
    cr_assert(!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')),
              "Latin letters in an applicant message: %s", f->message);
}

Test(deadlines, calendar_exhausted_messages_are_chinese_only) {
  /* Mon 2026-12-28 + 5 workdays: 29, 30, 31, then 2027 */
  wnd_result *r = eng_eval("FL-PN", FORM, "2026-12-28T10:00:00+08:00");
  exhausted_message(r, "notify");
  exhausted_message(r, "promised");
  exhausted_message(r, "statutory");
  wnd_result_free(r);
}

Test(deadlines, supplement_beyond_the_calendar) {
  /* Tue 2026-12-29 + 3 workdays: 30, 31, then 2027 */
  wnd_result *r = eng_eval("FT", "{\"fast_track\":true,\"data\":{\"name\":\"x\"},\"materials\":{"
                                 "\"application_form\":{},\"equipment_list\":{},\"hygiene_plan\":{},"
                                 "\"health_cert\":{\"valid_until\":\"2027-06-01\"}}}",
                           "2026-12-29T10:00:00+08:00");
  /* SPEC §4.5 "Gaps need a date": no 容缺 commitment goes out undated, so
  ** the fast track is refused and the applicant is told everything now. */
  EXPECT_DECISION(r, WND_INCOMPLETE);
  EXPECT_DOCS(r, "correction_notice");
  EXPECT_FINDINGS(r, "material_missing:layout_plan,fast_track_no_due_date:");
  const wnd_finding *f = eng_find(r, "material_missing", "layout_plan");
  cr_assert(f && !f->tolerated && !f->due, "%s", eng_json(r));
  cr_assert(!wnd_result_has_deadline(r, "supplement"));
  wnd_result_free(r);
}

/* ---- receipt instant precedence (§4.4) ---------------------------------- */

/* The engine reads CLOCK_REALTIME; time() may come from the coarse clock,
** a tick behind, so bracket with the clock the engine uses. */
static int64_t realtime(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (int64_t)ts.tv_sec;
}

Test(receipt, clock_when_nothing_else) {
  int64_t before = realtime();
  wnd_result *r = eng_eval("FL-PA", FORM, NULL);
  int64_t after = realtime();
  const char *t = wnd_result_deadline(r, "transfer");
  cr_assert(t, "%s", eng_json(r));
  cr_assert(strlen(t) == 25 && !strcmp(t + 19, "+08:00"), "transfer %s", t);
  int64_t tr = eng_time(t);
  cr_assert(tr >= (int64_t)before + 1200 && tr <= (int64_t)after + 1200,
            "transfer %s is not the clock + 20 minutes", t);
  wnd_result_free(r);
}
