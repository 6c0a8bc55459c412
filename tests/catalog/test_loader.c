/*
** test_loader.c — the catalog loader where data cannot say it: API misuse,
** the accessors of a clean catalog, a generated 50,000-key mapping, and
** allocation failure at every step.  One case per diagnostic code (code,
** file, line and column) lives as data in tests/catalog/cases (test_cases.c).
*/
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fixture.h"

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
  char *dir = fx_make_overlay("bundle");
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
