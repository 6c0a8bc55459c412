/*
** cli_target.c — resolve `window check FILE` / `window test FILE` to the
** catalog the file belongs to, so an author can check the one item being
** edited and read only its diagnostics.
*/
/* realpath() is XSI */
#define _XOPEN_SOURCE 700
#include "cli_target.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char *dup(const char *s) {
  char *d = malloc(strlen(s) + 1);
  if (d) strcpy(d, s);
  return d;
}

static int oom(const char *cmd) {
  fprintf(stderr, "window %s: out of memory\n", cmd);
  return 2;
}

int cli_target(const char *cmd, const char *arg, char **root, char **only, char **rel) {
  *root = *only = *rel = NULL;
  struct stat st;
  if (stat(arg, &st) != 0 || !S_ISREG(st.st_mode)) {
    *root = dup(arg); /* a directory, or a path the loader will report */
    return *root ? 0 : oom(cmd);
  }
  char file[PATH_MAX], dir[PATH_MAX], probe[PATH_MAX + 16];
  if (!realpath(arg, file)) {
    fprintf(stderr, "window %s: %s: cannot resolve the path\n", cmd, arg);
    return 2;
  }
  strcpy(dir, file);
  for (;;) {
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir) {
      fprintf(stderr, "window %s: %s is not inside a catalog (no catalog.yaml above it)\n", cmd,
              arg);
      return 2;
    }
    *slash = '\0';
    snprintf(probe, sizeof probe, "%s/catalog.yaml", dir);
    if (stat(probe, &st) == 0 && S_ISREG(st.st_mode)) break;
  }
  /* Show the root as the user wrote it when it is a prefix of the argument. */
  char *shown = dup(arg), real[PATH_MAX];
  if (!shown) return oom(cmd);
  char *cut;
  while ((cut = strrchr(shown, '/'))) {
    *cut = '\0';
    if (*shown && realpath(shown, real) && !strcmp(real, dir)) break;
  }
  if (!cut || !*shown) {
    free(shown);
    shown = dup(dir);
    if (!shown) return oom(cmd);
  }
  const char *r = file + strlen(dir) + 1;
  size_t n = strlen(shown) + strlen(r) + 2;
  *only = malloc(n);
  *rel = dup(r);
  if (!*only || !*rel) {
    free(shown);
    free(*only);
    free(*rel);
    *only = *rel = NULL;
    return oom(cmd);
  }
  snprintf(*only, n, "%s%s%s", shown, shown[strlen(shown) - 1] == '/' ? "" : "/", r);
  *root = shown;
  return 0;
}
