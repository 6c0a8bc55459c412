/*
** standalone_driver.c — replay inputs through a fuzz target without
** libFuzzer, so that the corpus is an ordinary test under any compiler.
**
**   <target>_replay FILE-OR-DIR...
**
** Directories are read one level deep, entries sorted by name, dot files
** skipped.  Each file is read into a heap buffer of exactly its size (as
** libFuzzer does, so that a sanitizer sees any read past the end) and
** passed to LLVMFuzzerTestOneInput.  Arguments starting with '-' are
** ignored, so libFuzzer-style flags may be passed through.  A crash ends
** the process (the test fails); otherwise the exit status is 0 when every
** input was read, 1 when a file or directory could not be read.
*/
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "fuzz.h"

static int run_file(const char *path, size_t *count) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
    return 1;
  }
  size_t cap = 4096, len = 0;
  uint8_t *buf = malloc(cap);
  if (!buf) {
    fclose(f);
    fprintf(stderr, "replay: out of memory\n");
    return 1;
  }
  for (;;) {
    if (len == cap) {
      uint8_t *nb = realloc(buf, cap * 2);
      if (!nb) {
        free(buf);
        fclose(f);
        fprintf(stderr, "replay: out of memory\n");
        return 1;
      }
      buf = nb;
      cap *= 2;
    }
    size_t got = fread(buf + len, 1, cap - len, f);
    len += got;
    if (got == 0) break;
  }
  int err = ferror(f);
  fclose(f);
  if (err) {
    free(buf);
    fprintf(stderr, "replay: %s: read error\n", path);
    return 1;
  }
  /* An exact-size copy: one byte past the input must be out of bounds. */
  uint8_t *exact = malloc(len ? len : 1);
  if (!exact) {
    free(buf);
    fprintf(stderr, "replay: out of memory\n");
    return 1;
  }
  if (len) memcpy(exact, buf, len);
  free(buf);
  fprintf(stderr, "replay: %s (%zu bytes)\n", path, len);
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  LLVMFuzzerTestOneInput(exact, len);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
  if (ms > 1000.0) fprintf(stderr, "replay: %s took %.0f ms\n", path, ms);
  free(exact);
  (*count)++;
  return 0;
}

static int cmp_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_dir(const char *dir, size_t *count) {
  DIR *d = opendir(dir);
  if (!d) {
    fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
    return 1;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  int rc = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') continue;
    if (n == cap) {
      size_t nc = cap ? cap * 2 : 64;
      char **nn = realloc(names, nc * sizeof *nn);
      if (!nn) {
        rc = 1;
        break;
      }
      names = nn;
      cap = nc;
    }
    size_t dl = strlen(dir), el = strlen(e->d_name);
    char *p = malloc(dl + el + 2);
    if (!p) {
      rc = 1;
      break;
    }
    memcpy(p, dir, dl);
    p[dl] = '/';
    memcpy(p + dl + 1, e->d_name, el + 1);
    names[n++] = p;
  }
  closedir(d);
  if (n) qsort(names, n, sizeof *names, cmp_names);
  for (size_t i = 0; i < n; i++) {
    struct stat st;
    if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode)) rc |= run_file(names[i], count);
    free(names[i]);
  }
  free(names);
  return rc;
}

int main(int argc, char **argv) {
  LLVMFuzzerInitialize(&argc, &argv);
  size_t count = 0;
  int rc = 0, paths = 0;
  for (int i = 1; i < argc; i++) {
    if (argv[i][0] == '-') continue;
    paths++;
    struct stat st;
    if (stat(argv[i], &st) != 0) {
      fprintf(stderr, "replay: %s: %s\n", argv[i], strerror(errno));
      rc = 1;
    } else if (S_ISDIR(st.st_mode)) {
      rc |= run_dir(argv[i], &count);
    } else {
      rc |= run_file(argv[i], &count);
    }
  }
  if (!paths) {
    fprintf(stderr, "usage: %s FILE-OR-DIR...\n", argv[0]);
    return 2;
  }
  printf("replay: %zu inputs, no crash\n", count);
  return rc;
}
