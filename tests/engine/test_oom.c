/*
** Allocation failure (SPEC §5: out-of-memory ends in an error status,
** never a crash): the k-th allocation fails, for every k, across
** wnd_submission_parse, the builders, wnd_evaluate and wnd_result_json.
** Every failure returns WND_ENOMEM; a call that succeeds gives exactly the
** result of an unconstrained run; nothing leaks (the allocator counts
** live blocks, and ASan/LSan watch the sanitizer build).
*/
#include <stdlib.h>

#include "eng.h"

#define NOW "2026-11-20T10:00:00+08:00"

static long countdown = -1; /* allocations left before the failure; -1: never */
static bool persistent;     /* keep failing after the first failure */
static bool triggered;
static const char *failed_msg; /* the first wrong result, reported after cleanup */
static long live;

static void *counting_realloc(void *ud, void *p, size_t n) {
  (void)ud;
  if (n == 0) {
    if (p) live--;
    free(p);
    return NULL;
  }
  if (countdown == 0 || (persistent && triggered)) {
    triggered = true;
    countdown = -1;
    return NULL;
  }
  if (countdown > 0) countdown--;
  void *q = realloc(p, n);
  if (q && !p) live++;
  return q;
}

static const wnd_allocator ALLOC = {counting_realloc, NULL};
static wnd_env *env;
static wnd_catalog *cat;

static void oom_setup(void) {
  wnd_env_options o = WND_ENV_OPTIONS_INIT;
  o.allocator = &ALLOC;
  cr_assert_eq(wnd_env_new(&env, &o), WND_OK);
  cat = eng_load(env, ENG_CAT_DIR);
}

static void oom_teardown(void) {
  wnd_catalog_free(cat);
  wnd_env_free(env);
  cr_assert_eq(live, 0, "%ld blocks allocated through the env were never freed", live);
}

TestSuite(oom, .init = oom_setup, .fini = oom_teardown, .timeout = 300);

static void arm(long k, bool keep) {
  countdown = k - 1;
  persistent = keep;
  triggered = false;
}

static void disarm(void) {
  countdown = -1;
  persistent = false;
}

static const char *SUB =
    "{\"submitted_at\":\"2026-11-20T10:00:00+08:00\",\"fast_track\":true,"
    "\"applicant\":{\"kind\":\"organization\",\"name\":\"示范餐饮\",\"credit_code\":\"91341522MA2N0X1235\","
    "\"id_number\":\"341522199005151234\",\"dishonest\":false},\"agent\":{\"name\":\"张三\"},"
    "\"data\":{\"name\":\"x\",\"area_m2\":120.5,\"category\":\"单位食堂\",\"tags\":[\"a\",\"b\",{\"c\":[1,2.5,null]}],"
    "\"esc\":\"\\ud83d\\ude00\\n\\u4e2d\"},"
    "\"materials\":{\"application_form\":{\"copies\":1},\"health_cert\":{\"form\":\"copy\",\"copies\":3,"
    "\"valid_until\":\"2020-05-01\"},\"hygiene_plan\":{\"issued_at\":\"2026-01-01\"},"
    "\"id_card\":{\"form\":\"e_license\"}}}";

static char *reference(const char *code, unsigned flags, const wnd_elicenses *el) {
  disarm();
  wnd_submission *s = NULL;
  cr_assert_eq(wnd_submission_parse(&s, env, SUB, strlen(SUB), WND_FORMAT_JSON), WND_OK);
  wnd_eval_options o = WND_EVAL_OPTIONS_INIT;
  o.flags = flags;
  o.elicenses = el;
  wnd_result *r = NULL;
  cr_assert_eq(wnd_evaluate(&r, cat, code, s, &o), WND_OK);
  char *j = strdup(eng_json(r));
  wnd_result_free(r);
  wnd_submission_free(s);
  return j;
}

/* One run with the k-th allocation failing.  Returns true when nothing
** failed (k is past the last allocation). */
static bool run(const char *code, unsigned flags, const wnd_elicenses *el, const char *ref,
                long k, bool keep) {
  arm(k, keep);
  wnd_submission *s = NULL;
  wnd_result *r = NULL;
  int st = wnd_submission_parse(&s, env, SUB, strlen(SUB), WND_FORMAT_JSON);
  if (st != WND_OK) {
    cr_assert_eq(st, WND_ENOMEM, "k=%ld: parse returned %s", k, wnd_errstr(st));
    cr_assert_null(s);
    cr_assert(triggered);
    disarm();
    return false;
  }
  wnd_eval_options o = WND_EVAL_OPTIONS_INIT;
  o.flags = flags;
  o.elicenses = el;
  st = wnd_evaluate(&r, cat, code, s, &o);
  if (st != WND_OK) {
    cr_assert_eq(st, WND_ENOMEM, "k=%ld: evaluate returned %s", k, wnd_errstr(st));
    cr_assert_null(r);
    cr_assert(triggered);
    wnd_submission_free(s);
    disarm();
    return false;
  }
  const char *j = NULL;
  size_t n = 0;
  st = wnd_result_json(r, &j, &n);
  if (st != WND_OK) {
    cr_assert_eq(st, WND_ENOMEM, "k=%ld: result_json returned %s", k, wnd_errstr(st));
    cr_assert(triggered);
    /* rendering again with memory works and gives the same text */
    disarm();
    cr_assert_eq(wnd_result_json(r, &j, &n), WND_OK, "k=%ld: second render", k);
  }
  bool same = !strcmp(j, ref);
  char *got = same ? NULL : strdup(j);
  bool done = !triggered;
  disarm();
  wnd_result_free(r);
  wnd_submission_free(s);
  if (!same) {
    /* report without leaking: the message is built from copies */
    static char msg[65536];
    snprintf(msg, sizeof msg, "k=%ld: a run that succeeded after an allocation failure must give "
                              "the normal result\ngot: %s\nref: %s", k, got, ref);
    free(got);
    failed_msg = msg;
  }
  return done || !same;
}

static void sweep(const char *code, unsigned flags, const wnd_elicenses *el) {
  char *ref = reference(code, flags, el);
  long k = 1;
  while (!run(code, flags, el, ref, k, false)) {
    k++;
    cr_assert(k < 200000, "no end to allocations");
  }
  for (long i = 1; !failed_msg && i < k; i++) run(code, flags, el, ref, i, true);
  free(ref);
  cr_assert_null(failed_msg, "%s", failed_msg);
  cr_assert(k > 1, "the evaluation allocates nothing through the env?");
}

Test(oom, item_evaluation) { sweep("FT", 0, NULL); }

Test(oom, item_evaluation_with_trace) { sweep("FT", WND_EVAL_EXPLAIN, NULL); }

Test(oom, routing_and_escalation) { sweep("R", WND_EVAL_EXPLAIN, NULL); }

Test(oom, materials_and_checks) { sweep("MAT", 0, NULL); }

Test(oom, bundle_evaluation) { sweep("startup", WND_EVAL_EXPLAIN, NULL); }

Test(oom, elicense_substitution) {
  disarm();
  wnd_elicenses *el = NULL;
  const char *t = "{\"91341522MA2N0X1235\":[\"营业执照\",\"居民身份证\"]}";
  cr_assert_eq(wnd_elicenses_parse(&el, env, t, strlen(t)), WND_OK);
  sweep("ELIC", 0, el);
  disarm();
  wnd_elicenses_free(el);
}

Test(oom, elicenses_parse) {
  const char *t = "{\"91341522MA2N0X1235\":[\"营业执照\",\"居民身份证\"],\"x\":[]}";
  for (long k = 1;; k++) {
    cr_assert(k < 100000);
    arm(k, false);
    wnd_elicenses *el = NULL;
    int st = wnd_elicenses_parse(&el, env, t, strlen(t));
    bool hit = triggered;
    disarm();
    if (st == WND_OK) {
      wnd_elicenses_free(el);
      if (!hit) break;
    } else {
      cr_assert_eq(st, WND_ENOMEM, "k=%ld: %s", k, wnd_errstr(st));
      cr_assert_null(el);
    }
  }
}

Test(oom, builders) {
  for (long k = 1;; k++) {
    cr_assert(k < 100000);
    arm(k, false);
    wnd_submission *s = NULL;
    int st = wnd_submission_new(&s, env);
    if (st == WND_OK) {
      int sts[] = {
          wnd_submission_set_string(s, "applicant.kind", "organization"),
          wnd_submission_set_int(s, "data.count", 3),
          wnd_submission_set_double(s, "data.area_m2", 1.5),
          wnd_submission_set_bool(s, "fast_track", true),
          wnd_submission_set_null(s, "data.none"),
          wnd_submission_set_json(s, "data.tags", "[1,{\"a\":\"b\"}]", 13),
          wnd_submission_add_material(s, "application_form", "copy", 2),
          wnd_submission_set_string(s, "materials.application_form.valid_until", "2027-01-01"),
      };
      for (size_t i = 0; i < sizeof sts / sizeof sts[0]; i++)
        cr_assert(sts[i] == WND_OK || sts[i] == WND_ENOMEM, "k=%ld setter %zu: %s", k, i,
                  wnd_errstr(sts[i]));
    } else {
      cr_assert_eq(st, WND_ENOMEM);
      cr_assert_null(s);
    }
    bool hit = triggered;
    disarm();
    /* after a failed setter the submission is still usable */
    if (s) {
      wnd_result *r = NULL;
      cr_assert_eq(wnd_evaluate(&r, cat, "FT", s, NULL), WND_OK, "k=%ld", k);
      wnd_result_free(r);
    }
    wnd_submission_free(s);
    if (!hit) break;
  }
}
