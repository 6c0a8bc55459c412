/*
** wnd_catalog_test: the `tests:` of items and bundles (SPEC §2.7, §6
** `window test`), with passing and failing tests; the messages say what
** was expected and what came out.
*/
#include <stdlib.h>

#include "../catalog/fixture.h"
#include "eng.h"

/* The catalog is the overlay selftest (tests/resources/overlays/selftest):
** items/a.yaml with 7 tests, 4 of them written wrong on purpose, and
** bundles/pack.yaml with 2 (1 wrong). */
typedef struct seen {
  size_t n;
  char target[16][32], name[16][64], file[16][64], message[16][1024];
  unsigned line[16];
  bool passed[16];
} seen;

static void collect(const wnd_test_outcome *o, void *payload) {
  seen *s = payload;
  cr_assert(s->n < 16);
  snprintf(s->target[s->n], 32, "%s", o->target);
  snprintf(s->name[s->n], 64, "%s", o->name);
  snprintf(s->file[s->n], 64, "%s", o->file ? o->file : "");
  snprintf(s->message[s->n], 1024, "%s", o->message ? o->message : "");
  s->line[s->n] = o->line;
  s->passed[s->n] = o->passed;
  s->n++;
}

static size_t find(const seen *s, const char *name) {
  for (size_t i = 0; i < s->n; i++)
    if (!strcmp(s->name[i], name)) return i;
  cr_assert_fail("no outcome for test %s", name);
  return 0;
}

/* Load the overlay `name` and run its tests into *s; each failing test's
** message goes to stderr.  The caller frees *env, the catalog and *dir. */
static wnd_catalog *overlay_tested(const char *name, wnd_env **env, char **dir, seen *s,
                                   size_t *passed, size_t *failed) {
  *dir = fx_make_overlay(name);
  cr_assert_eq(wnd_env_new(env, NULL), WND_OK);
  wnd_catalog *cat = eng_load(*env, *dir);
  *passed = *failed = 99;
  cr_assert_eq(wnd_catalog_test(cat, collect, s, passed, failed), WND_OK);
  for (size_t i = 0; i < s->n; i++)
    if (s->message[i][0]) fprintf(stderr, "%s: %s\n", s->name[i], s->message[i]);
  return cat;
}

Test(selftest, passing_and_failing_tests) {
  char *dir;
  wnd_env *env = NULL;
  seen s = {0};
  size_t passed, failed;
  wnd_catalog *cat = overlay_tested("selftest", &env, &dir, &s, &passed, &failed);
  cr_assert_eq(s.n, 9, "one callback per test");
  cr_assert_eq(passed, 5);
  cr_assert_eq(failed, 4);

  static const char *const ok[] = {"齐全当场受理", "缺申请书容缺", "电子证照免提交", "按提交时间计算",
                                   "套餐缺材料"};
  for (size_t i = 0; i < 5; i++) {
    size_t k = find(&s, ok[i]);
    cr_assert(s.passed[k], "%s should pass: %s", ok[i], s.message[k]);
  }
  size_t k = find(&s, "写错的决定");
  cr_assert_not(s.passed[k]);
  cr_assert_str_eq(s.target[k], "A-1");
  cr_assert(strstr(s.file[k], "items/a.yaml"), "file %s", s.file[k]);
  cr_assert_eq(s.line[k], 51); /* the test's line in items/a.yaml */
  cr_assert(strstr(s.message[k], "expected accepted") && strstr(s.message[k], "got incomplete"),
            "message: %s", s.message[k]);

  k = find(&s, "写错的发现");
  cr_assert_not(s.passed[k]);
  cr_assert(strstr(s.message[k], "material_missing:form") &&
                strstr(s.message[k], "material_missing:id_card") && strstr(s.message[k], "expected") &&
                strstr(s.message[k], "got"),
            "message: %s", s.message[k]);

  k = find(&s, "写错的期限");
  cr_assert_not(s.passed[k]);
  cr_assert(strstr(s.message[k], "2026-12-05") && strstr(s.message[k], "2026-12-04"),
            "message: %s", s.message[k]);

  k = find(&s, "套餐写错");
  cr_assert_not(s.passed[k]);
  cr_assert_str_eq(s.target[k], "pack");
  cr_assert(strstr(s.message[k], "expected rejected") && strstr(s.message[k], "got incomplete"),
            "message: %s", s.message[k]);

  /* file order: the item's tests in order, then the bundle's */
  cr_assert_str_eq(s.name[0], "齐全当场受理");
  cr_assert_str_eq(s.name[6], "写错的期限");
  cr_assert_str_eq(s.name[7], "套餐缺材料");

  wnd_catalog_free(cat);
  wnd_env_free(env);
  fx_remove(dir);
}

Test(selftest, catalog_without_tests) {
  /* the base with the item of the overlay check-code, which has no tests:
  ** (tests/engine/cat has tests of its own) */
  char *dir = fx_make_overlay("check-code");
  wnd_env *env = NULL;
  cr_assert_eq(wnd_env_new(&env, NULL), WND_OK);
  wnd_catalog *cat = eng_load(env, dir);
  size_t passed = 99, failed = 99;
  seen s = {0};
  cr_assert_eq(wnd_catalog_test(cat, collect, &s, &passed, &failed), WND_OK);
  cr_assert_eq(passed, 0);
  cr_assert_eq(failed, 0);
  cr_assert_eq(s.n, 0);
  cr_assert_eq(wnd_catalog_test(NULL, collect, &s, &passed, &failed), WND_EINVAL);
  wnd_catalog_free(cat);
  wnd_env_free(env);
  fx_remove(dir);
}

Test(selftest, window_reads_material_dates) {
  /* a window's `when` reads a material date through `materials` while the
  ** item's own expressions do not: the dates must still be converted before
  ** the windows are chosen (decide.c converts lazily only when nothing an
  ** evaluation runs names `materials`) */
  char *dir;
  wnd_env *env = NULL;
  seen s = {0};
  size_t passed, failed;
  wnd_catalog *cat = overlay_tested("window-dates", &env, &dir, &s, &passed, &failed);
  cr_assert_eq(passed, 2);
  cr_assert_eq(failed, 0);
  wnd_catalog_free(cat);
  wnd_env_free(env);
  fx_remove(dir);
}
