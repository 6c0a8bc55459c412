/*
** fixed_count — a fixed number of evaluations, for instruction counts.
**
**   fixed_count CATALOG ITEM SUBMISSIONS.jsonl MODE PASSES [LIMIT]
**
** Reads up to LIMIT (default 200) submissions, runs every one once to warm
** up (and to keep each submission's digest, as `window bench`'s timed loop
** does), then PASSES passes inside `measured()`, which a profiler can
** collect alone:
**
**   valgrind --tool=callgrind --toggle-collect=measured \
**     build/bench/fixed_count CATALOG ITEM subs.jsonl 0 5 200
**
** gives "Collected" / 1,000 instructions per evaluation.  MODE 0: pre-built
** evaluations; 1: JSON parse only; 2: parse, evaluate and digest.  Prints
** the mean wall time and CPU time per operation (noisy on a shared
** machine: compare alternating runs).  Public API only.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "libwindow.h"

typedef struct line {
  char *text;
  size_t len;
  wnd_submission *sub;
} line;

typedef struct job {
  const wnd_catalog *cat;
  const char *item;
  wnd_env *env;
  line *lines;
  size_t n;
  int failures;
} job;

static void run(job *j, int mode, int passes) {
  for (int p = 0; p < passes; p++)
    for (size_t i = 0; i < j->n; i++) {
      wnd_result *r = NULL;
      int st;
      if (mode == 0) {
        st = wnd_evaluate(&r, j->cat, j->item, j->lines[i].sub, NULL);
      } else {
        wnd_submission *s = NULL;
        st = wnd_submission_parse(&s, j->env, j->lines[i].text, j->lines[i].len,
                                  WND_FORMAT_JSON);
        if (st == WND_OK && mode == 2) st = wnd_evaluate(&r, j->cat, j->item, s, NULL);
        wnd_submission_free(s);
      }
      if (st != WND_OK) j->failures++;
      wnd_result_free(r);
    }
}

/* The part a profiler collects (--toggle-collect=measured). */
__attribute__((noinline)) static void measured(job *j, int mode, int passes) {
  run(j, mode, passes);
  __asm__ volatile("" ::: "memory"); /* not a tail call: the toggle sees it return */
}

static int usage(void) {
  fprintf(stderr, "usage: fixed_count CATALOG ITEM SUBMISSIONS.jsonl MODE(0|1|2) PASSES [LIMIT]\n");
  return 2;
}

int main(int argc, char **argv) {
  if (argc < 6 || argc > 7) return usage();
  int mode = atoi(argv[4]), passes = atoi(argv[5]);
  long limit = argc == 7 ? atol(argv[6]) : 200;
  if (mode < 0 || mode > 2 || passes < 1 || limit < 1) return usage();
  job j = {.item = argv[2]};
  wnd_catalog *cat = NULL;
  FILE *f = NULL;
  char *buf = NULL;
  size_t cap = 0;
  int rc = 1;
  if (wnd_env_new(&j.env, NULL) != WND_OK) return 1;
  if (wnd_catalog_load(&cat, NULL, j.env, argv[1], NULL) != WND_OK) {
    fprintf(stderr, "fixed_count: %s: %s\n", argv[1], wnd_env_errmsg(j.env));
    goto done;
  }
  j.cat = cat;
  j.lines = calloc((size_t)limit, sizeof *j.lines);
  f = fopen(argv[3], "r");
  if (!j.lines || !f) {
    fprintf(stderr, "fixed_count: %s: cannot read\n", argv[3]);
    goto done;
  }
  ssize_t k;
  while (j.n < (size_t)limit && (k = getline(&buf, &cap, f)) > 0) {
    line *l = &j.lines[j.n];
    l->len = (size_t)k - (buf[k - 1] == '\n');
    if (!(l->text = malloc(l->len + 1))) goto done;
    memcpy(l->text, buf, l->len);
    j.n++;
    if (wnd_submission_parse(&l->sub, j.env, l->text, l->len, WND_FORMAT_JSON) != WND_OK) {
      fprintf(stderr, "fixed_count: line %zu: %s\n", j.n, wnd_env_errmsg(j.env));
      goto done;
    }
  }
  if (j.n == 0) {
    fprintf(stderr, "fixed_count: %s: no submissions\n", argv[3]);
    goto done;
  }
  run(&j, mode, 1);
  /* Wall time, and this thread's CPU time: on a host shared with other
  ** work the second leaves out the time the thread was not running. */
  struct timespec a, b, ca, cb;
  clock_gettime(CLOCK_MONOTONIC, &a);
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ca);
  measured(&j, mode, passes);
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cb);
  clock_gettime(CLOCK_MONOTONIC, &b);
  double ops = (double)j.n * passes;
  double ns = ((double)(b.tv_sec - a.tv_sec) * 1e9 + (double)(b.tv_nsec - a.tv_nsec)) / ops;
  double cpu = ((double)(cb.tv_sec - ca.tv_sec) * 1e9 + (double)(cb.tv_nsec - ca.tv_nsec)) / ops;
  printf("%.1f ns/op, %.1f ns/op of CPU (%zu submissions x %d passes, mode %d)\n", ns, cpu, j.n,
         passes, mode);
  if (j.failures) fprintf(stderr, "fixed_count: %d operations failed\n", j.failures);
  rc = j.failures ? 1 : 0;
done:
  if (f) fclose(f);
  free(buf);
  for (size_t i = 0; i < j.n; i++) {
    wnd_submission_free(j.lines[i].sub);
    free(j.lines[i].text);
  }
  free(j.lines);
  wnd_catalog_free(cat);
  wnd_env_free(j.env);
  return rc;
}
