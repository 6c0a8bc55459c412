/*
** json_bench.c — median nanoseconds per wnd__json_parse of real-shaped
** submissions.
**
**   python3 /work/shared/bench/gen_submissions.py --count 1000 --seed 42 --out /tmp/sub.jsonl
**   build/tests/json/json_bench /tmp/sub.jsonl [rounds]
**
** Each line is parsed `rounds` times in a row (timed as one batch, so the
** clock's own cost does not count) into an arena reset between parses;
** the figure printed is the median over lines of the per-parse time.  Two
** arena set-ups are measured: with a caller-supplied 16 KiB first chunk
** (how an evaluation embeds it: no malloc at all) and heap-only (one
** malloc/free of the arena chunk per parse).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "json/json.h"

static double now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

typedef struct line {
  const char *s;
  size_t n;
} line;

static double run(line *lines, size_t nlines, int rounds, bool inline_buf, double *per) {
  static char buf[16384];
  wnd__arena a;
  wnd__arena_init(&a, &wnd__mem_default, inline_buf ? buf : NULL, inline_buf ? sizeof buf : 0);
  for (size_t i = 0; i < nlines; i++) {
    wnd__value v;
    wnd__json_error err;
    double t0 = now_ns();
    for (int r = 0; r < rounds; r++) {
      wnd__arena_reset(&a);
      if (wnd__json_parse(&a, lines[i].s, lines[i].n, NULL, &v, &err) != WND_OK) {
        fprintf(stderr, "line %zu: %u:%u %s\n", i + 1, err.line, err.column, err.msg);
        exit(1);
      }
    }
    per[i] = (now_ns() - t0) / rounds;
  }
  wnd__arena_free(&a);
  qsort(per, nlines, sizeof *per, cmp_double);
  return per[nlines / 2];
}

int main(int argc, char **argv) {
  const char *path = argc > 1 ? argv[1] : "/tmp/sub.jsonl";
  int rounds = argc > 2 ? atoi(argv[2]) : 200;
  if (rounds < 1) rounds = 1;
  FILE *f = fopen(path, "rb");
  if (!f) {
    perror(path);
    return 2;
  }
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *data = malloc((size_t)size + 1);
  if (!data || fread(data, 1, (size_t)size, f) != (size_t)size) return 2;
  fclose(f);
  size_t cap = 1024, nlines = 0, bytes = 0;
  line *lines = malloc(cap * sizeof *lines);
  for (char *p = data, *end = data + size; p < end;) {
    char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
    if (n) {
      if (nlines == cap) lines = realloc(lines, (cap *= 2) * sizeof *lines);
      lines[nlines].s = p;
      lines[nlines++].n = n;
      bytes += n;
    }
    p += n + 1;
  }
  if (!nlines) return 2;
  double *per = malloc(nlines * sizeof *per);
  run(lines, nlines < 50 ? nlines : 50, rounds, true, per); /* warm up */
  double med_inline = run(lines, nlines, rounds, true, per);
  double p90_inline = per[nlines * 9 / 10];
  double med_heap = run(lines, nlines, rounds, false, per);
  printf("{\"submissions\": %zu, \"mean_bytes\": %.0f, \"rounds\": %d, "
         "\"median_ns_inline_arena\": %.0f, \"p90_ns_inline_arena\": %.0f, "
         "\"median_ns_heap_arena\": %.0f, \"mb_per_s\": %.0f}\n",
         nlines, (double)bytes / (double)nlines, rounds, med_inline, p90_inline, med_heap,
         (double)bytes / (double)nlines / med_inline * 1e3);
  free(per);
  free(lines);
  free(data);
  return 0;
}
