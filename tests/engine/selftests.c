/*
** selftests.c — run the `tests:` blocks of a test catalog (SPEC §2.7) as
** TAP, one line per test: the engine cases that are data.  Adding a case is
** adding a `tests:` entry to an item of tests/engine/cat.
**
** usage: engine-selftests CATALOG_DIR
*/
#include <stdio.h>

#include "libwindow.h"

static int n;

static void outcome(const wnd_test_outcome *o, void *payload) {
  (void)payload;
  n++;
  printf("%s %d - %s:%u: %s %s\n", o->passed ? "ok" : "not ok", n, o->file, o->line, o->target,
         o->name);
  if (!o->passed) printf("# %s\n", o->message);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: engine-selftests CATALOG_DIR\n");
    return 2;
  }
  wnd_env *env = NULL;
  wnd_catalog *cat = NULL;
  wnd_diags *diags = NULL;
  int rc = 2;
  if (wnd_env_new(&env, NULL) != WND_OK) {
    fprintf(stderr, "engine-selftests: out of memory\n");
    return 2;
  }
  if (wnd_catalog_load(&cat, &diags, env, argv[1], NULL) != WND_OK) {
    fprintf(stderr, "engine-selftests: %s does not load:\n", argv[1]);
    for (size_t i = 0; i < wnd_diags_count(diags); i++) {
      const wnd_diag *d = wnd_diags_get(diags, i);
      fprintf(stderr, "  %s:%u:%u: %s [%s]\n", d->file, d->line, d->column, d->message, d->code);
    }
    goto done;
  }
  size_t passed = 0, failed = 0;
  int st = wnd_catalog_test(cat, outcome, NULL, &passed, &failed);
  printf("1..%d\n", n);
  if (st != WND_OK) {
    fprintf(stderr, "engine-selftests: %s\n", wnd_errstr(st));
    goto done;
  }
  rc = failed || !passed ? 1 : 0;
done:
  wnd_diags_free(diags);
  wnd_catalog_free(cat);
  wnd_env_free(env);
  return rc;
}
