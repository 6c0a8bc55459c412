/*
** cli_limits.c — limits given on the command line (see cli_limits.h).
*/
#include "cli_limits.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static wnd_limits limits = WND_LIMITS_INIT;
static wnd_env_options options = {WND_ENV_OPTIONS_VERSION, NULL, &limits};

static const char OPT[] = "--max-catalog-bytes";

/* "800M", "2G", "1048576": bytes, with an optional binary K/M/G suffix. */
static bool parse_size(const char *s, size_t *out) {
  if (*s < '0' || *s > '9') return false;
  errno = 0;
  char *end;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno) return false;
  unsigned shift = 0;
  if (*end == 'K' || *end == 'k') shift = 10, end++;
  else if (*end == 'M' || *end == 'm') shift = 20, end++;
  else if (*end == 'G' || *end == 'g') shift = 30, end++;
  if (*end || v == 0 || v > (SIZE_MAX >> shift)) return false;
  *out = (size_t)v << shift;
  return true;
}

bool cli_limits_take(int *argc, char **argv) {
  int w = 1;
  for (int i = 1; i < *argc; i++) {
    const char *a = argv[i], *val = NULL;
    if (!strcmp(a, "--")) { /* the rest belongs to the command */
      while (i < *argc) argv[w++] = argv[i++];
      break;
    }
    if (!strcmp(a, OPT)) {
      if (i + 1 >= *argc) {
        fprintf(stderr, "window: %s needs a size (bytes, or with K, M or G: 2G)\n", OPT);
        return false;
      }
      val = argv[++i];
    } else if (!strncmp(a, OPT, sizeof OPT - 1) && a[sizeof OPT - 1] == '=') {
      val = a + sizeof OPT;
    } else {
      argv[w++] = argv[i];
      continue;
    }
    if (!parse_size(val, &limits.max_catalog_bytes)) {
      fprintf(stderr, "window: %s '%s' is not a size (bytes, or with K, M or G: 2G)\n", OPT,
              val);
      return false;
    }
  }
  argv[w] = NULL;
  *argc = w;
  return true;
}

const wnd_env_options *cli_env_options(void) { return &options; }
