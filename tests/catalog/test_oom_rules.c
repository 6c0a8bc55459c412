/*
** test_oom_rules.c — allocation failure while loading the shipped catalog
** (rules/), at every allocation in turn (issue 15).  Each run must end in
** WND_ENOMEM with no catalog, or in WND_OK with a catalog identical to the
** clean load — never a catalog that silently lacks items — and free every
** block it allocated.
**
** "Identical" is the list of item codes and bundle ids plus the result
** JSON (with the trace) of one fixed submission evaluated against every
** item and bundle: a dropped material, condition, check or window shows
** up there.  The catalog digest of SPEC 0.2 becomes a second comparison
** once the catalog exposes it.
*/
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

TestSuite(oom_rules, .timeout = 3000);

static long countdown = -1; /* allocations left before the one that fails; -1: none */
static long calls, live;

static void *failing_realloc(void *ud, void *p, size_t n) {
  (void)ud;
  if (n == 0) {
    if (p) live--;
    free(p);
    return NULL;
  }
  calls++;
  if (countdown == 0) {
    countdown = -1; /* one failure per run: later allocations succeed */
    return NULL;
  }
  if (countdown > 0) countdown--;
  void *q = realloc(p, n);
  if (q && !p) live++;
  return q;
}

static const wnd_allocator ALLOC = {failing_realloc, NULL};

static char *read_all(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  cr_assert(f, "cannot open %s", path);
  char *buf = malloc(1 << 20);
  cr_assert(buf);
  *len = fread(buf, 1, (1 << 20) - 1, f);
  buf[*len] = 0;
  fclose(f);
  return buf;
}

static void append(char **acc, size_t *len, const char *s) {
  size_t n = strlen(s);
  char *grown = realloc(*acc, *len + n + 2);
  cr_assert(grown);
  *acc = grown;
  memcpy(*acc + *len, s, n);
  *len += n;
  (*acc)[(*len)++] = '\n';
  (*acc)[*len] = 0;
}

/* What a catalog answers: its codes and one evaluation of each (malloc'd). */
static char *fingerprint(wnd_env *env, const wnd_catalog *cat, const char *sub, size_t sublen) {
  char *acc = NULL;
  size_t len = 0;
  append(&acc, &len, wnd_catalog_id(cat));
  append(&acc, &len, wnd_catalog_digest(cat)); /* the same files, byte for byte */
  wnd_submission *s = NULL;
  cr_assert_eq(wnd_submission_parse(&s, env, sub, sublen, WND_FORMAT_JSON), WND_OK);
  wnd_eval_options o = WND_EVAL_OPTIONS_INIT;
  o.flags = WND_EVAL_EXPLAIN;
  o.now_set = true;
  o.now_sec = 1795591800; /* 2026-11-24T15:30:00+08:00 */
  size_t ni = wnd_catalog_item_count(cat), nb = wnd_catalog_bundle_count(cat);
  for (size_t i = 0; i < ni + nb; i++) {
    const char *code = i < ni ? wnd_catalog_item_code(cat, i) : wnd_catalog_bundle_id(cat, i - ni);
    append(&acc, &len, code);
    wnd_result *r = NULL;
    const char *j = NULL;
    cr_assert_eq(wnd_evaluate(&r, cat, code, s, &o), WND_OK, "evaluate %s", code);
    cr_assert_eq(wnd_result_json(r, &j, NULL), WND_OK);
    append(&acc, &len, j);
    wnd_result_free(r);
  }
  wnd_submission_free(s);
  return acc;
}

Test(oom_rules, every_allocation_failure_loading_rules) {
  size_t sublen = 0;
  char *sub = read_all(WND_SOURCE_ROOT "/examples/submissions/02-food-license-fast-track.json",
                       &sublen);
  wnd_env_options eo = WND_ENV_OPTIONS_INIT;
  eo.allocator = &ALLOC;
  wnd_env *env = NULL;
  cr_assert_eq(wnd_env_new(&env, &eo), WND_OK);
  wnd_catalog *cat = NULL;
  calls = 0;
  cr_assert_eq(fx_load_env(env, WND_SOURCE_ROOT "/rules", &cat, NULL, 0), WND_OK);
  long total = calls;
  cr_assert_gt(wnd_catalog_item_count(cat), 30);
  char *want = fingerprint(env, cat, sub, sublen);
  wnd_catalog_free(cat);
  wnd_env_free(env);
  cr_assert_eq(live, 0, "the clean load leaked %ld blocks", live);

  long nomem = 0, ok = 0;
  for (long k = 0; k < total; k++) {
    countdown = -1;
    env = NULL;
    cr_assert_eq(wnd_env_new(&env, &eo), WND_OK);
    countdown = k;
    cat = NULL;
    wnd_diags *d = NULL;
    int st = fx_load_env(env, WND_SOURCE_ROOT "/rules", &cat, &d, 0);
    bool failed = countdown == -1; /* the k-th allocation was reached and failed */
    countdown = -1;
    if (st != WND_OK && st != WND_ENOMEM) fx_dump(d);
    cr_assert(st == WND_OK || st == WND_ENOMEM,
              "allocation %ld of %ld failing gave status %d", k, total, st);
    if (st == WND_ENOMEM) {
      cr_assert_null(cat);
      nomem++;
    } else {
      cr_assert_not_null(cat);
      char *got = fingerprint(env, cat, sub, sublen);
      cr_assert_str_eq(got, want,
                       "allocation %ld failing gave WND_OK with a different catalog", k);
      free(got);
      ok++;
    }
    cr_assert(failed || st == WND_OK, "status %d without a failed allocation", st);
    wnd_diags_free(d);
    wnd_catalog_free(cat);
    wnd_env_free(env);
    cr_assert_eq(live, 0, "allocation %ld failing leaked %ld blocks", k, live);
  }
  fprintf(stderr, "oom_rules: %ld allocations; %ld runs ended in WND_ENOMEM, %ld in an "
                  "identical catalog\n", total, nomem, ok);
  free(want);
  free(sub);
}
