/*
** cli_util.c — helpers shared by the subcommands (see cli_util.h).
*/
#include "cli_util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/time/civil.h"

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

bool cli_parse_instant(const char *s, int64_t *sec) {
  wnd__tsparse ts;
  if (wnd__ts_parse(s, strlen(s), 8 * 3600, &ts) != 0) return false;
  *sec = ts.sec;
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
