/*
** The result JSON (SPEC §4.3): key order, a golden result, rule
** locations, the explain trace; builders vs JSON vs YAML submissions
** (§4.1) give byte-identical results.
*/
#include <stdlib.h>

#include "eng.h"

#define NOW "2026-11-20T10:00:00+08:00"

TestSuite(result_json, .init = eng_setup, .fini = eng_teardown);
TestSuite(builders, .init = eng_setup, .fini = eng_teardown);

#define FT_GAP                                                                             \
  "{\"fast_track\":true,\"data\":{\"name\":\"x\"},\"materials\":{\"application_form\":{},"   \
  "\"equipment_list\":{},\"health_cert\":{\"valid_until\":\"2027-01-01\"},\"hygiene_plan\":{}}}"

Test(result_json, golden_accepted_with_gaps) {
  wnd_result *r = eng_eval("FT", FT_GAP, NOW);
  char *j = eng_squash_unrecorded(eng_json(r));
  const char *golden =
      "{\"item\":{\"code\":\"FT\",\"name\":\"容缺受理事项\"},"
      "\"decision\":\"accepted_with_gaps\",\"flow\":\"on_spot_acceptance\","
      "\"route\":{\"department\":\"market\",\"department_name\":\"测试县市场监督管理局\","
      "\"section\":\"food\",\"window\":\"market_domain\",\"output_window\":\"output\","
      "\"escalated_from\":null},"
      "\"findings\":[{\"code\":\"material_missing\",\"severity\":\"error\","
      "\"subject\":\"layout_plan\",\"message\":\"缺少：平面布局图\",\"tolerated\":true,"
      "\"due\":\"2026-11-25\",\"rule\":\"items/fast_track.yaml:17:5\"}],"
      "\"deadlines\":{\"promised\":\"2026-12-04\",\"statutory\":\"2026-12-18\","
      "\"supplement\":\"2026-11-25\",\"transfer\":\"2026-11-20T10:20:00+08:00\"},"
      "\"documents\":[\"gap_notice\",\"gap_commitment\"],\"decided_by\":\"window\","
      "\"catalog\":{\"id\":\"eng-test\",\"version\":\"3.1\"}}";
  cr_assert_str_eq(j, golden);
  free(j);
  wnd_result_free(r);
}

Test(result_json, rendering_is_stable) {
  wnd_result *a = eng_eval("FT", FT_GAP, NOW);
  wnd_result *b = eng_eval("FT", FT_GAP, NOW);
  const char *j1 = eng_json(a), *j2 = eng_json(a);
  cr_assert_eq(j1, j2, "the text is owned by the result and rendered once");
  cr_assert_str_eq(eng_json(a), eng_json(b));
  wnd_result_free(a);
  wnd_result_free(b);
}

static void keys_in_order(const char *json) {
  char *j = eng_squash(json);
  static const char *const keys[] = {"{\"item\":{\"code\":", ",\"decision\":", ",\"flow\":",
                                     ",\"route\":{\"department\":", ",\"department_name\":",
                                     ",\"section\":", ",\"window\":", ",\"output_window\":",
                                     ",\"escalated_from\":", "},\"findings\":[",
                                     ",\"deadlines\":{", ",\"documents\":[", ",\"decided_by\":",
                                     ",\"catalog\":{\"id\":\"eng-test\",\"version\":\"3.1\"}",
                                     ",\"record\":{\"catalog_digest\":\"sha256:",
                                     ",\"submission_digest\":\"sha256:", ",\"engine\":\"libwindow ",
                                     ",\"received_at\":", "}}"};
  const char *p = j;
  for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
    const char *q = strstr(p, keys[i]);
    cr_assert(q, "key %s missing or out of order in\n%s", keys[i], j);
    p = q + strlen(keys[i]);
  }
  cr_assert_eq(*p, 0, "nothing after the record\n%s", j);
  free(j);
}

Test(result_json, key_order_for_every_decision) {
  const char *cases[][2] = {
      {"FL-ID", "{\"materials\":{\"form\":{}}}"},
      {"FL-PN", "{\"materials\":{\"form\":{}}}"},
      {"FT", FT_GAP},
      {"MAT", "{}"},
      {"R", "{\"applicant\":{\"region\":\"外县\"}}"},
      {"R", "{\"applicant\":{\"region\":\"示范县\"},\"data\":{\"area_m2\":5000.0}}"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    wnd_result *r = eng_eval(cases[i][0], cases[i][1], NOW);
    keys_in_order(eng_json(r));
    wnd_result_free(r);
  }
}

Test(result_json, finding_keys_in_order_with_nulls) {
  wnd_result *r = eng_eval("R", "{\"applicant\":{\"region\":\"外县\"}}", NOW);
  char *j = eng_squash(eng_json(r));
  cr_assert(strstr(j, "\"findings\":[{\"code\":\"out_of_jurisdiction\",\"severity\":\"error\","
                      "\"subject\":null,\"message\":\""),
            "%s", j);
  cr_assert(strstr(j, "\",\"tolerated\":false,\"due\":null,\"rule\":\"items/routing.yaml:26:5\"}]"),
            "%s", j);
  cr_assert(strstr(j, "\"decision\":\"rejected\",\"flow\":\"none\""), "%s", j);
  cr_assert(strstr(j, "\"documents\":[\"rejection_notice\"]"), "%s", j);
  free(j);
  wnd_result_free(r);
}

Test(result_json, escalated_route) {
  wnd_result *r = eng_eval("R", "{\"applicant\":{\"region\":\"示范县\"},\"data\":{\"area_m2\":5000.0},"
                                "\"materials\":{\"form\":{}}}", NOW);
  char *j = eng_squash(eng_json(r));
  cr_assert(strstr(j, "\"route\":{\"department\":\"city_market\",\"department_name\":\"市市场监督管理局\","
                      "\"section\":null,\"window\":\"market_domain\",\"output_window\":\"output\","
                      "\"escalated_from\":\"market\"}"),
            "%s", j);
  free(j);
  wnd_result_free(r);
}

Test(result_json, rule_locations) {
  wnd_result *r = eng_eval("MAT", "{\"applicant\":{\"kind\":\"organization\"},\"data\":{\"has_vehicle\":false},"
                                  "\"materials\":{\"lease_contract\":{},\"cert\":{\"valid_until\":\"2027-01-01\","
                                  "\"number\":\"ZG1\"}}}", NOW);
  const wnd_finding *f = eng_find(r, "material_missing", "form");
  cr_assert(f, "%s", eng_json(r));
  cr_assert_str_eq(f->rule_file, "items/materials.yaml");
  cr_assert_eq(f->rule_line, 16);
  cr_assert_eq(f->rule_column, 5);
  cr_assert(strstr(eng_json(r), "\"rule\": \"items/materials.yaml:16:5\"") ||
                strstr(eng_json(r), "\"rule\":\"items/materials.yaml:16:5\""),
            "%s", eng_json(r));
  wnd_result_free(r);
  r = eng_eval("COND", "{\"data\":{\"age\":3,\"address\":\"1号\",\"kind\":\"n\"},\"materials\":{\"form\":{}}}",
               NOW);
  f = eng_find(r, "condition_failed", "adult");
  cr_assert_str_eq(f->rule_file, "items/conditions.yaml");
  cr_assert_eq(f->rule_line, 14);
  cr_assert_eq(f->rule_column, 5);
  wnd_result_free(r);
  r = eng_eval("FLD", "{\"data\":{\"count\":0}}", NOW);
  f = eng_find(r, "field_invalid", "data.count");
  cr_assert_str_eq(f->rule_file, "items/fields.yaml");
  cr_assert_eq(f->rule_line, 14);
  f = eng_find(r, "field_missing", "applicant.kind");
  cr_assert_eq(f->rule_line, 11);
  wnd_result_free(r);
}

Test(result_json, explain_adds_a_trace_after_catalog) {
  wnd_result *r = eng_eval_ex("COND", "{\"data\":{\"age\":30,\"address\":\"1号\",\"kind\":\"n\"},"
                                      "\"agent\":{\"name\":\"x\",\"id_number\":\"y\"},\"materials\":{\"form\":{}}}",
                              NOW, WND_EVAL_EXPLAIN, NULL);
  char *j = eng_squash(eng_json(r));
  const char *t = strstr(j, "\"received_at\":\"2026-11-20T10:00:00+08:00\"},\"trace\":");
  cr_assert(t, "trace follows the record\n%s", j);
  /* every condition and material with its value and source location (the
  ** rule's own line or its expression's line) */
  const char *want[][2] = {{"items/conditions.yaml:14:", "items/conditions.yaml:15:"},
                           {"items/conditions.yaml:18:", "items/conditions.yaml:19:"},
                           {"items/conditions.yaml:22:", "items/conditions.yaml:23:"},
                           {"items/conditions.yaml:27:", "items/conditions.yaml:28:"},
                           {"items/conditions.yaml:32:", "items/conditions.yaml:32:"},
                           {"\"adult\"", "\"adult\""},
                           {"\"address_specific\"", "\"address_specific\""},
                           {"\"agent_id\"", "\"agent_id\""},
                           {"\"when_errors\"", "\"when_errors\""}};
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
    cr_assert(strstr(t, want[i][0]) || strstr(t, want[i][1]), "trace lacks %s\n%s", want[i][0], t);
  /* SPEC 0.2: --explain shows each condition's stage */
  cr_assert(strstr(t, "{\"kind\":\"condition\",\"subject\":\"adult\",\"expr\":\"data.age>=18\","
                      "\"value\":true,\"error\":null,\"stage\":\"acceptance\",") ||
                strstr(t, "\"subject\":\"adult\",\"expr\":\"data.age >= 18\",\"value\":true,"
                          "\"error\":null,\"stage\":\"acceptance\","),
            "condition traces carry their stage\n%s", t);
  cr_assert(!strstr(t, "\"kind\":\"window\",\"subject\":\"elderly\",\"expr\":\"cn.age(applicant.id_number,now)>=60\",\"value\":null,\"error\":\"no such key: 'id_number'\",\"stage\""),
            "only conditions have a stage\n%s", t);
  free(j);
  /* the decision is the same as without explain */
  EXPECT_FINDINGS(r, "");
  wnd_result_free(r);
}

Test(result_json, explain_traces_routing_rules) {
  wnd_result *r = eng_eval_ex("R", "{\"applicant\":{\"region\":\"外县\"}}", NOW, WND_EVAL_EXPLAIN, NULL);
  const char *j = eng_json(r);
  const char *t = strstr(j, "\"trace\"");
  cr_assert(t, "%s", j);
  const char *want[] = {"items/routing.yaml:19:", "items/routing.yaml:21:",
                        "items/routing.yaml:23:", "items/routing.yaml:26:"};
  for (size_t i = 0; i < 4; i++) cr_assert(strstr(t, want[i]), "trace lacks %s\n%s", want[i], t);
  wnd_result_free(r);
}

Test(result_json, no_trace_without_explain) {
  wnd_result *r = eng_eval("COND", "{}", NOW);
  cr_assert_null(strstr(eng_json(r), "\"trace\""));
  wnd_result_free(r);
}

Test(result_json, json_escapes_are_valid) {
  /* a message-free path: data with quotes and control characters reaches
  ** no result text, but item names and messages with CJK must be raw UTF-8 */
  wnd_result *r = eng_eval("FT", FT_GAP, NOW);
  const char *j = eng_json(r);
  for (const unsigned char *p = (const unsigned char *)j; *p; p++)
    cr_assert(*p >= 0x20 || *p == '\n' || *p == '\t' || *p == '\r', "raw control byte in JSON");
  wnd_result_free(r);
}

/* ---- builders vs JSON vs YAML (§4.1) ----------------------------------- */

static const char *SUB_JSON =
    "{\"item\":\"FT\",\"submitted_at\":\"2026-11-20T10:00:00+08:00\",\"channel\":\"window\","
    "\"fast_track\":true,"
    "\"applicant\":{\"kind\":\"organization\",\"name\":\"示范餐饮有限公司\","
    "\"credit_code\":\"91341522MA2N0X1235\",\"dishonest\":false},"
    "\"agent\":{\"name\":\"张三\"},"
    "\"data\":{\"name\":\"x\",\"area_m2\":120.5,\"count\":3,\"tags\":[\"a\",\"b\"],\"none\":null},"
    "\"materials\":{\"application_form\":{\"form\":\"original\",\"copies\":1},"
    "\"health_cert\":{\"form\":\"copy\",\"copies\":3,\"valid_until\":\"2027-05-01\"},"
    "\"equipment_list\":{\"form\":\"electronic\",\"copies\":2},\"hygiene_plan\":{}}}";

static const char *SUB_YAML =
    "item: FT\n"
    "submitted_at: \"2026-11-20T10:00:00+08:00\"\n"
    "channel: window\n"
    "fast_track: true\n"
    "applicant:\n"
    "  kind: organization\n"
    "  name: 示范餐饮有限公司\n"
    "  credit_code: \"91341522MA2N0X1235\"\n"
    "  dishonest: false\n"
    "agent: {name: 张三}\n"
    "data:\n"
    "  name: x\n"
    "  area_m2: 120.5\n"
    "  count: 3\n"
    "  tags: [a, b]\n"
    "  none: null\n"
    "materials:\n"
    "  application_form: {form: original, copies: 1}\n"
    "  health_cert: {form: copy, copies: 3, valid_until: \"2027-05-01\"}\n"
    "  equipment_list:\n"
    "    form: electronic\n"
    "    copies: 2\n"
    "  hygiene_plan: {}\n";

static wnd_submission *built(void) {
  wnd_submission *s = NULL;
  cr_assert_eq(wnd_submission_new(&s, eng_env), WND_OK);
  cr_assert_eq(wnd_submission_set_string(s, "item", "FT"), WND_OK);
  cr_assert_eq(wnd_submission_set_string(s, "submitted_at", "2026-11-20T10:00:00+08:00"), WND_OK);
  cr_assert_eq(wnd_submission_set_string(s, "channel", "window"), WND_OK);
  cr_assert_eq(wnd_submission_set_bool(s, "fast_track", true), WND_OK);
  cr_assert_eq(wnd_submission_set_string(s, "applicant.kind", "organization"), WND_OK);
  cr_assert_eq(wnd_submission_set_string(s, "applicant.name", "示范餐饮有限公司"), WND_OK);
  cr_assert_eq(wnd_submission_set_string(s, "applicant.credit_code", "91341522MA2N0X1235"), WND_OK);
  cr_assert_eq(wnd_submission_set_bool(s, "applicant.dishonest", false), WND_OK);
  cr_assert_eq(wnd_submission_set_string(s, "agent.name", "张三"), WND_OK);
  cr_assert_eq(wnd_submission_set_string(s, "data.name", "x"), WND_OK);
  cr_assert_eq(wnd_submission_set_double(s, "data.area_m2", 120.5), WND_OK);
  cr_assert_eq(wnd_submission_set_int(s, "data.count", 3), WND_OK);
  cr_assert_eq(wnd_submission_set_json(s, "data.tags", "[\"a\",\"b\"]", 9), WND_OK);
  cr_assert_eq(wnd_submission_set_null(s, "data.none"), WND_OK);
  cr_assert_eq(wnd_submission_add_material(s, "application_form", "original", 1), WND_OK);
  cr_assert_eq(wnd_submission_add_material(s, "health_cert", "copy", 3), WND_OK);
  cr_assert_eq(wnd_submission_set_string(s, "materials.health_cert.valid_until", "2027-05-01"),
               WND_OK);
  cr_assert_eq(wnd_submission_add_material(s, "equipment_list", "electronic", 2), WND_OK);
  /* the same empty entry as the text forms: the digests must agree too */
  cr_assert_eq(wnd_submission_set_json(s, "materials.hygiene_plan", "{}", 2), WND_OK);
  return s;
}

static char *result_of(const char *code, const wnd_submission *s, unsigned flags) {
  wnd_eval_options o = WND_EVAL_OPTIONS_INIT;
  o.flags = flags;
  wnd_result *r = NULL;
  cr_assert_eq(wnd_evaluate(&r, eng_cat, code, s, &o), WND_OK);
  char *j = strdup(eng_json(r));
  wnd_result_free(r);
  return j;
}

static void same_everywhere(const char *code, unsigned flags) {
  wnd_submission *a = built(), *b = NULL, *c = NULL;
  cr_assert_eq(wnd_submission_parse(&b, eng_env, SUB_JSON, strlen(SUB_JSON), WND_FORMAT_JSON), WND_OK,
               "%s", wnd_env_errmsg(eng_env));
  cr_assert_eq(wnd_submission_parse(&c, eng_env, SUB_YAML, strlen(SUB_YAML), WND_FORMAT_YAML), WND_OK,
               "%s", wnd_env_errmsg(eng_env));
  char *ja = result_of(code, a, flags), *jb = result_of(code, b, flags), *jc = result_of(code, c, flags);
  cr_assert_str_eq(ja, jb, "builder vs JSON for %s", code);
  cr_assert_str_eq(jc, jb, "YAML vs JSON for %s", code);
  free(ja);
  free(jb);
  free(jc);
  wnd_submission_free(a);
  wnd_submission_free(b);
  wnd_submission_free(c);
}

Test(builders, same_result_as_json_and_yaml) {
  same_everywhere("FT", 0);
  same_everywhere("FT", WND_EVAL_EXPLAIN);
  same_everywhere("MAT", WND_EVAL_EXPLAIN);
  same_everywhere("FLD", WND_EVAL_EXPLAIN);
  same_everywhere("VARS", 0);
  same_everywhere("startup", 0);
}

Test(builders, the_built_submission_is_decided_as_expected) {
  wnd_submission *s = built();
  wnd_result *r = eng_eval_sub("FT", s, NULL);
  /* layout_plan missing (tolerable, 3 workdays), submitted Fri 20 Nov */
  EXPECT_DECISION(r, WND_ACCEPTED_WITH_GAPS);
  EXPECT_FINDINGS(r, "material_missing:layout_plan");
  EXPECT_DEADLINE(r, "supplement", "2026-11-25");
  wnd_result_free(r);
  wnd_submission_free(s);
}

Test(builders, auto_format_detection) {
  wnd_submission *a = NULL, *b = NULL;
  cr_assert_eq(wnd_submission_parse(&a, eng_env, SUB_JSON, strlen(SUB_JSON), WND_FORMAT_AUTO), WND_OK);
  cr_assert_eq(wnd_submission_parse(&b, eng_env, SUB_YAML, strlen(SUB_YAML), WND_FORMAT_AUTO), WND_OK);
  char *ja = result_of("FT", a, 0), *jb = result_of("FT", b, 0);
  cr_assert_str_eq(ja, jb);
  free(ja);
  free(jb);
  wnd_submission_free(a);
  wnd_submission_free(b);
}

Test(builders, setting_a_path_again_replaces_it) {
  wnd_submission *s = NULL;
  cr_assert_eq(wnd_submission_new(&s, eng_env), WND_OK);
  cr_assert_eq(wnd_submission_set_string(s, "applicant.kind", "robot"), WND_OK);
  cr_assert_eq(wnd_submission_set_string(s, "applicant.kind", "person"), WND_OK);
  wnd_result *r = eng_eval_sub("FLD", s, NOW);
  EXPECT_FINDINGS(r, "");
  wnd_result_free(r);
  /* a material added twice keeps the last form and copies */
  cr_assert_eq(wnd_submission_add_material(s, "form", "copy", 1), WND_OK);
  cr_assert_eq(wnd_submission_add_material(s, "form", "original", 1), WND_OK);
  r = eng_eval_sub("FL-ID", s, NOW);
  EXPECT_FINDINGS(r, "");
  wnd_result_free(r);
  wnd_submission_free(s);
}

Test(builders, add_material_defaults) {
  /* form NULL -> original; copies < 1 -> 1 */
  wnd_submission *s = NULL;
  cr_assert_eq(wnd_submission_new(&s, eng_env), WND_OK);
  cr_assert_eq(wnd_submission_set_string(s, "applicant.kind", "person"), WND_OK);
  cr_assert_eq(wnd_submission_set_bool(s, "data.has_vehicle", false), WND_OK);
  cr_assert_eq(wnd_submission_add_material(s, "id_card", NULL, 0), WND_OK);
  cr_assert_eq(wnd_submission_add_material(s, "form", NULL, -5), WND_OK);
  cr_assert_eq(wnd_submission_add_material(s, "lease_contract", "copy", 1), WND_OK);
  cr_assert_eq(wnd_submission_add_material(s, "cert", "copy", 1), WND_OK);
  cr_assert_eq(wnd_submission_set_string(s, "materials.cert.valid_until", "2027-01-01"), WND_OK);
  cr_assert_eq(wnd_submission_set_string(s, "materials.cert.number", "ZG9"), WND_OK);
  wnd_result *r = eng_eval_sub("MAT", s, NOW);
  EXPECT_FINDINGS(r, "material_insufficient_copies:form");
  wnd_result_free(r);
  wnd_submission_free(s);
}

Test(builders, empty_segments_are_refused) {
  wnd_submission *s = NULL;
  cr_assert_eq(wnd_submission_new(&s, eng_env), WND_OK);
  cr_assert_eq(wnd_submission_set_string(s, "data..x", "v"), WND_EINVAL);
  cr_assert_eq(wnd_submission_set_string(s, "", "v"), WND_EINVAL);
  cr_assert_eq(wnd_submission_set_string(s, ".data", "v"), WND_EINVAL);
  cr_assert_eq(wnd_submission_set_string(s, "data.", "v"), WND_EINVAL);
  cr_assert_eq(wnd_submission_set_int(s, NULL, 1), WND_EINVAL);
  cr_assert_eq(wnd_submission_set_string(NULL, "a", "v"), WND_EINVAL);
  cr_assert_eq(wnd_submission_set_json(s, "data.x", "{bad", 4), WND_EINVALID);
  cr_assert_eq(wnd_submission_add_material(s, NULL, NULL, 1), WND_EINVAL);
  cr_assert_eq(wnd_submission_add_material(s, "", NULL, 1), WND_EINVAL);
  /* the submission is still usable */
  cr_assert_eq(wnd_submission_set_string(s, "applicant.kind", "person"), WND_OK);
  wnd_result *r = eng_eval_sub("FLD", s, NOW);
  EXPECT_FINDINGS(r, "");
  wnd_result_free(r);
  wnd_submission_free(s);
}
