/*
** test_threads.c — a catalog loaded with worker threads reading and parsing
** ahead (wnd_load_options.threads, issue 12) is the catalog loaded on one
** thread: the same status, the same diagnostics in the same order (code,
** file:line:column, message), the same digest, version and items.  The
** catalogs have many files, so workers really run ahead of the compiler,
** and defects of every stage: read (not a regular file, over the file
** size, over the catalog size), parse (syntax, UTF-8, tabs, aliases) and
** compile.  Also an allocation-failure sweep with a worker: each failure
** ends in WND_ENOMEM or in the clean result, and frees every block.
*/
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <ftw.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fixture.h"
#include "scalegen.h"

TestSuite(threads, .timeout = 600);

typedef struct outcome {
  int status;
  char *text; /* diagnostics, then digest, version and item codes; malloc'd */
} outcome;

static void add(char **s, size_t *len, const char *line) {
  size_t n = strlen(line);
  *s = realloc(*s, *len + n + 1);
  cr_assert(*s);
  memcpy(*s + *len, line, n + 1);
  *len += n;
}

static outcome load_with(const char *dir, unsigned threads, const wnd_limits *lim,
                         const wnd_allocator *al) {
  wnd_env_options eo = WND_ENV_OPTIONS_INIT;
  eo.limits = lim;
  eo.allocator = al;
  wnd_env *env = NULL;
  int es = wnd_env_new(&env, &eo);
  if (es != WND_OK) return (outcome){es, strdup("")}; /* the sweep fails it */
  wnd_load_options lo = WND_LOAD_OPTIONS_INIT;
  lo.today_set = true;
  lo.today = 20778; /* 2026-11-21 */
  lo.threads = threads;
  wnd_catalog *cat = NULL;
  wnd_diags *d = NULL;
  outcome o = {wnd_catalog_load(&cat, &d, env, dir, &lo), NULL};
  size_t len = 0;
  char line[1400];
  add(&o.text, &len, "");
  for (size_t i = 0; i < wnd_diags_count(d); i++) {
    const wnd_diag *g = wnd_diags_get(d, i);
    snprintf(line, sizeof line, "%d %s:%u:%u %s %s\n", (int)g->severity, g->file, g->line,
             g->column, g->code, g->message);
    add(&o.text, &len, line);
  }
  if (cat) {
    snprintf(line, sizeof line, "digest %s version %s items %zu\n", wnd_catalog_digest(cat),
             wnd_catalog_version(cat), wnd_catalog_item_count(cat));
    add(&o.text, &len, line);
    for (size_t i = 0; i < wnd_catalog_item_count(cat); i++) {
      snprintf(line, sizeof line, "%s\n", wnd_catalog_item_code(cat, i));
      add(&o.text, &len, line);
    }
  }
  wnd_diags_free(d);
  wnd_catalog_free(cat);
  wnd_env_free(env);
  return o;
}

/* Load with 1, 2, 3 and the default number of threads; all must agree.
** Returns the one-thread outcome's status. */
static int same_for_all_threads(const char *dir, const wnd_limits *lim) {
  outcome one = load_with(dir, 1, lim, NULL);
  static const unsigned counts[] = {2, 3, 0};
  for (size_t k = 0; k < sizeof counts / sizeof *counts; k++) {
    for (int rep = 0; rep < 3; rep++) { /* scheduling differs run to run */
      outcome o = load_with(dir, counts[k], lim, NULL);
      cr_assert(o.status == one.status && strcmp(o.text, one.text) == 0,
                "threads=%u: status %d\n%s\nthreads=1: status %d\n%s", counts[k], o.status,
                o.text, one.status, one.text);
      free(o.text);
    }
  }
  free(one.text);
  return one.status;
}

static char *source_path(const char *rel) {
  const char *root = getenv("WND_SOURCE_ROOT");
  cr_assert(root, "WND_SOURCE_ROOT is not set (meson sets it)");
  char *p = NULL;
  cr_assert(asprintf(&p, "%s/%s", root, rel) > 0);
  return p;
}

Test(threads, defects_catalog_gives_the_same_diagnostics) {
  char *dir = source_path("tests/catalog/defects");
  cr_assert_eq(same_for_all_threads(dir, NULL), WND_EINVALID);
  free(dir);
}

/* A generated catalog of 300 copies of a repository item: loads cleanly. */
static char *generated(unsigned n, char **top) {
  char *base = source_path("rules"), *item =
      source_path("rules/items/market/food_business_license_new.yaml");
  char tmpl[] = "/tmp/wnd-threads-XXXXXX", err[512];
  cr_assert(mkdtemp(tmpl), "mkdtemp failed");
  *top = strdup(tmpl);
  char *dir = NULL;
  cr_assert(asprintf(&dir, "%s/catalog", tmpl) > 0);
  scalegen_opts o = {base, item, n, 7};
  cr_assert_eq(scalegen_make(dir, &o, err, sizeof err), 0, "generating: %s", err);
  free(base);
  free(item);
  return dir;
}

static void remove_tree(char *top) {
  char *cmd = NULL;
  cr_assert(asprintf(&cmd, "rm -rf '%s'", top) > 0);
  cr_assert_eq(system(cmd), 0);
  free(cmd);
  free(top);
}

Test(threads, generated_catalog_has_the_same_digest_and_items) {
  char *top, *dir = generated(300, &top);
  wnd_limits lim = WND_LIMITS_INIT;
  lim.max_catalog_bytes = (size_t)1 << 30;
  cr_assert_eq(same_for_all_threads(dir, &lim), WND_OK);
  free(dir);
  remove_tree(top);
}

static size_t tree_bytes;

static int count_bytes(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
  (void)path;
  (void)ftw;
  if (flag == FTW_F && S_ISREG(st->st_mode)) tree_bytes += (size_t)st->st_size;
  return 0;
}

/* 60 item files, every seventh broken in the YAML, one too big, one not a
** regular file, and a catalog-size bound reached two thirds of the way:
** what a worker read or parsed past that bound must not be reported. */
Test(threads, read_and_parse_problems_and_the_catalog_bound) {
  char *base = source_path("tests/resources/base/items/a.yaml");
  size_t ilen = 0;
  char *good = scalegen_read_file(base, &ilen);
  cr_assert(good, "cannot read %s", base);
  free(base);
  enum { N = 60 };
  fx_file files[N];
  char *texts[N], *paths[N];
  for (int i = 0; i < N; i++) {
    cr_assert(asprintf(&paths[i], "items/t%02d.yaml", i) > 0);
    if (i % 7 == 3)
      cr_assert(asprintf(&texts[i], "item:\n  code: [unclosed\n") > 0);
    else if (i % 7 == 5)
      cr_assert(asprintf(&texts[i], "item:\n\tcode: X-%d\n", i) > 0);
    else if (i == 13)
      cr_assert(asprintf(&texts[i], "item: \"\xff\"\n") > 0);
    else if (i == 20) {
      texts[i] = malloc(9000); /* over the 8 KiB file bound below */
      memset(texts[i], '#', 8999);
      texts[i][8998] = '\n';
      texts[i][8999] = '\0';
    } else {
      /* the base item with its own code (codes must stay unique) */
      char code[32];
      snprintf(code, sizeof code, "T-%02d", i);
      char *at = strstr(good, "code: \"A-1\"");
      cr_assert(at, "the base item has no 'code: \"A-1\"'");
      cr_assert(asprintf(&texts[i], "%.*scode: \"%s\"%s", (int)(at - good), good, code,
                         at + strlen("code: \"A-1\"")) > 0);
    }
    files[i] = (fx_file){paths[i], texts[i]};
  }
  char *dir = fx_make(files, N);
  char *fifo = NULL;
  cr_assert(asprintf(&fifo, "%s/items/t30.yaml", dir) > 0);
  remove(fifo);
  cr_assert_eq(mkfifo(fifo, 0600), 0);
  /* the bound: every file but about the last fifteen items */
  tree_bytes = 0;
  cr_assert_eq(nftw(dir, count_bytes, 16, FTW_PHYS), 0);
  wnd_limits lim = WND_LIMITS_INIT;
  lim.max_file_bytes = 8192;
  lim.max_catalog_bytes = tree_bytes - 9000 - ilen * 15; /* t20 is never counted */
  int status = same_for_all_threads(dir, &lim);
  cr_assert_eq(status, WND_EINVALID);
  /* and the problems are really there */
  outcome o = load_with(dir, 2, &lim, NULL);
  cr_assert(strstr(o.text, "the catalog is larger than the limit"), "%s", o.text);
  cr_assert(strstr(o.text, "not a regular file"), "%s", o.text);
  cr_assert(strstr(o.text, "yaml-tab"), "%s", o.text);
  cr_assert(strstr(o.text, "bad-utf8"), "%s", o.text);
  cr_assert(strstr(o.text, "t20.yaml:0:0 yaml-limit"), "%s", o.text);
  free(o.text);
  remove(fifo);
  free(fifo);
  fx_remove(dir);
  for (int i = 0; i < N; i++) {
    free(paths[i]);
    free(texts[i]);
  }
  free(good);
}

/* ---- allocation failure with a worker thread ---------------------------- */

/* failalloc.h's hook, with atomic counters: the worker allocates too. */
typedef struct afail {
  atomic_long count, fail_at, live;
  atomic_bool failed;
} afail;

static void *afail_realloc(void *ud, void *ptr, size_t size) {
  afail *f = ud;
  if (size == 0) {
    if (ptr) atomic_fetch_sub(&f->live, 1);
    free(ptr);
    return NULL;
  }
  if (atomic_fetch_add(&f->count, 1) + 1 == atomic_load(&f->fail_at)) {
    atomic_store(&f->failed, true);
    return NULL;
  }
  void *p = realloc(ptr, size);
  if (p && !ptr) atomic_fetch_add(&f->live, 1);
  return p;
}

/* Which allocation is the n-th now depends on scheduling, so every run
** must end either in WND_ENOMEM or exactly like the clean load. */
Test(threads, allocation_failure_with_a_worker) {
  char *dir = source_path("tests/catalog/defects");
  afail f;
  atomic_init(&f.count, 0);
  atomic_init(&f.fail_at, 0);
  atomic_init(&f.live, 0);
  atomic_init(&f.failed, false);
  wnd_allocator al = {afail_realloc, &f};
  outcome clean = load_with(dir, 2, NULL, &al);
  cr_assert_eq(atomic_load(&f.live), 0, "the clean load leaked");
  long total = atomic_load(&f.count);
  /* every allocation for small n, then a stride: the whole sweep is in
     test_oom_defects.c (one thread); this one is about the worker */
  for (long n = 1; n <= total + 1; n += n < 400 ? 1 : 7) {
    atomic_store(&f.count, 0);
    atomic_store(&f.live, 0);
    atomic_store(&f.failed, false);
    atomic_store(&f.fail_at, n);
    outcome o = load_with(dir, 2, NULL, &al);
    if (o.status != WND_ENOMEM)
      cr_assert(o.status == clean.status && strcmp(o.text, clean.text) == 0,
                "allocation %ld failing gave status %d:\n%s", n, o.status, o.text);
    else
      cr_assert(atomic_load(&f.failed), "WND_ENOMEM without a failed allocation");
    cr_assert_eq(atomic_load(&f.live), 0, "allocation %ld failing leaked %ld blocks", n,
                 (long)atomic_load(&f.live));
    free(o.text);
  }
  free(clean.text);
  free(dir);
}

/* A caller built against the version-1 header (no `threads` field) still
** loads, with the default. */
Test(threads, version_1_options_are_accepted) {
  char *dir = source_path("tests/catalog/defects");
  wnd_env *env = NULL;
  cr_assert_eq(wnd_env_new(&env, NULL), WND_OK);
  wnd_load_options lo = WND_LOAD_OPTIONS_INIT;
  lo.version = 1;
  lo.threads = 999; /* not part of a version-1 struct: ignored */
  wnd_catalog *cat = NULL;
  cr_assert_eq(wnd_catalog_load(&cat, NULL, env, dir, &lo), WND_EINVALID);
  lo.version = 3;
  cr_assert_eq(wnd_catalog_load(&cat, NULL, env, dir, &lo), WND_EINVAL);
  wnd_env_free(env);
  free(dir);
}
