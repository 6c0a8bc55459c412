/*
** test_call.c — calling host functions through libffi: every parameter
** type with every return type, 0 to 8 parameters in mixed orders, extreme
** values, UTF-8 strings, and failure reports (wnd_host_fail) becoming
** evaluation errors with their message.
*/
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "hfix.h"

/* ---- the host functions ------------------------------------------------- */

static bool b0(void) { return true; }
static int64_t i0(void) { return 42; }
static double d0(void) { return 2.5; }

static bool b_b(bool b) { return !b; }
static int64_t b_i(bool b) { return b ? 7 : -7; }
static double b_d(bool b) { return b ? 0.5 : -0.5; }
static bool i_b(int64_t i) { return i > 0; }
static int64_t i_i(int64_t i) { return i - 1; }
static double i_d(int64_t i) { return (double)i / 2; }
static bool d_b(double d) { return d > 1.0; }
static int64_t d_i(double d) { return (int64_t)(d * 10); }
static double d_d(double d) { return d * 2; }
static bool s_b(const char *s) { return !strcmp(s, "失信"); }
static int64_t s_i(const char *s) { return (int64_t)strlen(s); }
static double s_d(const char *s) { return (double)strlen(s) / 2; }

/* Mixed parameters, types cycling int, double, string, bool: the result
** weighs each argument by its position, so a swapped or misread argument
** changes it. */
#define VI(k, v) ((k) * (double)(v))
#define VS(k, s) ((k) * (double)strlen(s))
#define VB(k, b) ((k) * ((b) ? 1.0 : 0.0))
static double mix2(int64_t a, double b) { return VI(1, a) + VI(2, b); }
static double mix3(int64_t a, double b, const char *c) { return mix2(a, b) + VS(3, c); }
static double mix4(int64_t a, double b, const char *c, bool d) {
  return mix3(a, b, c) + VB(4, d);
}
static double mix5(int64_t a, double b, const char *c, bool d, int64_t e) {
  return mix4(a, b, c, d) + VI(5, e);
}
static double mix6(int64_t a, double b, const char *c, bool d, int64_t e, double f) {
  return mix5(a, b, c, d, e) + VI(6, f);
}
static double mix7(int64_t a, double b, const char *c, bool d, int64_t e, double f,
                   const char *g) {
  return mix6(a, b, c, d, e, f) + VS(7, g);
}
static double mix8(int64_t a, double b, const char *c, bool d, int64_t e, double f,
                   const char *g, bool h) {
  return mix7(a, b, c, d, e, f, g) + VB(8, h);
}
/* Bools first, then strings: other orders through the registers. */
static int64_t rev8(bool a, const char *b, double c, int64_t d, bool e, const char *f,
                    double g, int64_t h) {
  return (a ? 1 : 0) + 2 * (int64_t)strlen(b) + 3 * (int64_t)c + 4 * d + 5 * (e ? 1 : 0) +
         6 * (int64_t)strlen(f) + 7 * (int64_t)g + 8 * h;
}
static int64_t bools8(bool a, bool b, bool c, bool d, bool e, bool f, bool g, bool h) {
  return a | b << 1 | c << 2 | d << 3 | e << 4 | f << 5 | g << 6 | h << 7;
}
static double dbls8(double a, double b, double c, double d, double e, double f, double g,
                    double h) {
  return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + 7 * g + 8 * h;
}
static bool strs8(const char *a, const char *b, const char *c, const char *d, const char *e,
                  const char *f, const char *g, const char *h) {
  return !strcmp(a, "a") && !strcmp(b, "bb") && !strcmp(c, "") && !strcmp(d, "证照") &&
         !strcmp(e, "e") && !strcmp(f, "f") && !strcmp(g, "g") && !strcmp(h, "last");
}

static bool fail_with(const char *msg) {
  wnd_host_fail(msg);
  return true; /* ignored: the call failed */
}
static int64_t fail_null(void) {
  wnd_host_fail(NULL);
  return 1;
}

#define I WND_TYPE_INT
#define D WND_TYPE_DOUBLE
#define S WND_TYPE_STRING
#define B WND_TYPE_BOOL

typedef struct fn {
  const char *name;
  wnd_fnptr fn;
  wnd_type ret;
  size_t n;
  wnd_type p[8];
} fn;

static const fn FNS[] = {
    {"t.b0", (wnd_fnptr)b0, B, 0, {0}},
    {"t.i0", (wnd_fnptr)i0, I, 0, {0}},
    {"t.d0", (wnd_fnptr)d0, D, 0, {0}},
    {"t.b_b", (wnd_fnptr)b_b, B, 1, {B}},
    {"t.b_i", (wnd_fnptr)b_i, I, 1, {B}},
    {"t.b_d", (wnd_fnptr)b_d, D, 1, {B}},
    {"t.i_b", (wnd_fnptr)i_b, B, 1, {I}},
    {"t.i_i", (wnd_fnptr)i_i, I, 1, {I}},
    {"t.i_d", (wnd_fnptr)i_d, D, 1, {I}},
    {"t.d_b", (wnd_fnptr)d_b, B, 1, {D}},
    {"t.d_i", (wnd_fnptr)d_i, I, 1, {D}},
    {"t.d_d", (wnd_fnptr)d_d, D, 1, {D}},
    {"t.s_b", (wnd_fnptr)s_b, B, 1, {S}},
    {"t.s_i", (wnd_fnptr)s_i, I, 1, {S}},
    {"t.s_d", (wnd_fnptr)s_d, D, 1, {S}},
    {"t.mix2", (wnd_fnptr)mix2, D, 2, {I, D}},
    {"t.mix3", (wnd_fnptr)mix3, D, 3, {I, D, S}},
    {"t.mix4", (wnd_fnptr)mix4, D, 4, {I, D, S, B}},
    {"t.mix5", (wnd_fnptr)mix5, D, 5, {I, D, S, B, I}},
    {"t.mix6", (wnd_fnptr)mix6, D, 6, {I, D, S, B, I, D}},
    {"t.mix7", (wnd_fnptr)mix7, D, 7, {I, D, S, B, I, D, S}},
    {"t.mix8", (wnd_fnptr)mix8, D, 8, {I, D, S, B, I, D, S, B}},
    {"t.rev8", (wnd_fnptr)rev8, I, 8, {B, S, D, I, B, S, D, I}},
    {"t.bools8", (wnd_fnptr)bools8, I, 8, {B, B, B, B, B, B, B, B}},
    {"t.dbls8", (wnd_fnptr)dbls8, D, 8, {D, D, D, D, D, D, D, D}},
    {"t.strs8", (wnd_fnptr)strs8, B, 8, {S, S, S, S, S, S, S, S}},
    {"t.fail", (wnd_fnptr)fail_with, B, 1, {S}},
    {"t.fail_null", (wnd_fnptr)fail_null, I, 0, {0}},
};
#define NFNS (sizeof FNS / sizeof FNS[0])

static const char *yaml_type(wnd_type t) {
  return t == B ? "bool" : t == I ? "int" : t == D ? "double" : "string";
}

static bool dishonest_stub(const char *s) { return s[0] == 'X'; }

/* One env with every function registered, one catalog declaring them all. */
static wnd_env *env;
static wnd_catalog *cat;
static char *dir;

static void setup(void) {
  cr_assert_eq(wnd_env_new(&env, NULL), WND_OK);
  char yaml[8192];
  size_t len = (size_t)snprintf(yaml, sizeof yaml, "functions:\n");
  for (size_t i = 0; i < NFNS; i++) {
    cr_assert_eq(wnd_env_register_function(env, FNS[i].name, FNS[i].fn, FNS[i].ret, FNS[i].p,
                                           FNS[i].n), WND_OK, "%s", wnd_env_errmsg(env));
    len += (size_t)snprintf(yaml + len, sizeof yaml - len, "  - name: %s\n    params: [",
                            FNS[i].name);
    for (size_t k = 0; k < FNS[i].n; k++)
      len += (size_t)snprintf(yaml + len, sizeof yaml - len, "%s%s", k ? ", " : "",
                              yaml_type(FNS[i].p[k]));
    len += (size_t)snprintf(yaml + len, sizeof yaml - len, "]\n    returns: %s\n",
                            yaml_type(FNS[i].ret));
  }
  cr_assert(len < sizeof yaml);
  /* the base item's credit.dishonest is declared too */
  cr_assert_eq(wnd_env_register_function(env, "credit.dishonest", (wnd_fnptr)dishonest_stub,
                                         B, (wnd_type[]){S}, 1), WND_OK);
  snprintf(yaml + len, sizeof yaml - len,
           "  - name: credit.dishonest\n    params: [string]\n    returns: bool\n");
  dir = hx_make_functions(yaml);
  wnd_diags *d = NULL;
  int st = hx_load(env, dir, &cat, &d);
  if (st != WND_OK) hx_dump(d);
  cr_assert_eq(st, WND_OK);
  cr_assert_eq(cat->nhostfns, NFNS + 1);
  wnd_diags_free(d);
}
static void teardown(void) {
  wnd_catalog_free(cat);
  wnd_env_free(env);
  hx_remove(dir);
}

TestSuite(call, .init = setup, .fini = teardown);

static wnd__value eval_ok(const char *expr) {
  wnd__value v;
  char msg[512];
  int st = hx_eval(cat, expr, &v, msg, sizeof msg);
  cr_assert_eq(st, WND_OK, "%s: status %d: %s", expr, st, msg);
  return v;
}
static void expect_bool(const char *expr, bool want) {
  wnd__value v = eval_ok(expr);
  cr_assert_eq(v.kind, WV_BOOL, "%s: kind %d", expr, v.kind);
  cr_assert_eq(v.u.b, want, "%s", expr);
}
static void expect_int(const char *expr, int64_t want) {
  wnd__value v = eval_ok(expr);
  cr_assert_eq(v.kind, WV_INT, "%s: kind %d", expr, v.kind);
  cr_assert_eq(v.u.i, want, "%s: %lld, want %lld", expr, (long long)v.u.i, (long long)want);
}
static void expect_double(const char *expr, double want) {
  wnd__value v = eval_ok(expr);
  cr_assert_eq(v.kind, WV_DOUBLE, "%s: kind %d", expr, v.kind);
  cr_assert(v.u.d == want, "%s: %.17g, want %.17g", expr, v.u.d, want);
}
static void expect_error(const char *expr, const char *part) {
  wnd__value v;
  char msg[1024];
  int st = hx_eval(cat, expr, &v, msg, sizeof msg);
  cr_assert_eq(st, WND_EEVAL, "%s: status %d", expr, st);
  cr_assert(strstr(msg, part), "%s: message '%s' lacks '%s'", expr, msg, part);
}

Test(call, no_parameters) {
  expect_bool("t.b0()", true);
  expect_int("t.i0()", 42);
  expect_double("t.d0()", 2.5);
  expect_bool("t.b0() && t.i0() == 42", true);
}

Test(call, bool_parameter) {
  expect_bool("t.b_b(true)", false);
  expect_bool("t.b_b(false)", true);
  expect_int("t.b_i(true)", 7);
  expect_int("t.b_i(false)", -7);
  expect_double("t.b_d(true)", 0.5);
  expect_double("t.b_d(1 > 2)", -0.5);
}

Test(call, int_parameter) {
  expect_bool("t.i_b(1)", true);
  expect_bool("t.i_b(-1)", false);
  expect_int("t.i_i(9223372036854775807)", INT64_MAX - 1);
  expect_int("t.i_i(-9223372036854775807)", INT64_MIN);
  expect_double("t.i_d(-3)", -1.5);
}

Test(call, double_parameter) {
  expect_bool("t.d_b(1.5)", true);
  expect_bool("t.d_b(0.5)", false);
  expect_int("t.d_i(-2.55)", -25);
  expect_double("t.d_d(1e300)", 2e300);
  expect_double("t.d_d(-0.125)", -0.25);
}

Test(call, string_parameter) {
  expect_bool("t.s_b(\"失信\")", true);
  expect_bool("t.s_b(\"守信\" + \"\")", false);
  expect_int("t.s_i(\"\")", 0);
  expect_int("t.s_i(\"电子证照\")", 12);
  expect_double("t.s_d(\"abc\")", 1.5);
}

Test(call, two_to_eight_mixed_parameters) {
  expect_double("t.mix2(3, 0.5)", mix2(3, 0.5));
  expect_double("t.mix3(-3, 0.5, \"ab\")", mix3(-3, 0.5, "ab"));
  expect_double("t.mix4(1, 2.0, \"证\", true)", mix4(1, 2.0, "证", true));
  expect_double("t.mix5(1, 2.0, \"c\", false, 5)", mix5(1, 2.0, "c", false, 5));
  expect_double("t.mix6(1, 2.0, \"c\", true, 5, -6.5)", mix6(1, 2.0, "c", true, 5, -6.5));
  expect_double("t.mix7(1, 2.0, \"c\", true, 5, -6.5, \"seven\")",
                mix7(1, 2.0, "c", true, 5, -6.5, "seven"));
  expect_double("t.mix8(1, 2.0, \"c\", true, 5, -6.5, \"seven\", true)",
                mix8(1, 2.0, "c", true, 5, -6.5, "seven", true));
  expect_int("t.rev8(true, \"bb\", 3.0, 4, false, \"ffffff\", 7.0, -8)",
             rev8(true, "bb", 3.0, 4, false, "ffffff", 7.0, -8));
  expect_int("t.bools8(true, false, true, false, false, true, true, false)", 0x65);
  expect_int("t.bools8(true, true, true, true, true, true, true, true)", 0xff);
  expect_double("t.dbls8(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.5)",
                dbls8(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.5));
  expect_bool("t.strs8(\"a\", \"bb\", \"\", \"证照\", \"e\", \"f\", \"g\", \"last\")", true);
  expect_bool("t.strs8(\"a\", \"bb\", \"\", \"证照\", \"e\", \"f\", \"g\", \"lost\")", false);
}

Test(call, arguments_from_expressions) {
  expect_int("t.s_i(\"ab\" + \"cd\") + t.i_i(t.b_i(true))", 4 + 6);
  expect_bool("[\"失信\", \"x\"].exists(s, t.s_b(s))", true);
}

Test(call, wrong_argument_types_do_not_compile) {
  wnd__value v;
  char msg[512];
  cr_assert_neq(hx_eval(cat, "t.s_b(1)", &v, msg, sizeof msg), WND_OK);
  cr_assert_neq(hx_eval(cat, "t.i_i(1.5)", &v, msg, sizeof msg), WND_OK);
  cr_assert_neq(hx_eval(cat, "t.mix2(1)", &v, msg, sizeof msg), WND_OK);
}

Test(call, host_failure_is_an_evaluation_error) {
  expect_error("t.fail(\"信用服务不可用\")", "t.fail failed: 信用服务不可用");
  /* the failure does not stick to the thread */
  expect_bool("t.b0()", true);
  expect_error("t.fail_null() == 1", "t.fail_null failed: no message given");
  /* CEL's commutative && absorbs the error when the other side is false */
  expect_bool("false && t.fail(\"x\")", false);
}

static const wnd__cel_hostfn *hostfn(const char *name) {
  for (uint32_t i = 0; i < cat->nhostfns; i++)
    if (!strcmp(cat->hostfns[i].name, name)) return &cat->hostfns[i];
  cr_assert_fail("%s is not bound", name);
  return NULL;
}

Test(call, host_failure_message_is_cut_on_a_code_point) {
  /* Through the trampoline: the evaluator shortens messages further. */
  char text[1024] = "";
  for (int i = 0; i < 300; i++) strcat(text, "信");
  const wnd__cel_hostfn *h = hostfn("t.fail");
  wnd__value arg = wnd__v_string(text, (uint32_t)strlen(text)), out = wnd__v_null();
  const char *msg = NULL;
  cr_assert_neq(h->call(h->ud, &arg, 1, &out, &msg), 0);
  /* 511 bytes fit: 170 whole characters of 3 bytes */
  cr_assert_eq(strlen(msg), 510, "%zu", strlen(msg));
  cr_assert_eq(memcmp(msg + 507, "信", 3), 0);
  /* invalid UTF-8 is cut where it starts */
  arg = wnd__v_string("ok\xff\xfe", 4);
  cr_assert_neq(h->call(h->ud, &arg, 1, &out, &msg), 0);
  cr_assert_str_eq(msg, "ok");
}

Test(call, fail_outside_a_call_does_nothing) {
  wnd_host_fail("stray");
  expect_bool("t.b0()", true);
}

Test(call, string_with_nul_is_refused) {
  expect_error("t.s_i(\"a\\u0000b\")", "NUL");
}

Test(call, direct_trampoline_checks) {
  /* The trampoline re-checks what the compiler guarantees. */
  const wnd__cel_hostfn *h = hostfn("t.s_i");
  wnd__value out = wnd__v_null(), arg = wnd__v_int(1);
  const char *msg = NULL;
  cr_assert_neq(h->call(h->ud, &arg, 1, &out, &msg), 0);
  cr_assert_str_eq(msg, "an argument is not a string");
  cr_assert_neq(h->call(h->ud, &arg, 0, &out, &msg), 0);
  cr_assert_str_eq(msg, "called with the wrong number of arguments");
  arg = wnd__v_string("abc", 3);
  msg = NULL;
  cr_assert_eq(h->call(h->ud, &arg, 1, &out, &msg), 0);
  cr_assert_eq(out.kind, WV_INT);
  cr_assert_eq(out.u.i, 3);
}
