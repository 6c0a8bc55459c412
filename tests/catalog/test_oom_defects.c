/*
** test_oom_defects.c — allocation failure at every allocation while loading
** catalogs full of defects (issue 15).  test_oom_rules.c sweeps the shipped
** catalog, which loads cleanly; these take the error paths (diagnostics,
** did-you-mean suggestions, defective expressions and patterns, bad values),
** whose allocation failures the clean catalog never reaches.  Each run must
** end in WND_ENOMEM with no catalog, or exactly like the clean load (same
** status, same diagnostics), and free every block.
*/
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "../resources/failalloc.h"

TestSuite(oom_defects, .timeout = 1200);

/* Every diagnostic as one line of text (malloc'd). */
static char *listing(const wnd_diags *d) {
  size_t cap = 1, len = 0;
  char *s = calloc(1, 1);
  cr_assert(s);
  for (size_t i = 0; d && i < wnd_diags_count(d); i++) {
    const wnd_diag *g = wnd_diags_get(d, i);
    char line[1024];
    int n = snprintf(line, sizeof line, "%s:%u:%u %s %s\n", g->file, g->line, g->column, g->code,
                     g->message);
    cr_assert(n > 0);
    if ((size_t)n >= sizeof line) n = sizeof line - 1;
    s = realloc(s, cap += (size_t)n);
    cr_assert(s);
    memcpy(s + len, line, (size_t)n + 1);
    len += (size_t)n;
  }
  return s;
}

static void sweep(const char *dir) {
  failalloc f = {0, 0, 0, false};
  wnd_allocator a = {failalloc_realloc, &f};
  wnd_env_options eo = WND_ENV_OPTIONS_INIT;
  eo.allocator = &a;
  wnd_env *env = NULL;
  cr_assert_eq(wnd_env_new(&env, &eo), WND_OK);
  wnd_catalog *cat = NULL;
  wnd_diags *d = NULL;
  int want_st = fx_load_env(env, dir, &cat, &d, 0);
  cr_assert_neq(want_st, WND_ENOMEM);
  char *want = listing(d);
  cr_assert(wnd_diags_count(d) > 0, "%s: the fixture has no defects", dir);
  wnd_diags_free(d);
  wnd_catalog_free(cat);
  wnd_env_free(env);
  cr_assert_eq(f.live, 0, "%s: the clean load leaked", dir);
  for (long n = 1;; n++) {
    f = (failalloc){0, 0, 0, false};
    env = NULL;
    cr_assert_eq(wnd_env_new(&env, &eo), WND_OK);
    f.fail_at = f.count + n;  /* count from the load, not from the env */
    cat = NULL;
    d = NULL;
    int st = fx_load_env(env, dir, &cat, &d, 0);
    bool failed = f.failed;
    if (st == WND_ENOMEM) {
      cr_assert(failed, "%s: WND_ENOMEM without a failed allocation", dir);
      cr_assert_null(cat);
    } else {
      char *got = listing(d);
      cr_assert(st == want_st && strcmp(got, want) == 0,
                "%s: allocation %ld failing gave status %d (clean %d) with diagnostics\n%s"
                "instead of\n%s", dir, n, st, want_st, got, want);
      free(got);
    }
    wnd_diags_free(d);
    wnd_catalog_free(cat);
    wnd_env_free(env);
    cr_assert_eq(f.live, 0, "%s: allocation %ld failing leaked %ld blocks", dir, n, f.live);
    if (!failed) break;
  }
  free(want);
}

Test(oom_defects, defects) { sweep(WND_SOURCE_ROOT "/tests/catalog/defects"); }
Test(oom_defects, defects_files) { sweep(WND_SOURCE_ROOT "/tests/catalog/defects-files"); }
Test(oom_defects, model_defects) { sweep(WND_SOURCE_ROOT "/tests/model/defects"); }
