/*
** cli_util.c — helpers shared by the subcommands (see cli_util.h).
*/
#include "cli_util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


char *cli_read_file(const char *cmd, const char *path, size_t *len) {
  return cli_read_file_max(cmd, path, (size_t)256 << 20, len);
}

char *cli_read_file_max(const char *cmd, const char *path, size_t max, size_t *len) {
  FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
  if (!f) {
    fprintf(stderr, "window %s: %s: %s\n", cmd, path, strerror(errno));
    return NULL;
  }
  size_t cap = 65536, n = 0;
  char *buf = malloc(cap);
  bool over = false;
  while (buf) {
    if (n == cap) {
      if (n > max) {
        over = true;
        break;
      }
      char *nb = realloc(buf, cap *= 2);
      if (!nb) {
        free(buf);
        buf = NULL;
        break;
      }
      buf = nb;
    }
    /* never ask for more than max + 1 bytes in all */
    size_t want = cap - n, room = max + 1 - (n < max + 1 ? n : max + 1);
    if (want > room) want = room;
    if (want == 0) {
      over = true;
      break;
    }
    size_t k = fread(buf + n, 1, want, f);
    n += k;
    if (k == 0) break;
  }
  bool err = !over && ferror(f);
  if (f != stdin) fclose(f);
  if (over) {
    fprintf(stderr, "window %s: %s: larger than the limit of %zu bytes\n", cmd, path, max);
    free(buf);
    *len = SIZE_MAX;
    return NULL;
  }
  if (!buf || err) {
    if (err) fprintf(stderr, "window %s: %s: read error\n", cmd, path);
    free(buf);
    return NULL;
  }
  *len = n;
  return buf;
}

bool cli_parse_instant(const wnd_catalog *cat, const char *s, int64_t *sec) {
  wnd_time t;
  if (wnd_catalog_parse_time(cat, s, &t) != WND_OK) return false;
  *sec = t.sec;
  return true;
}

int cli_load(const char *cmd, wnd_env *env, const char *dir, wnd_catalog **out) {
  wnd_diags *d = NULL;
  int st = wnd_catalog_load(out, &d, env, dir, NULL);
  for (size_t i = 0; i < wnd_diags_count(d); i++) {
    const wnd_diag *x = wnd_diags_get(d, i);
    if (x->severity != WND_SEV_ERROR) continue;
    fprintf(stderr, "%s:%u:%u: error: %s [%s]\n", x->file, x->line, x->column, x->message,
            x->code);
  }
  wnd_diags_free(d);
  if (st != WND_OK)
    fprintf(stderr, "window %s: cannot load %s: %s\n", cmd, dir, wnd_env_errmsg(env));
  return st;
}

const char *cli_resolve_item(const char *cmd, const wnd_catalog *cat, const char *what) {
  size_t n = wnd_catalog_item_count(cat), nb = wnd_catalog_bundle_count(cat);
  for (size_t i = 0; i < n; i++)
    if (!strcmp(wnd_catalog_item_code(cat, i), what)) return what;
  for (size_t i = 0; i < nb; i++)
    if (!strcmp(wnd_catalog_bundle_id(cat, i), what)) return what;
  const char *found = NULL;
  size_t matches = 0;
  for (size_t i = 0; i < n; i++) {
    const char *name = wnd_catalog_item_name(cat, i);
    if (!name || !strstr(name, what)) continue;
    /* an exact name wins over names that merely contain it */
    if (!strcmp(name, what)) return wnd_catalog_item_code(cat, i);
    if (matches++ == 0) found = wnd_catalog_item_code(cat, i);
  }
  if (matches == 1) return found;
  if (!matches) {
    fprintf(stderr, "window %s: no item or bundle '%s' (neither a code nor part of a name)\n", cmd,
            what);
    return NULL;
  }
  fprintf(stderr, "window %s: '%s' is part of %zu item names; give the code:\n", cmd, what,
          matches);
  for (size_t i = 0; i < n; i++) {
    const char *name = wnd_catalog_item_name(cat, i);
    if (name && strstr(name, what))
      fprintf(stderr, "  %s  %s\n", wnd_catalog_item_code(cat, i), name);
  }
  return NULL;
}
