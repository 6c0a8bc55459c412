/*
** Allocations on the evaluation hot path (issue 16): after warm-up,
** wnd_evaluate + wnd_result_free make no heap allocation beyond the
** result's own.  Every allocation of an evaluation must still be live when
** wnd_evaluate returns (no temporary buffers, no growth of the per-thread
** scratch) and must be gone after wnd_result_free.  A small result fits the
** result's inline buffer, so for the items below that is exactly one block:
** the result itself.  Counted through the allocator hook over 1,000
** evaluations of each item.
*/
#include <stdlib.h>

#include "eng.h"

static long allocs; /* fn(ud, NULL, n) and fn(ud, p, n) with n > 0 */
static long live;   /* blocks allocated and not yet freed */

static void *counting_realloc(void *ud, void *p, size_t n) {
  (void)ud;
  if (n == 0) {
    live -= p != NULL;
    free(p);
    return NULL;
  }
  allocs++;
  void *q = realloc(p, n);
  live += q && !p;
  return q;
}

static wnd_env *env;
static wnd_catalog *cat;

/* A submission that reaches every step: fields (pattern, check, enum),
** conditions, materials with dates, fast track. */
static const char *SUB =
    "{\"submitted_at\":\"2026-11-20T10:00:00+08:00\",\"fast_track\":true,"
    "\"applicant\":{\"kind\":\"organization\",\"name\":\"示范餐饮\",\"credit_code\":\"91341522MA2N0X1235\","
    "\"id_number\":\"341522199005151234\",\"dishonest\":false},\"agent\":{\"name\":\"张三\"},"
    "\"data\":{\"name\":\"x\",\"area_m2\":120,\"category\":\"单位食堂\",\"code\":\"AB\"},"
    "\"materials\":{\"application_form\":{\"copies\":1},\"health_cert\":{\"form\":\"copy\",\"copies\":3,"
    "\"valid_until\":\"2020-05-01\"},\"hygiene_plan\":{\"issued_at\":\"2026-01-01\"},"
    "\"id_card\":{\"form\":\"e_license\"}}}";

/* Evaluations of `code` after warm-up: the most blocks one evaluation
** allocated beyond what its result still held, and the most blocks one
** result held. */
static void measure(const char *code, long *extra, long *held) {
  wnd_submission *s = NULL;
  cr_assert_eq(wnd_submission_parse(&s, env, SUB, strlen(SUB), WND_FORMAT_JSON), WND_OK);
  for (int i = 0; i < 10; i++) { /* warm-up: per-thread scratch, lazily built state */
    wnd_result *r = NULL;
    cr_assert_eq(wnd_evaluate(&r, cat, code, s, NULL), WND_OK);
    wnd_result_free(r);
  }
  *extra = *held = 0;
  for (int i = 0; i < 1000; i++) {
    long a0 = allocs, l0 = live;
    wnd_result *r = NULL;
    cr_assert_eq(wnd_evaluate(&r, cat, code, s, NULL), WND_OK);
    long made = allocs - a0, kept = live - l0;
    wnd_result_free(r);
    cr_assert_eq(live, l0, "%s: evaluation %d left %ld blocks after wnd_result_free", code, i,
                 live - l0);
    if (made - kept > *extra) *extra = made - kept;
    if (kept > *held) *held = kept;
  }
  wnd_submission_free(s);
}

Test(alloc, no_allocation_beyond_the_result, .timeout = 120) {
  static const wnd_allocator counting = {counting_realloc, NULL};
  wnd_env_options eo = WND_ENV_OPTIONS_INIT;
  eo.allocator = &counting;
  cr_assert_eq(wnd_env_new(&env, &eo), WND_OK);
  cat = eng_load(env, ENG_CAT_DIR);
  static const char *const codes[] = {"FLD", "COND", "MAT", "FT", "startup"};
  for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
    long extra, held;
    measure(codes[i], &extra, &held);
    cr_expect_eq(extra, 0, "%s: %ld allocations per evaluation beyond the result's own", codes[i],
                 extra);
    /* a bundle holds one result per item plus its own */
    long limit = !strcmp(codes[i], "startup") ? 4 : 1;
    cr_expect_leq(held, limit, "%s: a result held %ld blocks (inline buffer too small?)",
                  codes[i], held);
  }
  wnd_catalog_free(cat);
  wnd_env_free(env);
  cr_expect_eq(live, 0, "%ld blocks were never freed", live);
}
