/*
** cmd_bench.c — `window bench DIR ITEM SUBMISSIONS.jsonl [--seconds S]
** [--threads N]` (SPEC §6): load once (timed), parse every submission
** once, then evaluate round-robin for S seconds from the parsed
** submissions and again from the JSON text (parse + evaluate), timing
** each call.  Prints one JSON object.
*/
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli_util.h"
#include "commands.h"
#include "cli_limits.h"

typedef struct line {
  const char *text;
  size_t len;
  wnd_submission *sub;
} line;

typedef struct job {
  wnd_env *env;
  const wnd_catalog *cat;
  const char *item;
  line *lines;
  size_t nlines, start;
  bool text_mode;
  double seconds;
  uint32_t *ns;       /* samples */
  size_t nns, capns;
  uint64_t evals;
  int failed;
} job;

static double now_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static uint64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static void *run(void *arg) {
  job *j = arg;
  double end = now_s() + j->seconds;
  size_t i = j->start;
  while (now_s() < end) {
    for (int batch = 0; batch < 64; batch++) {
      line *l = &j->lines[i];
      if (++i == j->nlines) i = 0;
      uint64_t t0 = now_ns();
      wnd_result *r = NULL;
      int st;
      if (j->text_mode) {
        wnd_submission *s = NULL;
        st = wnd_submission_parse(&s, j->env, l->text, l->len, WND_FORMAT_JSON);
        if (st == WND_OK) st = wnd_evaluate(&r, j->cat, j->item, s, NULL);
        wnd_result_free(r);
        wnd_submission_free(s);
      } else {
        st = wnd_evaluate(&r, j->cat, j->item, l->sub, NULL);
        wnd_result_free(r);
      }
      uint64_t dt = now_ns() - t0;
      if (st != WND_OK) j->failed++;
      if (j->nns < j->capns) j->ns[j->nns++] = dt > UINT32_MAX ? UINT32_MAX : (uint32_t)dt;
      j->evals++;
    }
  }
  return NULL;
}

static int cmp_u32(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return x < y ? -1 : x > y;
}

static int measure(wnd_env *env, const wnd_catalog *cat, const char *item, line *lines,
                   size_t n, int threads, double seconds, bool text, char *out, size_t size) {
  job *jobs = calloc((size_t)threads, sizeof *jobs);
  pthread_t *tid = calloc((size_t)threads, sizeof *tid);
  /* The text path writes errors through its env: one env per thread. */
  wnd_env **envs = calloc((size_t)threads, sizeof *envs);
  size_t cap = 20000000 / (size_t)threads;
  bool ok = jobs && tid && envs;
  for (int t = 0; ok && t < threads; t++) {
    ok = wnd_env_new(&envs[t], cli_env_options()) == WND_OK;
    if (ok) {
      jobs[t] = (job){envs[t], cat, item, lines, n, (n / (size_t)threads) * (size_t)t, text,
                      seconds, malloc(cap * sizeof(uint32_t)), 0, cap, 0, 0};
      ok = jobs[t].ns != NULL;
    }
  }
  if (!ok) {
    for (int t = 0; jobs && envs && t < threads; t++) {
      free(jobs[t].ns);
      wnd_env_free(envs[t]);
    }
    free(jobs);
    free(tid);
    free(envs);
    snprintf(out, size, "null");
    return -1;
  }
  (void)env;
  double t0 = now_s();
  for (int t = 0; t < threads; t++) pthread_create(&tid[t], NULL, run, &jobs[t]);
  for (int t = 0; t < threads; t++) pthread_join(tid[t], NULL);
  double el = now_s() - t0;
  uint64_t evals = 0;
  size_t total = 0;
  int failed = 0;
  for (int t = 0; t < threads; t++) {
    evals += jobs[t].evals;
    total += jobs[t].nns;
    failed += jobs[t].failed;
  }
  uint32_t *all = malloc((total ? total : 1) * sizeof *all);
  size_t k = 0;
  for (int t = 0; t < threads; t++) {
    if (all) memcpy(all + k, jobs[t].ns, jobs[t].nns * sizeof *all);
    k += jobs[t].nns;
    free(jobs[t].ns);
    wnd_env_free(envs[t]);
  }
  if (!all) { /* no room for the samples: report the counts only */
    snprintf(out, size, "{\"evals\": %llu, \"seconds\": %.3f, \"evals_per_second\": %.0f, "
             "\"median_ns\": null, \"p99_ns\": null}",
             (unsigned long long)evals, el, (double)evals / el);
    free(jobs);
    free(tid);
    free(envs);
    return -1;
  }
  qsort(all, total, sizeof *all, cmp_u32);
  uint32_t med = total ? all[total / 2] : 0;
  uint32_t p99 = total ? all[(size_t)((double)total * 0.99)] : 0;
  snprintf(out, size,
           "{\"evals\": %llu, \"seconds\": %.3f, \"evals_per_second\": %.0f, "
           "\"median_ns\": %u, \"p99_ns\": %u}",
           (unsigned long long)evals, el, (double)evals / el, med, p99);
  free(all);
  free(jobs);
  free(tid);
  free(envs);
  return failed;
}

int wnd_cmd_bench(int argc, char **argv) {
  const char *pos[3];
  int npos = 0, threads = 1;
  double seconds = 3;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--seconds") && i + 1 < argc) {
      seconds = atof(argv[++i]);
    } else if (!strcmp(argv[i], "--threads") && i + 1 < argc) {
      threads = atoi(argv[++i]);
    } else if (argv[i][0] == '-' || npos == 3) {
      fprintf(stderr, "usage: window bench DIR ITEM SUBMISSIONS.jsonl [--seconds S] [--threads N]\n");
      return 2;
    } else {
      pos[npos++] = argv[i];
    }
  }
  if (npos != 3 || seconds <= 0 || threads < 1 || threads > 256) {
    fprintf(stderr, "usage: window bench DIR ITEM SUBMISSIONS.jsonl [--seconds S] [--threads N]\n");
    return 2;
  }
  wnd_env *env = NULL;
  if (wnd_env_new(&env, cli_env_options()) != WND_OK) return 2;
  double t0 = now_s();
  wnd_catalog *cat = NULL;
  int st = cli_load("bench", env, pos[0], &cat);
  double load_ms = (now_s() - t0) * 1000;
  if (st != WND_OK) {
    wnd_env_free(env);
    return st == WND_EIO ? 2 : 1;
  }
  size_t len;
  char *text = cli_read_file("bench", pos[2], &len);
  if (!text) {
    wnd_catalog_free(cat);
    wnd_env_free(env);
    return 2;
  }
  size_t n = 0, cap = 1024;
  line *lines = malloc(cap * sizeof *lines);
  long counts[4] = {0};
  int rc = 0;
  for (char *p = text; p < text + len && lines;) {
    char *e = memchr(p, '\n', (size_t)(text + len - p));
    if (!e) e = text + len;
    if (e > p) {
      if (n == cap) lines = realloc(lines, (cap *= 2) * sizeof *lines);
      if (!lines) break;
      line *l = &lines[n];
      l->text = p;
      l->len = (size_t)(e - p);
      if (wnd_submission_parse(&l->sub, env, l->text, l->len, WND_FORMAT_JSON) != WND_OK) {
        fprintf(stderr, "window bench: line %zu: %s\n", n + 1, wnd_env_errmsg(env));
        rc = 1;
        break;
      }
      n++;
    }
    p = e + 1;
  }
  if (!lines || n == 0) rc = rc ? rc : 1;
  /* One verified pass: every submission evaluates, decisions counted. */
  for (size_t i = 0; rc == 0 && i < n; i++) {
    wnd_result *r = NULL;
    st = wnd_evaluate(&r, cat, pos[1], lines[i].sub, NULL);
    if (st != WND_OK) {
      fprintf(stderr, "window bench: line %zu: %s\n", i + 1, wnd_errstr(st));
      rc = 1;
    } else {
      counts[wnd_result_decision(r)]++;
    }
    wnd_result_free(r);
  }
  if (rc == 0) {
    char pre[256], txt[256];
    int f1 = measure(env, cat, pos[1], lines, n, threads, seconds, false, pre, sizeof pre);
    int f2 = measure(env, cat, pos[1], lines, n, threads, seconds, true, txt, sizeof txt);
    if (f1 || f2) rc = 1;
    printf("{\"load_ms\": %.2f, \"submissions\": %zu, \"threads\": %d, \"prebuilt\": %s, "
           "\"text\": %s, \"decisions\": {\"accepted\": %ld, \"accepted_with_gaps\": %ld, "
           "\"incomplete\": %ld, \"rejected\": %ld}}\n",
           load_ms, n, threads, pre, txt, counts[0], counts[1], counts[2], counts[3]);
  }
  for (size_t i = 0; lines && i < n; i++) wnd_submission_free(lines[i].sub);
  free(lines);
  free(text);
  wnd_catalog_free(cat);
  wnd_env_free(env);
  return rc;
}
