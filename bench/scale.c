/*
** scale.c — catalog scale measurements (issue 12; docs/performance.md
** "Catalog scale").  Public API only.
**
**   scale_bench gen OUT N NDEP BASE_DIR ITEM_FILE   generate a catalog
**   scale_bench load DIR SUBMISSION.json            load once and measure
**   scale_bench reload DIR SUBMISSION.json [R]      R reloads while 2 threads evaluate
**
** THREADS in the environment sets wnd_load_options.threads for `load`
** and `reload` (unset: 0, the library's default).
**
** `load` prints one line of key=value pairs: threads, items, load time, bytes live
** through the allocator hook after loading (and per item), bytes requested
** in total, peak RSS, the time of one lookup by code (a code that is not
** in the catalog: the worst case for a lookup) and the median time of one
** evaluation of a generated item.  `reload` prints the reload times and
** the longest evaluation seen while reloading next to the median one.
*/
#define _POSIX_C_SOURCE 200809L
#include <libwindow.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "scalegen.h"

static double clock_s(clockid_t id) {
  struct timespec ts;
  clock_gettime(id, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static double now_s(void) { return clock_s(CLOCK_MONOTONIC); }

/* CPU seconds of this process (user + system): the load time on a
** shared machine, where wall time includes waiting for a core. */
static double cpu_s(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
         ru.ru_stime.tv_usec / 1e6;
}

static double thread_cpu_s(void) { return clock_s(CLOCK_THREAD_CPUTIME_ID); }

static long peak_rss_kib(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

/* The default whole-catalog bound (64 MiB of YAML) admits about 8,500
** copies of the reference item; a province platform raises it, and so
** does this benchmark. */
static const wnd_limits *province_limits(void) {
  static wnd_limits lim = WND_LIMITS_INIT;
  lim.max_catalog_bytes = (size_t)4 << 30;
  return &lim;
}

/* THREADS in the environment: wnd_load_options.threads (0, the default,
** when unset; with this benchmark's counting hook the default is 1). */
static const wnd_load_options *load_options(void) {
  static wnd_load_options lo = WND_LOAD_OPTIONS_INIT;
  const char *t = getenv("THREADS");
  lo.threads = t && *t ? (unsigned)strtoul(t, NULL, 10) : 0u;
  return &lo;
}

static wnd_submission *parse_submission(wnd_env *env, const char *path) {
  size_t len;
  char *text = scalegen_read_file(path, &len);
  wnd_submission *s = NULL;
  if (!text || wnd_submission_parse(&s, env, text, len, WND_FORMAT_JSON) != WND_OK)
    fprintf(stderr, "scale_bench: %s: %s\n", path, text ? wnd_env_errmsg(env) : "cannot read");
  free(text);
  return s;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Median seconds of one evaluation of `code`; -1 when one fails. */
static double median_eval(const wnd_catalog *cat, const char *code, const wnd_submission *s,
                          int runs) {
  double *t = malloc(sizeof *t * (size_t)runs);
  if (!t) return -1;
  for (int i = 0; i < runs; i++) {
    wnd_result *r = NULL;
    double t0 = now_s();
    int st = wnd_evaluate(&r, cat, code, s, NULL);
    t[i] = now_s() - t0;
    wnd_result_free(r);
    if (st != WND_OK) {
      free(t);
      return -1;
    }
  }
  qsort(t, (size_t)runs, sizeof *t, cmp_double);
  double m = t[runs / 2];
  free(t);
  return m;
}

static int cmd_load(const char *dir, const char *subpath) {
  scale_counter cnt = {0};
  wnd_allocator al = {scale_counter_realloc, &cnt};
  wnd_env_options eo = WND_ENV_OPTIONS_INIT;
  eo.allocator = &al;
  eo.limits = province_limits();
  wnd_env *env = NULL;
  if (wnd_env_new(&env, &eo) != WND_OK) return 2;
  wnd_submission *sub = parse_submission(env, subpath);
  if (!sub) return 2;
  size_t live0 = atomic_load(&cnt.live), total0 = atomic_load(&cnt.total);
  long rss0 = peak_rss_kib();
  wnd_catalog *cat = NULL;
  wnd_diags *diags = NULL;
  double t0 = now_s(), c0 = cpu_s();
  int st = wnd_catalog_load(&cat, &diags, env, dir, load_options());
  double load_s = now_s() - t0, load_cpu = cpu_s() - c0;
  size_t ndiag = wnd_diags_count(diags), nerr = wnd_diags_count_severity(diags, WND_SEV_ERROR);
  wnd_diags_free(diags);
  if (st != WND_OK) {
    fprintf(stderr, "scale_bench: %s: %s (%zu errors)\n", dir, wnd_env_errmsg(env), nerr);
    return 1;
  }
  size_t n = wnd_catalog_item_count(cat);
  size_t live = atomic_load(&cnt.live) - live0, total = atomic_load(&cnt.total) - total0;
  long rss = peak_rss_kib();
  /* Lookups of codes that are not in the catalog: what a scan pays most for. */
  int lookups = 20000;
  double l0 = now_s();
  for (int i = 0; i < lookups; i++) {
    wnd_result *r = NULL;
    if (wnd_evaluate(&r, cat, "NO-SUCH-ITEM", sub, NULL) != WND_ENOTFOUND) return 1;
  }
  double lookup_ns = (now_s() - l0) / lookups * 1e9;
  char code[32];
  scalegen_code(code, (unsigned)(n / 2));
  double ev = median_eval(cat, code, sub, 301);
  printf("threads=%u items=%zu diags=%zu load_s=%.3f load_cpu_s=%.3f live_bytes=%zu bytes_per_item=%.0f "
         "requested_bytes=%zu peak_rss_mib=%.1f rss_growth_per_item=%.0f lookup_miss_ns=%.0f "
         "eval_median_us=%.1f",
         load_options()->threads, n, ndiag, load_s, load_cpu, live, n ? (double)live / (double)n : 0.0, total, rss / 1024.0,
         n ? (double)(rss - rss0) * 1024.0 / (double)n : 0.0, lookup_ns, ev * 1e6);
  /* What the evaluation that drops the last reference to a reloaded
  ** snapshot pays. */
  double f0 = now_s(), fc0 = cpu_s();
  wnd_catalog_free(cat);
  printf(" free_s=%.4f free_cpu_s=%.4f\n", now_s() - f0, cpu_s() - fc0);
  wnd_submission_free(sub);
  wnd_env_free(env);
  return ev < 0 ? 1 : 0;
}

/* ---- reload while two threads evaluate ------------------------------- */

typedef struct worker {
  wnd_engine *engine;
  const wnd_submission *sub;
  const char *code;
  atomic_int *stop;
  atomic_int *reloading;
  size_t evals, failures;
  double max_s, max_reload_s;  /* longest evaluation overall / while reloading */
  double max_cpu_s;            /* most CPU one evaluation took on its thread */
  double *samples;
  size_t nsamples, cap;
} worker;

static void *work(void *p) {
  worker *w = p;
  while (!atomic_load(w->stop)) {
    int during = atomic_load(w->reloading);
    wnd_result *r = NULL;
    double t0 = now_s(), c0 = thread_cpu_s();
    int st = wnd_engine_evaluate(&r, w->engine, w->code, w->sub, NULL);
    double dt = now_s() - t0, dc = thread_cpu_s() - c0;
    if (dc > w->max_cpu_s) w->max_cpu_s = dc;
    wnd_result_free(r);
    w->evals++;
    if (st != WND_OK) w->failures++;
    if (dt > w->max_s) w->max_s = dt;
    if ((during || atomic_load(w->reloading)) && dt > w->max_reload_s) w->max_reload_s = dt;
    /* Negative: taken while a reload ran (split when reporting). */
    if (w->nsamples < w->cap)
      w->samples[w->nsamples++] = during || atomic_load(w->reloading) ? -dt : dt;
  }
  return NULL;
}

static int cmd_reload(const char *dir, const char *subpath, int reloads) {
  wnd_env_options eo = WND_ENV_OPTIONS_INIT;
  eo.limits = province_limits();
  wnd_env *env = NULL;
  if (wnd_env_new(&env, &eo) != WND_OK) return 2;
  wnd_submission *sub = parse_submission(env, subpath);
  if (!sub) return 2;
  wnd_engine *eng = NULL;
  wnd_diags *diags = NULL;
  double t0 = now_s();
  int st = wnd_engine_new(&eng, &diags, env, dir, load_options());
  double first_s = now_s() - t0;
  wnd_diags_free(diags);
  if (st != WND_OK) {
    fprintf(stderr, "scale_bench: %s: %s\n", dir, wnd_env_errmsg(env));
    return 1;
  }
  const wnd_catalog *cat = wnd_engine_acquire(eng);
  char code[32];
  scalegen_code(code, (unsigned)(wnd_catalog_item_count(cat) / 2));
  wnd_engine_release(eng, cat);
  atomic_int stop = 0, reloading = 0;
  worker w[2];
  pthread_t th[2];
  for (int i = 0; i < 2; i++) {
    w[i] = (worker){eng, sub, code, &stop, &reloading, 0, 0, 0, 0, 0, NULL, 0, 1u << 20};
    w[i].samples = malloc(sizeof(double) * w[i].cap);
    if (!w[i].samples) return 2;
    pthread_create(&th[i], NULL, work, &w[i]);
  }
  double max_reload = 0, sum_reload = 0;
  int failed_reloads = 0;
  for (int k = 0; k < reloads; k++) {
    atomic_store(&reloading, 1);
    double r0 = now_s();
    if (wnd_engine_reload(eng, NULL) != WND_OK) failed_reloads++;
    double rs = now_s() - r0;
    atomic_store(&reloading, 0);
    sum_reload += rs;
    if (rs > max_reload) max_reload = rs;
    struct timespec pause = {0, 200 * 1000 * 1000};
    nanosleep(&pause, NULL);
  }
  atomic_store(&stop, 1);
  size_t evals = 0, failures = 0, ns = 0;
  double max_eval = 0, max_during = 0, max_cpu = 0;
  for (int i = 0; i < 2; i++) {
    pthread_join(th[i], NULL);
    evals += w[i].evals;
    failures += w[i].failures;
    if (w[i].max_s > max_eval) max_eval = w[i].max_s;
    if (w[i].max_reload_s > max_during) max_during = w[i].max_reload_s;
    if (w[i].max_cpu_s > max_cpu) max_cpu = w[i].max_cpu_s;
    ns += w[i].nsamples;
  }
  /* Latency percentiles while reloading and otherwise: on a shared machine
  ** the tail of both is scheduling; a pause caused by the reload shows as
  ** a difference between them. */
  double *in = malloc(sizeof *in * (ns ? ns : 1)), *out = malloc(sizeof *out * (ns ? ns : 1));
  size_t nin = 0, nout = 0;
  for (int i = 0; i < 2; i++) {
    for (size_t j = 0; in && out && j < w[i].nsamples; j++) {
      double v = w[i].samples[j];
      if (v < 0)
        in[nin++] = -v;
      else
        out[nout++] = v;
    }
    free(w[i].samples);
  }
  if (!in || !out) return 2;
  qsort(in, nin, sizeof *in, cmp_double);
  qsort(out, nout, sizeof *out, cmp_double);
#define PCT(a, n, p) ((n) ? (a)[(size_t)((double)((n)-1) * (p))] * 1e6 : 0.0)
  printf("first_load_s=%.3f reloads=%d failed_reloads=%d reload_mean_s=%.3f reload_max_s=%.3f "
         "evaluations=%zu failed_evaluations=%zu eval_max_thread_cpu_us=%.1f peak_rss_mib=%.1f "
         "generation=%llu\n",
         first_s, reloads, failed_reloads, reloads ? sum_reload / reloads : 0, max_reload, evals,
         failures, max_cpu * 1e6, peak_rss_kib() / 1024.0,
         (unsigned long long)wnd_engine_generation(eng));
  printf("  during reload:  n=%zu p50_us=%.1f p99_us=%.1f p999_us=%.1f max_us=%.1f\n", nin,
         PCT(in, nin, 0.5), PCT(in, nin, 0.99), PCT(in, nin, 0.999), max_during * 1e6);
  printf("  between reloads: n=%zu p50_us=%.1f p99_us=%.1f p999_us=%.1f max_us=%.1f\n", nout,
         PCT(out, nout, 0.5), PCT(out, nout, 0.99), PCT(out, nout, 0.999),
         PCT(out, nout, 1.0));
  (void)max_eval;
  free(in);
  free(out);
  wnd_engine_free(eng);
  wnd_submission_free(sub);
  wnd_env_free(env);
  return failures || failed_reloads ? 1 : 0;
}

int main(int argc, char **argv) {
  if (argc >= 7 && strcmp(argv[1], "gen") == 0) {
    scalegen_opts o = {argv[5], argv[6], (unsigned)strtoul(argv[3], NULL, 10),
                       (unsigned)strtoul(argv[4], NULL, 10)};
    char err[512];
    if (scalegen_make(argv[2], &o, err, sizeof err) != 0) {
      fprintf(stderr, "scale_bench: %s\n", err);
      return 1;
    }
    return 0;
  }
  if (argc == 4 && strcmp(argv[1], "load") == 0) return cmd_load(argv[2], argv[3]);
  if ((argc == 4 || argc == 5) && strcmp(argv[1], "reload") == 0)
    return cmd_reload(argv[2], argv[3], argc == 5 ? atoi(argv[4]) : 3);
  fprintf(stderr,
          "usage: scale_bench gen OUT N NDEP BASE_DIR ITEM_FILE\n"
          "       scale_bench load DIR SUBMISSION.json\n"
          "       scale_bench reload DIR SUBMISSION.json [RELOADS]\n");
  return 2;
}
