/*
** test_eval.c — evaluator internals: error offsets, context reuse (the
** semantics of the subset are in tests/cel/NAME.test).
*/
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "cel/cel_int.h"
#include "util.h"

TestSuite(eval, .init = t_setup);

/* Values, operators, errors as values, macros, conversions, timestamps and
** durations are data: tests/cel/NAME.test, run by cel-exprfile (and by the
** Python suite).  What stays here needs the typed test environment or
** looks inside the evaluator. */

Test(eval, error_offsets) {
  t_run *r = t_eval("1 + x / 0", false);
  cr_assert_eq(r->erc, WND_EEVAL);
  cr_assert_eq(wnd__cel_error_offset(r->v.u.err), 6);
  t_done(r);
  r = t_eval("data.nope", false);
  cr_assert_eq(r->v.u.err->code, WE_NO_SUCH_KEY);
  cr_assert_eq(wnd__cel_error_offset(r->v.u.err), 5);
  cr_assert_str_eq(r->v.u.err->msg, "no such key: 'nope'");
  t_done(r);
}

Test(eval, ctx_reuse_and_scalar_results_need_no_memory) {
  wnd__cel_diags d;
  wnd__cel_diags_init(&d, NULL);
  wnd__cel_program *p;
  const char *src = "applicant.kind == 'organization' && data.area_m2 >= 10.0 && "
                    "data.category in ['餐饮服务', '食品销售']";
  cr_assert_eq(wnd__cel_compile(&t_env, src, strlen(src), true, &p, &d), WND_OK);
  cr_assert_eq(d.count, 0);
  cr_assert_eq(wnd__cel_program_type(p), WND_CT_BOOL);
  wnd__cel_ctx *ctx;
  cr_assert_eq(wnd__cel_ctx_new(&ctx, NULL, NULL), WND_OK);
  for (int i = 0; i < 1000; i++) {
    wnd__value v;
    cr_assert_eq(wnd__cel_eval(p, &t_act, ctx, &v), WND_OK);
    cr_assert(v.kind == WV_BOOL && v.u.b);
  }
  /* nothing taken from the arena: scalar evaluation allocates nothing */
  cr_assert_eq(ctx->arena.used, 0);
  cr_assert_eq(ctx->arena.chunks, NULL);
  wnd__cel_ctx_free(ctx);
  wnd__cel_program_free(p);
  wnd__cel_diags_free(&d);
}

/* wnd__arena_reset_used (core/mem.h) leaves an arena as wnd__arena_reset
** does: untouched, after inline allocations, and after heap chunks. */
Test(eval, arena_reset_used_is_a_reset) {
  _Alignas(16) char buf[256];
  wnd__arena a;
  wnd__arena_init(&a, &wnd__mem_default, buf, sizeof buf);
  char *start = a.cur;
  wnd__arena_reset_used(&a);
  cr_assert(a.cur == start && a.used == 0 && !a.chunks);
  cr_assert_not_null(wnd__arena_alloc(&a, 40));
  cr_assert(a.cur != start);
  wnd__arena_reset_used(&a);
  cr_assert(a.cur == start && a.used == 0 && !a.chunks, "inline allocations forgotten");
  cr_assert_not_null(wnd__arena_alloc(&a, 1000)); /* past the inline buffer */
  cr_assert_not_null(a.chunks);
  wnd__arena_reset_used(&a);
  cr_assert(a.cur == start && a.used == 0 && !a.chunks, "heap chunk freed");
  wnd__arena_free(&a);
}

/* The direct path's `var.f < var` over timestamps (plan.c PS_CMPT; the
** expression files have no timestamps inside maps): the walk's value and
** cost units for each ordering and each side of `now`, nanoseconds
** included, and the walk's error when the field is not a timestamp. */
Test(eval, direct_timestamp_field_against_variable) {
  static const char *const ops[] = {"<", "<=", ">", ">="};
  const int64_t now = t_act.now_sec;
  const wnd__value stamps[] = {
      wnd__v_timestamp(now - 1, 0), wnd__v_timestamp(now, 0), wnd__v_timestamp(now + 1, 0),
      wnd__v_timestamp(now, 5), wnd__v_timestamp(now - 1, 999999999)};
  wnd__value saved = t_slots[4];
  for (size_t o = 0; o < 4; o++) {
    char src[64];
    snprintf(src, sizeof src, "x.valid_until %s now", ops[o]);
    wnd__cel_diags d;
    wnd__cel_diags_init(&d, NULL);
    wnd__cel_program *p;
    cr_assert_eq(wnd__cel_compile(&t_env, src, strlen(src), true, &p, &d), WND_OK);
    cr_assert_eq(p->shape, CEL_SHAPE_BOOL, "%s has a direct path", src);
    wnd__cel_ctx *ctx;
    cr_assert_eq(wnd__cel_ctx_new(&ctx, NULL, NULL), WND_OK);
    for (size_t s = 0; s < sizeof stamps / sizeof stamps[0]; s++) {
      wnd__mapent ent = {wnd__v_string("valid_until", 11), stamps[s]};
      t_slots[4] = wnd__v_map(&ent, 1);
      wnd__value direct, walked;
      cr_assert_eq(wnd__cel_eval(p, &t_act, ctx, &direct), WND_OK);
      uint64_t cost = wnd__cel_ctx_cost(ctx);
      p->shape = CEL_SHAPE_WALK;
      cr_assert_eq(wnd__cel_eval(p, &t_act, ctx, &walked), WND_OK);
      p->shape = CEL_SHAPE_BOOL;
      cr_assert_eq(direct.kind, WV_BOOL);
      cr_assert_eq(direct.u.b, walked.u.b, "%s, stamp %zu", src, s);
      cr_assert_eq(cost, wnd__cel_ctx_cost(ctx), "%s: cost", src);
    }
    wnd__mapent ent = {wnd__v_string("valid_until", 11), wnd__v_string("2026-01-01", 10)};
    t_slots[4] = wnd__v_map(&ent, 1);
    wnd__value v;
    cr_assert_eq(wnd__cel_eval(p, &t_act, ctx, &v), WND_EEVAL);
    cr_assert_eq(v.u.err->code, WE_NO_OVERLOAD);
    wnd__cel_ctx_free(ctx);
    wnd__cel_program_free(p);
    wnd__cel_diags_free(&d);
  }
  t_slots[4] = saved;
}
