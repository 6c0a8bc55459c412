/*
** Hostile submissions (SPEC §4.1, §5: every bad input ends in an error
** status, never a crash) and API misuse.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "eng.h"

#define NOW "2026-11-20T10:00:00+08:00"

TestSuite(hostile, .init = eng_setup, .fini = eng_teardown);
TestSuite(misuse, .init = eng_setup, .fini = eng_teardown);

static int parse_in(wnd_env *env, const char *text, size_t len, int fmt) {
  wnd_submission *s = NULL;
  int st = wnd_submission_parse(&s, env, text, len, fmt);
  if (st == WND_OK)
    cr_assert(s != NULL);
  else
    cr_assert_null(s, "no submission on failure");
  wnd_submission_free(s);
  return st;
}

static int parse_json(const char *text) {
  return parse_in(eng_env, text, strlen(text), WND_FORMAT_JSON);
}
static int parse_yaml(const char *text) {
  return parse_in(eng_env, text, strlen(text), WND_FORMAT_YAML);
}

#define REFUSED(st, text)                                                                  \
  do {                                                                                     \
    int st_ = (st);                                                                        \
    cr_assert_eq(st_, WND_EINVALID, "%s: expected WND_EINVALID, got %s", (text),            \
                 wnd_errstr(st_));                                                         \
    cr_assert(*wnd_env_errmsg(eng_env), "a message for %s", (text));                       \
  } while (0)

Test(hostile, syntax_error_has_line_and_column) {
  const char *t = "{\"data\": {\"a\": 1,\n  \"b\": }}";
  REFUSED(parse_json(t), t);
  const char *m = wnd_env_errmsg(eng_env);
  cr_assert(strstr(m, "line 2, column 8"), "message: %s", m);
}

Test(hostile, column_counts_code_points) {
  /* the unexpected x is code point 6 (byte 8) */
  const char *t = "{\"名\":x}";
  REFUSED(parse_json(t), t);
  const char *m = wnd_env_errmsg(eng_env);
  cr_assert(strstr(m, "line 1, column 6"), "message: %s", m);
}

Test(hostile, yaml_syntax_error_has_line_and_column) {
  const char *t = "data:\n  a: [1, 2\n  b: 3\n";
  int st = parse_yaml(t);
  cr_assert_eq(st, WND_EINVALID);
  const char *m = wnd_env_errmsg(eng_env);
  cr_assert(strstr(m, "line ") && strstr(m, "column "), "message: %s", m);
}

Test(hostile, malformed_json) {
  const char *bad[] = {"",        "{",         "{\"a\"}",      "{\"a\":}",   "{\"a\":1,}",
                       "{} x",    "{}{}",      "{'a':1}",      "{a:1}",      "{\"a\":01}",
                       "{\"a\":.5}", "{\"a\":1.}", "{\"a\":tru}", "{\"a\":\"x}", "{\"a\":\"\\x\"}",
                       "{\"a\":\"\\u12\"}", "{\"a\":[1,]}", "{\"a\":NaN}", "{\"a\":-}",
                       "{\"a\":\"tab\there\"}", "{\"a\":\"nl\nhere\"}"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) REFUSED(parse_json(bad[i]), bad[i]);
}

Test(hostile, non_object_top_level) {
  const char *bad[] = {"[1,2]", "\"x\"", "1", "null", "true"};
  for (size_t i = 0; i < 5; i++) REFUSED(parse_json(bad[i]), bad[i]);
  REFUSED(parse_yaml("- a\n- b\n"), "yaml list");
  REFUSED(parse_yaml("hello\n"), "yaml scalar");
}

Test(hostile, duplicate_keys) {
  REFUSED(parse_json("{\"data\":{},\"data\":{}}"), "top-level duplicate");
  REFUSED(parse_json("{\"data\":{\"a\":1,\"a\":2}}"), "nested duplicate");
  REFUSED(parse_json("{\"materials\":{\"x\":{\"form\":\"copy\",\"form\":\"original\"}}}"),
          "material duplicate");
  REFUSED(parse_yaml("data:\n  a: 1\n  a: 2\n"), "yaml duplicate");
}

Test(hostile, nul_and_bad_unicode) {
  REFUSED(parse_json("{\"data\":{\"s\":\"a\\u0000b\"}}"), "\\u0000");
  REFUSED(parse_json("{\"data\":{\"s\":\"\\ud800\"}}"), "lone high surrogate");
  REFUSED(parse_json("{\"data\":{\"s\":\"\\udc00\"}}"), "lone low surrogate");
  REFUSED(parse_json("{\"data\":{\"s\":\"\\ud800x\"}}"), "high surrogate then text");
  REFUSED(parse_json("{\"data\":{\"s\":\"\\ud800\\u0041\"}}"), "high surrogate then BMP");
  REFUSED(parse_json("{\"data\":{\"s\":\"\\ude00\\ud83d\"}}"), "reversed pair");
  REFUSED(parse_json("{\"data\":{\"s\":\"\xff\xfe\"}}"), "invalid UTF-8");
  REFUSED(parse_json("{\"data\":{\"s\":\"\xc0\xaf\"}}"), "overlong UTF-8");
  REFUSED(parse_json("{\"data\":{\"s\":\"\xed\xa0\x80\"}}"), "UTF-8 encoded surrogate");
  /* a NUL byte inside the text */
  const char nul[] = "{\"data\":{\"s\":\"a\0b\"}}";
  REFUSED(parse_in(eng_env, nul, sizeof nul - 1, WND_FORMAT_JSON), "raw NUL");
}

Test(hostile, surrogate_pairs_and_escapes_decode) {
  wnd_result *r = eng_eval("TXT", "{\"data\":{\"emoji\":\"\\ud83d\\ude00\",\"cjk\":\"\\u4e2d文\","
                                  "\"esc\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"}}", NOW);
  EXPECT_FINDINGS(r, "");
  EXPECT_DECISION(r, WND_ACCEPTED);
  wnd_result_free(r);
  /* the literal characters give the same */
  r = eng_eval("TXT", "{\"data\":{\"emoji\":\"😀\",\"cjk\":\"中文\"}}", NOW);
  EXPECT_FINDINGS(r, "");
  wnd_result_free(r);
  /* and a different character is seen as different */
  r = eng_eval("TXT", "{\"data\":{\"emoji\":\"\\ud83d\\ude01\"}}", NOW);
  EXPECT_FINDINGS(r, "condition_failed:emoji");
  wnd_result_free(r);
}

Test(hostile, yaml_anchors_aliases_and_tags_are_refused) {
  REFUSED(parse_yaml("data:\n  a: &x 1\n  b: *x\n"), "anchor and alias");
  REFUSED(parse_yaml("data: &d {a: 1}\n"), "anchor alone");
  REFUSED(parse_yaml("data:\n  a: !!str 1\n"), "standard tag");
  REFUSED(parse_yaml("data:\n  a: !custom 1\n"), "local tag");
  /* a billion laughs never expands */
  REFUSED(parse_yaml("a: &a [x, x, x, x, x, x, x, x, x]\n"
                     "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                     "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
                     "d: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"),
          "billion laughs");
}

Test(hostile, huge_numbers_are_refused_not_converted) {
  const char *bad[] = {"{\"data\":{\"n\":123456789012345678901234567890}}",
                       "{\"data\":{\"n\":9223372036854775808}}",
                       "{\"data\":{\"n\":-9223372036854775809}}", "{\"data\":{\"n\":1e400}}",
                       "{\"data\":{\"n\":-1e400}}"};
  for (size_t i = 0; i < 5; i++) {
    int st = parse_json(bad[i]);
    cr_assert(st == WND_EINVALID || st == WND_ELIMIT, "%s: got %s", bad[i], wnd_errstr(st));
  }
  cr_assert_eq(parse_json("{\"data\":{\"n\":9223372036854775807,\"m\":-9223372036854775808}}"),
               WND_OK);
  cr_assert_eq(parse_json("{\"data\":{\"n\":1e300,\"m\":-2.5E-3,\"z\":-0}}"), WND_OK);
}

static wnd_env *limited_env(uint32_t depth, size_t bytes, uint32_t nodes) {
  wnd_limits lim = WND_LIMITS_INIT;
  lim.max_submission_depth = depth;
  lim.max_submission_bytes = bytes;
  lim.max_submission_nodes = nodes;
  wnd_env_options o = WND_ENV_OPTIONS_INIT;
  o.limits = &lim;
  wnd_env *env = NULL;
  cr_assert_eq(wnd_env_new(&env, &o), WND_OK);
  return env;
}

static int lim_parse(wnd_env *env, const char *text, int fmt) {
  return parse_in(env, text, strlen(text), fmt);
}

Test(hostile, depth_limit_at_n_and_n_plus_1) {
  wnd_env *env = limited_env(4, 0, 0);
  /* the top-level object is depth 1 */
  cr_assert_eq(lim_parse(env, "{\"data\":{\"a\":{\"b\":{}}}}", WND_FORMAT_JSON), WND_OK);
  cr_assert_eq(lim_parse(env, "{\"data\":{\"a\":{\"b\":{\"c\":{}}}}}", WND_FORMAT_JSON), WND_ELIMIT);
  cr_assert(*wnd_env_errmsg(env));
  cr_assert_eq(lim_parse(env, "{\"data\":{\"a\":[[1]]}}", WND_FORMAT_JSON), WND_OK);
  cr_assert_eq(lim_parse(env, "{\"data\":{\"a\":[[[1]]]}}", WND_FORMAT_JSON), WND_ELIMIT);
  cr_assert_eq(lim_parse(env, "data:\n  a:\n    b: {}\n", WND_FORMAT_YAML), WND_OK);
  cr_assert_eq(lim_parse(env, "data:\n  a:\n    b: {c: {}}\n", WND_FORMAT_YAML), WND_ELIMIT);
  wnd_env_free(env);
}

static char *nested(size_t depth) {
  /* {"data":[[[...1...]]]} with `depth` containers in all */
  char *t = malloc(2 * depth + 32), *p = t;
  p += sprintf(p, "{\"data\":");
  for (size_t i = 1; i < depth; i++) *p++ = '[';
  *p++ = '1';
  for (size_t i = 1; i < depth; i++) *p++ = ']';
  strcpy(p, "}");
  return t;
}

Test(hostile, default_depth_limit_is_32) {
  char *ok = nested(32), *deep = nested(33), *very = nested(100000);
  cr_assert_eq(parse_json(ok), WND_OK, "%s", wnd_env_errmsg(eng_env));
  cr_assert_eq(parse_json(deep), WND_ELIMIT);
  cr_assert_eq(parse_json(very), WND_ELIMIT);
  free(ok);
  free(deep);
  free(very);
}

static char *sized(size_t n) {
  /* {"data":{"s":"xxx"}} exactly n bytes long */
  static const char head[] = "{\"data\":{\"s\":\"", tail[] = "\"}}";
  const size_t hl = sizeof head - 1, tl = sizeof tail - 1;
  cr_assert(n > hl + tl);
  char *t = malloc(n + 1);
  cr_assert(t);
  for (size_t i = 0; i < n; i++) t[i] = 'x';
  memcpy(t, head, hl);
  memcpy(t + n - tl, tail, tl);
  t[n] = 0;
  return t;
}

Test(hostile, size_limit_at_n_and_n_plus_1) {
  wnd_env *env = limited_env(0, 200, 0);
  char *a = sized(200), *b = sized(201);
  cr_assert_eq(lim_parse(env, a, WND_FORMAT_JSON), WND_OK, "%s", wnd_env_errmsg(env));
  cr_assert_eq(lim_parse(env, b, WND_FORMAT_JSON), WND_ELIMIT);
  cr_assert(*wnd_env_errmsg(env));
  free(a);
  free(b);
  wnd_env_free(env);
}

Test(hostile, default_size_limit_is_one_mib) {
  char *a = sized(1024 * 1024), *b = sized(1024 * 1024 + 1);
  cr_assert_eq(parse_json(a), WND_OK);
  cr_assert_eq(parse_json(b), WND_ELIMIT);
  free(a);
  free(b);
}

Test(hostile, node_limit_at_n_and_n_plus_1) {
  wnd_env *env = limited_env(0, 0, 10);
  /* values: the object, data, l and seven ints = 10 */
  cr_assert_eq(lim_parse(env, "{\"data\":{\"l\":[1,2,3,4,5,6,7]}}", WND_FORMAT_JSON), WND_OK,
               "%s", wnd_env_errmsg(env));
  cr_assert_eq(lim_parse(env, "{\"data\":{\"l\":[1,2,3,4,5,6,7,8]}}", WND_FORMAT_JSON), WND_ELIMIT);
  cr_assert(*wnd_env_errmsg(env));
  wnd_env_free(env);
}

Test(hostile, yaml_node_limit_counts_values_like_json) {
  /* the same submission in YAML has the same 10 values */
  wnd_env *env = limited_env(0, 0, 10);
  int at_n = lim_parse(env, "data:\n  l: [1, 2, 3, 4, 5, 6, 7]\n", WND_FORMAT_YAML);
  char msg[512];
  snprintf(msg, sizeof msg, "%s", wnd_env_errmsg(env));
  int past_n = lim_parse(env, "data:\n  l: [1, 2, 3, 4, 5, 6, 7, 8]\n", WND_FORMAT_YAML);
  wnd_env_free(env);
  cr_assert_eq(at_n, WND_OK, "10 values refused: %s", msg);
  cr_assert_eq(past_n, WND_ELIMIT);
}

Test(hostile, many_values_under_the_default_limit) {
  /* 100000 values by default */
  size_t n = 99998; /* + the object + the data list = 100000 */
  char *t = malloc(n * 2 + 64), *p = t;
  p += sprintf(p, "{\"data\":[");
  for (size_t i = 0; i < n; i++) p += sprintf(p, i ? ",0" : "0");
  strcpy(p, "]}");
  cr_assert_eq(parse_json(t), WND_OK, "%s", wnd_env_errmsg(eng_env));
  p = t + strlen(t) - 2;
  strcpy(p, ",0]}");
  cr_assert_eq(parse_json(t), WND_ELIMIT);
  free(t);
}

/* ---- wrong types at top-level keys: findings, not parse errors ---------- */

static void top_invalid(const char *code, const char *json, const char *subject) {
  /* free before asserting, so a failure here is not also a leak report */
  wnd_result *r = eng_eval(code, json, NOW);
  const wnd_finding *f = eng_find(r, "field_invalid", subject);
  bool found = f != NULL, error = f && f->severity == WND_SEV_ERROR;
  bool accepted = wnd_result_decision(r) == WND_ACCEPTED;
  static char j[16384];
  snprintf(j, sizeof j, "%s", eng_json(r));
  wnd_result_free(r);
  cr_assert(found && error && !accepted, "%s: expected an error field_invalid:%s and no acceptance\n%s",
            json, subject, j);
}

Test(hostile, wrong_types_at_top_level_keys) {
  top_invalid("FL-ID", "{\"applicant\":\"张三\",\"materials\":{\"form\":{}}}", "applicant");
  top_invalid("FL-ID", "{\"agent\":5,\"materials\":{\"form\":{}}}", "agent");
  top_invalid("FL-ID", "{\"data\":[1,2],\"materials\":{\"form\":{}}}", "data");
  top_invalid("FL-ID", "{\"materials\":7}", "materials");
  /* conditions over a mistyped variable do not crash */
  top_invalid("VARS", "{\"applicant\":[\"x\"],\"agent\":\"y\",\"data\":1,\"materials\":true}",
              "applicant");
  top_invalid("COND", "{\"data\":\"x\",\"materials\":{\"form\":{}}}", "data");
}

Test(hostile, wrong_type_fast_track_is_field_invalid) {
  /* §4.1 fast_track is a bool; nothing converts silently (§4.4) */
  top_invalid("FL-ID", "{\"fast_track\":\"yes\",\"materials\":{\"form\":{}}}", "fast_track");
}

Test(hostile, wrong_type_channel_is_field_invalid) {
  top_invalid("FL-ID", "{\"channel\":5,\"materials\":{\"form\":{}}}", "channel");
}

Test(hostile, bad_submitted_at) {
  const char *bad[] = {"{\"submitted_at\":\"yesterday\",\"materials\":{\"form\":{}}}",
                       "{\"submitted_at\":5,\"materials\":{\"form\":{}}}",
                       "{\"submitted_at\":\"2026-13-01T10:00:00+08:00\",\"materials\":{\"form\":{}}}",
                       "{\"submitted_at\":\"2026-11-20T25:00:00+08:00\",\"materials\":{\"form\":{}}}"};
  for (size_t i = 0; i < 4; i++) {
    wnd_result *r = eng_eval("FL-PA", bad[i], NULL);
    EXPECT_FINDING(r, "field_invalid", "submitted_at");
    cr_assert_neq(wnd_result_decision(r), WND_ACCEPTED, "%s", eng_json(r));
    wnd_result_free(r);
  }
}

Test(hostile, bad_material_entries) {
  const char *bad[] = {"{\"materials\":{\"form\":{\"copies\":0}}}",
                       "{\"materials\":{\"form\":{\"copies\":\"two\"}}}",
                       "{\"materials\":{\"form\":{\"form\":5}}}",
                       "{\"materials\":{\"form\":{\"copies\":1.5}}}"};
  for (size_t i = 0; i < 4; i++) {
    wnd_result *r = eng_eval("FL-ID", bad[i], NOW);
    cr_assert_neq(wnd_result_decision(r), WND_ACCEPTED, "%s\n%s", bad[i], eng_json(r));
    cr_assert(eng_count_prefix(r, "field_invalid") + eng_count_prefix(r, "material_") > 0,
              "%s\n%s", bad[i], eng_json(r));
    wnd_result_free(r);
  }
}

Test(hostile, material_entry_that_is_not_a_map_is_not_a_material) {
  /* §4.1: a material entry is a map {form, copies, ...}; a string there is
  ** not an original brought by the applicant */
  const char *bad[] = {"{\"materials\":{\"form\":\"yes\"}}", "{\"materials\":{\"form\":true}}",
                       "{\"materials\":{\"form\":[1]}}", "{\"materials\":{\"form\":null}}"};
  for (size_t i = 0; i < 4; i++) {
    wnd_result *r = eng_eval("FL-ID", bad[i], NOW);
    bool accepted = wnd_result_decision(r) == WND_ACCEPTED;
    static char j[16384];
    snprintf(j, sizeof j, "%s", eng_json(r));
    wnd_result_free(r);
    cr_assert_not(accepted, "%s\n%s", bad[i], j);
  }
}

Test(hostile, bad_material_dates) {
  /* an unparseable valid_until makes the check fail, never pass */
  wnd_result *r = eng_eval("DATES", "{\"materials\":{\"cert\":{\"valid_until\":\"someday\","
                                    "\"issued_at\":\"2026-11-20\"}}}", NOW);
  cr_assert_neq(wnd_result_decision(r), WND_ACCEPTED, "%s", eng_json(r));
  wnd_result_free(r);
}

/* ---- API misuse ------------------------------------------------------------ */

Test(misuse, evaluate_null_arguments) {
  wnd_submission *s = eng_sub("{}");
  wnd_result *r = NULL;
  cr_assert_eq(wnd_evaluate(NULL, eng_cat, "FL-ID", s, NULL), WND_EINVAL);
  cr_assert_eq(wnd_evaluate(&r, NULL, "FL-ID", s, NULL), WND_EINVAL);
  cr_assert_null(r);
  cr_assert_eq(wnd_evaluate(&r, eng_cat, "FL-ID", NULL, NULL), WND_EINVAL);
  cr_assert_null(r);
  wnd_submission_free(s);
}

Test(misuse, null_code_takes_the_submission_item) {
  /* §4.1: `item` may be omitted when the caller passes the item separately */
  wnd_submission *s = eng_sub("{}");
  wnd_result *r = NULL;
  int st = wnd_evaluate(&r, eng_cat, NULL, s, NULL);
  cr_assert(st == WND_EINVAL || st == WND_ENOTFOUND, "no code anywhere: %s", wnd_errstr(st));
  cr_assert_null(r);
  wnd_submission_free(s);
  s = eng_sub("{\"item\":\"FL-ID\",\"materials\":{\"form\":{}}}");
  cr_assert_eq(wnd_evaluate(&r, eng_cat, NULL, s, NULL), WND_OK);
  cr_assert_str_eq(wnd_result_item_code(r), "FL-ID");
  EXPECT_DECISION(r, WND_ACCEPTED);
  wnd_result_free(r);
  wnd_submission_free(s);
}

Test(misuse, unknown_code) {
  wnd_submission *s = eng_sub("{}");
  wnd_result *r = (wnd_result *)0x1;
  cr_assert_eq(wnd_evaluate(&r, eng_cat, "NO-SUCH-ITEM", s, NULL), WND_ENOTFOUND);
  cr_assert_null(r, "*out is NULL on failure");
  r = NULL;
  cr_assert_eq(wnd_evaluate(&r, eng_cat, "", s, NULL), WND_ENOTFOUND);
  cr_assert_null(r);
  wnd_submission_free(s);
}

Test(misuse, bad_option_version) {
  wnd_submission *s = eng_sub("{}");
  wnd_eval_options o = WND_EVAL_OPTIONS_INIT;
  o.version = 99;
  wnd_result *r = NULL;
  cr_assert_eq(wnd_evaluate(&r, eng_cat, "FL-ID", s, &o), WND_EINVAL);
  cr_assert_null(r);
  wnd_submission_free(s);
}

Test(misuse, parse_null_arguments) {
  wnd_submission *s = NULL;
  cr_assert_eq(wnd_submission_parse(NULL, eng_env, "{}", 2, WND_FORMAT_JSON), WND_EINVAL);
  cr_assert_eq(wnd_submission_parse(&s, NULL, "{}", 2, WND_FORMAT_JSON), WND_EINVAL);
  cr_assert_null(s);
  cr_assert_eq(wnd_submission_parse(&s, eng_env, NULL, 2, WND_FORMAT_JSON), WND_EINVAL);
  cr_assert_null(s);
  cr_assert_eq(wnd_submission_parse(&s, eng_env, "{}", 2, 42), WND_EINVAL);
  cr_assert_null(s);
  cr_assert_eq(wnd_submission_new(NULL, eng_env), WND_EINVAL);
  cr_assert_eq(wnd_submission_new(&s, NULL), WND_EINVAL);
  cr_assert_null(s);
  /* a length shorter than the text: only that prefix is parsed */
  cr_assert_eq(wnd_submission_parse(&s, eng_env, "{}garbage", 2, WND_FORMAT_JSON), WND_OK);
  wnd_submission_free(s);
}

Test(misuse, result_accessors) {
  wnd_result *r = eng_eval("FL-ID", "{\"materials\":{\"form\":{}}}", NOW);
  const char *j = NULL;
  size_t n = 0;
  cr_assert_eq(wnd_result_json(NULL, &j, &n), WND_EINVAL);
  cr_assert_eq(wnd_result_json(r, NULL, &n), WND_EINVAL);
  cr_assert_null(wnd_result_route(r, "bogus"));
  cr_assert_null(wnd_result_route(r, NULL));
  cr_assert_null(wnd_result_deadline(r, "bogus"));
  cr_assert_null(wnd_result_deadline(r, NULL));
  cr_assert_null(wnd_result_finding(r, 0));
  cr_assert_null(wnd_result_document(r, 1));
  cr_assert_str_eq(wnd_result_document(r, 0), "acceptance_notice");
  cr_assert_not(wnd_result_is_bundle(r));
  cr_assert_eq(wnd_result_item_count(r), 0);
  cr_assert_null(wnd_result_item(r, 0));
  cr_assert_eq(wnd_result_to_supply_count(r), 0);
  cr_assert_str_eq(wnd_result_item_code(r), "FL-ID");
  cr_assert_str_eq(wnd_result_item_name(r), "事项FL-ID");
  wnd_result_free(r);
  wnd_result_free(NULL);
  wnd_submission_free(NULL);
  wnd_elicenses_free(NULL);
}

Test(misuse, names) {
  cr_assert_str_eq(wnd_decision_name(WND_ACCEPTED), "accepted");
  cr_assert_str_eq(wnd_decision_name(WND_ACCEPTED_WITH_GAPS), "accepted_with_gaps");
  cr_assert_str_eq(wnd_decision_name(WND_INCOMPLETE), "incomplete");
  cr_assert_str_eq(wnd_decision_name(WND_REJECTED), "rejected");
  cr_assert_str_eq(wnd_flow_name(WND_FLOW_NONE), "none");
  cr_assert_str_eq(wnd_flow_name(WND_FLOW_ON_SPOT_COMPLETION), "on_spot_completion");
  cr_assert_str_eq(wnd_flow_name(WND_FLOW_ON_SPOT_ACCEPTANCE), "on_spot_acceptance");
  cr_assert_str_eq(wnd_flow_name(WND_FLOW_RECEIPT), "receipt");
  cr_assert_not_null(wnd_decision_name((wnd_decision)42));
  cr_assert_not_null(wnd_flow_name((wnd_flow)42));
}

Test(misuse, submission_outlives_nothing) {
  /* the result does not reference the submission or the catalog */
  wnd_submission *s = eng_sub("{\"fast_track\":true,\"data\":{\"name\":\"x\"}}");
  wnd_result *r = NULL;
  cr_assert_eq(wnd_evaluate(&r, eng_cat, "FT", s, NULL), WND_OK);
  wnd_submission_free(s);
  eng_teardown();
  const char *j = eng_json(r);
  cr_assert(strstr(j, "容缺受理事项"));
  cr_assert_str_eq(wnd_result_item_code(r), "FT");
  cr_assert(wnd_result_finding_count(r) > 0);
  cr_assert_str_eq(wnd_result_finding(r, 0)->code, "material_missing");
  wnd_result_free(r);
}

/* The submission builder refuses bad values and paths with a status and a
** message naming the path, and leaves the submission as it was. */
static void expect_errmsg(const char *want) {
  const char *msg = wnd_env_errmsg(eng_env);
  cr_assert(strstr(msg, want), "expected a message containing \"%s\", got \"%s\"", want, msg);
}

Test(misuse, builder_refuses_bad_values_and_paths) {
  wnd_submission *s = NULL;
  cr_assert_eq(wnd_submission_new(&s, eng_env), WND_OK);
  cr_assert_eq(wnd_submission_set_string(s, "data.name", "ok"), WND_OK);

  cr_assert_eq(wnd_submission_set_string(s, "data.bad", "a\xff"), WND_EINVALID);
  expect_errmsg("value of 'data.bad' is not valid UTF-8");
  cr_assert_eq(wnd_submission_set_double(s, "data.x", NAN), WND_EINVALID);
  expect_errmsg("value of 'data.x' is not a finite number");
  cr_assert_eq(wnd_submission_set_double(s, "data.x", -INFINITY), WND_EINVALID);
  cr_assert_eq(wnd_submission_set_int(s, "data.", 1), WND_EINVAL);
  expect_errmsg("invalid path 'data.'");
  cr_assert_eq(wnd_submission_set_bool(s, "", true), WND_EINVAL);
  char deep[200] = "data";
  for (int i = 0; i < 40; i++) strcat(deep, ".a");
  cr_assert_eq(wnd_submission_set_null(s, deep), WND_ELIMIT);
  expect_errmsg("segments; the limit is");
  cr_assert_eq(wnd_submission_set_json(s, "data.j", "{\"a\": }", 7), WND_EINVALID);
  expect_errmsg("line 1, column 7");
  cr_assert_eq(wnd_submission_set_json(s, "data.j", NULL, 0), WND_EINVAL);
  cr_assert_eq(wnd_submission_set_string(NULL, "data.name", "x"), WND_EINVAL);
  cr_assert_eq(wnd_submission_set_string(s, "data.name", NULL), WND_EINVAL);

  cr_assert_eq(wnd_submission_add_material(s, "a.b", NULL, 1), WND_EINVAL);
  cr_assert_eq(wnd_submission_add_material(s, "", NULL, 1), WND_EINVAL);
  cr_assert_eq(wnd_submission_add_material(s, NULL, NULL, 1), WND_EINVAL);
  char longid[600];
  memset(longid, 'm', sizeof longid - 1);
  longid[sizeof longid - 1] = '\0';
  cr_assert_eq(wnd_submission_add_material(s, longid, NULL, 1), WND_EINVAL);
  /* defaults: form original, at least one copy */
  cr_assert_eq(wnd_submission_add_material(s, "form", NULL, 0), WND_OK);
  cr_assert_str_eq(wnd_submission_get_string(s, "materials.form.form"), "original");

  /* nothing refused above was stored */
  cr_assert_str_eq(wnd_submission_get_string(s, "data.name"), "ok");
  cr_assert_null(wnd_submission_get_string(s, "data.bad"));
  cr_assert_null(wnd_submission_get_string(s, "data.x"));
  cr_assert_null(wnd_submission_get_string(s, "data.j"));
  cr_assert_null(wnd_submission_get_string(s, "data"));  /* a map, not a string */
  cr_assert_null(wnd_submission_get_string(s, NULL));
  wnd_submission_free(s);
}

Test(misuse, yaml_submissions_and_elicenses_say_what_is_wrong) {
  wnd_submission *s = NULL;
  cr_assert_eq(wnd_submission_parse(&s, eng_env, "# only a comment\n", 17, WND_FORMAT_YAML),
               WND_EINVALID);
  cr_assert_null(s);
  expect_errmsg("line 1, column 1: the submission is empty");
  const char *big = "data:\n  n: 99999999999999999999999\n";
  cr_assert_eq(wnd_submission_parse(&s, eng_env, big, strlen(big), WND_FORMAT_YAML), WND_EINVALID);
  expect_errmsg("line 2, column 6: number out of range");
  /* AUTO picks JSON after leading white space */
  cr_assert_eq(wnd_submission_parse(&s, eng_env, " \n\t{\"data\":{}}", 14, WND_FORMAT_AUTO), WND_OK);
  wnd_submission_free(s);

  wnd_elicenses *e = NULL;
  cr_assert_eq(wnd_elicenses_parse(&e, eng_env, "[1, 2]", 6), WND_EINVALID);
  cr_assert_null(e);
  expect_errmsg("e-licenses must map holder ids to lists of types");
  cr_assert_eq(wnd_elicenses_parse(&e, eng_env, "{\"h\": \"x\"}", 10), WND_EINVALID);
  expect_errmsg("e-licenses of 'h' must be a list");
  cr_assert_eq(wnd_elicenses_parse(&e, NULL, "{}", 2), WND_EINVAL);
  cr_assert_eq(wnd_elicenses_parse(NULL, eng_env, "{}", 2), WND_EINVAL);
  cr_assert_eq(wnd_elicenses_parse(&e, eng_env, "h: [营业执照]\n", strlen("h: [营业执照]\n")), WND_OK);
  wnd_elicenses_free(e);
}
