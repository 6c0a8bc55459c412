/*
** Concurrency (SPEC §5): one immutable catalog evaluated from 8 threads at
** once without locks; an engine reloaded 200 times while 4 threads
** evaluate through it.  Run under ThreadSanitizer in the TSan build.
*/
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../catalog/fixture.h"
#include "eng.h"
#include "poison.h"

TestSuite(threads, .timeout = 600);

typedef struct tcase {
  const char *code, *json, *now;
  unsigned flags;
  bool elicense;
} tcase;

static const tcase CASES[] = {
    {"FT", "{\"fast_track\":true,\"data\":{\"name\":\"x\"},\"materials\":{\"application_form\":{},"
           "\"equipment_list\":{},\"health_cert\":{\"valid_until\":\"2027-01-01\"},\"hygiene_plan\":{}}}",
     "2026-11-20T10:00:00+08:00", 0, false},
    {"FT", "{\"fast_track\":true,\"applicant\":{\"dishonest\":true},\"materials\":{}}",
     "2026-11-20T10:00:00+08:00", WND_EVAL_EXPLAIN, false},
    {"MAT", "{\"applicant\":{\"kind\":\"person\"},\"agent\":{\"name\":\"x\"},\"materials\":{\"form\":{\"form\":\"copy\"},"
            "\"cert\":{\"valid_until\":\"2020-01-01\"}}}",
     "2026-11-20T10:00:00+08:00", WND_EVAL_EXPLAIN, false},
    {"COND", "{\"data\":{\"age\":16,\"address\":\"路\"}}", "2026-11-20T10:00:00+08:00", 0, false},
    {"R", "{\"applicant\":{\"region\":\"外县\"}}", "2026-11-20T10:00:00+08:00", 0, false},
    {"R", "{\"applicant\":{\"region\":\"示范县\"},\"data\":{\"area_m2\":5000.0},\"materials\":{\"form\":{}}}",
     "2026-11-20T10:00:00+08:00", WND_EVAL_EXPLAIN, false},
    {"DL-5", "{\"materials\":{\"form\":{}}}", "2026-12-24T10:00:00+08:00", 0, false},
    {"DL-N", "{\"materials\":{\"form\":{}}}", "2025-12-29T10:00:00+08:00", 0, false},
    {"FL-PN", "{\"submitted_at\":\"2026-02-14T09:00:00\",\"materials\":{\"form\":{}}}", NULL, 0, false},
    {"W-MT2", "{\"applicant\":{\"id_number\":\"34152219500301123X\"}}", "2026-11-20T10:00:00+08:00", 0,
     false},
    {"ELIC", "{\"applicant\":{\"credit_code\":\"91341522MA2N0X1235\"},\"materials\":{\"form\":{}}}",
     "2026-11-20T10:00:00+08:00", 0, true},
    {"startup", "{\"fast_track\":true,\"applicant\":{\"name\":\"x\"},\"materials\":{\"id_card\":{}}}",
     "2026-11-20T10:00:00+08:00", WND_EVAL_EXPLAIN, false},
    {"TXT", "{\"data\":{\"emoji\":\"\\ud83d\\ude00\",\"esc\":\"\\\"\\\\/\\b\\f\\n\\r\\t\"}}",
     "2026-11-20T10:00:00+08:00", 0, false},
};
#define NCASES (sizeof CASES / sizeof CASES[0])

static wnd_env *env;
static wnd_catalog *cat;
static wnd_elicenses *lic;
static char *ref[NCASES];
static atomic_long evals, mismatches, failures;

static char *eval_json(const wnd_catalog *c, size_t i) {
  wnd_submission *s = NULL;
  if (wnd_submission_parse(&s, env, CASES[i].json, strlen(CASES[i].json), WND_FORMAT_JSON) != WND_OK)
    return NULL;
  wnd_eval_options o = WND_EVAL_OPTIONS_INIT;
  o.flags = CASES[i].flags;
  o.elicenses = CASES[i].elicense ? lic : NULL;
  if (CASES[i].now) {
    o.now_set = true;
    o.now_sec = eng_time(CASES[i].now);
  }
  wnd_result *r = NULL;
  char *out = NULL;
  if (wnd_evaluate(&r, c, CASES[i].code, s, &o) == WND_OK) {
    const char *j = NULL;
    size_t n = 0;
    if (wnd_result_json(r, &j, &n) == WND_OK) out = strdup(j);
  }
  wnd_result_free(r);
  wnd_submission_free(s);
  return out;
}

static void *worker(void *arg) {
  size_t seed = (size_t)(uintptr_t)arg;
  for (size_t k = 0; k < 150; k++) {
    size_t i = (k + seed) % NCASES;
    char *j = eval_json(cat, i);
    atomic_fetch_add(&evals, 1);
    if (!j)
      atomic_fetch_add(&failures, 1);
    else if (strcmp(j, ref[i]))
      atomic_fetch_add(&mismatches, 1);
    free(j);
  }
  return NULL;
}

Test(threads, one_catalog_from_eight_threads) {
  cr_assert_eq(wnd_env_new(&env, NULL), WND_OK);
  cat = eng_load(env, ENG_CAT_DIR);
  const char *t = "{\"91341522MA2N0X1235\":[\"营业执照\",\"居民身份证\"]}";
  cr_assert_eq(wnd_elicenses_parse(&lic, env, t, strlen(t)), WND_OK);
  for (size_t i = 0; i < NCASES; i++) {
    ref[i] = eval_json(cat, i);
    cr_assert(ref[i], "case %zu failed single-threaded", i);
  }
  pthread_t th[8];
  for (size_t i = 0; i < 8; i++)
    cr_assert_eq(pthread_create(&th[i], NULL, worker, (void *)(uintptr_t)(i * 5)), 0);
  for (size_t i = 0; i < 8; i++) pthread_join(th[i], NULL);
  cr_assert_eq(atomic_load(&evals), 8 * 150);
  cr_assert_eq(atomic_load(&failures), 0, "evaluations failed in threads");
  cr_assert_eq(atomic_load(&mismatches), 0, "results differ from the single-threaded ones");
  for (size_t i = 0; i < NCASES; i++) free(ref[i]);
  wnd_elicenses_free(lic);
  wnd_catalog_free(cat);
  wnd_env_free(env);
}

/* ---- engine reload under load ---------------------------------------------- */

/* The catalog versions are the overlays reload-v1, reload-v2 and
** broken-catalog (tests/resources/overlays). */
static const char RELOAD_SUB[] =
    "{\"applicant\":{\"kind\":\"person\"},\"data\":{\"area_m2\":20.0},"
    "\"materials\":{\"id_card\":{},\"form\":{}}}";

typedef struct evaluator {
  wnd_engine *e;
  const char *ref1, *ref2;
  atomic_bool *stop;
  long n, bad, err, torn;
} evaluator;

static void *eval_loop(void *arg) {
  evaluator *ev = arg;
  wnd_submission *s = NULL;
  if (wnd_submission_parse(&s, env, RELOAD_SUB, strlen(RELOAD_SUB), WND_FORMAT_JSON) != WND_OK) {
    ev->err++;
    return NULL;
  }
  wnd_eval_options o = WND_EVAL_OPTIONS_INIT;
  o.now_set = true;
  o.now_sec = eng_time("2026-11-20T10:00:00+08:00");
  while (!atomic_load(ev->stop) || ev->n < 50) {
    wnd_result *r = NULL;
    const char *j = NULL;
    size_t len = 0;
    if (wnd_engine_evaluate(&r, ev->e, "A-1", s, &o) != WND_OK || wnd_result_json(r, &j, &len) != WND_OK)
      ev->err++;
    else if (strcmp(j, ev->ref1) && strcmp(j, ev->ref2))
      ev->bad++;
    wnd_result_free(r);
    /* a snapshot stays whole while it is held */
    const wnd_catalog *c = wnd_engine_acquire(ev->e);
    if (!c) {
      ev->err++;
    } else {
      char want[32];
      snprintf(want, sizeof want, "\"version\": \"%s\"", wnd_catalog_version(c));
      char want2[32];
      snprintf(want2, sizeof want2, "\"version\":\"%s\"", wnd_catalog_version(c));
      r = NULL;
      if (wnd_evaluate(&r, c, "A-1", s, &o) != WND_OK || wnd_result_json(r, &j, &len) != WND_OK)
        ev->err++;
      else if (!strstr(j, want) && !strstr(j, want2))
        ev->torn++;
      wnd_result_free(r);
      wnd_engine_release(ev->e, c);
    }
    ev->n++;
  }
  wnd_submission_free(s);
  return NULL;
}

static char *engine_json(wnd_engine *e) {
  wnd_submission *s = NULL;
  cr_assert_eq(wnd_submission_parse(&s, env, RELOAD_SUB, strlen(RELOAD_SUB), WND_FORMAT_JSON), WND_OK);
  wnd_eval_options o = WND_EVAL_OPTIONS_INIT;
  o.now_set = true;
  o.now_sec = eng_time("2026-11-20T10:00:00+08:00");
  wnd_result *r = NULL;
  cr_assert_eq(wnd_engine_evaluate(&r, e, "A-1", s, &o), WND_OK);
  char *j = strdup(eng_json(r));
  wnd_result_free(r);
  wnd_submission_free(s);
  return j;
}

static const char *current_version(wnd_engine *e) {
  static char v[32];
  const wnd_catalog *c = wnd_engine_acquire(e);
  cr_assert(c);
  snprintf(v, sizeof v, "%s", wnd_catalog_version(c));
  wnd_engine_release(e, c);
  return v;
}

Test(threads, engine_reload_under_load) {
  char *dir = fx_make_overlay("reload-v1");
  cr_assert_eq(wnd_env_new(&env, NULL), WND_OK);
  wnd_load_options lo = WND_LOAD_OPTIONS_INIT;
  lo.today_set = true;
  lo.today = 20778;
  wnd_engine *e = NULL;
  wnd_diags *d = NULL;
  cr_assert_eq(wnd_engine_new(&e, &d, env, dir, &lo), WND_OK);
  wnd_diags_free(d);
  uint64_t gen0 = wnd_engine_generation(e);
  cr_assert_str_eq(current_version(e), "v1");

  char *ref1 = engine_json(e);
  tr_apply(dir, "reload-v2");
  d = NULL;
  cr_assert_eq(wnd_engine_reload(e, &d), WND_OK);
  wnd_diags_free(d);
  cr_assert_eq(wnd_engine_generation(e), gen0 + 1);
  char *ref2 = engine_json(e);
  cr_assert_str_neq(ref1, ref2);
  cr_assert(strstr(ref2, "2026-11-25"), "notify within 3 workdays in v2: %s", ref2);

  atomic_bool stop = false;
  evaluator ev[4];
  pthread_t th[4];
  for (size_t i = 0; i < 4; i++) {
    ev[i] = (evaluator){e, ref1, ref2, &stop, 0, 0, 0, 0};
    cr_assert_eq(pthread_create(&th[i], NULL, eval_loop, &ev[i]), 0);
  }
  /* 200 reloads: valid (v1, v2, v1, ...) and invalid alternately */
  uint64_t gen = wnd_engine_generation(e);
  const char *good = "v2";
  long failed_reloads = 0, wrong = 0;
  for (int i = 0; i < 200; i++) {
    bool valid = i % 2 == 0;
    const char *v = (i / 2) % 2 == 0 ? "v1" : "v2";
    tr_apply(dir, valid ? (v[1] == '1' ? "reload-v1" : "reload-v2") : "broken-catalog");
    d = NULL;
    int st = wnd_engine_reload(e, &d);
    if (valid) {
      if (st != WND_OK) wrong++;
      else good = v;
    } else {
      if (st == WND_OK) wrong++;
      else failed_reloads++;
      if (st != WND_OK && wnd_diags_count_severity(d, WND_SEV_ERROR) == 0) wrong++;
    }
    wnd_diags_free(d);
    if (strcmp(current_version(e), good)) wrong++;
  }
  atomic_store(&stop, true);
  long n = 0;
  for (size_t i = 0; i < 4; i++) {
    pthread_join(th[i], NULL);
    n += ev[i].n;
    cr_assert_eq(ev[i].err, 0, "thread %zu: %ld evaluations failed", i, ev[i].err);
    cr_assert_eq(ev[i].bad, 0, "thread %zu: %ld results matched neither catalog", i, ev[i].bad);
    cr_assert_eq(ev[i].torn, 0, "thread %zu: %ld results disagree with their snapshot", i,
                 ev[i].torn);
  }
  cr_assert_eq(wrong, 0, "%ld reloads misbehaved", wrong);
  cr_assert_eq(failed_reloads, 100);
  cr_assert_eq(wnd_engine_generation(e), gen + 100, "generation counts successful reloads");
  cr_assert(n >= 200);
  cr_assert_str_eq(current_version(e), "v2");

  /* a reload after the directory is gone keeps the current catalog */
  fx_remove(dir);
  d = NULL;
  cr_assert_neq(wnd_engine_reload(e, &d), WND_OK);
  wnd_diags_free(d);
  cr_assert_str_eq(current_version(e), "v2");
  char *after = engine_json(e);
  cr_assert_str_eq(after, ref2);

  free(after);
  free(ref1);
  free(ref2);
  wnd_engine_free(e);
  wnd_env_free(env);
}

Test(threads, snapshot_outlives_reload) {
  char *dir = fx_make_overlay("reload-v1");
  cr_assert_eq(wnd_env_new(&env, NULL), WND_OK);
  wnd_load_options lo = WND_LOAD_OPTIONS_INIT;
  lo.today_set = true;
  lo.today = 20778;
  wnd_engine *e = NULL;
  cr_assert_eq(wnd_engine_new(&e, NULL, env, dir, &lo), WND_OK);
  uint64_t gen0 = wnd_engine_generation(e);
  const wnd_catalog *old = wnd_engine_acquire(e);
  tr_apply(dir, "reload-v2");
  cr_assert_eq(wnd_engine_reload(e, NULL), WND_OK);
  cr_assert_eq(wnd_engine_reload(e, NULL), WND_OK);
  /* the old snapshot is still whole while held */
  cr_assert_str_eq(wnd_catalog_version(old), "v1");
  wnd_submission *s = NULL;
  cr_assert_eq(wnd_submission_parse(&s, env, RELOAD_SUB, strlen(RELOAD_SUB), WND_FORMAT_JSON), WND_OK);
  wnd_result *r = NULL;
  cr_assert_eq(wnd_evaluate(&r, old, "A-1", s, NULL), WND_OK);
  cr_assert(strstr(eng_json(r), "v1"));
  wnd_result_free(r);
  wnd_engine_release(e, old);
  cr_assert_str_eq(current_version(e), "v2");
  cr_assert_eq(wnd_engine_generation(e), gen0 + 2);
  /* misuse */
  cr_assert_eq(wnd_engine_evaluate(&r, e, "NOPE", s, NULL), WND_ENOTFOUND);
  cr_assert_null(r);
  cr_assert_eq(wnd_engine_evaluate(&r, NULL, "A-1", s, NULL), WND_EINVAL);
  cr_assert_eq(wnd_engine_reload(NULL, NULL), WND_EINVAL);
  wnd_engine *e2 = NULL;
  cr_assert_neq(wnd_engine_new(&e2, NULL, env, "/nonexistent/dir", &lo), WND_OK);
  cr_assert_null(e2);
  wnd_submission_free(s);
  wnd_engine_free(e);
  wnd_engine_free(NULL);
  wnd_env_free(env);
  fx_remove(dir);
}

Test(threads, generation_starts_at_zero_reloads) {
  /* libwindow.h: "How many reloads succeeded" -- none right after new */
  char *dir = fx_make(NULL, 0);
  cr_assert_eq(wnd_env_new(&env, NULL), WND_OK);
  wnd_load_options lo = WND_LOAD_OPTIONS_INIT;
  lo.today_set = true;
  lo.today = 20778;
  wnd_engine *e = NULL;
  cr_assert_eq(wnd_engine_new(&e, NULL, env, dir, &lo), WND_OK);
  uint64_t g = wnd_engine_generation(e);
  wnd_engine_free(e);
  wnd_env_free(env);
  fx_remove(dir);
  cr_assert_eq(g, 0, "generation after wnd_engine_new: %llu", (unsigned long long)g);
}

/* ---- results rendered while the engine reloads ------------------------------ */

/* The overlay check-code: a material check with a catalog-defined finding
** code, the catalog text a result once pointed into (issue 15, defect 1). */
static const char RACE_SUB[] = "{\"materials\":{\"form\":{\"signed\":false}}}";

typedef struct racer {
  wnd_engine *e;
  const char *ref;
  atomic_bool *stop;
  long n, err, bad;
} racer;

/* Evaluate through the engine, wait until at least one reload has
** happened since (so the snapshot may be gone), then render. */
static void *race_loop(void *arg) {
  racer *rc = arg;
  wnd_submission *s = NULL;
  if (wnd_submission_parse(&s, env, RACE_SUB, strlen(RACE_SUB), WND_FORMAT_JSON) != WND_OK) {
    rc->err++;
    return NULL;
  }
  wnd_eval_options o = WND_EVAL_OPTIONS_INIT;
  o.now_set = true;
  o.now_sec = eng_time("2026-11-20T10:00:00+08:00");
  while (!atomic_load(rc->stop)) {
    wnd_result *r = NULL;
    if (wnd_engine_evaluate(&r, rc->e, "A-1", s, &o) != WND_OK) {
      rc->err++;
      break;
    }
    uint64_t g = wnd_engine_generation(rc->e);
    while (wnd_engine_generation(rc->e) == g && !atomic_load(rc->stop)) sched_yield();
    const char *j = NULL;
    if (wnd_result_json(r, &j, NULL) != WND_OK)
      rc->err++;
    else if (strcmp(j, rc->ref))
      rc->bad++;
    wnd_result_free(r);
    rc->n++;
  }
  wnd_submission_free(s);
  return NULL;
}

Test(threads, results_rendered_during_reloads) {
  char *dir = fx_make_overlay("check-code");
  wnd_env_options eo = WND_ENV_OPTIONS_INIT;
  eo.allocator = &poison_allocator; /* freed catalog text reads "XXX…" */
  cr_assert_eq(wnd_env_new(&env, &eo), WND_OK);
  wnd_load_options lo = WND_LOAD_OPTIONS_INIT;
  lo.today_set = true;
  lo.today = 20778;
  wnd_engine *e = NULL;
  cr_assert_eq(wnd_engine_new(&e, NULL, env, dir, &lo), WND_OK);
  char *want = NULL;
  {
    wnd_submission *s = NULL;
    cr_assert_eq(wnd_submission_parse(&s, env, RACE_SUB, strlen(RACE_SUB), WND_FORMAT_JSON), WND_OK);
    wnd_eval_options o = WND_EVAL_OPTIONS_INIT;
    o.now_set = true;
    o.now_sec = eng_time("2026-11-20T10:00:00+08:00");
    wnd_result *r = NULL;
    cr_assert_eq(wnd_engine_evaluate(&r, e, "A-1", s, &o), WND_OK);
    want = strdup(eng_json(r));
    cr_assert(strstr(want, "\"form_unsigned\""), "%s", want);
    wnd_result_free(r);
    wnd_submission_free(s);
  }
  atomic_bool stop = false;
  racer rc[2];
  pthread_t th[2];
  for (size_t i = 0; i < 2; i++) {
    rc[i] = (racer){e, want, &stop, 0, 0, 0};
    cr_assert_eq(pthread_create(&th[i], NULL, race_loop, &rc[i]), 0);
  }
  long failed_reloads = 0;
  for (int i = 0; i < 100; i++) {
    if (wnd_engine_reload(e, NULL) != WND_OK) failed_reloads++;
    sched_yield();
  }
  atomic_store(&stop, true);
  long n = 0;
  for (size_t i = 0; i < 2; i++) {
    pthread_join(th[i], NULL);
    n += rc[i].n;
    cr_assert_eq(rc[i].err, 0, "thread %zu: %ld evaluations failed", i, rc[i].err);
    cr_assert_eq(rc[i].bad, 0, "thread %zu: %ld results rendered differently after a reload",
                 i, rc[i].bad);
  }
  cr_assert_eq(failed_reloads, 0);
  cr_assert(n >= 2, "only %ld results rendered", n);
  free(want);
  wnd_engine_free(e);
  wnd_env_free(env);
  poison_drain();
  fx_remove(dir);
}

/* ---- wnd_result_json on one const result from two threads ------------------- */

typedef struct json_call {
  const wnd_result *r;
  pthread_barrier_t *go;
  const char *text;
  size_t len;
  int st;
} json_call;

static void *render(void *arg) {
  json_call *c = arg;
  pthread_barrier_wait(c->go);
  c->st = wnd_result_json(c->r, &c->text, &c->len);
  return NULL;
}

Test(threads, result_json_on_a_shared_const_result) {
  /* The header lets several threads read one result; rendering its JSON
  ** wrote a cache through a cast without synchronisation (TSan reports the
  ** race; without TSan two renderings could each be kept, one leaked). */
  cr_assert_eq(wnd_env_new(&env, NULL), WND_OK);
  cat = eng_load(env, ENG_CAT_DIR);
  wnd_submission *s = NULL;
  cr_assert_eq(wnd_submission_parse(&s, env, CASES[0].json, strlen(CASES[0].json),
                                    WND_FORMAT_JSON), WND_OK);
  for (int k = 0; k < 100; k++) {
    wnd_result *r = NULL;
    cr_assert_eq(wnd_evaluate(&r, cat, "FT", s, NULL), WND_OK);
    pthread_barrier_t go;
    pthread_barrier_init(&go, NULL, 2);
    json_call c[2] = {{r, &go, NULL, 0, -1}, {r, &go, NULL, 0, -1}};
    pthread_t th[2];
    for (int i = 0; i < 2; i++) cr_assert_eq(pthread_create(&th[i], NULL, render, &c[i]), 0);
    for (int i = 0; i < 2; i++) pthread_join(th[i], NULL);
    pthread_barrier_destroy(&go);
    cr_assert(c[0].st == WND_OK && c[1].st == WND_OK);
    cr_assert(c[0].text == c[1].text, "two threads got two renderings");
    cr_assert(c[0].len == c[1].len && c[0].len > 0);
    wnd_result_free(r);
  }
  wnd_submission_free(s);
  wnd_catalog_free(cat);
  wnd_env_free(env);
}

/*
** An evaluation never frees a snapshot, even one it outlives: freeing a
** large catalog takes milliseconds, which must not land on an applicant's
** evaluation.  The engine's own host function holds an evaluation inside
** the old snapshot until the reload has swapped in the new one, then
** 300 ms more (the reloader used to give up waiting after about 50 ms and
** leave the free to the evaluation).  Counted: the frees made on the
** evaluating thread during that evaluation equal those of the same
** evaluation without a reload.
*/
static _Thread_local long tl_frees;

static void *thread_counting_realloc(void *ud, void *p, size_t n) {
  (void)ud;
  if (n == 0) {
    if (p) tl_frees++;
    free(p);
    return NULL;
  }
  return realloc(p, n);
}

static wnd_engine *held_engine;
static atomic_int hold_inside; /* 1: the host function is holding its evaluation */
static atomic_int hold_on;     /* 1: the host function holds; 0: returns at once */

static bool holding_elicense(const char *holder, const char *type) {
  (void)holder;
  (void)type;
  if (!atomic_load(&hold_on)) return false;
  atomic_store(&hold_inside, 1);
  struct timespec ms = {0, 1000 * 1000};
  for (int i = 0; i < 20000 && wnd_engine_generation(held_engine) == 0; i++) nanosleep(&ms, NULL);
  struct timespec more = {0, 300 * 1000 * 1000};
  nanosleep(&more, NULL);
  return false;
}

static const char ELIC_SUB[] =
    "{\"applicant\":{\"credit_code\":\"91341522MA2N0X1235\"},\"materials\":{\"form\":{}}}";

static void *held_evaluation(void *arg) {
  wnd_submission *s = arg;
  long *frees = malloc(2 * sizeof *frees);
  for (int k = 0; k < 2; k++) {
    atomic_store(&hold_on, k);
    wnd_result *r = NULL;
    long before = tl_frees;
    int st = wnd_engine_evaluate(&r, held_engine, "ELIC", s, NULL);
    frees[k] = st == WND_OK ? tl_frees - before : -1;
    wnd_result_free(r);
  }
  return frees;
}

Test(threads, evaluation_never_frees_a_snapshot) {
  wnd_allocator a = {thread_counting_realloc, NULL};
  wnd_env_options eo = WND_ENV_OPTIONS_INIT;
  eo.allocator = &a;
  cr_assert_eq(wnd_env_new(&env, &eo), WND_OK);
  const wnd_type p[2] = {WND_TYPE_STRING, WND_TYPE_STRING};
  cr_assert_eq(wnd_env_register_function(env, "elicense.available", (wnd_fnptr)holding_elicense,
                                         WND_TYPE_BOOL, p, 2),
               WND_OK);
  wnd_load_options lo = WND_LOAD_OPTIONS_INIT;
  lo.today_set = true;
  lo.today = 20778;
  cr_assert_eq(wnd_engine_new(&held_engine, NULL, env, ENG_CAT_DIR, &lo), WND_OK);
  wnd_submission *s = NULL;
  cr_assert_eq(wnd_submission_parse(&s, env, ELIC_SUB, strlen(ELIC_SUB), WND_FORMAT_JSON), WND_OK);
  atomic_store(&hold_inside, 0);
  pthread_t t;
  cr_assert_eq(pthread_create(&t, NULL, held_evaluation, s), 0);
  struct timespec ms = {0, 1000 * 1000};
  for (int i = 0; i < 20000 && !atomic_load(&hold_inside); i++) nanosleep(&ms, NULL);
  cr_assert(atomic_load(&hold_inside), "the evaluation never reached the host function");
  cr_assert_eq(wnd_engine_reload(held_engine, NULL), WND_OK);
  void *ret = NULL;
  pthread_join(t, &ret);
  long *frees = ret;
  cr_assert_geq(frees[0], 0, "the held evaluation failed");
  cr_assert_geq(frees[1], 0, "the plain evaluation failed");
  cr_assert_eq(frees[1], frees[0],
               "the evaluation outliving its snapshot freed %ld blocks, a plain one %ld: it freed the "
               "catalog",
               frees[1], frees[0]);
  free(ret);
  wnd_submission_free(s);
  wnd_engine_free(held_engine);
  wnd_env_free(env);
}

/* ---- one submission from several threads ------------------------------------ */

/* A submission keeps its digest, receipt instant and received_at text
** once worked out (record.c, evaluate.c): four threads evaluating one
** fresh submission at once race to write them, and every result must be
** the one a single thread gets. */
static const char SHARED_SUB[] =
    "{\"submitted_at\":\"2026-11-20T10:00:00\",\"applicant\":{\"kind\":\"person\"},"
    "\"materials\":{\"form\":{\"form\":\"copy\"},\"cert\":{\"valid_until\":\"2020-01-01\"}}}";

typedef struct shared_eval {
  const wnd_submission *s;
  atomic_int *go;
  char *json;
} shared_eval;

static void *eval_shared(void *arg) {
  shared_eval *se = arg;
  while (!atomic_load(se->go)) sched_yield();
  wnd_result *r = NULL;
  if (wnd_evaluate(&r, cat, "MAT", se->s, NULL) == WND_OK) {
    const char *j = NULL;
    size_t n = 0;
    if (wnd_result_json(r, &j, &n) == WND_OK) se->json = strdup(j);
  }
  wnd_result_free(r);
  return NULL;
}

Test(threads, one_submission_from_four_threads) {
  cr_assert_eq(wnd_env_new(&env, NULL), WND_OK);
  cat = eng_load(env, ENG_CAT_DIR);
  wnd_submission *s = NULL;
  cr_assert_eq(wnd_submission_parse(&s, env, SHARED_SUB, strlen(SHARED_SUB), WND_FORMAT_JSON),
               WND_OK);
  shared_eval one = {s, NULL, NULL};
  atomic_int go = 1;
  one.go = &go;
  eval_shared(&one);
  cr_assert_not_null(one.json, "the single-threaded evaluation failed");
  cr_assert(strstr(one.json, "\"received_at\": \"2026-11-20T10:00:00+08:00\""), "%s", one.json);
  wnd_submission_free(s);
  for (int round = 0; round < 40; round++) {
    cr_assert_eq(wnd_submission_parse(&s, env, SHARED_SUB, strlen(SHARED_SUB), WND_FORMAT_JSON),
                 WND_OK);
    atomic_store(&go, 0);
    shared_eval se[4];
    pthread_t th[4];
    for (int i = 0; i < 4; i++) {
      se[i] = (shared_eval){s, &go, NULL};
      cr_assert_eq(pthread_create(&th[i], NULL, eval_shared, &se[i]), 0);
    }
    atomic_store(&go, 1);
    for (int i = 0; i < 4; i++) pthread_join(th[i], NULL);
    for (int i = 0; i < 4; i++) {
      cr_assert_not_null(se[i].json, "round %d thread %d: the evaluation failed", round, i);
      cr_assert_str_eq(se[i].json, one.json, "round %d thread %d", round, i);
      free(se[i].json);
    }
    wnd_submission_free(s);
  }
  free(one.json);
  wnd_catalog_free(cat);
  wnd_env_free(env);
}
