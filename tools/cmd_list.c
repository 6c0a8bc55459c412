/*
** cmd_list.c — `window list [--name TEXT] DIR`: what a catalog holds, for
** people and scripts that should not parse the rule files, one per line,
** tab-separated:
**   item<TAB>CODE<TAB>NAME<TAB>DEPARTMENT<TAB>FLOW<TAB>PROMISED<TAB>STATUTORY
**   bundle<TAB>ID, department<TAB>ID<TAB>NAME, window<TAB>ID<TAB>NAME.
** With --name only the items whose name contains TEXT are listed.
** Uses the public API only.  Exit 0, 1 when the catalog has errors, 2 on
** usage or I/O problems.
*/
#include <stdio.h>
#include <string.h>

#include "cli_util.h"
#include "commands.h"
#include "cli_limits.h"

static int usage(FILE *f, int rc) {
  fprintf(f, "usage: window list [--name TEXT] DIR\n"
             "  Print the items (code, name, department, flow, promised and statutory\n"
             "  limits), bundles, departments and windows of a catalog, one per line,\n"
             "  tab-separated; --name lists only the items whose name contains TEXT.\n");
  return rc;
}

static const char *limit(const wnd_catalog *cat, size_t i, const char *which, char *buf,
                         size_t size) {
  return wnd_catalog_item_limit(cat, i, which, buf, size) == WND_OK ? buf : "-";
}

int wnd_cmd_list(int argc, char **argv) {
  const char *dir = NULL, *name = NULL;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) return usage(stdout, 0);
    if (!strcmp(argv[i], "--name") && i + 1 < argc)
      name = argv[++i];
    else if (argv[i][0] == '-' || dir)
      return usage(stderr, 2);
    else
      dir = argv[i];
  }
  if (!dir) return usage(stderr, 2);
  wnd_env *env = NULL;
  if (wnd_env_new(&env, cli_env_options()) != WND_OK) return 2;
  wnd_catalog *cat = NULL;
  int st = cli_load("list", env, dir, &cat);
  if (st != WND_OK) {
    wnd_env_free(env);
    return st == WND_EINVALID ? 1 : 2;
  }
  for (size_t i = 0; i < wnd_catalog_item_count(cat); i++) {
    const char *nm = wnd_catalog_item_name(cat, i);
    if (name && (!nm || !strstr(nm, name))) continue;
    char p[32], s[32];
    printf("item\t%s\t%s\t%s\t%s\t%s\t%s\n", wnd_catalog_item_code(cat, i), nm,
           wnd_catalog_item_department(cat, i), wnd_flow_name(wnd_catalog_item_flow(cat, i)),
           limit(cat, i, "promised", p, sizeof p), limit(cat, i, "statutory", s, sizeof s));
  }
  if (!name) {
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
  }
  wnd_catalog_free(cat);
  wnd_env_free(env);
  return 0;
}
