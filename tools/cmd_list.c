/*
** cmd_list.c — `window list DIR`: what a catalog holds, for people and
** scripts that should not parse the rule files: items (code, name),
** bundles, departments and windows, one per line, tab-separated:
**   item<TAB>CODE<TAB>NAME, bundle<TAB>ID, department<TAB>ID<TAB>NAME,
**   window<TAB>ID<TAB>NAME.
** Uses the public API only.  Exit 0, 1 when the catalog has errors, 2 on
** usage or I/O problems.
*/
#include <stdio.h>
#include <string.h>

#include "cli_util.h"
#include "commands.h"

static int usage(FILE *f, int rc) {
  fprintf(f, "usage: window list DIR\n"
             "  Print the items, bundles, departments and windows of a catalog,\n"
             "  one per line: KIND<TAB>ID<TAB>NAME.\n");
  return rc;
}

int wnd_cmd_list(int argc, char **argv) {
  if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) return usage(stdout, 0);
  if (argc != 2 || argv[1][0] == '-') return usage(stderr, 2);
  wnd_env *env = NULL;
  if (wnd_env_new(&env, NULL) != WND_OK) return 2;
  wnd_catalog *cat = NULL;
  int st = cli_load("list", env, argv[1], &cat);
  if (st != WND_OK) {
    wnd_env_free(env);
    return st == WND_EINVALID ? 1 : 2;
  }
  for (size_t i = 0; i < wnd_catalog_item_count(cat); i++)
    printf("item\t%s\t%s\n", wnd_catalog_item_code(cat, i), wnd_catalog_item_name(cat, i));
  for (size_t i = 0; i < wnd_catalog_bundle_count(cat); i++)
    printf("bundle\t%s\n", wnd_catalog_bundle_id(cat, i));
  for (size_t i = 0; i < wnd_catalog_department_count(cat); i++) {
    const char *id = wnd_catalog_department_id(cat, i);
    printf("department\t%s\t%s\n", id, wnd_catalog_department_name(cat, id));
  }
  for (size_t i = 0; i < wnd_catalog_window_count(cat); i++) {
    const char *id = wnd_catalog_window_id(cat, i);
    printf("window\t%s\t%s\n", id, wnd_catalog_window_name(cat, id));
  }
  wnd_catalog_free(cat);
  wnd_env_free(env);
  return 0;
}
