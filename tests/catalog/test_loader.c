/*
** test_loader.c — the catalog loader: one test per diagnostic code, each
** asserting the code, the file, the line and the column; bounds on hostile
** YAML; strict mode; allocation failure at every step.
*/
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fixture.h"

/* Load base + one replaced/added file; assert one diagnostic. */
static void expect_one(const char *path, const char *text, const char *code,
                       unsigned line, unsigned col) {
  fx_file f = {path, text};
  char *dir = fx_make(&f, 1);
  wnd_diags *d = NULL;
  fx_load(dir, &d, 0);
  fx_expect(d, code, path, line, col);
  wnd_diags_free(d);
  fx_remove(dir);
}

Test(loader, base_catalog_is_clean) {
  char *dir = fx_make(NULL, 0);
  wnd_env *env = NULL;
  cr_assert_eq(wnd_env_new(&env, NULL), WND_OK);
  wnd_catalog *cat = NULL;
  wnd_diags *d = NULL;
  int st = fx_load_env(env, dir, &cat, &d, WND_LOAD_STRICT);
  if (wnd_diags_count(d)) fx_dump(d);
  cr_assert_eq(st, WND_OK);
  cr_assert_eq(wnd_diags_count(d), 0);
  cr_assert_str_eq(wnd_catalog_id(cat), "test-county");
  cr_assert_str_eq(wnd_catalog_version(cat), "1.0");
  cr_assert_eq(wnd_catalog_item_count(cat), 1);
  cr_assert_str_eq(wnd_catalog_item_code(cat, 0), "A-1");
  cr_assert_null(wnd_catalog_item_code(cat, 1));
  wnd_diags_free(d);
  wnd_catalog_free(cat);
  wnd_env_free(env);
  fx_remove(dir);
}

Test(loader, missing_directory_is_io_error) {
  wnd_env *env = NULL;
  cr_assert_eq(wnd_env_new(&env, NULL), WND_OK);
  wnd_catalog *cat = (wnd_catalog *)1;
  cr_assert_eq(wnd_catalog_load(&cat, NULL, env, "/nonexistent/catalog", NULL), WND_EIO);
  cr_assert_null(cat);
  cr_assert(strstr(wnd_env_errmsg(env), "/nonexistent/catalog"));
  wnd_env_free(env);
}

Test(loader, api_misuse) {
  wnd_env *env = NULL;
  cr_assert_eq(wnd_env_new(&env, NULL), WND_OK);
  wnd_catalog *cat = NULL;
  cr_assert_eq(wnd_catalog_load(NULL, NULL, env, "/tmp", NULL), WND_EINVAL);
  cr_assert_eq(wnd_catalog_load(&cat, NULL, NULL, "/tmp", NULL), WND_EINVAL);
  cr_assert_eq(wnd_catalog_load(&cat, NULL, env, NULL, NULL), WND_EINVAL);
  wnd_load_options bad = WND_LOAD_OPTIONS_INIT;
  bad.version = 99;
  cr_assert_eq(wnd_catalog_load(&cat, NULL, env, "/tmp", &bad), WND_EINVAL);
  wnd_env_options eo = WND_ENV_OPTIONS_INIT;
  eo.version = 42;
  wnd_env *e2 = NULL;
  cr_assert_eq(wnd_env_new(&e2, &eo), WND_EINVAL);
  cr_assert_null(e2);
  wnd_catalog_free(NULL);
  wnd_diags_free(NULL);
  wnd_env_free(env);
}

/* ---- YAML level --------------------------------------------------------- */

Test(loader, yaml_syntax) {
  expect_one("items/a.yaml", "item:\n  code: [unclosed\n  name: x\n", "yaml-syntax", 3, 7);
}

Test(loader, bad_utf8) {
  expect_one("items/a.yaml", "item:\n  code: \"A-1\"\n  name: ab\xc3\x28\n", "bad-utf8", 3, 11);
}

/* A raw NUL or other control byte is reported where it is, not at 1:1
** (libyaml's reader gives a byte offset, not a line and column). */
static void expect_raw(const char *text, size_t len, unsigned line, unsigned col) {
  char *dir = fx_make(NULL, 0);
  char path[4096];
  snprintf(path, sizeof path, "%s/items/a.yaml", dir);
  FILE *f = fopen(path, "wb");
  cr_assert(f);
  fwrite(text, 1, len, f);
  fclose(f);
  wnd_diags *d = NULL;
  fx_load(dir, &d, 0);
  fx_expect(d, "yaml-syntax", "items/a.yaml", line, col);
  wnd_diags_free(d);
  fx_remove(dir);
}

Test(loader, control_bytes_reported_at_their_position) {
  static const char nul[] = "item:\n  code: \"A-1\"\n  name: ab\0c\n";
  expect_raw(nul, sizeof nul - 1, 3, 11);
  static const char bel[] = "item:\n  code: \"A-1\"\n  name: 测试\x07\n";
  expect_raw(bel, sizeof bel - 1, 3, 11);
}

Test(loader, tab_indentation) {
  expect_one("items/a.yaml", "item:\n\tcode: \"A-1\"\n", "yaml-tab", 2, 1);
}

Test(loader, depth_limit) {
  char buf[512] = "item: ";
  for (int i = 0; i < 100; i++) strcat(buf, "[");
  expect_one("items/a.yaml", buf, "yaml-limit", 1, 70);
}

Test(loader, alias_bomb_rejected_quickly) {
  const char *bomb =
      "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
      "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
      "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
      "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
      "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
      "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
      "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
      "h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
      "i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h, *h]\n";
  clock_t t0 = clock();
  /* 10^6 nodes at f: the first alias of f that passes 200000 is reported */
  expect_one("items/a.yaml", bomb, "yaml-limit", 6, 8);
  /* generous: the point is "not exponential"; typical is a few ms */
  cr_assert_lt((double)(clock() - t0) / CLOCKS_PER_SEC, 5.0);
}

Test(loader, alias_cycle_and_undefined) {
  expect_one("items/a.yaml", "a: &a [1, *a]\n", "yaml-alias", 1, 11);
  expect_one("items/a.yaml", "a: *nothing\n", "yaml-alias", 1, 4);
}

Test(loader, too_many_anchors) {
  char buf[8192] = "";
  for (int i = 0; i < 70; i++) {
    char line[64];
    snprintf(line, sizeof line, "k%d: &a%d v\n", i, i);
    strcat(buf, line);
  }
  expect_one("items/a.yaml", buf, "yaml-limit", 65, 6);
}

Test(loader, tags_rejected) {
  expect_one("items/a.yaml", "item: !!python/object:os.system x\n", "yaml-tag", 1, 7);
}

Test(loader, multiple_documents) {
  expect_one("items/a.yaml", "item: {}\n---\nitem: {}\n", "yaml-multidoc", 2, 1);
}

Test(loader, duplicate_key) {
  expect_one("items/a.yaml",
             "item:\n  code: \"A-1\"\n  name: x\n  department: market\n  name: y\n",
             "duplicate-key", 5, 3);
}

Test(loader, duplicate_key_in_huge_mapping_is_fast) {
  size_t cap = 2000000;
  char *buf = malloc(cap);
  size_t len = 0;
  len += (size_t)snprintf(buf + len, cap - len, "big:\n");
  for (int i = 0; i < 50000; i++)
    len += (size_t)snprintf(buf + len, cap - len, "  k%d: v\n", i);
  len += (size_t)snprintf(buf + len, cap - len, "  k7: again\n");
  fx_file f = {"items/a.yaml", buf};
  char *dir = fx_make(&f, 1);
  wnd_env *env = NULL;
  wnd_limits lim = WND_LIMITS_INIT;
  lim.max_file_bytes = 4u << 20;
  wnd_env_options eo = WND_ENV_OPTIONS_INIT;
  eo.limits = &lim;
  cr_assert_eq(wnd_env_new(&env, &eo), WND_OK);
  wnd_catalog *cat = NULL;
  wnd_diags *d = NULL;
  clock_t t0 = clock();
  fx_load_env(env, dir, &cat, &d, 0);
  cr_assert_lt((double)(clock() - t0) / CLOCKS_PER_SEC, 5.0);
  fx_expect(d, "duplicate-key", "items/a.yaml", 50002, 3);
  wnd_diags_free(d);
  wnd_catalog_free(cat);
  wnd_env_free(env);
  fx_remove(dir);
  free(buf);
}

Test(loader, file_size_limit) {
  fx_file f = {"items/a.yaml", "item: {code: \"A-1\", name: n, department: market}\n"};
  char *dir = fx_make(&f, 1);
  wnd_env *env = NULL;
  wnd_limits lim = WND_LIMITS_INIT;
  lim.max_file_bytes = 40;
  wnd_env_options eo = WND_ENV_OPTIONS_INIT;
  eo.limits = &lim;
  cr_assert_eq(wnd_env_new(&env, &eo), WND_OK);
  wnd_catalog *cat = NULL;
  wnd_diags *d = NULL;
  cr_assert_eq(fx_load_env(env, dir, &cat, &d, 0), WND_EINVALID);
  fx_expect(d, "yaml-limit", "items/a.yaml", 0, 0);
  wnd_diags_free(d);
  wnd_env_free(env);
  fx_remove(dir);
}

/* ---- schema level --------------------------------------------------------- */

Test(loader, unknown_key_suggests_nearest) {
  fx_file f = {"catalog.yaml",
               "catalog:\n  id: c\n  name: n\n  timezon: \"+08:00\"\n"};
  char *dir = fx_make(&f, 1);
  wnd_diags *d = NULL;
  cr_assert_eq(fx_load(dir, &d, 0), WND_EINVALID);
  fx_expect(d, "unknown-key", "catalog.yaml", 4, 3);
  cr_assert(strstr(fx_find(d, "unknown-key")->message, "did you mean 'timezone'"));
  wnd_diags_free(d);
  fx_remove(dir);
}

Test(loader, missing_key) {
  expect_one("items/b.yaml", "item:\n  code: \"B-1\"\n  department: market\n", "missing-key",
             2, 3);
}

Test(loader, bad_type) {
  expect_one("items/b.yaml", "item:\n  code: [x]\n  name: n\n  department: market\n",
             "bad-type", 2, 9);
}

Test(loader, bad_value_enum) {
  expect_one("items/b.yaml",
             "item:\n  code: \"B-1\"\n  name: n\n  department: market\n  handling: soon\n",
             "bad-value", 5, 13);
}

Test(loader, bad_id) {
  expect_one("windows.yaml", "windows:\n  - id: General Window\n    name: n\n    kind: domain\n",
             "bad-id", 2, 9);
}

Test(loader, bad_duration) {
  expect_one("items/b.yaml",
             "item:\n  code: \"B-1\"\n  name: n\n  department: market\n"
             "  statutory_limit: 3 fortnights\n",
             "bad-duration", 5, 20);
}

Test(loader, duration_forms_accepted) {
  const char *forms[] = {"10个工作日", "10 工作日", "20 workdays", "1 workday", "7 days",
                         "7日",        "7天",       "7个自然日",   "2 hours", "2小时",
                         "20 minutes", "20分钟",    "0",           "0 days"};
  for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
    char text[256];
    snprintf(text, sizeof text,
             "item:\n  code: \"B-1\"\n  name: n\n  department: market\n"
             "  statutory_limit: \"%s\"\n",
             forms[i]);
    fx_file f = {"items/b.yaml", text};
    char *dir = fx_make(&f, 1);
    wnd_diags *d = NULL;
    fx_load(dir, &d, 0);
    cr_assert_null(fx_find(d, "bad-duration"), "form '%s' rejected", forms[i]);
    wnd_diags_free(d);
    fx_remove(dir);
  }
}

Test(loader, bad_date) {
  expect_one("calendars/2026.yaml",
             "calendar:\n  year: 2026\n  holidays:\n    - {name: x, from: 2026-02-30, to: 2026-03-01}\n",
             "bad-date", 4, 23);
}

Test(loader, duplicate_ids) {
  expect_one("materials.yaml",
             "materials:\n  - {id: id_card, name: a}\n  - {id: id_card, name: b}\n",
             "duplicate-id", 3, 10);
}

Test(loader, duplicate_code) {
  expect_one("items/b.yaml", "item:\n  code: \"A-1\"\n  name: n\n  department: market\n",
             "duplicate-code", 2, 9);
}

Test(loader, dangling_references) {
  fx_file files[] = {
      {"items/b.yaml",
       "item:\n  code: \"B-1\"\n  name: n\n  department: market\n  section: nope\n"
       "  window: nowin\nmaterials:\n  - use: passport\n  - id: x\n    name: x\n"
       "    any_of: [ghost]\nrouting:\n  - when: true\n    escalate_to: province\n"},
      {"bundles/b.yaml", "bundle:\n  id: b\n  name: b\n  items: [\"A-1\", \"Z-9\"]\n"},
  };
  char *dir = fx_make(files, 2);
  wnd_diags *d = NULL;
  cr_assert_eq(fx_load(dir, &d, 0), WND_EINVALID);
  fx_expect(d, "dangling-reference", "items/b.yaml", 5, 12);
  fx_expect(d, "dangling-reference", "items/b.yaml", 6, 11);
  fx_expect(d, "dangling-reference", "items/b.yaml", 8, 10);
  fx_expect(d, "dangling-reference", "items/b.yaml", 11, 14);
  fx_expect(d, "dangling-reference", "items/b.yaml", 14, 18);
  fx_expect(d, "dangling-reference", "bundles/b.yaml", 4, 18);
  wnd_diags_free(d);
  fx_remove(dir);
}

Test(loader, parent_cycle) {
  expect_one("departments.yaml",
             "departments:\n  - {id: a, name: a, parent: b}\n  - {id: b, name: b, parent: a}\n"
             "  - {id: market, name: m}\n",
             "dangling-reference", 2, 30);
}

Test(loader, limit_order) {
  fx_file f = {"items/b.yaml",
               "item:\n  code: \"B-1\"\n  name: n\n  department: market\n"
               "  statutory_limit: 10 workdays\n  promised_limit: 15个工作日\n"
               "materials:\n  - id: x\n    name: x\n    supplement_within: 20 workdays\n"};
  char *dir = fx_make(&f, 1);
  wnd_diags *d = NULL;
  cr_assert_eq(fx_load(dir, &d, 0), WND_EINVALID);
  fx_expect(d, "limit-order", "items/b.yaml", 6, 19);
  fx_expect(d, "limit-order", "items/b.yaml", 10, 24);
  wnd_diags_free(d);
  fx_remove(dir);
}

Test(loader, limits_in_different_units_not_compared) {
  fx_file f = {"items/b.yaml",
               "item:\n  code: \"B-1\"\n  name: n\n  department: market\n"
               "  statutory_limit: 10 workdays\n  promised_limit: 30 days\n"};
  char *dir = fx_make(&f, 1);
  wnd_diags *d = NULL;
  fx_load(dir, &d, 0);
  cr_assert_null(fx_find(d, "limit-order"));
  wnd_diags_free(d);
  fx_remove(dir);
}

Test(loader, negative_list_without_reason) {
  expect_one("items/b.yaml",
             "item:\n  code: \"B-1\"\n  name: n\n  department: market\n  comprehensive: false\n",
             "negative-list-reason", 5, 18);
}

Test(loader, function_unprovided) {
  expect_one("functions.yaml",
             "functions:\n  - name: credit.dishonest\n    params: [string]\n    returns: bool\n",
             "function-unprovided", 2, 5);
}

Test(loader, function_library_must_be_bare_name) {
  expect_one("functions.yaml",
             "functions:\n  - name: credit.dishonest\n    params: [string]\n    returns: bool\n"
             "    library: ../../tmp/evil\n",
             "bad-value", 5, 14);
}

Test(loader, missing_files) {
  fx_file f[] = {{"catalog.yaml", NULL}, {"items/a.yaml", NULL}};
  char *dir = fx_make(f, 2);
  wnd_diags *d = NULL;
  cr_assert_eq(fx_load(dir, &d, 0), WND_EINVALID);
  fx_expect(d, "missing-file", "catalog.yaml", 0, 0);
  fx_expect(d, "missing-file", "items", 0, 0);
  wnd_diags_free(d);
  fx_remove(dir);
}

/* ---- warnings and --strict ------------------------------------------------ */

Test(loader, warnings_and_strict) {
  fx_file files[] = {
      {"items/b.yaml",
       "item:\n  code: \"B-1\"\n  name: n\n  department: market\n  comprehensive: false\n"
       "  exclusion_reason: 涉密\n  type: 行政许可\n  handling: promised\n  statutory_limit: 10 workdays\n  promised_limit: 5 workdays\nmaterials:\n  - id: plan\n    name: 平面图\n"
       "    tolerable: true\nrouting:\n  - section: food\n  - when: data.x > 1\n"
       "    section: canteen\n"},
      {"calendars/2027.yaml", NULL},
  };
  char *dir = fx_make(files, 2);
  wnd_diags *d = NULL;
  cr_assert_eq(fx_load(dir, &d, 0), WND_OK); /* warnings only */
  fx_expect(d, "tolerable-without-fast-track", "items/b.yaml", 12, 5);
  fx_expect(d, "unreachable-routing", "items/b.yaml", 17, 5);
  fx_expect(d, "no-tests", "items/b.yaml", 2, 3);
  fx_expect(d, "no-window", "items/b.yaml", 2, 3);
  fx_expect(d, "calendar-coverage", "calendars", 0, 0);
  cr_assert(strstr(fx_find(d, "calendar-coverage")->message, "2027"));
  wnd_diags_free(d);
  d = NULL;
  cr_assert_eq(fx_load(dir, &d, WND_LOAD_STRICT), WND_EINVALID);
  wnd_diags_free(d);
  fx_remove(dir);
}

/* ---- out of memory ----------------------------------------------------------- */

typedef struct failing {
  long countdown; /* fail when it reaches 0 */
  long calls;
} failing;

static void *failing_realloc(void *ud, void *p, size_t n) {
  failing *f = ud;
  if (n == 0) {
    free(p);
    return NULL;
  }
  f->calls++;
  if (f->countdown-- == 0) return NULL;
  return realloc(p, n);
}

Test(loader, every_allocation_failure_is_reported) {
  fx_file f = {"bundles/b.yaml", "bundle:\n  id: b\n  name: b\n  items: [\"A-1\"]\n"};
  char *dir = fx_make(&f, 1);
  /* Count the allocations of a clean load first. */
  failing fa = {-1, 0};
  wnd_allocator al = {failing_realloc, &fa};
  wnd_env_options eo = WND_ENV_OPTIONS_INIT;
  eo.allocator = &al;
  wnd_env *env = NULL;
  cr_assert_eq(wnd_env_new(&env, &eo), WND_OK);
  wnd_catalog *cat = NULL;
  cr_assert_eq(fx_load_env(env, dir, &cat, NULL, 0), WND_OK);
  wnd_catalog_free(cat);
  wnd_env_free(env);
  long total = fa.calls;
  cr_assert_gt(total, 50);
  for (long k = 0; k < total; k++) {
    fa.countdown = k;
    fa.calls = 0;
    env = NULL;
    if (wnd_env_new(&env, &eo) != WND_OK) continue; /* the env itself failed */
    cat = NULL;
    wnd_diags *d = NULL;
    int st = fx_load_env(env, dir, &cat, &d, 0);
    cr_assert(st == WND_ENOMEM || st == WND_OK,
              "allocation %ld failing gave status %d", k, st);
    if (st == WND_OK) cr_assert_not_null(cat);
    wnd_diags_free(d);
    wnd_catalog_free(cat);
    wnd_env_free(env);
  }
  fx_remove(dir);
}

/* Regression: enum values and test submissions were converted from the
** YAML tree without copying their strings, so they pointed into the
** file's node arena, freed as soon as the file was loaded.  Evaluating
** any enum check then read freed memory (wrong decisions; ASan reports a
** heap-use-after-free). */
Test(loader, yaml_values_outlive_their_file) {
  char *dir = fx_make(NULL, 0);
  wnd_env *env = NULL;
  cr_assert_eq(wnd_env_new(&env, NULL), WND_OK);
  wnd_catalog *cat = NULL;
  cr_assert_eq(fx_load_env(env, dir, &cat, NULL, 0), WND_OK);
  /* Churn the heap so freed blocks are reused before evaluating. */
  for (int i = 0; i < 200; i++) free(calloc(1, 4096 + (size_t)i));
  wnd_submission *s = NULL;
  const char *json = "{\"applicant\": {\"kind\": \"person\"}, \"data\": {\"area_m2\": 20.0},"
                     " \"materials\": {\"id_card\": {}, \"form\": {}}}";
  cr_assert_eq(wnd_submission_parse(&s, env, json, strlen(json), WND_FORMAT_JSON), WND_OK);
  wnd_result *r = NULL;
  cr_assert_eq(wnd_evaluate(&r, cat, "A-1", s, NULL), WND_OK);
  for (size_t i = 0; i < wnd_result_finding_count(r); i++)
    cr_assert_str_neq(wnd_result_finding(r, i)->code, "field_invalid",
                      "enum value read from freed memory");
  cr_assert_eq(wnd_result_decision(r), WND_ACCEPTED);
  /* the item's test ran from the catalog copy of its submission */
  size_t passed = 0, failed = 0;
  cr_assert_eq(wnd_catalog_test(cat, NULL, NULL, &passed, &failed), WND_OK);
  cr_assert_eq(passed + failed, 1);
  wnd_result_free(r);
  wnd_submission_free(s);
  wnd_catalog_free(cat);
  wnd_env_free(env);
  fx_remove(dir);
}
