/*
** Result lifetime (libwindow.h: a result does not reference the catalog):
** a result rendered after its catalog was freed — directly, or by an
** engine reload — gives the same JSON as one rendered before.  The env
** uses the poisoning allocator, so a pointer into freed catalog memory
** shows up as "XXX…" in the JSON in every build, not only under ASan.
*/
#define _DEFAULT_SOURCE 1 /* MAP_ANONYMOUS */
#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "../catalog/fixture.h"
#include "eng.h"
#include "poison.h"

#define NOW "2026-11-20T10:00:00+08:00"
/* DATES: three material checks with catalog-defined finding codes fail */
static const char DATES_SUB[] =
    "{\"materials\":{\"cert\":{\"valid_until\":\"2020-01-01\",\"issued_at\":\"2019-01-01\"}}}";

static wnd_env *penv;

static void lt_setup(void) {
  wnd_env_options o = WND_ENV_OPTIONS_INIT;
  o.allocator = &poison_allocator;
  cr_assert_eq(wnd_env_new(&penv, &o), WND_OK);
}

static void lt_teardown(void) {
  wnd_env_free(penv);
  poison_drain();
}

TestSuite(lifetime, .init = lt_setup, .fini = lt_teardown);

static wnd_result *evaluate(const wnd_catalog *c, wnd_engine *e, const char *code,
                            const char *json) {
  wnd_submission *s = NULL;
  cr_assert_eq(wnd_submission_parse(&s, penv, json, strlen(json), WND_FORMAT_JSON), WND_OK);
  wnd_eval_options o = WND_EVAL_OPTIONS_INIT;
  o.flags = WND_EVAL_EXPLAIN;
  o.now_set = true;
  o.now_sec = eng_time(NOW);
  wnd_result *r = NULL;
  int st = c ? wnd_evaluate(&r, c, code, s, &o) : wnd_engine_evaluate(&r, e, code, s, &o);
  cr_assert_eq(st, WND_OK);
  wnd_submission_free(s);
  return r;
}

static char *render(const wnd_result *r) {
  const char *j = NULL;
  cr_assert_eq(wnd_result_json(r, &j, NULL), WND_OK);
  return strdup(j);
}

Test(lifetime, result_outlives_freed_catalog) {
  wnd_catalog *c = eng_load(penv, ENG_CAT_DIR);
  wnd_result *before = evaluate(c, NULL, "DATES", DATES_SUB);
  wnd_result *after = evaluate(c, NULL, "DATES", DATES_SUB);
  char *want = render(before);
  cr_assert(strstr(want, "\"cert_expired\""), "%s", want);
  wnd_catalog_free(c);
  char *got = render(after);
  cr_assert_str_eq(got, want, "rendered after wnd_catalog_free:\n%s", got);
  /* the accessors read the same copies */
  cr_assert_eq(wnd_result_finding_count(after), wnd_result_finding_count(before));
  for (size_t i = 0; i < wnd_result_finding_count(after); i++)
    cr_assert_str_eq(wnd_result_finding(after, i)->code, wnd_result_finding(before, i)->code);
  free(want);
  free(got);
  wnd_result_free(before);
  wnd_result_free(after);
}

Test(lifetime, result_outlives_engine_reload) {
  char *dir = fx_make_overlay("check-code");
  wnd_load_options lo = WND_LOAD_OPTIONS_INIT;
  lo.today_set = true;
  lo.today = 20778;
  wnd_engine *e = NULL;
  wnd_diags *d = NULL;
  cr_assert_eq(wnd_engine_new(&e, &d, penv, dir, &lo), WND_OK);
  wnd_diags_free(d);
  const char *sub = "{\"materials\":{\"form\":{\"signed\":false}}}";
  wnd_result *before = evaluate(NULL, e, "A-1", sub);
  wnd_result *after = evaluate(NULL, e, "A-1", sub);
  char *want = render(before);
  cr_assert(strstr(want, "\"form_unsigned\""), "%s", want);
  /* the snapshot the results came from is released by the reload */
  d = NULL;
  cr_assert_eq(wnd_engine_reload(e, &d), WND_OK);
  wnd_diags_free(d);
  char *got = render(after);
  cr_assert_str_eq(got, want, "rendered after wnd_engine_reload:\n%s", got);
  free(want);
  free(got);
  wnd_result_free(before);
  wnd_result_free(after);
  wnd_engine_free(e);
  fx_remove(dir);
}

/* A reload that fails (the rules were broken in place) reports the errors
** and keeps serving the snapshot it had; misuse of the engine calls is an
** error status, not a crash. */
Test(lifetime, failed_reload_keeps_the_current_snapshot) {
  char *dir = fx_make_overlay("check-code");
  wnd_engine *e = NULL;
  wnd_diags *d = NULL;
  cr_assert_eq(wnd_engine_new(NULL, &d, penv, dir, NULL), WND_EINVAL);
  cr_assert_null(d);
  cr_assert_eq(wnd_engine_new(&e, &d, NULL, dir, NULL), WND_EINVAL);
  cr_assert_eq(wnd_engine_new(&e, &d, penv, NULL, NULL), WND_EINVAL);
  cr_assert_null(e);
  cr_assert_eq(wnd_engine_new(&e, NULL, penv, dir, NULL), WND_OK);
  cr_assert_eq(wnd_engine_generation(e), 0);

  tr_apply(dir, "broken-item");
  cr_assert_eq(wnd_engine_reload(e, &d), WND_EINVALID);
  cr_assert(d && wnd_diags_count(d) > 0, "the reload says why it failed");
  wnd_diags_free(d);
  cr_assert_eq(wnd_engine_generation(e), 0, "a failed reload is not a new generation");
  wnd_result *r = evaluate(NULL, e, "A-1", "{\"materials\":{\"form\":{\"signed\":false}}}");
  char *j = render(r);
  cr_assert(strstr(j, "\"form_unsigned\""), "the old rules still decide: %s", j);
  free(j);
  wnd_result_free(r);
  wnd_engine_free(e);

  /* a broken directory is refused at creation as well */
  d = NULL;
  cr_assert_eq(wnd_engine_new(&e, &d, penv, dir, NULL), WND_EINVALID);
  cr_assert_null(e);
  wnd_diags_free(d);

  cr_assert_eq(wnd_engine_reload(NULL, NULL), WND_EINVAL);
  cr_assert_null(wnd_engine_acquire(NULL));
  wnd_engine_release(NULL, NULL);
  cr_assert_eq(wnd_engine_generation(NULL), 0);
  cr_assert_eq(wnd_engine_evaluate(NULL, NULL, "A-1", NULL, NULL), WND_EINVAL);
  r = (wnd_result *)1;
  cr_assert_eq(wnd_engine_evaluate(&r, NULL, "A-1", NULL, NULL), WND_EINVAL);
  cr_assert_null(r);
  wnd_engine_free(NULL);
  fx_remove(dir);
}

/* Found by the stateful API fuzzer (fuzz/api_fuzzer): a host that holds a
** snapshot through wnd_engine_acquire and then reloads on the same thread
** stalled the reload for a whole second per held snapshot, waiting for a
** reference that could only be dropped after the reload returned.  The
** reload now waits at most a few evaluations' time and leaves the old
** snapshot to the host's last release.  The bound below cannot pass with
** the old code (its wait alone was at least 20,000 sleeps of 50 us) and
** is far above a reload of this two-file catalog. */
Test(lifetime, reload_while_holding_a_snapshot_does_not_stall) {
  char *dir = fx_make_overlay("check-code");
  wnd_engine *e = NULL;
  cr_assert_eq(wnd_engine_new(&e, NULL, penv, dir, NULL), WND_OK);
  const wnd_catalog *held = wnd_engine_acquire(e);
  cr_assert_not_null(held);
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  cr_assert_eq(wnd_engine_reload(e, NULL), WND_OK);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
  cr_expect_lt(s, 0.9, "reload took %.3f s while a snapshot was held", s);
  /* the held snapshot still answers, and is freed on its last release */
  cr_expect_str_eq(wnd_catalog_item_code(held, 0), "A-1");
  wnd_engine_release(e, held);
  wnd_engine_free(e);
  fx_remove(dir);
}

/* A host built against the version-1 header passes a wnd_load_options that
** ends before `threads`.  The engine keeps a copy for its reloads: it must
** copy only what a version-1 struct has.  The struct is put at the very end
** of a readable page, before an unreadable one, so a copy of the whole
** version-2 struct faults in every build, not only under ASan. */
Test(lifetime, engine_copies_only_a_version_1_struct) {
  long page = sysconf(_SC_PAGESIZE);
  unsigned char *map = mmap(NULL, (size_t)page * 2, PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  cr_assert_neq(map, MAP_FAILED);
  cr_assert_eq(mprotect(map + page, (size_t)page, PROT_NONE), 0);
  size_t v1_size = offsetof(wnd_load_options, threads);
  wnd_load_options *lo = (wnd_load_options *)(void *)(map + page - v1_size);
  lo->version = 1;
  lo->flags = 0;
  lo->today_set = true;
  lo->today = 20778;
  char *dir = fx_make_overlay("check-code");
  wnd_engine *e = NULL;
  cr_assert_eq(wnd_engine_new(&e, NULL, penv, dir, lo), WND_OK);
  cr_assert_eq(wnd_engine_reload(e, NULL), WND_OK);
  wnd_engine_free(e);
  munmap(map, (size_t)page * 2);
  fx_remove(dir);
}
