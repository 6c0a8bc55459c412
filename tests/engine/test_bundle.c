/*
** E-license substitution (SPEC §2.9, §4.4) and bundles (§2.8, §4.3, §4.4
** to_supply): what data cannot say (the license-map parser, the host's
** provider, item order, the JSON shape, the catalog names).  The decision
** cases are `tests:` of tests/engine/cat/items/elicense.yaml and
** tests/engine/cat/bundles/startup.yaml.
*/
#include <stdlib.h>

#include "eng.h"

#define NOW "2026-11-20T10:00:00+08:00"
#define USCC "91341522MA2N0X1235"
#define PID "341522199005151234"

TestSuite(elicense, .init = eng_setup, .fini = eng_teardown);
TestSuite(bundles, .init = eng_setup, .fini = eng_teardown);

static wnd_elicenses *lic(const char *text) {
  wnd_elicenses *e = NULL;
  int st = wnd_elicenses_parse(&e, eng_env, text, strlen(text));
  cr_assert_eq(st, WND_OK, "elicenses: %s (%s)", wnd_errstr(st), wnd_env_errmsg(eng_env));
  return e;
}

static void substituted(const wnd_result *r, const char *id) {
  const wnd_finding *f = eng_find(r, "material_substituted", id);
  cr_assert(f, "expected material_substituted:%s\n%s", id, eng_json(r));
  cr_assert_eq(f->severity, WND_SEV_INFO);
  cr_assert_not(f->tolerated);
}

Test(elicense, yaml_license_map) {
  wnd_elicenses *e = lic(USCC ":\n  - 营业执照\n  - 居民身份证\n");
  wnd_result *r = eng_eval_ex("ELIC", "{\"applicant\":{\"credit_code\":\"" USCC "\"},"
                              "\"materials\":{\"form\":{}}}", NOW, 0, e);
  EXPECT_FINDINGS(r, "material_substituted:id_card,material_substituted:business_license");
  wnd_result_free(r);
  wnd_elicenses_free(e);
}

Test(elicense, bad_license_maps_are_refused) {
  wnd_elicenses *e = NULL;
  cr_assert_eq(wnd_elicenses_parse(&e, eng_env, "[1,2]", 5), WND_EINVALID);
  cr_assert_null(e);
  cr_assert_eq(wnd_elicenses_parse(&e, eng_env, "{\"a\":", 5), WND_EINVALID);
  cr_assert_null(e);
  cr_assert_eq(wnd_elicenses_parse(NULL, eng_env, "{}", 2), WND_EINVAL);
}

/* ---- bundles ------------------------------------------------------------- */

/* startup: items BC, BA, BB in that order (bundle() checks the order).
**   BC: condition not_banned (reject); id_card; lease_contract
**   BA: applicant.name required; id_card; application_a
**   BB: id_card; form_b (tolerable; fast track) */
#define ALL_MATS "\"id_card\":{},\"application_a\":{},\"form_b\":{},\"lease_contract\":{}"

static wnd_result *bundle(const char *json) {
  wnd_result *r = eng_eval("startup", json, NOW);
  cr_assert(wnd_result_is_bundle(r));
  cr_assert_eq(wnd_result_item_count(r), 3);
  cr_assert_str_eq(wnd_result_item_code(wnd_result_item(r, 0)), "BC");
  cr_assert_str_eq(wnd_result_item_code(wnd_result_item(r, 1)), "BA");
  cr_assert_str_eq(wnd_result_item_code(wnd_result_item(r, 2)), "BB");
  for (size_t i = 0; i < 3; i++) cr_assert_not(wnd_result_is_bundle(wnd_result_item(r, i)));
  cr_assert_null(wnd_result_item(r, 3));
  return r;
}

Test(bundles, json_shape) {
  wnd_result *r = bundle("{\"applicant\":{\"name\":\"张三\"},\"materials\":{\"application_a\":{}}}");
  char *j = eng_squash(eng_json(r));
  cr_assert(!strncmp(j, "{\"bundle\":{", 11), "%s", j);
  const char *d = strstr(j, "},\"decision\":\"incomplete\",\"items\":[{\"item\":{\"code\":\"BC\"");
  cr_assert(d, "bundle keys: bundle, decision, items\n%s", j);
  const char *a = strstr(j, "{\"item\":{\"code\":\"BA\""), *b = strstr(j, "{\"item\":{\"code\":\"BB\"");
  cr_assert(a && b && d < a && a < b, "items in bundle order\n%s", j);
  const char *tail = "],\"to_supply\":[\"id_card\",\"lease_contract\",\"form_b\"],"
                     "\"deadlines\":{\"promised\":\"2026-11-23\"},\"findings\":[],"
                     "\"record\":{\"catalog_digest\":\"sha256:";
  cr_assert(strstr(j, tail), "to_supply, then the bundle's deadlines, findings, record\n%s", j);
  cr_assert(!strcmp(j + strlen(j) - 3, "\"}}") && strstr(j, "\"received_at\":\"2026-11-20T10:00:00+08:00\"}}"),
            "the record closes the bundle\n%s", j);
  cr_assert(strstr(j, "\"startup\""), "the bundle id\n%s", j);
  free(j);
  wnd_result_free(r);
}

Test(bundles, bundle_result_names_its_catalog) {
  /* a bundle result said version "" although the catalog has one */
  wnd_result *r = bundle("{\"materials\":{" ALL_MATS "}}");
  cr_assert_str_eq(wnd_result_catalog_id(r), "eng-test");
  cr_assert_str_eq(wnd_result_catalog_version(r), "3.1");
  cr_assert_str_eq(wnd_result_catalog_version(wnd_result_item(r, 0)), "3.1");
  wnd_result_free(r);
}

/* A bundle's promised deadline is a day of the catalog's timezone, as an
** item's is: wnd_result_deadline_time gave its UTC midnight (a bundle
** result had no timezone; found in round 9's review). */
Test(bundles, bundle_deadline_time_is_a_local_day) {
  wnd_result *r = bundle("{\"materials\":{" ALL_MATS "}}");
  const char *promised = wnd_result_deadline(r, "promised");
  cr_assert(promised);
  wnd_time t, want;
  cr_assert_eq(wnd_result_deadline_time(r, "promised", &t), WND_OK);
  cr_assert_eq(wnd_catalog_parse_time(eng_cat, promised, &want), WND_OK);
  cr_assert(t.date_only);
  cr_assert_eq(t.sec, want.sec, "promised %s: %lld, want %lld", promised, (long long)t.sec,
               (long long)want.sec);
  cr_assert_eq(t.utc_offset, want.utc_offset);
  wnd_result_free(r);
}

Test(bundles, bundle_items_match_single_item_results) {
  const char *sub = "{\"fast_track\":true,\"applicant\":{\"name\":\"张三\"},"
                    "\"materials\":{\"id_card\":{},\"lease_contract\":{}}}";
  wnd_result *r = bundle(sub);
  const char *codes[] = {"BC", "BA", "BB"};
  for (size_t i = 0; i < 3; i++) {
    wnd_result *one = eng_eval(codes[i], sub, NOW);
    char *a = eng_squash_unrecorded(eng_json(one)); /* a bundle has one record, on top */
    char *b = eng_squash(eng_json(r));
    cr_assert(strstr(b, a), "bundle item %s differs from its own result\n%s\n%s", codes[i], a, b);
    free(a);
    free(b);
    wnd_result_free(one);
  }
  wnd_result_free(r);
}

/* ---- the host's elicense.available (§2.9) ------------------------------- */

static char last_holder[64], last_type[64];
static int host_calls;

static bool host_elicense(const char *holder, const char *type) {
  host_calls++;
  snprintf(last_holder, sizeof last_holder, "%s", holder);
  snprintf(last_type, sizeof last_type, "%s", type);
  if (!strcmp(holder, "FAIL")) {
    wnd_host_fail("电子证照库不可用");
    return true; /* ignored after wnd_host_fail */
  }
  return !strcmp(holder, USCC) && !strcmp(type, "营业执照");
}

static wnd_catalog *host_cat;

static void host_setup(void) {
  cr_assert_eq(wnd_env_new(&eng_env, NULL), WND_OK);
  const wnd_type p[2] = {WND_TYPE_STRING, WND_TYPE_STRING};
  cr_assert_eq(wnd_env_register_function(eng_env, "elicense.available", (wnd_fnptr)host_elicense,
                                         WND_TYPE_BOOL, p, 2),
               WND_OK, "%s", wnd_env_errmsg(eng_env));
  eng_cat = eng_load(eng_env, ENG_CAT_DIR);
  host_cat = eng_cat;
}

TestSuite(host_elicense, .init = host_setup, .fini = eng_teardown);

Test(host_elicense, provider_substitutes_with_credit_code_holder) {
  wnd_result *r = eng_eval("ELIC", "{\"applicant\":{\"credit_code\":\"" USCC "\",\"id_number\":\"" PID
                                   "\"},\"materials\":{\"form\":{},\"id_card\":{}}}", NOW);
  EXPECT_FINDINGS(r, "material_substituted:business_license");
  substituted(r, "business_license");
  EXPECT_DECISION(r, WND_ACCEPTED);
  cr_assert_str_eq(last_holder, USCC);
  cr_assert_str_eq(last_type, "营业执照");
  wnd_result_free(r);
}

Test(host_elicense, provider_failure_is_no_substitution) {
  wnd_result *r = eng_eval("ELIC", "{\"applicant\":{\"credit_code\":\"FAIL\"},"
                                   "\"materials\":{\"form\":{},\"id_card\":{}}}", NOW);
  cr_assert(host_calls > 0, "the provider was asked");
  EXPECT_FINDING(r, "material_missing", "business_license");
  EXPECT_NO_FINDING(r, "material_substituted");
  EXPECT_DECISION(r, WND_INCOMPLETE);
  wnd_result_free(r);
}

Test(host_elicense, option_map_stands_in_for_the_provider) {
  wnd_elicenses *e = lic("{\"" USCC "\":[\"居民身份证\"]}");
  wnd_result *r = eng_eval_ex("ELIC", "{\"applicant\":{\"credit_code\":\"" USCC "\"},"
                                      "\"materials\":{\"form\":{}}}", NOW, 0, e);
  /* the map says id_card yes, business_license no; the host is not asked */
  EXPECT_FINDINGS(r, "material_substituted:id_card,material_missing:business_license");
  cr_assert_eq(host_calls, 0, "the host provider was called although a map was given");
  wnd_result_free(r);
  wnd_elicenses_free(e);
}
