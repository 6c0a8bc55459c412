/*
** Result lifetime (libwindow.h: a result does not reference the catalog):
** a result rendered after its catalog was freed — directly, or by an
** engine reload — gives the same JSON as one rendered before.  The env
** uses the poisoning allocator, so a pointer into freed catalog memory
** shows up as "XXX…" in the JSON in every build, not only under ASan.
*/
#include <stdlib.h>

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

static const char CHECK_ITEM[] =
    "item:\n  code: \"A-1\"\n  name: 测试事项\n  type: 行政许可\n  department: market\n"
    "  section: food\n  handling: promised\n  statutory_limit: 20 workdays\n"
    "  promised_limit: 10个工作日\n"
    "materials:\n  - id: form\n    name: 申请书\n    checks:\n"
    "      - require: m.signed == true\n        message: 申请书未签字\n"
    "        code: form_unsigned\n";

Test(lifetime, result_outlives_engine_reload) {
  fx_file files[] = {{"items/a.yaml", CHECK_ITEM}};
  char *dir = fx_make(files, 1);
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
