/*
** test_memo.c — a program that runs from several places of one item runs
** once per evaluation (evalctx.h: its answer is kept in the scratch and
** given again).  Everything observable must be what running it each time
** gives: decisions, findings, trace entries (one per run, with the same
** value or error text), errors and the cost budget; and `m`, which changes
** between a material's checks, is never reused.
**
** Each test evaluates an item whose repeated expressions share programs
** (the loader's cache numbers them) and the same item with every repeat
** spelt differently (extra spaces: separate programs, run every time), and
** requires the same results.
*/
#include <stdlib.h>

#include "../../lib/catalog/model.h"
#include "../../lib/cel/cel.h"
#include "../catalog/fixture.h"
#include "eng.h"

TestSuite(memo, .init = eng_setup, .fini = eng_teardown);

#define NOW "2026-11-20T10:00:00+08:00"

/* The item; %s are the spellings of the repeats (shared: all the same). */
static const char ITEM[] =
    "item:\n"
    "  code: \"M-1\"\n"
    "  name: 重复表达式事项\n"
    "  type: 行政许可\n"
    "  department: market\n"
    "  section: food\n"
    "  handling: promised\n"
    "  statutory_limit: 20 workdays\n"
    "  promised_limit: 10个工作日\n"
    "fields:\n"
    "  applicant.kind: {type: string, enum: [person, organization]}\n"
    "  applicant.name: {type: string}\n"
    "  data.count: {type: int}\n"
    "  data.items: {type: list}\n"
    "conditions:\n"
    "  - {id: named_org, when: 'applicant.kind == \"organization\"', require: has(applicant.name),"
    " on_fail: correct}\n"
    "  - {id: few, require: 'data.count < 5', on_fail: correct}\n"
    "  - {id: positive, require: 'data.items.all(x, x > 0)', on_fail: correct}\n"
    "materials:\n"
    "  - {id: license, name: 营业执照, required: '%s'}\n"
    "  - {id: extra, name: 补充材料, required: '%s'}\n"
    "  - {id: listing, name: 清单, required: '%s'}\n"
    "  - id: cert_a\n"
    "    name: 证明甲\n"
    "    checks: [{require: 'm.valid == true', message: 证明甲无效, code: material_invalid}]\n"
    "  - id: cert_b\n"
    "    name: 证明乙\n"
    "    checks: [{require: '%s', message: 证明乙无效, code: material_invalid}]\n"
    "routing:\n"
    "  - {when: '%s', section: canteen}\n";

static wnd_catalog *load_item(wnd_env *env, bool shared, char **dir) {
  char y[4096];
  if (shared)
    snprintf(y, sizeof y, ITEM, "applicant.kind == \"organization\"", "data.count < 5",
             "data.items.all(x, x > 0)", "m.valid == true", "applicant.kind == \"organization\"");
  else
    snprintf(y, sizeof y, ITEM, "applicant.kind ==  \"organization\"", "data.count  < 5",
             "data.items.all(x, x >  0)", "m.valid  == true",
             "applicant.kind  == \"organization\"");
  fx_file f[] = {{"items/memo.yaml", y}};
  *dir = fx_make(f, 1);
  return eng_load(env, *dir);
}

static const wnd__item *item_of(const wnd_catalog *c) {
  for (uint32_t i = 0; i < c->nitems; i++)
    if (!strcmp(c->items[i].code, "M-1")) return &c->items[i];
  cr_assert_fail("no item M-1");
  return NULL;
}

/* What the two catalogs must agree on: decision, findings, and each trace
** entry's kind, subject, value and error, in order. */
static void same_results(wnd_catalog *shared, wnd_catalog *apart, const char *json,
                         unsigned flags) {
  wnd_submission *s = eng_sub(json);
  wnd_result *a = NULL, *b = NULL;
  wnd_eval_options o = WND_EVAL_OPTIONS_INIT;
  o.flags = flags;
  o.now_set = true;
  o.now_sec = eng_time(NOW);
  cr_assert_eq(wnd_evaluate(&a, shared, "M-1", s, &o), WND_OK);
  cr_assert_eq(wnd_evaluate(&b, apart, "M-1", s, &o), WND_OK);
  cr_assert_eq(wnd_result_decision(a), wnd_result_decision(b), "%s\n%s", eng_json(a),
               eng_json(b));
  char fa[4096];
  snprintf(fa, sizeof fa, "%s", eng_findings(a));
  cr_assert_str_eq(fa, eng_findings(b), "%s", json);
  cr_assert_eq(wnd_result_trace_count(a), wnd_result_trace_count(b));
  for (size_t i = 0; i < wnd_result_trace_count(a); i++) {
    static const char *const keys[] = {"kind", "subject", "value", "error", "stage"};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
      const char *x = wnd_result_trace(a, i, keys[k]), *y = wnd_result_trace(b, i, keys[k]);
      cr_assert((!x && !y) || (x && y && !strcmp(x, y)), "trace %zu %s: %s / %s\n%s", i,
                keys[k], x ? x : "null", y ? y : "null", eng_json(a));
    }
  }
  wnd_result_free(a);
  wnd_result_free(b);
  wnd_submission_free(s);
}

/* Trace entries whose expression is expr, and how many of them have
** value `value` (NULL: any) and error `error` (NULL: none). */
static size_t traced(const wnd_result *r, const char *expr, const char *value, const char *error,
                     size_t *matching) {
  size_t n = 0;
  *matching = 0;
  for (size_t i = 0; i < wnd_result_trace_count(r); i++) {
    const char *e = wnd_result_trace(r, i, "expr");
    if (!e || strcmp(e, expr)) continue;
    n++;
    const char *v = wnd_result_trace(r, i, "value"), *er = wnd_result_trace(r, i, "error");
    bool ok = value ? v && !strcmp(v, value) : true;
    ok = ok && (error ? er && !strcmp(er, error) : !er);
    if (ok) (*matching)++;
  }
  return n;
}

/* An evaluation of M-1 with a trace (the submission is freed here). */
static wnd_result *explained(wnd_catalog *c, const char *json) {
  wnd_submission *s = eng_sub(json);
  wnd_eval_options o = WND_EVAL_OPTIONS_INIT;
  o.flags = WND_EVAL_EXPLAIN;
  wnd_result *r = NULL;
  cr_assert_eq(wnd_evaluate(&r, c, "M-1", s, &o), WND_OK);
  wnd_submission_free(s);
  return r;
}

static const char *const SUBS[] = {
    /* an organization: the shared `when` is true in three places */
    "{\"applicant\":{\"kind\":\"organization\",\"name\":\"某公司\"},\"data\":{\"count\":3,"
    "\"items\":[1,2]},\"materials\":{\"cert_a\":{\"valid\":true},\"cert_b\":{\"valid\":false}}}",
    /* a person: false in three places */
    "{\"applicant\":{\"kind\":\"person\"},\"data\":{\"count\":9,\"items\":[1,-2]},"
    "\"materials\":{\"cert_a\":{\"valid\":false},\"cert_b\":{\"valid\":true}}}",
    /* errors: a count that is text, items that are not numbers, no kind */
    "{\"data\":{\"count\":\"三\",\"items\":[\"a\"]},\"materials\":{\"license\":{},"
    "\"cert_b\":{}}}",
    /* an organization without a name and no materials */
    "{\"applicant\":{\"kind\":\"organization\"},\"data\":{\"count\":4,\"items\":[]}}",
};

Test(memo, repeated_programs_are_numbered_and_m_is_not) {
  char *dir;
  wnd_catalog *c = load_item(eng_env, true, &dir);
  const wnd__item *it = item_of(c);
  const wnd__expr *when = &it->conditions[0].when;
  cr_assert_eq(when->prog, it->materials[0].required.prog, "one program for one text");
  cr_assert_eq(when->prog, it->routes[0].when.prog);
  cr_assert_neq(wnd__cel_program_memo(when->prog), 0, "a repeated program has a memo number");
  cr_assert_neq(wnd__cel_program_memo(it->conditions[1].require.prog), 0);
  cr_assert_neq(wnd__cel_program_memo(it->conditions[2].require.prog), 0);
  /* `m.valid == true` is one program for both materials, but m changes */
  cr_assert_eq(it->materials[3].checks[0].require.prog, it->materials[4].checks[0].require.prog);
  cr_assert_eq(wnd__cel_program_memo(it->materials[3].checks[0].require.prog), 0);
  /* a program the item asks once is not numbered */
  cr_assert_eq(wnd__cel_program_memo(it->conditions[0].require.prog), 0);
  wnd_catalog_free(c);
  fx_remove(dir);
  c = load_item(eng_env, false, &dir);
  it = item_of(c);
  cr_assert_eq(wnd__cel_program_memo(it->conditions[0].when.prog), 0, "spelt apart: not shared");
  wnd_catalog_free(c);
  fx_remove(dir);
}

Test(memo, same_results_as_running_each_time) {
  char *d1, *d2;
  wnd_catalog *shared = load_item(eng_env, true, &d1), *apart = load_item(eng_env, false, &d2);
  /* twice over, in this order and back: the kept answers of one
  ** evaluation must not reach the next one on the same scratch */
  for (int round = 0; round < 2; round++)
    for (size_t i = 0; i < sizeof SUBS / sizeof SUBS[0]; i++) {
      size_t k = round ? sizeof SUBS / sizeof SUBS[0] - 1 - i : i;
      same_results(shared, apart, SUBS[k], 0);
      same_results(shared, apart, SUBS[k], WND_EVAL_EXPLAIN);
    }
  wnd_catalog_free(shared);
  wnd_catalog_free(apart);
  fx_remove(d1);
  fx_remove(d2);
}

Test(memo, each_run_is_traced_with_its_value) {
  char *dir;
  wnd_catalog *c = load_item(eng_env, true, &dir);
  wnd_result *r = explained(c, SUBS[0]);
  size_t ok;
  /* condition `when`, the license's `required`, the routing rule */
  cr_assert_eq(traced(r, "applicant.kind == \"organization\"", "true", NULL, &ok), 3, "%s",
               eng_json(r));
  cr_assert_eq(ok, 3, "%s", eng_json(r));
  cr_assert_eq(traced(r, "data.count < 5", "true", NULL, &ok), 2);
  cr_assert_eq(ok, 2);
  /* m differs: cert_a's check holds, cert_b's does not */
  cr_assert_eq(traced(r, "m.valid == true", NULL, NULL, &ok), 2);
  cr_assert_null(eng_find(r, "material_invalid", "cert_a"), "%s", eng_json(r));
  EXPECT_FINDING(r, "material_invalid", "cert_b");
  EXPECT_ROUTE(r, "section", "canteen");
  wnd_result_free(r);
  wnd_catalog_free(c);
  fx_remove(dir);
}

Test(memo, an_error_is_given_again_with_its_text) {
  char *dir;
  wnd_catalog *c = load_item(eng_env, true, &dir);
  wnd_result *r = explained(c, SUBS[2]);
  /* the condition is undetermined and the material counts as required,
  ** both from one error whose text is traced twice */
  EXPECT_FINDING(r, "condition_undetermined", "few");
  EXPECT_FINDING(r, "material_missing", "extra");
  const char *err = NULL;
  for (size_t i = 0; i < wnd_result_trace_count(r) && !err; i++) {
    const char *e = wnd_result_trace(r, i, "expr");
    if (e && !strcmp(e, "data.count < 5")) err = wnd_result_trace(r, i, "error");
  }
  cr_assert_not_null(err, "%s", eng_json(r));
  size_t ok;
  cr_assert_eq(traced(r, "data.count < 5", NULL, err, &ok), 2);
  cr_assert_eq(ok, 2, "%s", eng_json(r));
  cr_assert_eq(traced(r, "data.items.all(x, x > 0)", NULL, NULL, &ok), 2);
  wnd_result_free(r);
  wnd_catalog_free(c);
  fx_remove(dir);
}

Test(memo, over_the_cost_budget_every_time) {
  /* a budget the comprehension over ten items exceeds: both runs fail
  ** the same way, and a short list passes both */
  wnd_limits lim = WND_LIMITS_INIT;
  lim.max_eval_cost = 12;
  wnd_env_options eo = WND_ENV_OPTIONS_INIT;
  eo.limits = &lim;
  wnd_env *env = NULL;
  cr_assert_eq(wnd_env_new(&env, &eo), WND_OK);
  char *d1, *d2;
  wnd_catalog *shared = load_item(env, true, &d1), *apart = load_item(env, false, &d2);
  const char *big = "{\"applicant\":{\"kind\":\"person\"},\"data\":{\"count\":1,"
                    "\"items\":[1,2,3,4,5,6,7,8,9,10]}}";
  const char *small = "{\"applicant\":{\"kind\":\"person\"},\"data\":{\"count\":1,\"items\":[1]}}";
  same_results(shared, apart, big, WND_EVAL_EXPLAIN);
  same_results(shared, apart, small, WND_EVAL_EXPLAIN);
  wnd_result *r = explained(shared, big);
  EXPECT_FINDING(r, "condition_undetermined", "positive");
  EXPECT_FINDING(r, "material_missing", "listing");
  wnd_result_free(r);
  wnd_catalog_free(shared);
  wnd_catalog_free(apart);
  fx_remove(d1);
  fx_remove(d2);
  wnd_env_free(env);
}
