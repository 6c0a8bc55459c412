/*
** cmd_test.c — `window test DIR... [--plugin-dir DIR]`: run the `tests:`
** of every item and bundle; print each failure with expected and actual
** values; end with "N passed, N failed"; exit 1 on any failure, 2 on usage
** or load problems.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_util.h"
#include "cli_target.h"
#include "commands.h"
#include "coverage.h"
#include "test_diff.h"
#include "cli_limits.h"

typedef struct ctx {
  const char *dir;
  bool verbose;
  const char *rel, *item;  /* filters: one item file, one item code (NULL: all) */
  size_t passed, failed;
} ctx;

static void report(const wnd_test_outcome *o, void *payload) {
  ctx *c = payload;
  if ((c->rel && strcmp(o->file, c->rel)) || (c->item && strcmp(o->target, c->item))) return;
  if (o->passed) c->passed++;
  else c->failed++;
  size_t n = strlen(c->dir);
  const char *sep = n && c->dir[n - 1] == '/' ? "" : "/";
  if (!o->passed) {
    printf("FAIL %s%s%s:%u:%u: %s: %s\n", c->dir, sep, o->file, o->line, o->column,
           o->target, o->name);
    test_diff_print(stdout, o->message);
  } else if (c->verbose)
    printf("ok   %s: %s\n", o->target, o->name);
}

int wnd_cmd_test(int argc, char **argv) {
  wnd_env *env = NULL;
  if (wnd_env_new(&env, cli_env_options()) != WND_OK) return 2;
  const char *dirs[64];
  int ndirs = 0, rc = 0;
  bool verbose = false;
  const char *item = NULL;
  cov_opts cov = COV_OPTS_INIT; /* --coverage and its options: coverage.c */
  int taken;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--plugin-dir") && i + 1 < argc) {
      if (wnd_env_allow_plugin_dir(env, argv[++i]) != WND_OK) {
        fprintf(stderr, "window test: %s\n", wnd_env_errmsg(env));
        wnd_env_free(env);
        return 2;
      }
    } else if (!strcmp(argv[i], "--item") && i + 1 < argc) {
      item = argv[++i];
    } else if (!strcmp(argv[i], "--verbose") || !strcmp(argv[i], "-v")) {
      verbose = true;
    } else if ((taken = cov_option(&cov, argc, argv, &i)) != 0) {
      if (taken < 0) ndirs = 0, i = argc; /* falls through to the usage message */
    } else if (argv[i][0] == '-' || ndirs == 64) {
      fprintf(stderr, "usage: window test [--verbose] [--item CODE] [--plugin-dir DIR]... [--coverage [--format text|json|lcov]\n"
                    "                   [--fail-under PCT] [--output FILE]] DIR|FILE...\n");
      wnd_env_free(env);
      return 2;
    } else {
      dirs[ndirs++] = argv[i];
    }
  }
  if (!ndirs) {
    fprintf(stderr, "usage: window test [--verbose] [--item CODE] [--plugin-dir DIR]... [--coverage [--format text|json|lcov]\n"
                    "                   [--fail-under PCT] [--output FILE]] DIR|FILE...\n");
    wnd_env_free(env);
    return 2;
  }
  size_t passed = 0, failed = 0;
  for (int i = 0; i < ndirs; i++) {
    wnd_catalog *cat = NULL;
    char *root, *only, *rel; /* a single item file: its catalog, only its tests */
    if (cli_target("test", dirs[i], &root, &only, &rel) != 0 ||
        cli_load("test", env, root, &cat) != WND_OK) {
      rc = 2;
    } else {
      ctx c = {root, verbose, rel, item, 0, 0};
      if (wnd_catalog_test(cat, report, &c, NULL, NULL) != WND_OK) {
        fprintf(stderr, "window test: out of memory\n");
        rc = 2;
      }
      if (cov_catalog(&cov, cat, root) != 0) rc = 2;
      passed += c.passed;
      failed += c.failed;
    }
    wnd_catalog_free(cat);
    free(root);
    free(only);
    free(rel);
  }
  printf("%zu passed, %zu failed\n", passed, failed);
  wnd_env_free(env);
  if (rc) return rc;
  return failed || cov.below ? 1 : 0;
}
