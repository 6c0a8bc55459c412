/*
** catalog_fuzzer.c — bytes -> one item file (items/fuzz.yaml) in a
** temporary catalog built from a valid base without items or bundles
** (catalog.yaml, departments.yaml, windows.yaml, materials.yaml,
** calendars/2025..2027.yaml) ->
** wnd_catalog_load -> when it loads: wnd_catalog_test (the file's own
** `tests:`) and an empty submission evaluated against every item and bundle.
**
** The base is the top-level files of the shipped catalog ($WND_FUZZ_CATALOG
** or <source root>/rules), so that its rule files in the seed corpus load
** as they are; when one of them cannot be read, the top-level files of the
** test fixture tests/resources/base are used instead.  The base is
** written once, in LLVMFuzzerInitialize, under /dev/shm when it exists
** (else $TMPDIR or /tmp); each input rewrites only items/fuzz.yaml.  The
** directory is removed at exit.
*/
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libwindow.h"
#include "fuzz.h"

/* Files copied from the shipped catalog, when all of them can be read. */
static const char *const SHIPPED[] = {
    "catalog.yaml",        "departments.yaml",    "windows.yaml",       "materials.yaml",
    "calendars/2025.yaml", "calendars/2026.yaml", "calendars/2027.yaml",
};
#define NSHIPPED (sizeof SHIPPED / sizeof SHIPPED[0])

/* Else the top-level files of the test fixture tests/resources/base. */
static const char *const FIXTURE[] = {
    "catalog.yaml", "departments.yaml", "windows.yaml", "materials.yaml",
    "calendars/2026.yaml", "calendars/2027.yaml",
};
#define NFIXTURE (sizeof FIXTURE / sizeof FIXTURE[0])

/* The whole file in a malloc'd, NUL-terminated buffer, or NULL. */
static char *slurp(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 8192, len = 0;
  char *buf = malloc(cap);
  while (buf) {
    if (cap - len < 2) {
      char *nb = realloc(buf, cap * 2);
      if (!nb) {
        free(buf);
        buf = NULL;
        break;
      }
      buf = nb;
      cap *= 2;
    }
    size_t got = fread(buf + len, 1, cap - len - 1, f);
    len += got;
    if (!got) {
      buf[len] = 0;
      break;
    }
  }
  fclose(f);
  return buf;
}

static char g_dir[256];
static char g_item[320];
static wnd_env *g_env;
static int g_verbose; /* $WND_FUZZ_VERBOSE: print what each input did */

static int write_all(const char *path, const void *data, size_t n) {
  FILE *f = fopen(path, "wb");
  if (!f) return -1;
  size_t w = n ? fwrite(data, 1, n, f) : 0;
  int bad = fclose(f) != 0 || w != n;
  return bad ? -1 : 0;
}

static void cleanup(void) {
  char p[512];
  if (!g_dir[0]) return;
  unlink(g_item);
  for (size_t i = 0; i < NFIXTURE; i++) {
    snprintf(p, sizeof p, "%s/%s", g_dir, FIXTURE[i]);
    unlink(p);
  }
  for (size_t i = 0; i < NSHIPPED; i++) {
    snprintf(p, sizeof p, "%s/%s", g_dir, SHIPPED[i]);
    unlink(p);
  }
  snprintf(p, sizeof p, "%s/items", g_dir);
  rmdir(p);
  snprintf(p, sizeof p, "%s/calendars", g_dir);
  rmdir(p);
  rmdir(g_dir);
  wnd_env_free(g_env);
  g_env = NULL;
}

/* Copy files (relative paths) from dir into g_dir when all can be read. */
static bool copy_base(const char *dir, const char *const *files, size_t n) {
  char p[512];
  char *texts[8] = {0};
  bool ok = n <= 8;
  for (size_t i = 0; i < n && ok; i++) {
    snprintf(p, sizeof p, "%s/%s", dir, files[i]);
    texts[i] = slurp(p);
    ok = texts[i] != NULL;
  }
  for (size_t i = 0; i < n && ok; i++) {
    snprintf(p, sizeof p, "%s/%s", g_dir, files[i]);
    if (write_all(p, texts[i], strlen(texts[i])) != 0) {
      perror("catalog_fuzzer: write base");
      abort();
    }
  }
  for (size_t i = 0; i < n && i < 8; i++) free(texts[i]);
  return ok;
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  fuzz_mkdtemp(g_dir, sizeof g_dir, "catfuzz");
  char p[512];
  snprintf(p, sizeof p, "%s/items", g_dir);
  mkdir(p, 0700);
  snprintf(p, sizeof p, "%s/calendars", g_dir);
  mkdir(p, 0700);
  const char *cat = getenv("WND_FUZZ_CATALOG");
  if (!cat || !*cat) cat = WND_FUZZ_SOURCE_ROOT "/rules";
  if (!copy_base(cat, SHIPPED, NSHIPPED)) {
    const char *fixture = WND_FUZZ_SOURCE_ROOT "/tests/resources/base";
    fprintf(stderr, "catalog_fuzzer: %s unreadable, using %s\n", cat, fixture);
    if (!copy_base(fixture, FIXTURE, NFIXTURE)) {
      fprintf(stderr, "catalog_fuzzer: %s unreadable too\n", fixture);
      abort();
    }
  }
  snprintf(g_item, sizeof g_item, "%s/items/fuzz.yaml", g_dir);
  if (wnd_env_new(&g_env, NULL) != WND_OK) abort();
  g_verbose = getenv("WND_FUZZ_VERBOSE") != NULL;
  atexit(cleanup);
  return 0;
}

static volatile size_t g_sink;

static void on_test(const wnd_test_outcome *o, void *payload) {
  size_t *h = payload;
  *h += strlen(o->target) + strlen(o->name) + strlen(o->file) + o->line + o->column + o->passed;
  if (o->message) *h += strlen(o->message);
}

static void eval_empty(const wnd_catalog *cat, const char *code, const wnd_submission *sub) {
  wnd_eval_options eo = WND_EVAL_OPTIONS_INIT;
  eo.now_set = true;
  eo.now_sec = 1795140000; /* 2026-11-20T10:00:00+08:00 */
  eo.flags = WND_EVAL_EXPLAIN;
  wnd_result *r = NULL;
  if (wnd_evaluate(&r, cat, code, sub, &eo) == WND_OK && r) {
    const char *json = NULL;
    size_t len = 0;
    if (wnd_result_json(r, &json, &len) == WND_OK) g_sink += len;
    for (size_t i = 0; i < wnd_result_finding_count(r); i++)
      g_sink += strlen(wnd_result_finding(r, i)->message);
  }
  wnd_result_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (write_all(g_item, data, size) != 0) abort();
  wnd_load_options lo = WND_LOAD_OPTIONS_INIT;
  lo.today_set = true;
  lo.today = 20777; /* 2026-11-20 */
  wnd_catalog *cat = NULL;
  wnd_diags *diags = NULL;
  int st = wnd_catalog_load(&cat, &diags, g_env, g_dir, &lo);
  for (size_t i = 0; i < wnd_diags_count(diags); i++) {
    const wnd_diag *d = wnd_diags_get(diags, i);
    g_sink += strlen(d->code) + strlen(d->message) + (d->file ? strlen(d->file) : 0) + d->line;
    if (g_verbose && d->severity == WND_SEV_ERROR)
      fprintf(stderr, "  %u:%u: %s [%s]\n", d->line, d->column, d->message, d->code);
  }
  if (g_verbose) fprintf(stderr, "  load: %s\n", wnd_errstr(st));
  wnd_diags_free(diags);
  if (st != WND_OK || !cat) {
    wnd_catalog_free(cat);
    return 0;
  }
  size_t h = 0, passed = 0, failed = 0;
  wnd_catalog_test(cat, on_test, &h, &passed, &failed);
  g_sink += h + passed + failed;
  if (g_verbose) fprintf(stderr, "  tests: %zu passed, %zu failed\n", passed, failed);
  wnd_submission *sub = NULL;
  if (wnd_submission_new(&sub, g_env) == WND_OK) {
    for (size_t i = 0; i < wnd_catalog_item_count(cat); i++)
      eval_empty(cat, wnd_catalog_item_code(cat, i), sub);
    for (size_t i = 0; i < wnd_catalog_bundle_count(cat); i++)
      eval_empty(cat, wnd_catalog_bundle_id(cat, i), sub);
  }
  wnd_submission_free(sub);
  wnd_catalog_free(cat);
  return 0;
}
