/*
** test_bounds.c — hostile expressions and patterns end in an error, never
** a hang, a crash or unbounded memory.  Each bound is tested at N and N+1
** where it has a number.
*/
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

TestSuite(bounds, .init = t_setup, .timeout = 60);

static char *repeat(const char *pre, const char *unit, size_t n, const char *mid,
                    const char *close, const char *post) {
  size_t len = strlen(pre) + n * (strlen(unit) + strlen(close)) + strlen(mid) + strlen(post) + 1;
  char *s = malloc(len);
  strcpy(s, pre);
  for (size_t i = 0; i < n; i++) strcat(s, unit);
  strcat(s, mid);
  for (size_t i = 0; i < n; i++) strcat(s, close);
  strcat(s, post);
  return s;
}

Test(bounds, nesting_depth_at_limit_and_beyond) {
  wnd_limits lim = WND_LIMITS_INIT;
  lim.max_expr_depth = 32;
  t_env.limits = &lim;
  /* parentheses: each level is one parse_expr level, plus the outer one */
  char *ok = repeat("", "(", 31, "1", ")", "");
  t_run *r = t_eval(ok, false);
  cr_assert_eq(r->crc, WND_OK);
  t_done(r);
  char *bad = repeat("", "(", 32, "1", ")", "");
  r = t_eval(bad, false);
  cr_assert_eq(r->crc, WND_EINVALID);
  cr_assert_str_eq(r->diags.items[0].code, "expr-limit");
  t_done(r);
  free(ok);
  free(bad);
  /* long operator chains count too (they deepen the AST): the k-th '+'
  ** of "1 + 1 + ..." sits at byte 4k-2, and the 32nd is one level too deep */
  char *chain = repeat("1", " + 1", 200, "", "", "");
  cr_assert(t_diag_at(chain, "expr-limit", 4 * 32 - 2));
  r = t_eval(chain, false);
  cr_assert_eq(r->crc, WND_EINVALID);
  t_done(r);
  free(chain);
  /* deep unary and index nesting */
  char *neg = repeat("", "!", 100, "true", "", "");
  r = t_eval(neg, false);
  cr_assert_eq(r->crc, WND_EINVALID);
  t_done(r);
  free(neg);
  t_env.limits = NULL;
}

Test(bounds, hostile_nesting_with_default_limits) {
  /* 100000 opening brackets: refused by length or depth, no stack overflow */
  char *s = repeat("", "[", 100000, "", "", "");
  t_run *r = t_eval(s, false);
  cr_assert_eq(r->crc, WND_EINVALID);
  t_done(r);
  free(s);
  s = repeat("", "[", 5000, "1", "]", "");
  wnd_limits lim = WND_LIMITS_INIT;
  lim.max_expr_bytes = 1 << 20;
  t_env.limits = &lim;
  r = t_eval(s, false);
  cr_assert_eq(r->crc, WND_EINVALID);
  cr_assert_str_eq(r->diags.items[0].code, "expr-limit");
  t_done(r);
  free(s);
  t_env.limits = NULL;
}

Test(bounds, expression_length) {
  wnd_limits lim = WND_LIMITS_INIT;
  lim.max_expr_bytes = 64;
  t_env.limits = &lim;
  char src[80];
  memset(src, ' ', sizeof src);
  src[0] = '1';
  src[64] = '\0';
  t_run *r = t_eval(src, false);
  cr_assert_eq(r->crc, WND_OK);
  t_done(r);
  src[64] = ' ';
  src[65] = '\0';
  r = t_eval(src, false);
  cr_assert_eq(r->crc, WND_EINVALID);
  cr_assert_str_eq(r->diags.items[0].code, "expr-limit");
  t_done(r);
  t_env.limits = NULL;
}

Test(bounds, comprehension_nesting) {
  t_run *r = t_eval("[1, 2].all(a, [3].all(b, a < b))", false);
  cr_assert_eq(r->crc, WND_OK);
  t_done(r);
  cr_assert(t_diag_at("[1].all(a, [2].all(b, [3].all(c, true)))", "expr-limit", 26));
  t_env.max_comprehension_nesting = 3;
  r = t_eval("[1].all(a, [2].all(b, [3].all(c, true)))", false);
  cr_assert_eq(r->crc, WND_OK);
  t_done(r);
  t_env.max_comprehension_nesting = 0;
}

Test(bounds, cost_budget_stops_blowups) {
  /* 2 nested comprehensions over 1000-element lists built by map: 10^6
  ** iterations; the default budget is 10^6 units -> error, not a hang */
  const char *big = "[0,1,2,3,4,5,6,7,8,9].map(a, [0,1,2,3,4,5,6,7,8,9].map(b, a * 10 + b))";
  t_run *r = t_eval(big, false);
  cr_assert_eq(r->erc, WND_OK); /* 100 elements: fine */
  t_done(r);
  char *hostile = malloc(4096);
  strcpy(hostile, "");
  strcat(hostile, big);
  strcat(hostile, ".map(a, ");
  strcat(hostile, big);
  strcat(hostile, ".map(b, a * b)).size() > 0");
  r = t_eval(hostile, false);
  /* 3 levels: refused at compile time */
  cr_assert_eq(r->crc, WND_EINVALID);
  t_done(r);
  strcpy(hostile, big);
  strcat(hostile, ".all(a, ");
  strcat(hostile, big);
  strcat(hostile, ".all(b, ");
  strcat(hostile, "true))");
  /* 100 x 100: two comprehension levels but each range is itself a nested
  ** map: the count is within the cap, the cost is not */
  wnd_limits lim = WND_LIMITS_INIT;
  lim.max_eval_cost = 5000;
  t_env.limits = &lim;
  t_env.max_comprehension_nesting = 4;
  r = t_eval(hostile, false);
  cr_assert_eq(r->crc, WND_OK);
  cr_assert_eq(r->erc, WND_EEVAL);
  cr_assert_eq(r->v.u.err->code, WE_COST);
  t_done(r);
  t_env.limits = NULL;
  t_env.max_comprehension_nesting = 0;
  free(hostile);
}

Test(bounds, string_doubling_hits_budget) {
  /* each level doubles the string: 2^40 bytes if unbounded */
  char *s = repeat("", "[", 0, "", "", "");
  free(s);
  char src[4096] = "'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'";
  /* s + s + s ...: build with map to reuse the value: x -> x + x */
  strcpy(src, "['0123456789abcdef'].map(s, s + s).map(s, s + s).map(s, s + s).map(s, s + s)"
              ".map(s, s + s).map(s, s + s).map(s, s + s).map(s, s + s).map(s, s + s)"
              ".map(s, s + s).map(s, s + s).map(s, s + s).map(s, s + s).map(s, s + s)"
              ".map(s, s + s).map(s, s + s).map(s, s + s).map(s, s + s).map(s, s + s)"
              ".map(s, s + s).map(s, s + s).map(s, s + s).map(s, s + s).map(s, s + s)"
              ".map(s, s + s).map(s, s + s).map(s, s + s).map(s, s + s).map(s, s + s)[0].size()");
  t_run *r = t_eval(src, false);
  cr_assert_eq(r->crc, WND_OK);
  cr_assert_eq(r->erc, WND_EEVAL);
  cr_assert_eq(r->v.u.err->code, WE_COST);
  t_done(r);
  /* list doubling likewise */
  r = t_eval("[[1,2,3,4,5,6,7,8]].map(l, l + l).map(l, l + l).map(l, l + l).map(l, l + l)"
             ".map(l, l + l).map(l, l + l).map(l, l + l).map(l, l + l).map(l, l + l)"
             ".map(l, l + l).map(l, l + l).map(l, l + l).map(l, l + l).map(l, l + l)"
             ".map(l, l + l).map(l, l + l).map(l, l + l).map(l, l + l).map(l, l + l)"
             ".map(l, l + l).map(l, l + l).map(l, l + l).map(l, l + l)[0].size()", false);
  cr_assert_eq(r->erc, WND_EEVAL);
  cr_assert_eq(r->v.u.err->code, WE_COST);
  t_done(r);
}

Test(bounds, catastrophic_regex) {
  /* (a+)+$ against 40 'a' and a '!': exponential backtracking */
  char subject[64];
  memset(subject, 'a', 40);
  subject[40] = '!';
  subject[41] = '\0';
  wnd__value slots[6];
  memcpy(slots, t_slots, sizeof slots);
  slots[4] = wnd__v_string(subject, 41);
  t_act.slots = slots;
  t_run *r = t_eval("x.matches('^(a+)+$')", false);
  cr_assert_eq(r->crc, WND_OK);
  cr_assert_eq(r->erc, WND_EEVAL);
  cr_assert_eq(r->v.u.err->code, WE_REGEX);
  t_done(r);
  /* dynamic pattern (not JIT-compiled): same limits */
  r = t_eval("x.matches('^(a+)+' + '$')", false);
  cr_assert_eq(r->erc, WND_EEVAL);
  cr_assert_eq(r->v.u.err->code, WE_REGEX);
  t_done(r);
  /* a long subject with a benign pattern is fine */
  r = t_eval("x.matches('!$')", false);
  cr_assert(r->erc == WND_OK && r->v.u.b);
  t_done(r);
  t_act.slots = t_slots;
}

Test(bounds, pattern_limits) {
  wnd_limits lim = WND_LIMITS_INIT;
  lim.max_pattern_bytes = 8;
  t_env.limits = &lim;
  t_run *r = t_eval("'x'.matches('abcdefgh')", false);
  cr_assert_eq(r->crc, WND_OK);
  t_done(r);
  cr_assert(t_diag_at("'x'.matches('abcdefghi')", "expr-limit", 12));
  cr_assert(t_is_error("'x'.matches('abcdefgh' + 'i')", WE_LIMIT));
  t_env.limits = NULL;
  /* parenthesis nesting beyond 32 */
  char *deep = repeat("'x'.matches('", "(", 40, "a", ")", "')");
  r = t_eval(deep, false);
  cr_assert_eq(r->crc, WND_EINVALID);
  cr_assert_str_eq(r->diags.items[0].code, "invalid-pattern");
  t_done(r);
  free(deep);
  /* \C is refused */
  cr_assert(t_diag_at("'x'.matches('\\\\C')", "invalid-pattern", 16));
}
