/*
** Fast track (容缺), flows and documents (SPEC §4.2 steps 5-8, §4.4 gaps,
** fast-track refusal reasons, flow with gaps, documents exactly).
*/
#include "eng.h"

#define NOW "2026-11-20T10:00:00+08:00" /* a Friday */

TestSuite(fast_track, .init = eng_setup, .fini = eng_teardown);
TestSuite(flows, .init = eng_setup, .fini = eng_teardown);

static void gap(const wnd_result *r, const char *code, const char *subject, const char *due) {
  const wnd_finding *f = eng_find(r, code, subject);
  cr_assert(f, "expected %s:%s\n%s", code, subject, eng_json(r));
  cr_assert_eq(f->severity, WND_SEV_ERROR);
  cr_assert(f->tolerated, "%s:%s should be a tolerated gap\n%s", code, subject, eng_json(r));
  cr_assert(f->due && !strcmp(f->due, due), "%s:%s due: expected %s, got %s\n%s", code, subject,
            due, f->due ? f->due : "null", eng_json(r));
}

static void not_tolerated(const wnd_result *r) {
  for (size_t i = 0; i < wnd_result_finding_count(r); i++) {
    const wnd_finding *f = wnd_result_finding(r, i);
    cr_assert_not(f->tolerated, "%s:%s tolerated in a %s result\n%s", f->code,
                  f->subject ? f->subject : "null", wnd_decision_name(wnd_result_decision(r)),
                  eng_json(r));
    cr_assert_null(f->due, "%s has a due date outside accepted_with_gaps", f->code);
  }
}

static void refusal(const wnd_result *r, const char *code) {
  const wnd_finding *f = eng_find(r, code, NULL);
  cr_assert(f, "expected %s with a null subject\n%s", code, eng_json(r));
  cr_assert_eq(f->severity, WND_SEV_INFO, "%s must be info", code);
  cr_assert_not(f->tolerated);
}

Test(fast_track, check_code_does_not_decide_what_a_finding_is_about) {
  /* a material check coded field_lease_expired is still about the material
  ** (it was taken for a field problem by its prefix and refused fast track) */
  wnd_result *r = eng_eval("FT-KIND", "{\"fast_track\":true,\"materials\":{"
                           "\"application_form\":{},\"lease\":{\"valid_until\":\"2026-01-01\"}}}", NOW);
  EXPECT_FINDINGS(r, "field_lease_expired:lease");
  EXPECT_DECISION(r, WND_ACCEPTED_WITH_GAPS);
  gap(r, "field_lease_expired", "lease", "2026-11-27");
  wnd_result_free(r);
}

Test(fast_track, gaps_beyond_64_are_counted) {
  /* 65 missing tolerable materials against max_gaps 64 (the count stopped at 64) */
  wnd_result *r = eng_eval("FT-MANY", "{\"fast_track\":true}", NOW);
  EXPECT_DECISION(r, WND_INCOMPLETE);
  EXPECT_FINDING(r, "fast_track_too_many_gaps", NULL);
  wnd_result_free(r);
}

Test(fast_track, eligible_error_is_not_eligible) {
  /* FT-EE: eligible: data.score > 5, data.score absent */
  wnd_result *r = eng_eval("FT-EE", "{\"fast_track\":true}", NOW);
  EXPECT_FINDINGS(r, "material_missing:layout_plan,fast_track_ineligible:");
  EXPECT_DECISION(r, WND_INCOMPLETE);
  wnd_result_free(r);
  r = eng_eval("FT-EE", "{\"fast_track\":true,\"data\":{\"score\":9}}", NOW);
  EXPECT_FINDINGS(r, "material_missing:layout_plan");
  EXPECT_DECISION(r, WND_ACCEPTED_WITH_GAPS);
  gap(r, "material_missing", "layout_plan", "2026-11-27");
  wnd_result_free(r);
}

Test(fast_track, disabled_alone_when_the_item_has_none) {
  /* NOFT: no fast_track; form (not tolerable) and layout_plan missing */
  wnd_result *r = eng_eval("NOFT", "{\"fast_track\":true}", NOW);
  EXPECT_FINDINGS(r, "material_missing:form,material_missing:layout_plan,fast_track_disabled:");
  refusal(r, "fast_track_disabled");
  EXPECT_DECISION(r, WND_INCOMPLETE);
  not_tolerated(r);
  wnd_result_free(r);
  r = eng_eval("NOFT", "{\"fast_track\":true,\"materials\":{\"form\":{}}}", NOW);
  EXPECT_FINDINGS(r, "material_missing:layout_plan,fast_track_disabled:");
  wnd_result_free(r);
}

Test(fast_track, disabled_when_enabled_false) {
  wnd_result *r = eng_eval("FT-OFF", "{\"fast_track\":true}", NOW);
  EXPECT_FINDINGS(r, "material_missing:layout_plan,fast_track_disabled:");
  EXPECT_DECISION(r, WND_INCOMPLETE);
  wnd_result_free(r);
}

Test(fast_track, rejected_never_accepted_with_gaps) {
  /* a routing reject or condition_failed wins over fast track */
  wnd_result *r = eng_eval("COND", "{\"fast_track\":true,\"data\":{\"age\":10,\"address\":\"路1号\","
                                   "\"kind\":\"normal\"}}", NOW);
  EXPECT_DECISION(r, WND_REJECTED);
  EXPECT_DOCS(r, "rejection_notice");
  wnd_result_free(r);
}

/* ---- flows and documents (§4.2 steps 6 and 8, §4.4) -------------------- */

static void flow_case(const char *code, wnd_flow flow, const char *docs) {
  wnd_result *r = eng_eval(code, "{\"materials\":{\"form\":{}}}", NOW);
  EXPECT_DECISION(r, WND_ACCEPTED);
  EXPECT_FLOW(r, flow);
  EXPECT_DOCS(r, docs);
  wnd_result_free(r);
  r = eng_eval(code, "{}", NOW);
  EXPECT_FINDINGS(r, "material_missing:form");
  EXPECT_DECISION(r, WND_INCOMPLETE);
  EXPECT_FLOW(r, WND_FLOW_NONE);
  EXPECT_DOCS(r, "correction_notice");
  wnd_result_free(r);
}

Test(flows, instant_decide_completes_on_the_spot) {
  flow_case("FL-ID", WND_FLOW_ON_SPOT_COMPLETION, "acceptance_notice");
}

Test(flows, instant_accept_is_on_spot_acceptance) {
  flow_case("FL-IA", WND_FLOW_ON_SPOT_ACCEPTANCE, "acceptance_notice");
}

Test(flows, promised_decide_is_on_spot_acceptance) {
  flow_case("FL-PD", WND_FLOW_ON_SPOT_ACCEPTANCE, "acceptance_notice");
}

Test(flows, promised_accept_is_on_spot_acceptance) {
  flow_case("FL-PA", WND_FLOW_ON_SPOT_ACCEPTANCE, "acceptance_notice");
}

Test(flows, promised_without_authority_is_receipt) {
  flow_case("FL-PN", WND_FLOW_RECEIPT, "receipt");
}

Test(flows, instant_without_authority_is_receipt) {
  flow_case("FL-IN", WND_FLOW_RECEIPT, "receipt");
}

Test(flows, gaps_on_an_instant_decide_item_are_on_spot_acceptance) {
  wnd_result *r = eng_eval("FTI", "{\"fast_track\":true,\"materials\":{\"form\":{}}}", NOW);
  EXPECT_DECISION(r, WND_ACCEPTED_WITH_GAPS);
  EXPECT_FLOW(r, WND_FLOW_ON_SPOT_ACCEPTANCE);
  EXPECT_DOCS(r, "gap_notice,gap_commitment");
  gap(r, "material_missing", "layout_plan", "2026-11-27");
  EXPECT_DEADLINE(r, "transfer", NULL); /* instant item */
  wnd_result_free(r);
  /* without gaps the same item completes on the spot */
  r = eng_eval("FTI", "{\"fast_track\":true,\"materials\":{\"form\":{},\"layout_plan\":{}}}", NOW);
  EXPECT_FLOW(r, WND_FLOW_ON_SPOT_COMPLETION);
  wnd_result_free(r);
}

Test(flows, issue_before_supplement_completes_with_gaps) {
  wnd_result *r = eng_eval("FTI2", "{\"fast_track\":true,\"materials\":{\"form\":{}}}", NOW);
  EXPECT_DECISION(r, WND_ACCEPTED_WITH_GAPS);
  EXPECT_FLOW(r, WND_FLOW_ON_SPOT_COMPLETION);
  EXPECT_DOCS(r, "gap_notice,gap_commitment");
  wnd_result_free(r);
}

Test(flows, gaps_in_the_receipt_flow) {
  wnd_result *r = eng_eval("FTR", "{\"fast_track\":true,\"materials\":{\"form\":{}}}", NOW);
  EXPECT_DECISION(r, WND_ACCEPTED_WITH_GAPS);
  EXPECT_FLOW(r, WND_FLOW_RECEIPT);
  EXPECT_DOCS(r, "receipt,gap_commitment");
  gap(r, "material_missing", "layout_plan", "2026-11-27");
  EXPECT_DEADLINE(r, "notify", "2026-11-27");
  EXPECT_DEADLINE(r, "promised", "2026-12-04");
  EXPECT_DEADLINE(r, "statutory", "2026-12-18");
  EXPECT_DEADLINE(r, "transfer", NULL);
  EXPECT_DEADLINE(r, "supplement", "2026-11-27");
  wnd_result_free(r);
}

Test(flows, rejected_documents_and_flow) {
  wnd_result *r = eng_eval("COND", "{\"data\":{\"age\":10,\"address\":\"路1号\",\"kind\":\"normal\"},"
                                   "\"materials\":{\"form\":{}}}", NOW);
  EXPECT_DECISION(r, WND_REJECTED);
  EXPECT_FLOW(r, WND_FLOW_NONE);
  EXPECT_DOCS(r, "rejection_notice");
  wnd_result_free(r);
}
