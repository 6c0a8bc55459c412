/*
** test_eval.c — CEL semantics on the subset: values, operators, errors as
** values, macros, conversions, timestamps and durations.
*/
#include <criterion/criterion.h>
#include <string.h>

#include "cel/cel_int.h"
#include "util.h"

TestSuite(eval, .init = t_setup);

Test(eval, arithmetic_and_precedence) {
  cr_assert(t_is_int("1 + 2 * 3", 7));
  cr_assert(t_is_int("(1 + 2) * 3", 9));
  cr_assert(t_is_int("7 / 2", 3));
  cr_assert(t_is_int("-7 % 3", -1));
  cr_assert(t_is_int("--5", 5));
  cr_assert(t_is_bool("1 < 2 && 2 <= 2 && 3 > 2 && 3 >= 3 && 1 != 2", true));
  cr_assert(t_is_bool("true ? false : true", false));
  cr_assert(t_is_int("false ? 1 : true ? 2 : 3", 2));
  cr_assert(t_is_bool("!true == false", true));
  cr_assert(t_is_int("-9223372036854775808", INT64_MIN));
}

Test(eval, integer_errors) {
  cr_assert(t_is_error("9223372036854775807 + 1", WE_OVERFLOW));
  cr_assert(t_is_error("-9223372036854775808 - 1", WE_OVERFLOW));
  cr_assert(t_is_error("-(-9223372036854775808)", WE_OVERFLOW));
  cr_assert(t_is_error("-9223372036854775808 / -1", WE_OVERFLOW));
  cr_assert(t_is_error("1 / 0", WE_DIV_ZERO));
  cr_assert(t_is_error("1 % 0", WE_DIV_ZERO));
  cr_assert(t_is_error("0u - 1u", WE_OVERFLOW));
  cr_assert(t_is_error("x + 1.0", WE_NO_OVERLOAD)); /* no implicit conversion */
}

Test(eval, logic_absorbs_errors) {
  cr_assert(t_is_bool("false && 1 / 0 == 1", false));
  cr_assert(t_is_bool("1 / 0 == 1 && false", false));
  cr_assert(t_is_bool("1 / 0 == 1 || true", true));
  cr_assert(t_is_bool("true || 1 / 0 == 1", true));
  cr_assert(t_is_error("1 / 0 == 1 && true", WE_DIV_ZERO));
  cr_assert(t_is_error("false || 1 / 0 == 1", WE_DIV_ZERO));
  cr_assert(t_is_bool("data.missing == 1 || true", true));
  cr_assert(t_is_error("data.missing == 1", WE_NO_SUCH_KEY));
}

Test(eval, heterogeneous_equality) {
  cr_assert(t_is_bool("1 == 1.0", true));
  cr_assert(t_is_bool("1u == 1", true));
  cr_assert(t_is_bool("dyn(1) == 'a'", false));
  cr_assert(t_is_bool("[1, 2] == [1.0, 2u]", true));
  cr_assert(t_is_bool("{'a': 1} == {'a': 1.0}", true));
  cr_assert(t_is_bool("double('NaN') == double('NaN')", false));
  cr_assert(t_is_bool("null == null", true));
  cr_assert(t_is_bool("1 < 1.5 && 2u > 1", true));
}

Test(eval, strings) {
  cr_assert(t_is_int("size('你好 world')", 8));
  cr_assert(t_is_string("'ab' + \"cd\"", "abcd"));
  cr_assert(t_is_bool("'hello'.contains('ell') && 'hello'.startsWith('he') && 'hello'.endsWith('lo')", true));
  cr_assert(t_is_bool("'abc' < 'abd'", true));
  cr_assert(t_is_string("'\\u4e2d\\x41\\101'", "中AA"));
  cr_assert(t_is_string("r'\\d+'", "\\d+"));
  cr_assert(t_is_string("'''a\nb'''", "a\nb"));
  cr_assert(t_is_bool("'2024-01-05'.matches('^\\\\d{4}-\\\\d{2}-\\\\d{2}$')", true));
  cr_assert(t_is_bool("'食品销售'.matches('^食品')", true));
  cr_assert(t_is_bool("matches('abc', 'x')", false));
}

Test(eval, lists_maps_in) {
  cr_assert(t_is_bool("2 in [1, 2, 3]", true));
  cr_assert(t_is_bool("'a' in {'a': 1}", true));
  cr_assert(t_is_bool("'b' in {'a': 1}", false));
  cr_assert(t_is_int("[1, 2] + [3] == [1, 2, 3] ? 1 : 0", 1));
  cr_assert(t_is_int("[10, 20, 30][1]", 20));
  cr_assert(t_is_error("[1][5]", WE_RANGE));
  cr_assert(t_is_error("{'a': 1}['b']", WE_NO_SUCH_KEY));
  cr_assert(t_is_int("{1: 10, 'k': 20}[1]", 10));
  cr_assert(t_is_error("{'a': 1, 'a': 2}", WE_INVALID));
  cr_assert(t_is_int("size({'a': 1, 'b': 2})", 2));
}

Test(eval, macros) {
  cr_assert(t_is_bool("[1, 2, 3].all(v, v > 0)", true));
  cr_assert(t_is_bool("[1, 2, 3].exists(v, v == 2)", true));
  cr_assert(t_is_bool("[1, 2, 3].exists_one(v, v > 1)", false));
  cr_assert(t_is_bool("[1, 2, 3].map(v, v * 2) == [2, 4, 6]", true));
  cr_assert(t_is_bool("[1, 2, 3].map(v, v > 1, v * 10) == [20, 30]", true));
  cr_assert(t_is_bool("[1, 2, 3].filter(v, v != 2) == [1, 3]", true));
  cr_assert(t_is_bool("{'a': 1, 'b': 2}.all(k, k.size() == 1)", true));
  /* errors absorbed when another iteration decides */
  cr_assert(t_is_bool("[0, 1].exists(v, 1 / v == 1)", true));
  cr_assert(t_is_bool("[0, 1].all(v, 1 / v == 5)", false));
  cr_assert(t_is_error("[0, 1].all(v, 1 / v == 1)", WE_DIV_ZERO));
  /* shadowing: the inner v hides the outer one */
  cr_assert(t_is_bool("[1].all(v, [2].all(v, v == 2))", true));
  cr_assert(t_is_bool("has(applicant.kind) && !has(applicant.nope)", true));
  cr_assert(t_is_bool("has(data.owner.name)", true));
  cr_assert(t_is_bool("materials.license.copies >= 2", true));
}

Test(eval, conversions_and_types) {
  cr_assert(t_is_int("int('42')", 42));
  cr_assert(t_is_int("int(3.9)", 3));
  cr_assert(t_is_error("int('4x')", WE_INVALID));
  cr_assert(t_is_error("int(1e30)", WE_RANGE));
  cr_assert(t_is_error("uint(-1)", WE_RANGE));
  cr_assert(t_is_string("string(1.5)", "1.5"));
  cr_assert(t_is_string("string(-4.5e-3)", "-0.0045"));
  cr_assert(t_is_string("string(true)", "true"));
  cr_assert(t_is_bool("bool('true') && !bool('0')", true));
  cr_assert(t_is_bool("type(1) == int && type('a') == string && type([]) == list", true));
  cr_assert(t_is_bool("type(type(1)) == type", true));
  cr_assert(t_is_bool("type(now) == google.protobuf.Timestamp", true));
  cr_assert(t_is_int("dyn(5)", 5));
}

Test(eval, timestamps_durations) {
  cr_assert(t_is_string("string(timestamp('2025-01-02T03:04:05Z'))", "2025-01-02T03:04:05Z"));
  cr_assert(t_is_string("string(timestamp('2025-01-02T03:04:05.5+08:00'))", "2025-01-01T19:04:05.500Z"));
  cr_assert(t_is_int("timestamp('2025-03-01T00:00:00Z').getDayOfYear()", 59));
  cr_assert(t_is_int("timestamp('2025-01-31T20:00:00Z').getDate('+08:00')", 1));
  cr_assert(t_is_int("timestamp('2025-01-31T20:00:00Z').getMonth('+08:00')", 1));
  cr_assert(t_is_int("timestamp('2025-01-31T20:00:00Z').getHours('08:00')", 4));
  cr_assert(t_is_int("timestamp('2025-01-31T20:00:00Z').getDayOfWeek()", 5));
  cr_assert(t_is_int("timestamp('2025-01-31T20:00:00.250Z').getMilliseconds()", 250));
  cr_assert(t_is_error("timestamp('2025-01-31T20:00:00Z').getDate('Asia/Shanghai')", WE_INVALID));
  cr_assert(t_is_string("string(duration('1h30m'))", "5400s"));
  cr_assert(t_is_string("string(duration('1.5s'))", "1.5s"));
  cr_assert(t_is_int("duration('90m').getHours()", 1));
  cr_assert(t_is_bool("timestamp('2025-01-01T00:00:00Z') + duration('24h') == timestamp('2025-01-02T00:00:00Z')", true));
  cr_assert(t_is_bool("timestamp('2025-01-02T00:00:00Z') - timestamp('2025-01-01T00:00:00Z') == duration('86400s')", true));
  cr_assert(t_is_bool("now > timestamp('2025-01-01T00:00:00Z')", true));
  cr_assert(t_is_error("timestamp('2025-13-01T00:00:00Z')", WE_INVALID));
  cr_assert(t_is_error("timestamp('9999-12-31T23:59:59Z') + duration('1s')", WE_OVERFLOW));
  cr_assert(t_is_error("duration('1x')", WE_INVALID));
}

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
