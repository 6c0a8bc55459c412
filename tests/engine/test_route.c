/*
** Routing, escalation and window choice (SPEC §2.4, §2.7 routing, §4.2
** step 1, §4.4 routing reject, expression errors, escalation, windows).
*/
#include "eng.h"

#define NOW "2026-11-20T10:00:00+08:00"
#define YOUNG "341522199005151234"
#define OLD "34152219500301123X" /* born 1950-03-01 */

TestSuite(routing, .init = eng_setup, .fini = eng_teardown);
TestSuite(windows, .init = eng_setup, .fini = eng_teardown);

static wnd_result *r_eval(const char *json) { return eng_eval("R", json, NOW); }

Test(routing, no_rule_matches_keeps_item_defaults) {
  wnd_result *r = r_eval("{\"applicant\":{\"region\":\"示范县\"},\"materials\":{\"form\":{}}}");
  EXPECT_FINDINGS(r, "");
  EXPECT_DECISION(r, WND_ACCEPTED);
  EXPECT_ROUTE(r, "department", "market");
  EXPECT_ROUTE(r, "department_name", "测试县市场监督管理局");
  EXPECT_ROUTE(r, "section", "food");
  EXPECT_ROUTE(r, "escalated_from", NULL);
  EXPECT_ROUTE(r, "window", "market_domain");
  EXPECT_ROUTE(r, "output_window", "output");
  wnd_result_free(r);
}

Test(routing, section_rule) {
  wnd_result *r = r_eval("{\"applicant\":{\"region\":\"示范县\"},\"data\":{\"category\":\"单位食堂\"},"
                         "\"materials\":{\"form\":{}}}");
  EXPECT_ROUTE(r, "department", "market");
  EXPECT_ROUTE(r, "section", "canteen");
  EXPECT_ROUTE(r, "escalated_from", NULL);
  wnd_result_free(r);
}

Test(routing, escalation_replaces_department_and_clears_section) {
  wnd_result *r = r_eval("{\"applicant\":{\"region\":\"示范县\"},\"data\":{\"area_m2\":5000.0},"
                         "\"materials\":{\"form\":{}}}");
  EXPECT_DECISION(r, WND_ACCEPTED);
  EXPECT_ROUTE(r, "department", "city_market");
  EXPECT_ROUTE(r, "department_name", "市市场监督管理局");
  EXPECT_ROUTE(r, "section", NULL);
  EXPECT_ROUTE(r, "escalated_from", "market");
  /* the hall still receives it at the window serving the item's own department */
  EXPECT_ROUTE(r, "window", "market_domain");
  wnd_result_free(r);
}

Test(routing, escalation_with_a_section) {
  wnd_result *r = r_eval("{\"applicant\":{\"region\":\"示范县\"},\"data\":{\"area_m2\":2500.0},"
                         "\"materials\":{\"form\":{}}}");
  EXPECT_ROUTE(r, "department", "city_market");
  EXPECT_ROUTE(r, "section", "review");
  EXPECT_ROUTE(r, "escalated_from", "market");
  wnd_result_free(r);
}

Test(routing, first_matching_rule_wins) {
  /* canteen (rule 1) and > 3000 m2 (rule 2) and out of region (rule 4) */
  wnd_result *r = r_eval("{\"applicant\":{\"region\":\"外县\"},"
                         "\"data\":{\"category\":\"单位食堂\",\"area_m2\":5000.0},"
                         "\"materials\":{\"form\":{}}}");
  EXPECT_DECISION(r, WND_ACCEPTED);
  EXPECT_ROUTE(r, "department", "market");
  EXPECT_ROUTE(r, "section", "canteen");
  wnd_result_free(r);
}

Test(routing, reject_is_out_of_jurisdiction_and_stops_evaluation) {
  /* no materials, an invalid declared field: nothing else is reported */
  wnd_result *r = r_eval("{\"fast_track\":true,\"applicant\":{\"region\":\"外县\"},"
                         "\"data\":{\"category\":5}}");
  EXPECT_FINDINGS(r, "out_of_jurisdiction:");
  const wnd_finding *f = eng_find(r, "out_of_jurisdiction", NULL);
  cr_assert_eq(f->severity, WND_SEV_ERROR);
  cr_assert_null(f->subject);
  cr_assert(strstr(f->message, "不属于本机关职权范围，请向所在地市场监管部门申请"),
            "the redirect message: %s", f->message);
  cr_assert_not(f->tolerated);
  cr_assert_str_eq(f->rule_file, "items/routing.yaml");
  EXPECT_DECISION(r, WND_REJECTED);
  EXPECT_FLOW(r, WND_FLOW_NONE);
  EXPECT_DOCS(r, "rejection_notice");
  EXPECT_DEADLINE(r, "promised", NULL);
  EXPECT_DEADLINE(r, "transfer", NULL);
  wnd_result_free(r);
}

Test(routing, undetermined_rule_does_not_match) {
  /* applicant.region absent: rule 4 errors */
  wnd_result *r = r_eval("{\"materials\":{\"form\":{}}}");
  EXPECT_FINDINGS(r, "routing_undetermined:routing:4");
  const wnd_finding *f = eng_find(r, "routing_undetermined", "routing:4");
  cr_assert_eq(f->severity, WND_SEV_ERROR);
  /* the rule's number is for the clerk (subject, rule location), not the applicant */
  cr_assert_null(strstr(f->message, "规则"), "internal words in: %s", f->message);
  cr_assert_null(strstr(f->message, "4"), "rule number in: %s", f->message);
  EXPECT_DECISION(r, WND_INCOMPLETE);
  EXPECT_FLOW(r, WND_FLOW_NONE);
  EXPECT_DOCS(r, "correction_notice");
  EXPECT_ROUTE(r, "department", "market");
  wnd_result_free(r);
}

Test(routing, undetermined_is_reported_with_other_problems) {
  wnd_result *r = r_eval("{}");
  EXPECT_FINDINGS(r, "routing_undetermined:routing:4,material_missing:form");
  wnd_result_free(r);
}

/* ---- windows (§2.4, §4.4) ------------------------------------------------ */

static void window_is(const char *code, const char *json, const char *win, const char *out) {
  wnd_result *r = eng_eval(code, json, NOW);
  EXPECT_ROUTE(r, "window", win);
  EXPECT_ROUTE(r, "output_window", out);
  /* a window `when` that errors is no finding */
  EXPECT_FINDINGS(r, "");
  wnd_result_free(r);
}

Test(windows, highest_priority_among_matching) {
  /* W-HH (health, high): general 0, high_only 1, health_prof 0 */
  window_is("W-HH", "{}", "high_only", "output");
}

Test(windows, ties_broken_by_file_order) {
  /* W-HL (health, low): general 0 and health_prof 0 -> general (first) */
  window_is("W-HL", "{}", "general", "output");
}

Test(windows, negative_list_item_never_gets_a_comprehensive_window) {
  /* W-NEG (health, high, comprehensive: false): not general/high_only */
  window_is("W-NEG", "{}", "health_prof", "output");
}

Test(windows, negative_list_item_without_other_window_gets_none) {
  window_is("W-NEG2", "{}", NULL, "output");
}

Test(windows, explicit_item_window_and_output_window) {
  window_is("W-EXPL", "{}", "health_prof", "output2");
  /* even when a higher-priority special window's `when` is true */
  window_is("W-EXPL", "{\"applicant\":{\"id_number\":\"" OLD "\"}}", "health_prof", "output2");
}

Test(windows, departments_criterion) {
  window_is("W-M", "{}", "market_domain", "output");
}

Test(windows, themes_match_any_listed_theme) {
  /* W-HT has themes [其他, 退休]; theme_win serves [企业开办, 退休] */
  window_is("W-HT", "{}", "theme_win", "output");
  /* W-MT2 (market, [企业开办]): theme_win 6 > market_domain 5 */
  window_is("W-MT2", "{}", "theme_win", "output");
}

Test(windows, every_serves_criterion_must_match) {
  /* combo serves departments [market] AND themes [退休] (priority 7) */
  window_is("W-MT", "{}", "combo", "output");
  window_is("W-HT", "{}", "theme_win", "output"); /* health: not combo */
}

Test(windows, when_true_false_error) {
  window_is("W-MT2", "{\"applicant\":{\"id_number\":\"" OLD "\"}}", "elderly", "output");
  window_is("W-MT2", "{\"applicant\":{\"id_number\":\"" YOUNG "\"}}", "theme_win", "output");
  window_is("W-MT2", "{}", "theme_win", "output");
  window_is("W-MT2", "{\"applicant\":{\"id_number\":42}}", "theme_win", "output");
}

Test(windows, special_window_is_not_comprehensive) {
  window_is("W-NEG", "{\"applicant\":{\"id_number\":\"" OLD "\"}}", "elderly", "output");
}

Test(windows, when_sees_the_receipt_instant) {
  /* born 1966-11-21: 59 on 2026-11-20, 60 on 2026-11-21 */
  const char *sub = "{\"applicant\":{\"id_number\":\"34152219661121123X\"}}";
  wnd_result *r = eng_eval("W-M", sub, "2026-11-20T10:00:00+08:00");
  EXPECT_ROUTE(r, "window", "market_domain");
  wnd_result_free(r);
  r = eng_eval("W-M", sub, "2026-11-21T10:00:00+08:00");
  EXPECT_ROUTE(r, "window", "elderly");
  wnd_result_free(r);
  /* born 1966-11-20: 60 on the 20th */
  r = eng_eval("W-M", "{\"applicant\":{\"id_number\":\"341522196611201234\"}}",
               "2026-11-20T10:00:00+08:00");
  EXPECT_ROUTE(r, "window", "elderly");
  wnd_result_free(r);
}

Test(windows, escalated_item_keeps_window_of_its_own_department) {
  wnd_result *r = r_eval("{\"applicant\":{\"region\":\"示范县\"},\"data\":{\"area_m2\":5000.0},"
                         "\"materials\":{\"form\":{}}}");
  EXPECT_ROUTE(r, "window", "market_domain");
  EXPECT_ROUTE(r, "output_window", "output");
  wnd_result_free(r);
}
