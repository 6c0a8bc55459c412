/*
** Routing, escalation and window choice (SPEC §2.4, §2.7 routing, §4.2
** step 1, §4.4 routing reject, expression errors, escalation, windows).
*/
#include <stdlib.h>

#include "../catalog/fixture.h"
#include "eng.h"

#define NOW "2026-11-20T10:00:00+08:00"

TestSuite(routing, .init = eng_setup, .fini = eng_teardown);

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

/* Window choice (§2.4, §4.4) and the other routing cases are the tests:
** blocks of tests/engine/cat/items/routing.yaml and w-*.yaml (engine-data). */

/* A catalog of n windows w0..w(n-1), priority i each; every third one is
** an output window, which serves nothing.  The chosen window is the last
** one that serves.  Up to 64 windows, a scratch keeps which windows serve
** the item it evaluated last; beyond, each window is asked every time. */
static void windows_of(size_t n, const char *want) {
  size_t cap = n * 160 + 64, len = 0;
  char *y = malloc(cap);
  cr_assert_not_null(y);
  len += (size_t)snprintf(y + len, cap - len, "windows:\n");
  for (size_t i = 0; i < n; i++)
    len += (size_t)snprintf(y + len, cap - len,
                            i % 3 == 2 ? "  - {id: w%zu, name: 出件%zu, kind: output, priority: %zu}\n"
                                       : "  - {id: w%zu, name: 窗口%zu, kind: comprehensive, "
                                         "priority: %zu, serves: {frequency: [high, low]}}\n",
                            i, i, i);
  fx_file f[] = {{"windows.yaml", y}};
  char *dir = fx_make(f, 1);
  wnd_catalog *c = eng_load(eng_env, dir);
  for (int round = 0; round < 2; round++) { /* the second from what the scratch kept */
    wnd_submission *s = eng_sub("{\"applicant\":{\"kind\":\"person\"}}");
    wnd_result *r = NULL;
    cr_assert_eq(wnd_evaluate(&r, c, "A-1", s, NULL), WND_OK);
    EXPECT_ROUTE(r, "window", want);
    EXPECT_ROUTE(r, "output_window", "w2");
    wnd_result_free(r);
    wnd_submission_free(s);
  }
  wnd_catalog_free(c);
  fx_remove(dir);
  free(y);
}

Test(routing, window_of_highest_priority_whatever_the_number_of_windows) {
  windows_of(9, "w7");
  windows_of(64, "w63");
  windows_of(65, "w64");
  windows_of(69, "w67");
}

/* No window serves the item and the catalog has no output window: both
** are null in the result beside the department's texts (route.c copies
** an absent window as a text of length 0, without a block). */
Test(routing, no_serving_and_no_output_window_are_null) {
  fx_file f[] = {{"windows.yaml", "windows:\n"
                                  "  - {id: t, name: 专区, kind: theme, priority: 1, "
                                  "serves: {themes: [无此主题]}}\n"}};
  char *dir = fx_make(f, 1);
  wnd_catalog *c = eng_load(eng_env, dir);
  wnd_submission *s = eng_sub("{\"applicant\":{\"kind\":\"person\"}}");
  wnd_result *r = NULL;
  cr_assert_eq(wnd_evaluate(&r, c, "A-1", s, NULL), WND_OK);
  EXPECT_ROUTE(r, "window", NULL);
  EXPECT_ROUTE(r, "output_window", NULL);
  EXPECT_ROUTE(r, "escalated_from", NULL);
  cr_assert_not_null(wnd_result_route(r, "department"));
  cr_assert_not_null(wnd_result_route(r, "department_name"));
  wnd_result_free(r);
  wnd_submission_free(s);
  wnd_catalog_free(c);
  fx_remove(dir);
}
