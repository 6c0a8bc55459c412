/*
** test_record.c — the C API of the 0.2 decision model (SPEC §4.5) where
** data cannot say it: decided_by and the record through their accessors,
** the record's place in bundles, and the submission digest's cache being
** dropped when a builder changes the submission.  The decisions
** themselves are data: tests/model with its `tests:`.
*/
#include <criterion/criterion.h>
#include <string.h>

#include "eng.h"

#define MODEL_DIR ENG_CAT_DIR "/../../model"

static wnd_catalog *model;

static void load_model(void) { model = eng_load(eng_env, MODEL_DIR); }

static wnd_result *eval_model(const char *code, const wnd_submission *s) {
  wnd_eval_options o = WND_EVAL_OPTIONS_INIT;
  o.now_set = true;
  o.now_sec = 1789696800; /* 2026-09-18T10:00:00+08:00 */
  wnd_result *r = NULL;
  cr_assert_eq(wnd_evaluate(&r, model, code, s, &o), WND_OK);
  return r;
}

TestSuite(record, .init = eng_setup, .fini = eng_teardown);

Test(record, accessors_for_who_decides_and_the_record) {
  load_model();
  wnd_submission *s = eng_sub("{\"data\":{\"age\":30},\"materials\":{\"application_form\":{}}}");
  wnd_result *r = eval_model("B-SPOT", s);
  cr_assert_eq(wnd_result_decided_by(r), WND_DECIDED_BY_BACK_OFFICE);
  cr_assert_str_eq(wnd_decider_name(wnd_result_decided_by(r)), "back_office");
  cr_assert_str_eq(wnd_result_deadline(r, "reply"), "2026-09-18T10:20:00+08:00");
  cr_assert_str_eq(wnd_result_record(r, "catalog_digest"), wnd_catalog_digest(model));
  cr_assert_eq(strlen(wnd_catalog_digest(model)), 71);
  cr_assert(!strncmp(wnd_result_record(r, "submission_digest"), "sha256:", 7));
  cr_assert_str_eq(wnd_result_record(r, "engine"), "libwindow " WND_VERSION);
  cr_assert_str_eq(wnd_result_record(r, "received_at"), "2026-09-18T10:00:00+08:00");
  cr_assert_null(wnd_result_record(r, "no_such_key"));
  cr_assert_null(wnd_decider_name((wnd_decider)0));
  wnd_result_free(r);
  wnd_submission_free(s);
  wnd_catalog_free(model);
}

Test(record, a_bundle_has_one_record_on_top) {
  load_model();
  wnd_submission *s = eng_sub("{\"materials\":{\"application_form\":{}}}");
  wnd_result *r = eval_model("steps", s);
  cr_assert(wnd_result_record(r, "submission_digest"));
  cr_assert_eq(wnd_result_decided_by(r), 0, "a bundle has no single decider");
  cr_assert_str_eq(wnd_result_deadline(r, "promised"), "2026-09-22");
  cr_assert_str_eq(wnd_result_catalog_version(r), "0.2-test");
  for (size_t i = 0; i < wnd_result_item_count(r); i++)
    cr_assert_null(wnd_result_record(wnd_result_item(r, i), "catalog_digest"));
  wnd_result_free(r);
  wnd_submission_free(s);
  wnd_catalog_free(model);
}

Test(record, a_changed_submission_gets_a_new_digest) {
  load_model();
  wnd_submission *s = NULL;
  cr_assert_eq(wnd_submission_new(&s, eng_env), WND_OK);
  cr_assert_eq(wnd_submission_add_material(s, "application_form", "original", 1), WND_OK);
  wnd_result *a = eval_model("C-AUTH", s);
  wnd_result *b = eval_model("C-AUTH", s);
  cr_assert_str_eq(wnd_result_record(a, "submission_digest"),
                   wnd_result_record(b, "submission_digest"));
  cr_assert_eq(wnd_submission_set_int(s, "data.count", 5), WND_OK);
  wnd_result *c = eval_model("C-AUTH", s);
  cr_assert_str_neq(wnd_result_record(a, "submission_digest"),
                    wnd_result_record(c, "submission_digest"),
                    "the cached digest must not outlive a change");
  cr_assert_eq(wnd_submission_set_double(s, "data.count", 5.0), WND_OK);
  wnd_result *d = eval_model("C-AUTH", s);
  cr_assert_str_neq(wnd_result_record(c, "submission_digest"),
                    wnd_result_record(d, "submission_digest"), "5 and 5.0 are different input");
  wnd_result_free(a);
  wnd_result_free(b);
  wnd_result_free(c);
  wnd_result_free(d);
  wnd_submission_free(s);
  wnd_catalog_free(model);
}

Test(record, item_facts_for_listings) {
  load_model();
  size_t b = SIZE_MAX, g = SIZE_MAX;
  for (size_t i = 0; i < wnd_catalog_item_count(model); i++) {
    if (!strcmp(wnd_catalog_item_code(model, i), "B-SPOT")) b = i;
    if (!strcmp(wnd_catalog_item_code(model, i), "G-EXT")) g = i;
  }
  cr_assert(b != SIZE_MAX && g != SIZE_MAX);
  cr_assert_str_eq(wnd_catalog_item_department(model, b), "civil");
  cr_assert_eq(wnd_catalog_item_flow(model, b), WND_FLOW_ON_SPOT_ACCEPTANCE, "declared flow");
  cr_assert_eq(wnd_catalog_item_flow(model, g), WND_FLOW_ON_SPOT_ACCEPTANCE, "derived flow");
  char buf[32];
  cr_assert_eq(wnd_catalog_item_limit(model, g, "statutory_extension", buf, sizeof buf), WND_OK);
  cr_assert_str_eq(buf, "10 workdays");
  cr_assert_eq(wnd_catalog_item_limit(model, b, "statutory_extension", buf, sizeof buf),
               WND_ENOTFOUND);
  cr_assert_eq(wnd_catalog_item_limit(model, b, "promised", buf, 4), WND_OK);
  cr_assert_str_eq(buf, "5 w", "cut to the buffer, NUL-terminated");
  cr_assert_eq(wnd_catalog_item_limit(model, b, "weekly", buf, sizeof buf), WND_EINVAL);
  cr_assert_eq(wnd_catalog_item_limit(model, 999, "promised", buf, sizeof buf), WND_ENOTFOUND);
  cr_assert_null(wnd_catalog_item_department(model, 999));
  cr_assert_eq(wnd_catalog_item_flow(NULL, 0), WND_FLOW_NONE);
  wnd_catalog_free(model);
}

static const char *digest_of(const char *text, int format, wnd_result **keep) {
  wnd_submission *s = NULL;
  cr_assert_eq(wnd_submission_parse(&s, eng_env, text, strlen(text), format), WND_OK,
               "%s", wnd_env_errmsg(eng_env));
  *keep = eval_model("C-AUTH", s);
  wnd_submission_free(s);
  return wnd_result_record(*keep, "submission_digest");
}

/* The spellings YAML gives null, booleans and numbers read as the values
** the JSON spelling gives (equal digests); a quoted spelling stays text. */
Test(record, yaml_scalars_read_as_their_json_values) {
  load_model();
  wnd_result *ry, *rj, *rq;
  const char *y = digest_of("data:\n  a: ~\n  b: Null\n  c: NULL\n  d:\n  e: True\n  f: TRUE\n"
                            "  g: False\n  h: FALSE\n  i: 1e5\n  j: -2.5E-3\n  k: 12\n  l: '12'\n",
                            WND_FORMAT_YAML, &ry);
  const char *j = digest_of("{\"data\":{\"a\":null,\"b\":null,\"c\":null,\"d\":null,\"e\":true,"
                            "\"f\":true,\"g\":false,\"h\":false,\"i\":100000.0,\"j\":-0.0025,"
                            "\"k\":12,\"l\":\"12\"}}",
                            WND_FORMAT_JSON, &rj);
  cr_assert_str_eq(y, j);
  const char *q = digest_of("data:\n  a: '~'\n  b: Null\n  c: NULL\n  d:\n  e: True\n  f: TRUE\n"
                            "  g: False\n  h: FALSE\n  i: 1e5\n  j: -2.5E-3\n  k: 12\n  l: '12'\n",
                            WND_FORMAT_YAML, &rq);
  cr_assert_str_neq(q, j, "a quoted '~' is text, not null");
  wnd_result_free(ry);
  wnd_result_free(rj);
  wnd_result_free(rq);
  wnd_submission *s = NULL;
  cr_assert_eq(wnd_submission_parse(&s, eng_env, "data: {x: 1e999}\n", 17, WND_FORMAT_YAML),
               WND_EINVALID);
  cr_assert(strstr(wnd_env_errmsg(eng_env), "number out of range"), "%s", wnd_env_errmsg(eng_env));
  wnd_catalog_free(model);
}
