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
#include <stdio.h>
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

/* ---- the reference item over varied submissions ---------------------------- */

#define REF_ITEM "3415220000-XK-0012-01"
#define REF_MAX 128

/* The submissions of ENG_REFSUBS (one JSON object a line), parsed. */
static size_t load_refsubs(wnd_env *e, wnd_submission **subs) {
  FILE *f = fopen(ENG_REFSUBS, "rb");
  cr_assert(f, "cannot open %s", ENG_REFSUBS);
  static char line[1 << 16];
  size_t n = 0;
  while (n < REF_MAX && fgets(line, sizeof line, f)) {
    size_t len = strlen(line);
    while (len && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = 0;
    if (!len) continue;
    cr_assert_eq(wnd_submission_parse(&subs[n], e, line, len, WND_FORMAT_JSON), WND_OK,
                 "line %zu of %s", n + 1, ENG_REFSUBS);
    n++;
  }
  fclose(f);
  return n;
}

/*
** Issue 16: 1,000 evaluations of the reference item (食品经营许可, the
** benchmark workload) over 100 generated submissions that reach every
** outcome (accepted, gaps, incomplete, rejected by condition and by
** routing) make exactly 1,000 allocations: one per evaluation, the result
** itself, freed by wnd_result_free.  A count, not a time: any temporary
** buffer, scratch growth or result overflow on the hot path fails it.
*/
Test(alloc, reference_item_one_block_per_evaluation, .timeout = 120) {
  static const wnd_allocator counting = {counting_realloc, NULL};
  wnd_env_options eo = WND_ENV_OPTIONS_INIT;
  eo.allocator = &counting;
  cr_assert_eq(wnd_env_new(&env, &eo), WND_OK);
  cat = eng_load(env, ENG_REFCAT_DIR);
  static wnd_submission *subs[REF_MAX];
  size_t n = load_refsubs(env, subs);
  cr_assert_eq(n, 100);
  /* Warm-up, and the decisions the generator's mix must give (the same
  ** totals `window bench` prints for this file). */
  size_t by[4] = {0};
  for (size_t i = 0; i < n; i++) {
    wnd_result *r = NULL;
    cr_assert_eq(wnd_evaluate(&r, cat, REF_ITEM, subs[i], NULL), WND_OK);
    by[wnd_result_decision(r)]++;
    wnd_result_free(r);
  }
  cr_expect_eq(by[WND_ACCEPTED], 53);
  cr_expect_eq(by[WND_ACCEPTED_WITH_GAPS], 16);
  cr_expect_eq(by[WND_INCOMPLETE], 27);
  cr_expect_eq(by[WND_REJECTED], 4);
  long a0 = allocs, l0 = live;
  for (int i = 0; i < 1000; i++) {
    long before = allocs;
    wnd_result *r = NULL;
    cr_assert_eq(wnd_evaluate(&r, cat, REF_ITEM, subs[(size_t)i % n], NULL), WND_OK);
    cr_assert_eq(allocs - before, 1, "submission %zu: %ld allocations in one evaluation",
                 (size_t)i % n + 1, allocs - before);
    wnd_result_free(r);
    cr_assert_eq(live, l0, "submission %zu: %ld blocks left after wnd_result_free",
                 (size_t)i % n + 1, live - l0);
  }
  cr_expect_eq(allocs - a0, 1000);
  for (size_t i = 0; i < n; i++) wnd_submission_free(subs[i]);
  wnd_catalog_free(cat);
  wnd_env_free(env);
  cr_expect_eq(live, 0, "%ld blocks were never freed", live);
}
