/*
** Deadlines on the real 2025/2026 calendars (SPEC §2.1, §4.2 step 7, §4.4
** Deadlines and Receipt instant; BRIEF §4.2-4.4).  The test catalog loads
** calendars for 2025 and 2026 only, so 2027 is "exhausted".
*/
#include <time.h>

#include "eng.h"

TestSuite(deadlines, .init = eng_setup, .fini = eng_teardown);
TestSuite(receipt, .init = eng_setup, .fini = eng_teardown);
TestSuite(dates, .init = eng_setup, .fini = eng_teardown);

#define FORM "{\"materials\":{\"form\":{}}}"

static wnd_result *at(const char *code, const char *now) {
  wnd_result *r = eng_eval(code, FORM, now);
  EXPECT_DECISION(r, WND_ACCEPTED);
  return r;
}

static void promised(const char *code, const char *now, const char *expect) {
  wnd_result *r = at(code, now);
  EXPECT_DEADLINE(r, "promised", expect);
  EXPECT_FINDINGS(r, "");
  wnd_result_free(r);
}

static void statutory(const char *code, const char *now, const char *expect) {
  wnd_result *r = at(code, now);
  EXPECT_DEADLINE(r, "statutory", expect);
  wnd_result_free(r);
}

/* ---- BRIEF §4.4 worked examples ---------------------------------------- */

Test(deadlines, brief_2025_01_24_plus_5_workdays) {
  /* 26 Jan (Sun) is a make-up workday; 28 Jan - 4 Feb are skipped */
  promised("DL-5", "2025-01-24T10:00:00+08:00", "2025-02-07");
}

Test(deadlines, brief_2025_09_26_plus_3_workdays) {
  promised("DL-3", "2025-09-26T10:00:00+08:00", "2025-09-30");
}

Test(deadlines, brief_2026_02_13_plus_5_workdays) {
  promised("DL-5", "2026-02-13T10:00:00+08:00", "2026-02-27");
}

Test(deadlines, brief_2026_09_18_plus_10_workdays) {
  promised("DL-10", "2026-09-18T10:00:00+08:00", "2026-10-09");
}

Test(deadlines, brief_2026_04_30_plus_20_workdays) {
  statutory("DL-10", "2026-04-30T10:00:00+08:00", "2026-06-01");
}

/* ---- receipt day and instant ------------------------------------------- */

Test(deadlines, receipt_day_is_not_counted) {
  /* Fri 2026-11-20 + 10 workdays = Fri 2026-12-04; + 20 = Fri 2026-12-18 */
  wnd_result *r = at("DL-10", "2026-11-20T08:00:00+08:00");
  EXPECT_DEADLINE(r, "promised", "2026-12-04");
  EXPECT_DEADLINE(r, "statutory", "2026-12-18");
  wnd_result_free(r);
}

Test(deadlines, just_before_local_midnight) {
  /* Thu 2026-11-19 23:59:30 local: receipt day is the 19th */
  promised("DL-10", "2026-11-19T23:59:30+08:00", "2026-12-03");
  /* the same instant written in UTC */
  promised("DL-10", "2026-11-19T15:59:30Z", "2026-12-03");
  /* one minute later it is Friday the 20th locally, still the 19th in UTC */
  promised("DL-10", "2026-11-19T16:00:30Z", "2026-12-04");
}

Test(deadlines, transfer_across_midnight_is_in_catalog_offset) {
  wnd_result *r = at("DL-10", "2026-11-19T23:50:00+08:00");
  EXPECT_DEADLINE(r, "transfer", "2026-11-20T00:10:00+08:00");
  wnd_result_free(r);
  r = at("DL-10", "2026-11-19T15:50:00Z");
  EXPECT_DEADLINE(r, "transfer", "2026-11-20T00:10:00+08:00");
  wnd_result_free(r);
}

Test(deadlines, receipt_on_a_holiday) {
  /* Sat 2026-10-03 (国庆): 8 Thu, 9 Fri, 10 Sat (make-up), 12 Mon, 13 Tue */
  wnd_result *r = at("DL-5", "2026-10-03T10:00:00+08:00");
  EXPECT_DEADLINE(r, "promised", "2026-10-13");
  /* minutes are added to the instant directly, holiday or not */
  EXPECT_DEADLINE(r, "transfer", "2026-10-03T10:20:00+08:00");
  wnd_result_free(r);
}

Test(deadlines, receipt_on_a_make_up_saturday) {
  /* Sat 2026-02-14 is a working day; the next ones: 24, 25, 26, 27, 28 (Sat) */
  promised("DL-5", "2026-02-14T10:00:00+08:00", "2026-02-28");
  /* Sat 2026-10-10: 12, 13, 14 */
  promised("DL-3", "2026-10-10T10:00:00+08:00", "2026-10-14");
}

Test(deadlines, receipt_on_an_ordinary_weekend) {
  /* Sun 2026-11-22: 23, 24, 25 */
  promised("DL-3", "2026-11-22T10:00:00+08:00", "2026-11-25");
}

Test(deadlines, across_the_year_end) {
  /* Wed 2025-12-31: 1-3 Jan off, 4 Jan (Sun) make-up, 5, 6, 7, 8 */
  wnd_result *r = at("DL-5", "2025-12-31T16:00:00+08:00");
  EXPECT_DEADLINE(r, "promised", "2026-01-08");
  EXPECT_DEADLINE(r, "statutory", "2026-01-29");
  EXPECT_FINDINGS(r, "");
  wnd_result_free(r);
}

Test(deadlines, year_end_receipt_after_local_midnight_in_utc) {
  /* 2025-12-31T16:30Z is 2026-01-01 00:30 local, a holiday */
  promised("DL-3", "2025-12-31T16:30:00Z", "2026-01-06");
}

Test(deadlines, receipt_before_the_first_calendar_year) {
  /* 2024 is not loaded but no 2024 day needs to be counted */
  promised("DL-5", "2024-12-31T10:00:00+08:00", "2025-01-08");
}

/* ---- natural days (§2.1) ------------------------------------------------ */

Test(deadlines, natural_days_on_a_working_day) {
  wnd_result *r = at("DL-N", "2026-11-16T10:00:00+08:00");
  EXPECT_DEADLINE(r, "promised", "2026-11-19");
  EXPECT_DEADLINE(r, "statutory", "2026-11-26");
  wnd_result_free(r);
}

Test(deadlines, natural_days_ending_on_a_weekend_move_to_monday) {
  wnd_result *r = at("DL-N", "2026-11-18T10:00:00+08:00");
  EXPECT_DEADLINE(r, "promised", "2026-11-23");  /* Sat 21 -> Mon 23 */
  EXPECT_DEADLINE(r, "statutory", "2026-11-30"); /* Sat 28 -> Mon 30 */
  wnd_result_free(r);
}

Test(deadlines, natural_days_ending_on_a_holiday_move_to_next_working_day) {
  wnd_result *r = at("DL-N", "2026-09-28T10:00:00+08:00");
  EXPECT_DEADLINE(r, "promised", "2026-10-08"); /* 1 Oct -> 8 Oct */
  EXPECT_DEADLINE(r, "statutory", "2026-10-08");
  wnd_result_free(r);
  /* 2026-01-01 (元旦) -> 4 Jan, a make-up Sunday, is the next working day */
  r = at("DL-N", "2025-12-29T10:00:00+08:00");
  EXPECT_DEADLINE(r, "promised", "2026-01-04");
  EXPECT_DEADLINE(r, "statutory", "2026-01-08");
  wnd_result_free(r);
}

Test(deadlines, natural_days_ending_on_a_make_up_saturday_stay) {
  /* 2026-02-25 + 3 days = Sat 28 Feb, a working day */
  promised("DL-N", "2026-02-25T10:00:00+08:00", "2026-02-28");
}

/* ---- zero limits --------------------------------------------------------- */

Test(deadlines, zero_limit_is_the_receipt_date) {
  wnd_result *r = at("DL-0", "2026-11-20T10:00:00+08:00");
  EXPECT_DEADLINE(r, "promised", "2026-11-20");
  EXPECT_DEADLINE(r, "statutory", "2026-11-20");
  wnd_result_free(r);
  /* even on a holiday, and in the catalog's offset */
  r = at("DL-0", "2026-10-02T20:00:00Z");
  EXPECT_DEADLINE(r, "promised", "2026-10-03");
  EXPECT_DEADLINE(r, "statutory", "2026-10-03");
  wnd_result_free(r);
}

/* ---- which deadlines exist (§4.4) --------------------------------------- */

Test(deadlines, on_spot_acceptance_of_promised_item) {
  wnd_result *r = at("FL-PA", "2026-11-20T10:00:00+08:00");
  EXPECT_DEADLINE(r, "promised", "2026-12-04");
  EXPECT_DEADLINE(r, "statutory", "2026-12-18");
  EXPECT_DEADLINE(r, "transfer", "2026-11-20T10:20:00+08:00");
  EXPECT_DEADLINE(r, "notify", NULL);
  EXPECT_DEADLINE(r, "supplement", NULL);
  wnd_result_free(r);
  r = at("FL-PD", "2026-11-20T10:00:00+08:00");
  EXPECT_DEADLINE(r, "transfer", "2026-11-20T10:20:00+08:00");
  wnd_result_free(r);
}

Test(deadlines, on_spot_acceptance_of_instant_item_has_no_transfer) {
  wnd_result *r = at("FL-IA", "2026-11-20T10:00:00+08:00");
  EXPECT_DEADLINE(r, "transfer", NULL);
  EXPECT_DEADLINE(r, "notify", NULL);
  EXPECT_DEADLINE(r, "promised", "2026-11-20");
  EXPECT_DEADLINE(r, "statutory", "2026-12-18");
  wnd_result_free(r);
}

Test(deadlines, on_spot_completion_has_no_transfer_or_notify) {
  wnd_result *r = at("FL-ID", "2026-11-20T10:00:00+08:00");
  EXPECT_DEADLINE(r, "transfer", NULL);
  EXPECT_DEADLINE(r, "notify", NULL);
  EXPECT_DEADLINE(r, "promised", "2026-11-20");
  wnd_result_free(r);
}

Test(deadlines, receipt_flow_has_notify_and_counts_from_receipt) {
  wnd_result *r = at("FL-PN", "2026-11-20T10:00:00+08:00");
  EXPECT_FLOW(r, WND_FLOW_RECEIPT);
  EXPECT_DEADLINE(r, "notify", "2026-11-27");
  EXPECT_DEADLINE(r, "promised", "2026-12-04");
  EXPECT_DEADLINE(r, "statutory", "2026-12-18");
  EXPECT_DEADLINE(r, "transfer", NULL);
  wnd_result_free(r);
  r = at("FL-IN", "2026-11-20T10:00:00+08:00");
  EXPECT_DEADLINE(r, "notify", "2026-11-27");
  EXPECT_DEADLINE(r, "promised", "2026-11-20");
  EXPECT_DEADLINE(r, "statutory", "2026-12-18");
  EXPECT_DEADLINE(r, "transfer", NULL);
  wnd_result_free(r);
}

Test(deadlines, incomplete_and_rejected_have_no_deadlines) {
  const char *names[] = {"promised", "statutory", "transfer", "notify", "supplement"};
  wnd_result *r = eng_eval("FL-PN", "{}", "2026-11-20T10:00:00+08:00");
  EXPECT_DECISION(r, WND_INCOMPLETE);
  for (size_t i = 0; i < 5; i++) EXPECT_DEADLINE(r, names[i], NULL);
  wnd_result_free(r);
  r = eng_eval("COND", "{\"data\":{\"age\":3,\"address\":\"1号\",\"kind\":\"x\"},\"materials\":{\"form\":{}}}",
               "2026-11-20T10:00:00+08:00");
  EXPECT_DECISION(r, WND_REJECTED);
  for (size_t i = 0; i < 5; i++) EXPECT_DEADLINE(r, names[i], NULL);
  wnd_result_free(r);
}

/* ---- calendar exhaustion (§2.5, §4.4) ----------------------------------- */

static void exhausted(const wnd_result *r, const char *name) {
  const wnd_finding *f = eng_find(r, "calendar_exhausted", name);
  cr_assert(f, "expected calendar_exhausted:%s\n%s", name, eng_json(r));
  cr_assert_eq(f->severity, WND_SEV_WARNING);
  cr_assert_not(f->tolerated);
  EXPECT_DEADLINE(r, name, NULL);
  /* applicant-facing text: Chinese only, no deadline key */
  cr_assert_null(strstr(f->message, name), "message names the key: %s", f->message);
  for (const char *p = f->message; *p; p++)
    cr_assert(!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')),
              "Latin letters in an applicant message: %s", f->message);
}

Test(deadlines, statutory_beyond_the_calendar_is_null_with_warning) {
  /* Thu 2026-12-24 + 5 workdays = Thu 12-31; + 20 needs 2027 */
  wnd_result *r = eng_eval("DL-5", FORM, "2026-12-24T10:00:00+08:00");
  EXPECT_DECISION(r, WND_ACCEPTED);
  EXPECT_FLOW(r, WND_FLOW_ON_SPOT_ACCEPTANCE);
  EXPECT_DOCS(r, "acceptance_notice");
  EXPECT_DEADLINE(r, "promised", "2026-12-31");
  exhausted(r, "statutory");
  EXPECT_FINDINGS(r, "calendar_exhausted:statutory");
  EXPECT_DEADLINE(r, "transfer", "2026-12-24T10:20:00+08:00");
  wnd_result_free(r);
}

Test(deadlines, both_limits_beyond_the_calendar) {
  wnd_result *r = eng_eval("DL-5", FORM, "2026-12-31T10:00:00+08:00");
  EXPECT_DECISION(r, WND_ACCEPTED);
  EXPECT_FINDINGS(r, "calendar_exhausted:promised,calendar_exhausted:statutory");
  exhausted(r, "promised");
  exhausted(r, "statutory");
  wnd_result_free(r);
}

Test(deadlines, natural_days_ending_in_an_unloaded_year) {
  /* 2026-12-30 + 3 days = 2027-01-02: whether it is a working day is unknown */
  wnd_result *r = eng_eval("DL-N", FORM, "2026-12-30T10:00:00+08:00");
  EXPECT_DECISION(r, WND_ACCEPTED);
  EXPECT_FINDINGS(r, "calendar_exhausted:promised,calendar_exhausted:statutory");
  wnd_result_free(r);
}

Test(deadlines, notify_beyond_the_calendar) {
  /* Mon 2026-12-28 + 5 workdays: 29, 30, 31, then 2027 */
  wnd_result *r = eng_eval("FL-PN", FORM, "2026-12-28T10:00:00+08:00");
  EXPECT_DECISION(r, WND_ACCEPTED);
  EXPECT_FLOW(r, WND_FLOW_RECEIPT);
  EXPECT_DOCS(r, "receipt");
  exhausted(r, "notify");
  exhausted(r, "promised");
  exhausted(r, "statutory");
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

Test(receipt, option_now_wins_over_submitted_at) {
  wnd_result *r = eng_eval("FL-PA", "{\"submitted_at\":\"2026-11-18T09:00:00+08:00\","
                                    "\"materials\":{\"form\":{}}}",
                           "2026-11-20T10:00:00+08:00");
  EXPECT_DEADLINE(r, "transfer", "2026-11-20T10:20:00+08:00");
  EXPECT_DEADLINE(r, "promised", "2026-12-04");
  wnd_result_free(r);
}

Test(receipt, submitted_at_wins_over_the_clock) {
  wnd_result *r = eng_eval("FL-PA", "{\"submitted_at\":\"2026-11-18T09:00:00+08:00\","
                                    "\"materials\":{\"form\":{}}}", NULL);
  EXPECT_DEADLINE(r, "transfer", "2026-11-18T09:20:00+08:00");
  EXPECT_DEADLINE(r, "promised", "2026-12-02");
  wnd_result_free(r);
}

Test(receipt, submitted_at_without_offset_is_in_catalog_timezone) {
  wnd_result *r = eng_eval("FL-PA", "{\"submitted_at\":\"2026-11-18T09:00:00\","
                                    "\"materials\":{\"form\":{}}}", NULL);
  EXPECT_DEADLINE(r, "transfer", "2026-11-18T09:20:00+08:00");
  wnd_result_free(r);
}

Test(receipt, submitted_at_in_utc) {
  wnd_result *r = eng_eval("FL-PA", "{\"submitted_at\":\"2026-11-18T01:00:00Z\","
                                    "\"materials\":{\"form\":{}}}", NULL);
  EXPECT_DEADLINE(r, "transfer", "2026-11-18T09:20:00+08:00");
  wnd_result_free(r);
  /* late evening UTC is the next day locally */
  r = eng_eval("DL-3", "{\"submitted_at\":\"2026-11-19T17:00:00Z\",\"materials\":{\"form\":{}}}",
               NULL);
  EXPECT_DEADLINE(r, "promised", "2026-11-25"); /* received Fri 20 locally */
  wnd_result_free(r);
}

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

/* ---- dates in material entries (§4.4) ----------------------------------- */

Test(dates, valid_until_a_date_is_valid_all_that_day) {
  wnd_result *r = eng_eval("DATES", "{\"materials\":{\"cert\":{\"valid_until\":\"2026-11-20\","
                                    "\"issued_at\":\"2026-11-20\"}}}",
                           "2026-11-20T15:00:00+08:00");
  EXPECT_FINDINGS(r, "");
  EXPECT_DECISION(r, WND_ACCEPTED);
  wnd_result_free(r);
}

Test(dates, valid_until_yesterday_is_expired) {
  wnd_result *r = eng_eval("DATES", "{\"materials\":{\"cert\":{\"valid_until\":\"2026-11-19\","
                                    "\"issued_at\":\"2026-11-20\"}}}",
                           "2026-11-20T15:00:00+08:00");
  EXPECT_FINDINGS(r, "cert_expired:cert,valid_until_end_of_day:cert");
  wnd_result_free(r);
}

Test(dates, valid_until_date_against_submitted_at_late_evening) {
  wnd_result *r = eng_eval("DATES", "{\"submitted_at\":\"2026-11-20T23:59:00+08:00\","
                                    "\"materials\":{\"cert\":{\"valid_until\":\"2026-11-20\","
                                    "\"issued_at\":\"2026-11-20\"}}}", NULL);
  EXPECT_FINDINGS(r, "");
  wnd_result_free(r);
}

Test(dates, timestamps_in_entries_keep_their_time) {
  /* no offset: catalog timezone; explicit Z: another instant */
  wnd_result *r = eng_eval("DATES", "{\"materials\":{\"cert\":{\"valid_until\":\"2026-11-20T23:59:59\","
                                    "\"issued_at\":\"2026-11-20T00:00:00\"}}}",
                           "2026-11-20T15:00:00+08:00");
  EXPECT_FINDINGS(r, "");
  wnd_result_free(r);
  r = eng_eval("DATES", "{\"materials\":{\"cert\":{\"valid_until\":\"2026-11-20T12:00:00+08:00\","
                        "\"issued_at\":\"2026-11-20T00:00:00Z\"}}}",
               "2026-11-20T15:00:00+08:00");
  EXPECT_FINDINGS(r, "cert_expired:cert,valid_until_end_of_day:cert,issued_at_start_of_day:cert");
  wnd_result_free(r);
}
