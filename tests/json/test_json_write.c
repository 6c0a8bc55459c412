/*
** test_json_write.c — the JSON writer (lib/json/json.h) and round trips
** through the reader.
*/
#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "jtest.h"

#define S(lit) lit, sizeof(lit) - 1

static void writes(wnd__value v, const char *want) {
  wnd__strbuf b;
  wnd__sb_init(&b, &wnd__mem_default);
  wnd__json_write(&b, v);
  cr_assert(!b.oom);
  cr_assert_str_eq(b.data, want);
  wnd__sb_free(&b);
}

Test(json_write, scalars) {
  writes(wnd__v_null(), "null");
  writes(wnd__v_bool(true), "true");
  writes(wnd__v_bool(false), "false");
  writes(wnd__v_int(0), "0");
  writes(wnd__v_int(-42), "-42");
  writes(wnd__v_int(INT64_MAX), "9223372036854775807");
  writes(wnd__v_int(INT64_MIN), "-9223372036854775808");
  writes(wnd__v_uint(UINT64_MAX), "18446744073709551615");
  writes(wnd__v_string(S("a\"b\\c\n\x01中")), "\"a\\\"b\\\\c\\n\\u0001中\"");
  writes(wnd__v_type("int"), "\"int\"");
  wnd__err e = {WE_DIV_ZERO, "division by zero"};
  writes(wnd__v_error(&e), "null");
}

Test(json_write, doubles) {
  writes(wnd__v_double(1.5), "1.5");
  writes(wnd__v_double(1.0), "1.0");
  writes(wnd__v_double(-0.0), "-0.0");
  writes(wnd__v_double(0.0), "0.0");
  writes(wnd__v_double(0.1), "0.1");
  writes(wnd__v_double(740.0), "740.0");
  writes(wnd__v_double(120.5), "120.5");
  writes(wnd__v_double(1.0 / 3.0), "0.3333333333333333");
  writes(wnd__v_double(0.1 + 0.2), "0.30000000000000004");
  writes(wnd__v_double(1e21), "1e+21");
  writes(wnd__v_double(1e-7), "1e-7");
  writes(wnd__v_double(123456789012345.0), "123456789012345.0");
  writes(wnd__v_double(DBL_MAX), "1.7976931348623157e+308");
  writes(wnd__v_double(5e-324), "5e-324");
  writes(wnd__v_double(NAN), "null");
  writes(wnd__v_double(INFINITY), "null");
  writes(wnd__v_double(-INFINITY), "null");
}

/* The printf form the writer promises (json.h): the first of "%.15g",
** "%.16g", "%.17g" that reads back, ".0" on integral text.  Only used for
** values in fixed notation, where no exponent needs trimming. */
static void printf_form(char *out, size_t size, double d) {
  for (int prec = 15; prec <= 17; prec++) {
    snprintf(out, size, "%.*g", prec, d);
    if (strtod(out, NULL) == d) break;
  }
  if (!strpbrk(out, ".e")) strcat(out, ".0");
}

/* Short decimals (areas, amounts, rates) are written without printf: the
** same text as printf gives, for every scale up to 10^-6 and both signs,
** and for pseudo-random doubles around them. */
Test(json_write, short_decimals_as_printf_writes_them) {
  uint64_t x = 88172645463325252u;
  for (int i = 0; i < 200000; i++) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17; /* xorshift64 */
    int k = (int)(x % 7);
    double d = (double)(x >> 20 >> (x % 40)) / pow(10, k);
    if (i % 3 == 0) d = -d;
    if (i % 5 == 0) d = nextafter(d, 1e300); /* a neighbour: not a short decimal */
    if (d == 0 || fabs(d) < 1e-3 || fabs(d) >= 1e14) continue;
    char want[64];
    printf_form(want, sizeof want, d);
    wnd__strbuf b;
    wnd__sb_init(&b, &wnd__mem_default);
    wnd__json_write(&b, wnd__v_double(d));
    cr_assert_str_eq(b.data, want, "%.17g", d);
    wnd__sb_free(&b);
  }
}

Test(json_write, time_values) {
  /* 2026-11-20T10:00:00+08:00 */
  writes(wnd__v_timestamp(1795140000, 0), "\"2026-11-20T02:00:00Z\"");
  writes(wnd__v_timestamp(0, 500000000), "\"1970-01-01T00:00:00.500Z\"");
  writes(wnd__v_timestamp(-1, 999999999), "\"1969-12-31T23:59:59.999999999Z\"");
  writes(wnd__v_duration(3600, 0), "\"3600s\"");
  writes(wnd__v_duration(1, 500000000), "\"1.500s\"");
  writes(wnd__v_duration(0, 0), "\"0s\"");
  writes(wnd__v_duration(-1, -500000000), "\"-1.500s\"");
  writes(wnd__v_duration(0, -1000), "\"-0.000001s\"");
  writes(wnd__v_duration(0, 1), "\"0.000000001s\"");
  writes(wnd__v_duration(INT64_MIN, 0), "\"-9223372036854775808s\"");
}

Test(json_write, containers_and_keys) {
  wnd__value items[3] = {wnd__v_int(1), wnd__v_string(S("x")), wnd__v_list(NULL, 0)};
  writes(wnd__v_list(items, 3), "[1,\"x\",[]]");
  writes(wnd__v_map(NULL, 0), "{}");
  wnd__mapent ents[6];
  ents[0].key = wnd__v_string(S("s"));
  ents[0].val = wnd__v_list(items, 2);
  ents[1].key = wnd__v_int(-7);
  ents[1].val = wnd__v_null();
  ents[2].key = wnd__v_uint(7);
  ents[2].val = wnd__v_bool(true);
  ents[3].key = wnd__v_bool(false);
  ents[3].val = wnd__v_double(2.5);
  ents[4].key = wnd__v_double(1.0);
  ents[4].val = wnd__v_map(ents, 1);
  ents[5].key = wnd__v_list(items, 2);
  ents[5].val = wnd__v_int(0);
  writes(wnd__v_map(ents, 6),
         "{\"s\":[1,\"x\"],\"-7\":null,\"7\":true,\"false\":2.5,\"1.0\":{\"s\":[1,\"x\"]},"
         "\"[1,\\\"x\\\"]\":0}");
}

static void round_trip(const char *doc) {
  jparse j;
  cr_assert_eq(jparse_n(&j, doc, strlen(doc), NULL), WND_OK, "%s: %s", doc, j.err.msg);
  wnd__strbuf b;
  wnd__sb_init(&b, &wnd__mem_default);
  wnd__json_write(&b, j.v);
  cr_assert_str_eq(b.data, doc);
  wnd__sb_free(&b);
  jparse_done(&j);
}

Test(json_write, reader_writer_round_trip) {
  round_trip("{\"item\":\"3415000000-XK-0012-01\",\"fast_track\":true,\"n\":null,"
             "\"data\":{\"category\":\"餐饮服务\",\"area_m2\":120.5,\"staff\":41,\"f\":1.0},"
             "\"l\":[[],{},[-1,-0.5,1e+300,\"\\\"\\\\\\n\\t\"]]}");
  round_trip("\"😀 \\u0001\"");
  round_trip("-9223372036854775808");
  round_trip("[0.1,0.30000000000000004,5e-324,1.7976931348623157e+308]");
}

Test(json_write, random_doubles_round_trip_bit_exactly) {
  srand(777);
  for (int i = 0; i < 20000; i++) {
    uint64_t bits = 0;
    for (int k = 0; k < 4; k++) bits = (bits << 16) ^ (uint64_t)(rand() & 0xFFFF);
    double d;
    memcpy(&d, &bits, sizeof d);
    if (!isfinite(d)) continue;
    wnd__strbuf b;
    wnd__sb_init(&b, &wnd__mem_default);
    wnd__json_write(&b, wnd__v_double(d));
    jparse j;
    cr_assert_eq(jparse_n(&j, b.data, b.len, NULL), WND_OK, "%s", b.data);
    cr_assert_eq(j.v.kind, WV_DOUBLE, "%s reads back as kind %d", b.data, j.v.kind);
    cr_assert(memcmp(&j.v.u.d, &d, sizeof d) == 0, "%s", b.data);
    cr_assert_leq(b.len, 24);
    jparse_done(&j);
    wnd__sb_free(&b);
  }
}

Test(json_write, locale_independent) {
  if (!setlocale(LC_NUMERIC, "de_DE.UTF-8") && !setlocale(LC_NUMERIC, "de_DE.utf8") &&
      !setlocale(LC_NUMERIC, "fr_FR.UTF-8"))
    cr_skip_test("no decimal-comma locale installed");
  writes(wnd__v_double(1.5), "1.5");
  writes(wnd__v_double(1.0), "1.0");
  writes(wnd__v_double(0.30000000000000004), "0.30000000000000004");
  setlocale(LC_NUMERIC, "C");
}

Test(json_write, deep_values_are_capped) {
  /* 1500 nested lists built by hand: beyond 1000 levels null is written */
  static wnd__value cells[1500];
  cells[0] = wnd__v_int(1);
  for (int i = 1; i < 1500; i++) cells[i] = wnd__v_list(&cells[i - 1], 1);
  wnd__strbuf b;
  wnd__sb_init(&b, &wnd__mem_default);
  wnd__json_write(&b, cells[1499]);
  cr_assert(!b.oom);
  cr_assert(strstr(b.data, "[null]") != NULL);
  wnd__sb_free(&b);
}
