/*
** Decision procedure (SPEC §4.2 steps 2-5, §4.4): declared fields,
** conditions, materials, variables always bound.
*/
#include "eng.h"

#define NOW "2026-11-20T10:00:00+08:00"

TestSuite(fields, .init = eng_setup, .fini = eng_teardown);
TestSuite(conditions, .init = eng_setup, .fini = eng_teardown);
TestSuite(materials, .init = eng_setup, .fini = eng_teardown);
TestSuite(variables, .init = eng_setup, .fini = eng_teardown);

/* ---- declared fields (§4.2 step 2) ------------------------------------ */

static wnd_result *fld(const char *json) { return eng_eval("FLD", json, NOW); }

/* The FLD item gets "field_invalid" for `path` and nothing else. */
static void only_invalid(const char *json, const char *path) {
  wnd_result *r = fld(json);
  char exp[256];
  snprintf(exp, sizeof exp, "field_invalid:%s", path);
  EXPECT_FINDINGS(r, exp);
  EXPECT_DECISION(r, WND_INCOMPLETE);
  const wnd_finding *f = eng_find(r, "field_invalid", path);
  cr_assert_eq(f->severity, WND_SEV_ERROR);
  cr_assert_not(f->tolerated);
  cr_assert_null(f->due);
  wnd_result_free(r);
}

Test(fields, required_field_absent_is_field_missing) {
  wnd_result *r = fld("{}");
  EXPECT_FINDINGS(r, "field_missing:applicant.kind");
  EXPECT_DECISION(r, WND_INCOMPLETE);
  const wnd_finding *f = eng_find(r, "field_missing", "applicant.kind");
  cr_assert_eq(f->severity, WND_SEV_ERROR);
  cr_assert(f->message && *f->message, "a field_missing needs a message");
  cr_assert_str_eq(f->rule_file, "items/fields.yaml");
  EXPECT_DOCS(r, "correction_notice");
  EXPECT_FLOW(r, WND_FLOW_NONE);
  wnd_result_free(r);
}

Test(fields, required_field_null_is_not_a_value) {
  /* null is not a string: either missing or invalid, never accepted. */
  wnd_result *r = fld("{\"applicant\":{\"kind\":null}}");
  cr_assert(eng_find(r, "field_missing", "applicant.kind") ||
                eng_find(r, "field_invalid", "applicant.kind"),
            "null for a required string field was accepted\n%s", eng_json(r));
  EXPECT_DECISION(r, WND_INCOMPLETE);
  wnd_result_free(r);
}

/* The other field cases (types, bounds, patterns, dates) are data: the
** tests: block of tests/engine/cat/items/fields.yaml (meson test engine-data).
** Here: what a finding carries, which the tests: block cannot say. */
Test(fields, enum_violation) {
  only_invalid("{\"applicant\":{\"kind\":\"robot\"}}", "applicant.kind");
}

/* ---- conditions (§4.2 step 3, §4.4 expression errors) ----------------- */
/* Most cases are the tests: block of tests/engine/cat/items/conditions.yaml. */

Test(conditions, reject_condition_failed) {
  wnd_result *r = eng_eval(
      "COND", "{\"data\":{\"age\":16,\"address\":\"解放路8号\",\"kind\":\"normal\"},\"materials\":{\"form\":{}}}",
      NOW);
  EXPECT_FINDINGS(r, "condition_failed:adult");
  EXPECT_DECISION(r, WND_REJECTED);
  EXPECT_FLOW(r, WND_FLOW_NONE);
  EXPECT_DOCS(r, "rejection_notice");
  const wnd_finding *f = eng_find(r, "condition_failed", "adult");
  cr_assert_eq(f->severity, WND_SEV_ERROR);
  cr_assert(strstr(f->message, "申请人应当年满十八周岁"), "message: %s", f->message);
  cr_assert_str_eq(f->rule_file, "items/conditions.yaml");
  EXPECT_DEADLINE(r, "promised", NULL);
  EXPECT_DEADLINE(r, "statutory", NULL);
  EXPECT_DEADLINE(r, "transfer", NULL);
  wnd_result_free(r);
}

Test(conditions, correct_condition_is_correctable) {
  wnd_result *r = eng_eval(
      "COND", "{\"data\":{\"age\":30,\"address\":\"解放路\",\"kind\":\"normal\"},\"materials\":{\"form\":{}}}",
      NOW);
  EXPECT_FINDINGS(r, "condition_correctable:address_specific");
  cr_assert_eq(eng_find(r, "condition_correctable", "address_specific")->severity, WND_SEV_ERROR);
  EXPECT_DECISION(r, WND_INCOMPLETE);
  EXPECT_FLOW(r, WND_FLOW_NONE);
  EXPECT_DOCS(r, "correction_notice");
  EXPECT_DEADLINE(r, "promised", NULL);
  wnd_result_free(r);
}

Test(conditions, require_error_is_undetermined_not_true_nor_failed) {
  /* data.age absent: `data.age >= 18` errors */
  wnd_result *r = eng_eval(
      "COND", "{\"data\":{\"address\":\"解放路8号\",\"kind\":\"normal\"},\"materials\":{\"form\":{}}}", NOW);
  EXPECT_FINDINGS(r, "condition_undetermined:adult");
  cr_assert_eq(eng_find(r, "condition_undetermined", "adult")->severity, WND_SEV_ERROR);
  EXPECT_DECISION(r, WND_INCOMPLETE);
  EXPECT_DOCS(r, "correction_notice");
  wnd_result_free(r);
}

/* ---- materials (§4.2 step 4) ------------------------------------------ */
/* Most cases are the tests: block of tests/engine/cat/items/materials.yaml. */

#define MAT_PERSON "{\"applicant\":{\"kind\":\"person\"},\"data\":{\"has_vehicle\":false},"

static wnd_result *mat(const char *json) { return eng_eval("MAT", json, NOW); }

Test(materials, missing_material) {
  wnd_result *r = mat(MAT_PERSON "\"materials\":{\"form\":{\"copies\":2},\"lease_contract\":{},"
                      "\"cert\":{\"valid_until\":\"2027-01-01\",\"number\":\"ZG1\"}}}");
  EXPECT_FINDINGS(r, "material_missing:id_card");
  const wnd_finding *f = eng_find(r, "material_missing", "id_card");
  cr_assert_eq(f->severity, WND_SEV_ERROR);
  cr_assert(strstr(f->message, "居民身份证"), "the message names the material: %s", f->message);
  cr_assert_not(f->tolerated);
  cr_assert_null(f->due);
  EXPECT_DECISION(r, WND_INCOMPLETE);
  EXPECT_DOCS(r, "correction_notice");
  wnd_result_free(r);
}

Test(materials, insufficient_copies) {
  wnd_result *r = mat(MAT_PERSON "\"materials\":{\"id_card\":{},\"form\":{\"copies\":1},"
                      "\"lease_contract\":{},\"cert\":{\"valid_until\":\"2027-01-01\",\"number\":\"ZG1\"}}}");
  EXPECT_FINDINGS(r, "material_insufficient_copies:form");
  cr_assert_eq(eng_find(r, "material_insufficient_copies", "form")->severity, WND_SEV_ERROR);
  EXPECT_DECISION(r, WND_INCOMPLETE);
  wnd_result_free(r);
}

Test(materials, wrong_form) {
  wnd_result *r = mat(MAT_PERSON "\"materials\":{\"id_card\":{},\"form\":{\"form\":\"copy\",\"copies\":2},"
                      "\"lease_contract\":{},\"cert\":{\"valid_until\":\"2027-01-01\",\"number\":\"ZG1\"}}}");
  EXPECT_FINDINGS(r, "material_wrong_form:form");
  cr_assert_eq(eng_find(r, "material_wrong_form", "form")->severity, WND_SEV_ERROR);
  wnd_result_free(r);
}

Test(materials, any_of_with_no_member_is_missing) {
  wnd_result *r = mat(MAT_PERSON "\"materials\":{\"id_card\":{},\"form\":{\"copies\":2},"
                      "\"cert\":{\"valid_until\":\"2027-01-01\",\"number\":\"ZG1\"}}}");
  EXPECT_FINDINGS(r, "material_missing:premises");
  cr_assert(strstr(eng_find(r, "material_missing", "premises")->message, "场所证明"));
  wnd_result_free(r);
}

Test(materials, failing_check_default_code) {
  wnd_result *r = mat(MAT_PERSON "\"materials\":{\"id_card\":{},\"form\":{\"copies\":2},"
                      "\"lease_contract\":{},\"cert\":{\"valid_until\":\"2026-01-01\",\"number\":\"ZG1\"}}}");
  EXPECT_FINDINGS(r, "material_check_failed:cert");
  const wnd_finding *f = eng_find(r, "material_check_failed", "cert");
  cr_assert_eq(f->severity, WND_SEV_ERROR);
  cr_assert(strstr(f->message, "资格证书已过期"), "message: %s", f->message);
  EXPECT_DECISION(r, WND_INCOMPLETE);
  wnd_result_free(r);
}

Test(materials, failing_check_custom_code) {
  wnd_result *r = mat(MAT_PERSON "\"materials\":{\"id_card\":{},\"form\":{\"copies\":2},"
                      "\"lease_contract\":{},\"cert\":{\"valid_until\":\"2027-01-01\",\"number\":\"X1\"}}}");
  EXPECT_FINDINGS(r, "material_number_invalid:cert");
  const wnd_finding *f = eng_find(r, "material_number_invalid", "cert");
  cr_assert_eq(f->severity, WND_SEV_ERROR);
  cr_assert(strstr(f->message, "资格证书编号无效"), "message: %s", f->message);
  EXPECT_DECISION(r, WND_INCOMPLETE);
  wnd_result_free(r);
}

#define MAT_AGENT "{\"applicant\":{\"kind\":\"organization\"},\"agent\":{\"name\":\"王五\"},\"data\":{\"has_vehicle\":false},"
#define MAT_ORG_MATS "\"form\":{\"copies\":2},\"lease_contract\":{},\"cert\":{\"valid_until\":\"2027-01-01\",\"number\":\"ZG1\"}"

Test(materials, library_use_with_overridden_name) {
  wnd_result *r = mat(MAT_AGENT "\"materials\":{" MAT_ORG_MATS "}}");
  EXPECT_FINDINGS(r, "material_missing:power_of_attorney");
  const wnd_finding *f = eng_find(r, "material_missing", "power_of_attorney");
  cr_assert(strstr(f->message, "委托书（经公证）"), "the overridden name: %s", f->message);
  wnd_result_free(r);
}

Test(materials, library_use_with_overridden_forms) {
  /* the library allows original; the item overrides forms: [copy] */
  wnd_result *r = mat(MAT_AGENT "\"materials\":{" MAT_ORG_MATS
                      ",\"power_of_attorney\":{\"form\":\"original\",\"copies\":2}}}");
  EXPECT_FINDINGS(r, "material_wrong_form:power_of_attorney");
  wnd_result_free(r);
}

Test(materials, library_use_with_overridden_copies) {
  /* the library needs 1 copy; the item overrides copies: 2 */
  wnd_result *r = mat(MAT_AGENT "\"materials\":{" MAT_ORG_MATS
                      ",\"power_of_attorney\":{\"form\":\"copy\",\"copies\":1}}}");
  EXPECT_FINDINGS(r, "material_insufficient_copies:power_of_attorney");
  wnd_result_free(r);
  r = mat(MAT_AGENT "\"materials\":{" MAT_ORG_MATS
          ",\"power_of_attorney\":{\"form\":\"copy\",\"copies\":2}}}");
  EXPECT_FINDINGS(r, "");
  EXPECT_DECISION(r, WND_ACCEPTED);
  wnd_result_free(r);
}

Test(materials, library_forms_apply_when_not_overridden) {
  /* id_card comes from the library: forms [original, e_license] */
  wnd_result *r = mat(MAT_PERSON "\"materials\":{\"id_card\":{\"form\":\"copy\"},\"form\":{\"copies\":2},"
                      "\"lease_contract\":{},\"cert\":{\"valid_until\":\"2027-01-01\",\"number\":\"ZG1\"}}}");
  EXPECT_FINDINGS(r, "material_wrong_form:id_card");
  wnd_result_free(r);
}

/* The one finding of a submission, of this code and subject, whose
** message contains `part`. */
static void expect_one_message(const char *json, const char *code, const char *subject,
                               const char *part) {
  wnd_result *r = mat(json);
  char want[128];
  snprintf(want, sizeof want, "%s:%s", code, subject);
  EXPECT_FINDINGS(r, want);
  const char *msg = eng_find(r, code, subject)->message;
  cr_assert(strstr(msg, part), "expected \"%s\" in: %s", part, msg);
  wnd_result_free(r);
}

#define MAT_FORM_ONLY(entry)                                                         \
  MAT_PERSON "\"materials\":{\"id_card\":{},\"form\":" entry ",\"lease_contract\":{}," \
             "\"cert\":{\"valid_until\":\"2027-01-01\",\"number\":\"ZG1\"}}}"

/* decide.c works out an entry's form once (entry_form): the texts of what
** was submitted stay those of the entry as given. */
Test(materials, wrong_form_names_what_was_submitted) {
  /* no form is an original */
  expect_one_message(MAT_AGENT "\"materials\":{" MAT_ORG_MATS ",\"power_of_attorney\":{\"copies\":2}}}",
                     "material_wrong_form", "power_of_attorney", "应提交复印件，实际提交的是原件");
  expect_one_message(MAT_FORM_ONLY("{\"form\":5,\"copies\":2}"), "material_wrong_form", "form",
                     "实际提交的是无效形式");
  /* copies count for paper only */
  expect_one_message(MAT_FORM_ONLY("{\"form\":\"electronic\",\"copies\":0}"),
                     "material_wrong_form", "form", "实际提交的是电子文件");
  /* copies that are not a number count none */
  expect_one_message(MAT_FORM_ONLY("{\"copies\":\"2\"}"), "material_insufficient_copies", "form",
                     "需提交2份，实际0份");
}

Test(materials, every_problem_is_reported_not_the_first) {
  wnd_result *r = mat("{\"applicant\":{\"kind\":\"person\"},\"agent\":{\"name\":\"x\"},"
                      "\"data\":{\"has_vehicle\":true},"
                      "\"materials\":{\"form\":{\"form\":\"copy\"},"
                      "\"cert\":{\"valid_until\":\"2020-01-01\",\"form\":\"electronic\"},"
                      "\"power_of_attorney\":{\"form\":\"copy\"}}}");
  EXPECT_FINDINGS(r, "material_missing:id_card,material_wrong_form:form,"
                     "material_insufficient_copies:form,material_missing:premises,"
                     "material_wrong_form:cert,material_check_failed:cert,"
                     "material_number_invalid:cert,material_missing:vehicle_license,"
                     "material_insufficient_copies:power_of_attorney");
  EXPECT_DECISION(r, WND_INCOMPLETE);
  wnd_result_free(r);
}

/* ---- variables always bound (§4.4) ------------------------------------- */

Test(variables, absent_maps_are_empty_maps) {
  wnd_result *r = eng_eval("VARS", "{}", NOW);
  /* size(applicant) == 0 holds; size(data/materials/agent) do not error;
  ** has(agent.name) is false so the power of attorney is not required */
  EXPECT_FINDINGS(r, "condition_correctable:applicant_empty");
  EXPECT_DECISION(r, WND_INCOMPLETE);
  wnd_result_free(r);
}

Test(variables, has_agent_name_false_without_agent) {
  wnd_result *r = eng_eval("VARS", "{\"applicant\":{\"name\":\"张三\"}}", NOW);
  EXPECT_FINDINGS(r, "");
  EXPECT_DECISION(r, WND_ACCEPTED);
  wnd_result_free(r);
  r = eng_eval("VARS", "{\"applicant\":{\"name\":\"张三\"},\"agent\":{\"name\":\"李四\"}}", NOW);
  EXPECT_FINDINGS(r, "material_missing:power_of_attorney");
  wnd_result_free(r);
}

Test(variables, item_channel_fast_track_materials_now) {
  wnd_result *r = eng_eval("VAR2", "{\"channel\":\"online\",\"fast_track\":true,"
                                   "\"data\":{\"expect_channel\":\"online\",\"expect_ft\":true,"
                                   "\"has_form\":true,\"check_now\":1},\"materials\":{\"form\":{}}}",
                           NOW);
  EXPECT_FINDINGS(r, "");
  wnd_result_free(r);
  r = eng_eval("VAR2", "{\"channel\":\"window\",\"fast_track\":false,"
                       "\"data\":{\"expect_channel\":\"online\",\"expect_ft\":true,"
                       "\"has_form\":true,\"check_now\":1}}",
               "2026-11-20T10:00:01+08:00");
  EXPECT_FINDINGS(r, "condition_failed:channel_var,condition_failed:fast_track_var,"
                     "condition_failed:materials_var,condition_failed:now_var");
  wnd_result_free(r);
}

Test(variables, item_is_the_evaluated_one_after_another_item) {
  /* one thread: every evaluation takes the same scratch, which keeps the
  ** `item` map of the item it evaluated last */
  for (int round = 0; round < 2; round++) {
    wnd_result *r = eng_eval("FLD", "{\"applicant\":{\"kind\":\"person\"}}", NOW);
    EXPECT_FINDINGS(r, "");
    wnd_result_free(r);
    r = eng_eval("VAR2", "{}", NOW);
    EXPECT_FINDINGS(r, "");
    wnd_result_free(r);
  }
}

Test(variables, fast_track_absent_is_false) {
  wnd_result *r = eng_eval("VAR2", "{\"data\":{\"expect_ft\":false}}", NOW);
  EXPECT_FINDINGS(r, "");
  wnd_result_free(r);
}

Test(variables, item_found_by_code_in_a_reused_buffer) {
  /* wnd_evaluate remembers the item it found last (per scratch): a caller
  ** that rewrites one buffer with other codes, a bundle id, and a code
  ** that names nothing must still get each code's own answer */
  wnd_submission *s = eng_sub("{\"applicant\":{\"kind\":\"person\"}}");
  const char *codes[] = {"FLD", "FLD", "VAR2", "FLD", "FLX", "NO-SUCH-ITEM", "startup", "FLD"};
  char buf[32];
  for (size_t i = 0; i < sizeof codes / sizeof *codes; i++) {
    snprintf(buf, sizeof buf, "%s", codes[i]);
    wnd_result *r = NULL;
    int st = wnd_evaluate(&r, eng_cat, buf, s, NULL);
    if (!strcmp(codes[i], "NO-SUCH-ITEM") || !strcmp(codes[i], "FLX")) {
      cr_assert_eq(st, WND_ENOTFOUND);
      continue;
    }
    cr_assert_eq(st, WND_OK, "%s: %s", codes[i], wnd_env_errmsg(eng_env));
    if (!strcmp(codes[i], "startup"))
      cr_assert(wnd_result_is_bundle(r));
    else
      cr_assert_str_eq(wnd_result_item_code(r), codes[i]);
    wnd_result_free(r);
  }
  wnd_submission_free(s);
}

/* "缺少：" and a name of 390 bytes fill the 400-byte buffer (399 bytes and
** the NUL); names of 391 and 393 bytes are cut to the same 399 bytes (decide.c writes
** the common case without wnd__join, which cuts the long one). */
Test(materials, missing_text_at_the_edge) {
  wnd_result *r = eng_eval("LONGEDGE", "{}", NOW);
  char want[400] = "缺少：";
  for (int i = 0; i < 130; i++) strcat(want, "长");
  cr_assert_eq(strlen(want), 399);
  cr_assert_str_eq(eng_find(r, "material_missing", "fits")->message, want);
  cr_assert_str_eq(eng_find(r, "material_missing", "cut")->message, want);
  cr_assert_str_eq(eng_find(r, "material_missing", "cut1")->message, want);
  wnd_result_free(r);
}

/* "缺少：" + a 450-byte name, cut to the 399 bytes of a 400-byte buffer at
** a character boundary, and the other long texts cut the same way (a
** guard for any change that composes these texts elsewhere, e.g. at load). */
Test(materials, long_texts_cut_as_before) {
  wnd_result *r = eng_eval("LONGTXT", "{}", NOW);
  EXPECT_FINDINGS(r, "condition_correctable:long_correctable,condition_failed:long_message,"
                     "field_missing:data.long,material_missing:long_material");
  char want[400] = "缺少：";
  while (strlen(want) + 3 <= 399) strcat(want, "长");
  const wnd_finding *f = eng_find(r, "material_missing", "long_material");
  cr_assert_str_eq(f->message, want);
  cr_assert_str_eq(f->rule_file, "items/longtext.yaml");
  cr_assert_gt(f->rule_line, 0);
  snprintf(want, sizeof want, "%s", "缺少");
  while (strlen(want) + 3 <= 399) strcat(want, "标");
  cr_assert_str_eq(eng_find(r, "field_missing", "data.long")->message, want);
  char cond[400] = "";
  for (int i = 0; i < 120; i++) strcat(cond, "条");
  cr_assert_str_eq(eng_find(r, "condition_failed", "long_message")->message, cond);
  cr_assert_str_eq(eng_find(r, "condition_correctable", "long_correctable")->message, cond);
  EXPECT_DECISION(r, WND_REJECTED);
  cr_assert_str_eq(wnd_result_item_name(r), "长文本事项");
  wnd_result_free(r);
}
