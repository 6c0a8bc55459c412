/*
** test_scale.c — loading is linear in memory (issue 12).  Two catalogs of
** 2,000 and 4,000 generated items (copies of a repository item, each with
** its own code) are loaded through a counting allocator hook; the bytes
** must grow in proportion.  Counts, not times: the test cannot flake on a
** busy machine.  The cap makes a quadratic loader fail here with
** WND_ENOMEM (4,000 items once needed 4.8 GB) instead of taking the
** machine down.
*/
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "scalegen.h"

#define CAP ((size_t)1 << 30)

typedef struct cost {
  size_t items, live, peak, total;
} cost;

static cost load_generated(unsigned n) {
  const char *root = getenv("WND_SOURCE_ROOT");
  cr_assert(root, "WND_SOURCE_ROOT is not set (meson sets it)");
  char base[4096], item[4096], tmpl[] = "/tmp/wnd-scale-XXXXXX";
  snprintf(base, sizeof base, "%s/rules", root);
  snprintf(item, sizeof item, "%s/rules/items/market/food_business_license_new.yaml", root);
  cr_assert(mkdtemp(tmpl), "mkdtemp failed");
  char *top = strdup(tmpl), dir[4200], err[512];
  snprintf(dir, sizeof dir, "%s/catalog", top);
  scalegen_opts o = {base, item, n, 0};
  cr_assert_eq(scalegen_make(dir, &o, err, sizeof err), 0, "generating: %s", err);

  scale_counter cnt = {0};
  cnt.cap = CAP;
  wnd_allocator al = {scale_counter_realloc, &cnt};
  wnd_env_options eo = WND_ENV_OPTIONS_INIT;
  eo.allocator = &al;
  wnd_env *env = NULL;
  cr_assert_eq(wnd_env_new(&env, &eo), WND_OK);
  size_t live0 = atomic_load(&cnt.live), total0 = atomic_load(&cnt.total);
  atomic_store(&cnt.peak, live0);
  wnd_catalog *cat = NULL;
  wnd_diags *diags = NULL;
  int st = fx_load_env(env, dir, &cat, &diags, 0);
  if (st != WND_OK) fx_dump(diags);
  cr_assert_eq(st, WND_OK, "loading %u generated items: %s", n, wnd_errstr(st));
  cost c = {wnd_catalog_item_count(cat), atomic_load(&cnt.live) - live0,
            atomic_load(&cnt.peak) - live0, atomic_load(&cnt.total) - total0};
  wnd_diags_free(diags);
  wnd_catalog_free(cat);
  cr_assert_eq(atomic_load(&cnt.live), live0, "loading leaked %zu bytes",
               atomic_load(&cnt.live) - live0);
  wnd_env_free(env);
  fx_remove(top);
  return c;
}

static void expect_linear(const char *what, size_t small, size_t big) {
  cr_assert(small > 0, "%s: nothing counted for 2,000 items", what);
  double ratio = (double)big / (double)small;
  fprintf(stderr, "%s: 2,000 items %zu bytes, 4,000 items %zu bytes (x%.2f)\n", what, small, big,
              ratio);
  cr_expect(ratio <= 2.2, "%s grew x%.2f from 2,000 to 4,000 items (%zu -> %zu bytes)", what,
            ratio, small, big);
}

Test(scale, bytes_grow_linearly_with_items, .timeout = 600) {
  cost a = load_generated(2000), b = load_generated(4000);
  cr_assert_eq(a.items, 2000);
  cr_assert_eq(b.items, 4000);
  expect_linear("bytes live after loading", a.live, b.live);
  expect_linear("peak bytes live while loading", a.peak, b.peak);
  expect_linear("bytes requested in total", a.total, b.total);
}
