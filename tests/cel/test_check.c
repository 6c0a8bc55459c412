/*
** test_check.c — parse and type-check diagnostics: codes and byte offsets.
*/
#include <criterion/criterion.h>
#include <string.h>

#include "util.h"

TestSuite(check, .init = t_setup);

Test(check, syntax_errors) {
  cr_assert(t_diag_at("1 +", "expr-syntax", 3));
  cr_assert(t_diag_at("(1 + 2", "expr-syntax", 6));
  cr_assert(t_diag_at("a.b.", "expr-syntax", 4));
  cr_assert(t_diag_at("1 # 2", "expr-syntax", 2));
  cr_assert(t_diag_at("'abc", "expr-syntax", 4));
  cr_assert(t_diag_at("x == 'a\\qb'", "expr-syntax", 7));
  cr_assert(t_diag_at("if", "expr-syntax", 0));
  cr_assert(t_diag_at("", "expr-syntax", 0));
  cr_assert(t_diag_at("b'x'", "expr-syntax", 0));
  cr_assert(t_diag_at("x.?y", "expr-syntax", 1));
  cr_assert(t_diag_at("Msg{a: 1}", "expr-syntax", 0));
  cr_assert(t_diag_at("[1].all(1, true)", "expr-syntax", 8));
  cr_assert(t_diag_at("has(x)", "expr-syntax", 4));
  cr_assert(t_diag_at("99999999999999999999", "expr-syntax", 0));
  /* offsets are bytes: the CJK string is 12 bytes */
  cr_assert(t_diag_at("'餐饮服务' +", "expr-syntax", 16));
}

Test(check, names_and_arity) {
  cr_assert(t_diag_at("applicant.kind == nobody", "unknown-variable", 18));
  cr_assert(t_diag_at("1 + frob(2)", "unknown-function", 4));
  cr_assert(t_diag_at("'a'.frob()", "unknown-function", 4));
  cr_assert(t_diag_at("size(1, 2)", "wrong-arity", 0));
  cr_assert(t_diag_at("'a'.contains()", "wrong-arity", 4));
  cr_assert(t_diag_at("cn.id_card()", "wrong-arity", 0));
  cr_assert(t_diag_at("cn.nothing('x')", "unknown-function", 0));
  cr_assert(t_diag_at("contains('a', 'b')", "unknown-function", 0));
}

Test(check, type_mismatches) {
  cr_assert(t_diag_at("data.area_m2 + 'x'", "expr-type", 13));
  cr_assert(t_diag_at("data.area_m2 + 10", "expr-type", 13)); /* no implicit int->double */
  t_run *ok = t_eval("data.area_m2 >= 10", true); /* ordering across numeric types is CEL */
  cr_assert_eq(ok->crc, WND_OK);
  t_done(ok);
  cr_assert(t_diag_at("applicant.kind == 1", "expr-type", 15));
  cr_assert(t_diag_at("applicant.age && true", "expr-type", 10));
  cr_assert(t_diag_at("fast_track ? 1 : 2 == 'x'", "expr-type", 19));
  cr_assert(t_diag_at("1 ? 2 : 3", "expr-type", 0));
  cr_assert(t_diag_at("data.category.startsWith(1)", "expr-type", 25));
  cr_assert(t_diag_at("applicant.kind.size.x", "expr-type", 15));
  cr_assert(t_diag_at("[1, 2].all(v, v)", "expr-type", 14));
  cr_assert(t_diag_at("'a' in [1, 2]", "expr-type", 4));
  /* dyn passes: undeclared paths and x are checked at run time */
  t_run *r = t_eval("x + data.n > 3", true);
  cr_assert_eq(r->crc, WND_OK);
  t_done(r);
}

Test(check, conditions_must_be_bool) {
  t_run *r = t_eval("data.area_m2 * 2.0", true);
  cr_assert_eq(r->crc, WND_EINVALID);
  cr_assert_str_eq(r->diags.items[0].code, "expr-type");
  t_done(r);
  r = t_eval("data.area_m2 > 2.0", true);
  cr_assert_eq(r->crc, WND_OK);
  cr_assert_eq(wnd__cel_program_type(r->prog), WND_CT_BOOL);
  t_done(r);
  r = t_eval("x", true); /* dyn is accepted */
  cr_assert_eq(r->crc, WND_OK);
  cr_assert_eq(wnd__cel_program_type(r->prog), WND_CT_DYN);
  t_done(r);
}

Test(check, declared_and_undeclared_fields) {
  t_run *r = t_eval("data.owner.name == '张三' && applicant.extra == 'yes'", true);
  cr_assert_eq(r->crc, WND_OK);
  cr_assert_eq(r->diags.count, 1);
  cr_assert_str_eq(r->diags.items[0].code, "undeclared-field");
  cr_assert_eq(r->diags.items[0].severity, WND_SEV_WARNING);
  cr_assert_eq(r->diags.items[0].offset, 41);
  cr_assert(r->v.kind == WV_BOOL && r->v.u.b);
  t_done(r);
  /* materials is not checked: no warning */
  r = t_eval("materials.license.copies > 1", true);
  cr_assert_eq(r->diags.count, 0);
  t_done(r);
}

Test(check, invalid_pattern_offset_maps_into_literal) {
  /* the pattern "a(b" starts at byte 13 (after the quote at 12); PCRE2
  ** reports the error at the end of the pattern -> the closing quote */
  cr_assert(t_diag_at("'x'.matches('a(b')", "invalid-pattern", 16));
  /* an escape in the literal shifts the mapping: '\\\\' is one pattern byte */
  cr_assert(t_diag_at("'x'.matches('\\\\d{2,1}')", "invalid-pattern", 20));
}

static int host_call(void *ud, const wnd__value *args, size_t nargs, wnd__value *out,
                     const char **msg) {
  (void)ud;
  (void)nargs;
  if (args[0].n == 0) {
    *msg = "empty id";
    return -1;
  }
  *out = wnd__v_bool(args[0].u.s[0] == '9');
  return 0;
}

Test(check, host_functions) {
  wnd__cel_hostfn fns[1];
  memset(fns, 0, sizeof fns);
  fns[0].name = "credit.dishonest";
  fns[0].nparams = 1;
  fns[0].params[0] = WND_CT_STRING;
  fns[0].ret = WND_CT_BOOL;
  fns[0].call = host_call;
  t_env.fns = fns;
  t_env.nfns = 1;
  cr_assert(t_is_bool("credit.dishonest('91350100M000100Y43')", true));
  cr_assert(t_is_bool("!credit.dishonest(applicant.id_number)", true));
  cr_assert(t_is_error("credit.dishonest('')", WE_HOST));
  cr_assert(t_is_error("credit.dishonest(x)", WE_NO_OVERLOAD)); /* x is an int at run time */
  cr_assert(t_diag_at("credit.dishonest(1)", "expr-type", 17));
  cr_assert(t_diag_at("credit.dishonest()", "wrong-arity", 0));
  t_env.fns = NULL;
  t_env.nfns = 0;
}
