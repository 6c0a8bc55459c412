/*
** test_json_read.c — the strict JSON reader (lib/json/json.h).
*/
#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/utf8.h"
#include "json/jnum.h"
#include "jtest.h"

#define S(lit) lit, sizeof(lit) - 1

/* Parse a document that must be valid. */
static wnd__value ok_n(jparse *j, const char *t, size_t n) {
  int rc = jparse_n(j, t, n, NULL);
  cr_assert_eq(rc, WND_OK, "rejected %s: %u:%u %s", t, j->err.line, j->err.column, j->err.msg);
  return j->v;
}
#define OK(j, lit) ok_n(j, S(lit))

/* A document that must fail with status, at line:col, message containing msg. */
static void bad_n(const char *t, size_t n, int status, uint32_t line, uint32_t col, const char *msg) {
  jparse j;
  int rc = jparse_n(&j, t, n, NULL);
  cr_assert_eq(rc, status, "%s: rc %d, want %d (%s)", t, rc, status, j.err.msg);
  cr_assert_eq(j.v.kind, WV_NULL);
  cr_expect_eq(j.err.line, line, "%s: line %u, want %u (%s)", t, j.err.line, line, j.err.msg);
  cr_expect_eq(j.err.column, col, "%s: column %u, want %u (%s)", t, j.err.column, col, j.err.msg);
  cr_expect(strstr(j.err.msg, msg) != NULL, "%s: message \"%s\" lacks \"%s\"", t, j.err.msg, msg);
  jparse_done(&j);
}
#define BAD(lit, line, col, msg) bad_n(S(lit), WND_EINVALID, line, col, msg)

static void str_is(wnd__value v, const char *want, size_t n) {
  cr_assert_eq(v.kind, WV_STRING);
  cr_assert_eq(v.n, n);
  cr_assert(memcmp(v.u.s, want, n) == 0);
  cr_assert_eq(v.u.s[n], '\0');
}

Test(json_read, scalars) {
  jparse j;
  cr_assert_eq(OK(&j, "null").kind, WV_NULL);
  jparse_done(&j);
  wnd__value v = OK(&j, " true ");
  cr_assert(v.kind == WV_BOOL && v.u.b);
  jparse_done(&j);
  v = OK(&j, "\t\r\nfalse\n");
  cr_assert(v.kind == WV_BOOL && !v.u.b);
  jparse_done(&j);
  v = OK(&j, "42");
  cr_assert(v.kind == WV_INT && v.u.i == 42);
  jparse_done(&j);
  v = OK(&j, "-0");
  cr_assert(v.kind == WV_INT && v.u.i == 0);
  jparse_done(&j);
  v = OK(&j, "\"hi\"");
  str_is(v, "hi", 2);
  jparse_done(&j);
  v = OK(&j, "\"\"");
  str_is(v, "", 0);
  jparse_done(&j);
}

Test(json_read, containers_in_document_order) {
  jparse j;
  wnd__value v = OK(&j, "{\"z\": 1, \"a\": [true, null, {\"k\": \"v\"}], \"m\": {}, \"l\": []}");
  cr_assert_eq(v.kind, WV_MAP);
  cr_assert_eq(v.n, 4);
  str_is(v.u.ents[0].key, "z", 1);
  str_is(v.u.ents[1].key, "a", 1);
  str_is(v.u.ents[2].key, "m", 1);
  str_is(v.u.ents[3].key, "l", 1);
  wnd__value a = v.u.ents[1].val;
  cr_assert(a.kind == WV_LIST && a.n == 3);
  cr_assert(a.u.items[0].kind == WV_BOOL && a.u.items[1].kind == WV_NULL);
  const wnd__value *k = wnd__map_get_str(a.u.items[2], "k", 1);
  cr_assert_not_null(k);
  str_is(*k, "v", 1);
  cr_assert(v.u.ents[2].val.kind == WV_MAP && v.u.ents[2].val.n == 0);
  cr_assert(v.u.ents[3].val.kind == WV_LIST && v.u.ents[3].val.n == 0);
  jparse_done(&j);
  /* same keys at different levels are fine */
  v = OK(&j, "{\"a\":{\"a\":{\"a\":1}},\"b\":{\"a\":2}}");
  cr_assert_eq(v.n, 2);
  jparse_done(&j);
}

Test(json_read, integers) {
  jparse j;
  wnd__value v = OK(&j, "9223372036854775807");
  cr_assert(v.kind == WV_INT && v.u.i == INT64_MAX);
  jparse_done(&j);
  v = OK(&j, "-9223372036854775808");
  cr_assert(v.kind == WV_INT && v.u.i == INT64_MIN);
  jparse_done(&j);
  v = OK(&j, "[0, -1, 120, 1000000]");
  cr_assert(v.u.items[1].u.i == -1 && v.u.items[3].u.i == 1000000);
  jparse_done(&j);
  BAD("9223372036854775808", 1, 1, "integer out of range");
  BAD("-9223372036854775809", 1, 1, "integer out of range");
  BAD("[1, 18446744073709551616]", 1, 5, "integer out of range");
  BAD("123456789012345678901234567890", 1, 1, "integer out of range");
  /* around 19 and 20 digits, where the digits are counted, not checked one by one */
  BAD("9999999999999999999", 1, 1, "integer out of range");
  BAD("-9999999999999999999", 1, 1, "integer out of range");
  BAD("18446744073709551615", 1, 1, "integer out of range");
  BAD("36893488147419103232", 1, 1, "integer out of range"); /* 2^65: wraps to 0 */
  BAD("-18446744073709551616", 1, 1, "integer out of range");
  BAD("[1, 99999999999999999999]", 1, 5, "integer out of range");
}

static double dbl(const char *t) {
  jparse j;
  int rc = jparse_n(&j, t, strlen(t), NULL);
  cr_assert_eq(rc, WND_OK, "%s: %s", t, j.err.msg);
  cr_assert_eq(j.v.kind, WV_DOUBLE, "%s is not a double", t);
  double d = j.v.u.d;
  jparse_done(&j);
  return d;
}

Test(json_read, doubles) {
  cr_assert_eq(dbl("1.5"), 1.5);
  cr_assert_eq(dbl("-0.25"), -0.25);
  cr_assert_eq(dbl("1e3"), 1000.0);
  cr_assert_eq(dbl("1E3"), 1000.0);
  cr_assert_eq(dbl("1e+3"), 1000.0);
  cr_assert_eq(dbl("1e-2"), 0.01);
  cr_assert_eq(dbl("0.1"), 0.1);
  cr_assert_eq(dbl("740.0"), 740.0);
  cr_assert_eq(dbl("120.5"), 120.5);
  cr_assert_eq(dbl("0e0"), 0.0);
  double nz = dbl("-0.0");
  cr_assert(nz == 0.0 && signbit(nz));
  cr_assert_eq(dbl("2.2250738585072014e-308"), DBL_MIN);
  cr_assert_eq(dbl("4.9406564584124654e-324"), 4.9406564584124654e-324);
  cr_assert_eq(dbl("1.7976931348623157e308"), DBL_MAX);
  cr_assert_eq(dbl("17976931348623157e292"), DBL_MAX);
  cr_assert_eq(dbl("1e-400"), 0.0); /* underflow is accepted */
  cr_assert_eq(dbl("9007199254740993.0"), 9007199254740992.0); /* ties to even */
  cr_assert_eq(dbl("0.1000000000000000055511151231257827021181583404541015625"), 0.1);
  cr_assert_eq(dbl("123456789012345678901234567890.0"), 123456789012345678901234567890.0);
  cr_assert_eq(dbl("0.000000000000000000000000000001e30"), 1.0);
  /* 1 followed by 1000 zeros then e-1000: needs the sticky-digit path */
  char big[1100];
  big[0] = '1';
  memset(big + 1, '0', 1000);
  strcpy(big + 1001, "e-1000");
  cr_assert_eq(dbl(big), 1.0);
  memset(big, '0', sizeof big);
  memcpy(big, "0.", 2);
  strcpy(big + 900, "1e899"); /* 0.(898 zeros)1 = 1e-899 */
  cr_assert_eq(dbl(big), 1.0);
  BAD("1e400", 1, 1, "number out of range");
  BAD("[-1e400]", 1, 2, "number out of range");
  BAD("1e99999999999999999999999", 1, 1, "number out of range");
}

Test(json_read, doubles_match_strtod) {
  /* Random doubles printed with 1..17 digits read back exactly as strtod
  ** (the test runs in the C locale) reads them. */
  srand(12345);
  for (int i = 0; i < 20000; i++) {
    uint64_t bits = 0;
    for (int k = 0; k < 4; k++) bits = (bits << 16) ^ (uint64_t)(rand() & 0xFFFF);
    double d;
    memcpy(&d, &bits, sizeof d);
    if (!isfinite(d)) continue;
    char t[64];
    int prec = 1 + i % 17;
    snprintf(t, sizeof t, "%.*e", prec, d);
    double want = strtod(t, NULL);
    if (!isfinite(want)) continue;
    cr_assert_eq(dbl(t), want, "%s", t);
    snprintf(t, sizeof t, "%.*f", prec % 6, (double)(rand() % 100000) / 7.0);
    cr_assert_eq(dbl(strchr(t, '.') ? t : "0.5") , strchr(t, '.') ? strtod(t, NULL) : 0.5, "%s", t);
  }
}

Test(json_read, numbers_are_locale_independent) {
  /* A host in a decimal-comma locale must not change how "1.5" reads. */
  if (!setlocale(LC_NUMERIC, "de_DE.UTF-8") && !setlocale(LC_NUMERIC, "de_DE.utf8") &&
      !setlocale(LC_NUMERIC, "fr_FR.UTF-8"))
    cr_skip_test("no decimal-comma locale installed");
  cr_assert_eq(dbl("1.5"), 1.5);
  cr_assert_eq(dbl("12345678901234567890.125"), 12345678901234567890.125);
  cr_assert_eq(dbl("2.5e-330"), strtod("25e-331", NULL));
  setlocale(LC_NUMERIC, "C");
}

Test(json_read, number_syntax_errors) {
  BAD("01", 1, 1, "leading zeros");
  BAD("-01", 1, 1, "leading zeros");
  BAD("[00]", 1, 2, "leading zeros");
  BAD("+1", 1, 1, "cannot start with '+'");
  BAD(".5", 1, 1, "digit before '.'");
  BAD("1.", 1, 3, "digit after '.'");
  BAD("1.e5", 1, 3, "digit after '.'");
  BAD("1e", 1, 3, "exponent");
  BAD("1e+", 1, 4, "exponent");
  BAD("-", 1, 2, "digit after '-'");
  BAD("- 1", 1, 2, "digit after '-'");
  BAD("NaN", 1, 1, "NaN and Infinity");
  BAD("Infinity", 1, 1, "NaN and Infinity");
  BAD("-Infinity", 1, 1, "NaN and Infinity");
  BAD("[1, NaN]", 1, 5, "NaN and Infinity");
  BAD("0x10", 1, 2, "unexpected text after");
  BAD("1.5.3", 1, 4, "unexpected text after");
}

Test(json_read, strings_and_escapes) {
  jparse j;
  wnd__value v = OK(&j, "\"a\\\"b\\\\c\\/d\\be\\ff\\ng\\rh\\ti\"");
  str_is(v, "a\"b\\c/d\be\ff\ng\rh\ti", 17);
  jparse_done(&j);
  v = OK(&j, "\"caf\\u00e9 \\u4E2D\"");
  str_is(v, "caf\xc3\xa9 \xe4\xb8\xad", 9);
  jparse_done(&j);
  v = OK(&j, "\"\\uD83D\\uDE00\"");  /* 😀 */
  str_is(v, "\xf0\x9f\x98\x80", 4);
  jparse_done(&j);
  v = OK(&j, "\"x\\ud83d\\ude00y\"");  /* lower-case hex */
  str_is(v, "x\xf0\x9f\x98\x80y", 6);
  jparse_done(&j);
  v = OK(&j, "\"\\uDBFF\\uDFFF\""); /* U+10FFFF */
  str_is(v, "\xf4\x8f\xbf\xbf", 4);
  jparse_done(&j);
  v = OK(&j, "\"示范餐饮有限公司 😀\"");
  str_is(v, "示范餐饮有限公司 😀", strlen("示范餐饮有限公司 😀"));
  jparse_done(&j);
  v = OK(&j, "\"\\u007f\x7f\"");
  str_is(v, "\x7f\x7f", 2);
  jparse_done(&j);
  /* long ASCII string (word-at-a-time scanning), with a quote at each offset */
  for (int len = 0; len < 40; len++) {
    char t[64];
    t[0] = '"';
    memset(t + 1, 'a', (size_t)len);
    t[len + 1] = '"';
    v = ok_n(&j, t, (size_t)len + 2);
    cr_assert_eq(v.n, (uint32_t)len);
    jparse_done(&j);
  }
}

Test(json_read, string_errors) {
  BAD("\"\\uD83D\"", 1, 2, "lone high surrogate");
  BAD("\"\\uD83Dx\"", 1, 2, "lone high surrogate");
  BAD("\"\\uD83D\\u0041\"", 1, 2, "lone high surrogate");
  BAD("\"ab\\uDE00\"", 1, 4, "lone low surrogate");
  BAD("\"\\u0000\"", 1, 2, "\\u0000");
  BAD("\"\\u12\"", 1, 2, "four hex digits");
  BAD("\"\\u12G4\"", 1, 2, "four hex digits");
  BAD("\"\\x41\"", 1, 2, "invalid escape '\\x'");
  BAD("\"\\'\"", 1, 2, "invalid escape");
  BAD("\"a\tb\"", 1, 3, "control character U+0009");
  BAD("\"a\nb\"", 1, 3, "control character U+000A");
  BAD("[\"a\", \"b", 1, 7, "unterminated string");
  BAD("\"abc\\", 1, 1, "unterminated string");
  BAD("\"\xc0\x80\"", 1, 2, "invalid UTF-8");           /* overlong NUL */
  BAD("\"\xed\xa0\x80\"", 1, 2, "invalid UTF-8");       /* encoded surrogate */
  BAD("\"\xf4\x90\x80\x80\"", 1, 2, "invalid UTF-8");   /* > U+10FFFF */
  BAD("\"\xe4\xb8\"", 1, 2, "invalid UTF-8");           /* truncated */
  BAD("\"中\xff\"", 1, 3, "invalid UTF-8");
  BAD("'single'", 1, 1, "single quotes");
  BAD("{'a': 1}", 1, 2, "single quotes");
  /* an embedded NUL byte is a raw control character */
  bad_n("\"a\0b\"", 5, WND_EINVALID, 1, 3, "control character U+0000");
}

Test(json_read, structure_errors_with_positions) {
  BAD("", 1, 1, "unexpected end of input");
  BAD("   \n  ", 2, 3, "unexpected end of input");
  BAD("[1, 2,]", 1, 6, "trailing comma");
  BAD("{\n  \"a\": 1,\n}", 2, 9, "trailing comma");
  BAD("{\"a\":1,}", 1, 7, "trailing comma");
  BAD("[,1]", 1, 2, "unexpected character ','");
  BAD("{,}", 1, 2, "object keys");
  BAD("[1 2]", 1, 4, "',' or ']'");
  BAD("{\"a\" 1}", 1, 6, "':'");
  BAD("{\"a\":}", 1, 6, "unexpected character '}'");
  BAD("{\"a\":1 \"b\":2}", 1, 8, "',' or '}'");
  BAD("{a: 1}", 1, 2, "object keys must be strings");
  BAD("{1: 1}", 1, 2, "object keys must be strings");
  BAD("[1] [2]", 1, 5, "unexpected text after");
  BAD("{\"a\":1}}", 1, 8, "unexpected text after");
  BAD("[", 1, 2, "unexpected end of input");
  BAD("[1", 1, 3, "unexpected end of input");
  BAD("{\"a\":1", 1, 7, "unexpected end of input");
  BAD("{\"a\"", 1, 5, "unexpected end of input");
  BAD("tru", 1, 1, "unexpected character 't'");
  BAD("nul", 1, 1, "unexpected character 'n'");
  BAD("True", 1, 1, "unexpected character 'T'");
  BAD("// c\n1", 1, 1, "comments are not allowed");
  BAD("/* c */ 1", 1, 1, "comments are not allowed");
  BAD("[1, /* c */ 2]", 1, 5, "comments are not allowed");
  BAD("1 // c", 1, 3, "comments are not allowed");
  BAD("{\"a\":1 /* c */}", 1, 8, "comments are not allowed");
  BAD("\xef\xbb\xbf{}", 1, 1, "byte order mark");
  BAD("\xc2\xa0 1", 1, 1, "U+00A0");       /* no-break space is not whitespace */
  BAD("\f1", 1, 1, "control character U+000C");
  BAD("\xff", 1, 1, "invalid UTF-8 byte 0xFF");
  /* columns count code points, lines count '\n' */
  BAD("{\"名称\": x}", 1, 8, "unexpected character 'x'");
  BAD("[\n\"中文\",\n\"é\",\n  @]", 4, 3, "'@'");
}

/* Narrow objects test a key against a 64-bit set of key hashes before
** comparing keys: a duplicate must be found whatever its position, for
** keys that share their first eight bytes or differ only in length, keys
** alike in the bytes the hash reads (the first two and the length),
** escaped keys, and keys at the very end of the text (fewer than eight
** bytes after them); and distinct keys must never be refused. */
Test(json_read, duplicate_keys_in_narrow_objects) {
  static const char *const keys[] = {"", "a", "ab", "abcdefg", "abcdefgh", "abcdefghi",
                                     "business_license", "business_scope", "\\u00e9",
                                     "\\u00e9\\u00e9", "id", "x", "y", "z", "q", "r",
                                     /* alike in their first and last two bytes and length */
                                     "abxcd", "abycd", "axb", "ayb"};
  enum { K = sizeof keys / sizeof keys[0] };
  char t[1024];
  for (int n = 1; n <= K; n++) {
    size_t m = 0;
    t[m++] = '{';
    for (int i = 0; i < n; i++) m += (size_t)sprintf(t + m, "%s\"%s\":%d", i ? "," : "", keys[i], i);
    t[m++] = '}';
    jparse j;
    cr_assert_eq(jparse_n(&j, t, m, NULL), WND_OK, "%.*s: %s", (int)m, t, j.err.msg);
    cr_assert_eq(j.v.n, (uint32_t)n);
    jparse_done(&j);
    for (int d = 0; d < n; d++)
      for (int at = 0; at <= n; at++) { /* a copy of keys[d] inserted before member `at` */
        size_t off[K + 1], second;
        m = 0;
        t[m++] = '{';
        for (int i = 0, src = 0; i <= n; i++) {
          const char *k = i == at ? keys[d] : keys[src++];
          if (i) t[m++] = ',';
          off[i] = m;
          m += (size_t)sprintf(t + m, "\"%s\":%d", k, i);
        }
        t[m++] = '}';
        second = at <= d ? off[d + 1] : off[at];
        cr_assert_eq(jparse_n(&j, t, m, NULL), WND_EINVALID, "%.*s", (int)m, t);
        cr_assert(strstr(j.err.msg, "duplicate key") != NULL, "%s", j.err.msg);
        cr_assert_eq(j.err.offset, second, "%.*s: offset %zu, want %zu", (int)m, t, j.err.offset,
                     second);
        jparse_done(&j);
      }
  }
  /* the last key of the text, with fewer than eight bytes after it */
  BAD("{\"ab\":1,\"ab\":2}", 1, 9, "duplicate key \"ab\"");
  BAD("{\"abcdefghij\":1,\"abcdefghij\":2}", 1, 17, "duplicate key");
  BAD("{\"a\":1,\"\\u0061\":2}", 1, 8, "duplicate key \"a\"");
  jparse j;
  cr_assert_eq(jparse_n(&j, S("{\"abcdefghij\":1,\"abcdefghik\":2}"), NULL), WND_OK);
  jparse_done(&j);
}

/* The reader writes the error only on failure, and then all of it: an
** error record full of garbage beforehand gives the same answer as a
** cleared one, and a success leaves the record as it was. */
static void *no_memory(void *ud, void *p, size_t n) {
  (void)ud;
  if (n == 0) free(p);
  return NULL;
}

/* Parses t into a cleared and a garbage-filled record (arenas on mem):
** both answers and both records must be the same.  Gives the answer. */
static int same_record(const char *t, const wnd__json_limits *lim, const wnd__mem *mem) {
  wnd__json_error clean, dirty;
  memset(&clean, 0, sizeof clean);
  memset(&dirty, 0xA5, sizeof dirty);
  wnd__arena a;
  wnd__arena_init(&a, mem, NULL, 0);
  wnd__value v;
  int rc1 = wnd__json_parse(&a, t, strlen(t), lim, &v, &clean);
  int rc2 = wnd__json_parse(&a, t, strlen(t), lim, &v, &dirty);
  wnd__arena_free(&a);
  cr_assert_eq(rc1, rc2, "%s", t);
  cr_assert_eq(clean.line, dirty.line, "%s", t);
  cr_assert_eq(clean.column, dirty.column, "%s", t);
  cr_assert_eq(clean.offset, dirty.offset, "%s", t);
  cr_assert_str_eq(clean.msg, dirty.msg, "%s", t);
  return rc1;
}

Test(json_read, error_record_written_whole_on_failure_only) {
  static const char *const bad[] = {"", "{\"a\":1,}", "[1,2", "{\"a\":\"\\u12\"}", "-", "\"\x01\""};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
    cr_assert_neq(same_record(bad[i], NULL, &wnd__mem_default), WND_OK, "%s", bad[i]);
  wnd__json_limits deep = {0, 2, 0};
  cr_assert_eq(same_record("[[[1]]]", &deep, &wnd__mem_default), WND_ELIMIT);
  /* out of memory (the copy of the text cannot be made): written whole too */
  static const wnd__mem none = {no_memory, NULL};
  cr_assert_eq(same_record("{\"a\":[1]}", NULL, &none), WND_ENOMEM);
  wnd__json_error e;
  memset(&e, 0xA5, sizeof e);
  wnd__arena a;
  wnd__arena_init(&a, &wnd__mem_default, NULL, 0);
  wnd__value v;
  cr_assert_eq(wnd__json_parse(&a, "{\"a\":[1]}", 9, NULL, &v, &e), WND_OK);
  wnd__arena_free(&a);
  unsigned char *b = (unsigned char *)&e;
  for (size_t i = 0; i < sizeof e; i++) cr_assert_eq(b[i], 0xA5, "byte %zu", i);
}

Test(json_read, duplicate_keys) {
  BAD("{\"a\":1,\"a\":2}", 1, 8, "duplicate key \"a\"");
  BAD("{\"a\":1,\"b\":{\"x\":1},\"a\":2}", 1, 20, "duplicate key");
  BAD("{\"k\":1,\"\\u006b\":2}", 1, 8, "duplicate key \"k\""); /* equal after unescaping */
  /* wide objects use the hash table: build 200 keys, then a duplicate */
  for (int wide = 10; wide <= 400; wide += 130) {
    char *t = malloc(16 * 1024);
    size_t n = 0;
    t[n++] = '{';
    for (int i = 0; i < wide; i++) n += (size_t)sprintf(t + n, "%s\"k%d\":%d", i ? "," : "", i, i);
    t[n++] = '}';
    jparse j;
    cr_assert_eq(jparse_n(&j, t, n, NULL), WND_OK);
    cr_assert_eq(j.v.n, (uint32_t)wide);
    for (int i = 0; i < wide; i++) {
      char key[16];
      int kl = sprintf(key, "k%d", i);
      const wnd__value *v = wnd__map_get_str(j.v, key, (uint32_t)kl);
      cr_assert(v && v->u.i == i);
    }
    jparse_done(&j);
    for (int dup = 0; dup < wide; dup += wide / 3 + 1) {
      size_t m = n - 1;
      m += (size_t)sprintf(t + m, ",\"k%d\":0}", dup);
      cr_assert_eq(jparse_n(&j, t, m, NULL), WND_EINVALID);
      cr_assert(strstr(j.err.msg, "duplicate key") != NULL, "%s", j.err.msg);
      cr_assert_eq(j.err.offset, n);
      jparse_done(&j);
    }
    free(t);
  }
}

/* Objects just past DUP_LINEAR (16) keys: the key bits decide alone until
** the first collision after the sixteenth key, which builds the table from
** every key before it; from then on every key must go into the table.  A
** duplicate of any key, placed before any member, must be found at its
** exact offset, whichever of those phases either copy falls in. */
Test(json_read, duplicate_keys_around_the_table) {
  static const int widths[] = {17, 18, 24, 33, 48, 70};
  char *t = malloc(4096);
  for (size_t w = 0; w < sizeof widths / sizeof widths[0]; w++) {
    int n = widths[w];
    for (int d = 0; d < n; d++)
      for (int at = 0; at <= n; at++) { /* a copy of key d inserted before member `at` */
        size_t m = 0, off[80], second;
        t[m++] = '{';
        for (int i = 0, src = 0; i <= n; i++) {
          int k = i == at ? d : src++;
          if (i) t[m++] = ',';
          off[i] = m;
          m += (size_t)sprintf(t + m, "\"key_%d\":%d", k, i);
        }
        t[m++] = '}';
        second = at <= d ? off[d + 1] : off[at];
        jparse j;
        cr_assert_eq(jparse_n(&j, t, m, NULL), WND_EINVALID, "%.*s", (int)m, t);
        cr_assert(strstr(j.err.msg, "duplicate key") != NULL, "%s", j.err.msg);
        cr_assert_eq(j.err.offset, second, "width %d, key %d before %d: offset %zu, want %zu", n,
                     d, at, j.err.offset, second);
        jparse_done(&j);
      }
  }
  free(t);
}

/* The reader keeps the innermost object's key-bit set apart from its frame
** and gives it back when a child closes: a duplicate must be found at
** every nesting level, after children of every kind have closed (objects,
** arrays, wide objects with their own table), written plain or escaped,
** and the same key in different objects is never a duplicate. */
static size_t nested_doc(char *t, int depth, int dup_level, const char *dup, int wide,
                         size_t *dup_at) {
  size_t m = 0;
  for (int l = 0; l < depth; l++) {
    m += (size_t)sprintf(t + m, "{\"a\":[{\"a\":%d}],", l);
    for (int i = 0; i < wide; i++) m += (size_t)sprintf(t + m, "\"w%d\":%d,", i, i);
    m += (size_t)sprintf(t + m, "\"n\":");
  }
  m += (size_t)sprintf(t + m, "{\"a\":0}");
  for (int l = depth - 1; l >= 0; l--) {
    if (l == dup_level) {
      *dup_at = m + 1;
      m += (size_t)sprintf(t + m, ",%s:1", dup);
    }
    m += (size_t)sprintf(t + m, ",\"z\":{}}");
  }
  return m;
}

Test(json_read, duplicate_keys_at_every_level) {
  static const char *const dups[] = {"\"a\"", "\"\\u0061\"", "\"n\"", "\"w3\"", "\"w\\u0033\"", "\"w19\""};
  char t[8192];
  for (int depth = 1; depth <= 5; depth++)
    for (int wide = 0; wide <= 20; wide += 20) {
      size_t at = 0;
      size_t m = nested_doc(t, depth, -1, "", wide, &at);
      jparse j;
      cr_assert_eq(jparse_n(&j, t, m, NULL), WND_OK, "%.*s: %s", (int)m, t, j.err.msg);
      jparse_done(&j);
      for (int level = 0; level < depth; level++)
        for (size_t d = 0; d < sizeof dups / sizeof dups[0]; d++) {
          if (!wide && dups[d][1] == 'w') continue;
          m = nested_doc(t, depth, level, dups[d], wide, &at);
          cr_assert_eq(jparse_n(&j, t, m, NULL), WND_EINVALID, "%.*s", (int)m, t);
          cr_assert(strstr(j.err.msg, "duplicate key") != NULL, "%s", j.err.msg);
          cr_assert_eq(j.err.offset, at, "%.*s: offset %zu, want %zu", (int)m, t, j.err.offset, at);
          jparse_done(&j);
        }
    }
}

Test(json_read, long_key_quoted_briefly) {
  char t[300];
  size_t n = 0;
  n += (size_t)sprintf(t, "{\"%s\":1,\"%s\":2}",
                       "这是一个很长的键名这是一个很长的键名这是一个很长的键名",
                       "这是一个很长的键名这是一个很长的键名这是一个很长的键名");
  jparse j;
  cr_assert_eq(jparse_n(&j, t, n, NULL), WND_EINVALID);
  /* the quotation is cut on a code point boundary: valid UTF-8 */
  size_t ml = strlen(j.err.msg);
  cr_assert_eq(wnd__utf8_check(j.err.msg, ml), ml);
  jparse_done(&j);
}

/* ---- limits ---------------------------------------------------------- */

static char *nested(int depth, size_t *n) {
  char *t = malloc((size_t)depth * 2 + 1);
  for (int i = 0; i < depth; i++) t[i] = '[';
  for (int i = 0; i < depth; i++) t[depth + i] = ']';
  *n = (size_t)depth * 2;
  return t;
}

Test(json_read, depth_limit_at_n_and_n_plus_1) {
  wnd__json_limits lim = {0, 5, 0};
  jparse j;
  cr_assert_eq(jparse_n(&j, S("[[[[[1]]]]]"), &lim), WND_OK);
  jparse_done(&j);
  cr_assert_eq(jparse_n(&j, S("[[[[[[1]]]]]]"), &lim), WND_ELIMIT);
  cr_assert_eq(j.err.column, 6);
  cr_assert(strstr(j.err.msg, "nesting deeper than 5") != NULL, "%s", j.err.msg);
  jparse_done(&j);
  cr_assert_eq(jparse_n(&j, S("{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{}}}}}}"), &lim), WND_ELIMIT);
  jparse_done(&j);
  cr_assert_eq(jparse_n(&j, S("{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":1}}}}}"), &lim), WND_OK);
  jparse_done(&j);
  /* default depth 32 */
  size_t n;
  char *t = nested(32, &n);
  cr_assert_eq(jparse_n(&j, t, n, NULL), WND_OK);
  jparse_done(&j);
  free(t);
  t = nested(33, &n);
  cr_assert_eq(jparse_n(&j, t, n, NULL), WND_ELIMIT);
  jparse_done(&j);
  free(t);
}

Test(json_read, very_deep_nesting_without_recursion) {
  /* 100000 levels with a permissive limit: no C-stack recursion. */
  wnd__json_limits lim = {0, 200000, 200000};
  size_t n;
  char *t = nested(100000, &n);
  jparse j;
  cr_assert_eq(jparse_n(&j, t, n, &lim), WND_OK);
  wnd__value v = j.v;
  int depth = 0;
  while (v.kind == WV_LIST && v.n == 1) {
    v = v.u.items[0];
    depth++;
  }
  cr_assert_eq(depth, 99999);
  jparse_done(&j);
  free(t);
}

Test(json_read, node_limit_at_n_and_n_plus_1) {
  wnd__json_limits lim = {0, 0, 4};
  jparse j;
  cr_assert_eq(jparse_n(&j, S("[1, 2, 3]"), &lim), WND_OK); /* 4 values */
  jparse_done(&j);
  cr_assert_eq(jparse_n(&j, S("[1, 2, 3, 4]"), &lim), WND_ELIMIT);
  cr_assert_eq(j.err.column, 11);
  cr_assert(strstr(j.err.msg, "more than 4 values") != NULL, "%s", j.err.msg);
  jparse_done(&j);
  cr_assert_eq(jparse_n(&j, S("{\"a\": 1, \"b\": [2]}"), &lim), WND_OK); /* keys do not count */
  jparse_done(&j);
  cr_assert_eq(jparse_n(&j, S("{\"a\": 1, \"b\": [2, 3]}"), &lim), WND_ELIMIT);
  jparse_done(&j);
}

Test(json_read, byte_limit_at_n_and_n_plus_1) {
  wnd__json_limits lim = {8, 0, 0};
  jparse j;
  cr_assert_eq(jparse_n(&j, S("[1,2,33]"), &lim), WND_OK);
  jparse_done(&j);
  cr_assert_eq(jparse_n(&j, S("[1,2,333]"), &lim), WND_ELIMIT);
  cr_assert_eq(j.err.line, 1);
  cr_assert_eq(j.err.column, 1);
  cr_assert(strstr(j.err.msg, "larger than the limit of 8") != NULL, "%s", j.err.msg);
  jparse_done(&j);
}

Test(json_read, wide_documents) {
  /* 50000-element array and 5000-key object: scratch moves to the heap */
  size_t cap = 50000 * 8 + 16, n = 0;
  char *t = malloc(cap);
  t[n++] = '[';
  for (int i = 0; i < 50000; i++) n += (size_t)sprintf(t + n, "%s%d", i ? "," : "", i);
  t[n++] = ']';
  jparse j;
  cr_assert_eq(jparse_n(&j, t, n, NULL), WND_OK);
  cr_assert_eq(j.v.n, 50000);
  cr_assert_eq(j.v.u.items[49999].u.i, 49999);
  jparse_done(&j);
  n = 0;
  t[n++] = '{';
  for (int i = 0; i < 5000; i++) n += (size_t)sprintf(t + n, "%s\"%d\":[%d]", i ? "," : "", i, i);
  t[n++] = '}';
  cr_assert_eq(jparse_n(&j, t, n, NULL), WND_OK);
  cr_assert_eq(j.v.n, 5000);
  cr_assert_eq(j.v.u.ents[4321].val.u.items[0].u.i, 4321);
  jparse_done(&j);
  free(t);
}

Test(json_read, submission_from_the_spec) {
  const char *t =
      "{\n"
      "  \"item\": \"3415000000-XK-0012-01\",\n"
      "  \"submitted_at\": \"2026-11-20T10:00:00+08:00\",\n"
      "  \"channel\": \"window\",\n"
      "  \"fast_track\": true,\n"
      "  \"applicant\": {\"kind\": \"organization\", \"name\": \"示范餐饮有限公司\", "
      "\"credit_code\": \"91341500MA2N0X1234\"},\n"
      "  \"data\": {\"category\": \"餐饮服务\", \"area_m2\": 120.5},\n"
      "  \"materials\": {\n"
      "    \"application_form\": {\"form\": \"original\", \"copies\": 1},\n"
      "    \"health_cert\": {\"form\": \"copy\", \"copies\": 3, \"valid_until\": \"2027-05-01\"}\n"
      "  }\n"
      "}\n";
  jparse j;
  cr_assert_eq(jparse_n(&j, t, strlen(t), NULL), WND_OK, "%s", j.err.msg);
  const wnd__value *data = wnd__map_get_str(j.v, "data", 4);
  cr_assert_not_null(data);
  const wnd__value *area = wnd__map_get_str(*data, "area_m2", 7);
  cr_assert(area && area->kind == WV_DOUBLE && area->u.d == 120.5);
  const wnd__value *mats = wnd__map_get_str(j.v, "materials", 9);
  const wnd__value *hc = wnd__map_get_str(*mats, "health_cert", 11);
  const wnd__value *copies = wnd__map_get_str(*hc, "copies", 6);
  cr_assert(copies && copies->kind == WV_INT && copies->u.i == 3);
  jparse_done(&j);
}

Test(json_read, null_error_pointer_and_inline_arena) {
  char buf[4096];
  wnd__arena a;
  wnd__arena_init(&a, &wnd__mem_default, buf, sizeof buf);
  wnd__value v;
  cr_assert_eq(wnd__json_parse(&a, S("{\"a\":[1,2,\"x\"]}"), NULL, &v, NULL), WND_OK);
  cr_assert_null(a.chunks); /* fitted in the caller's buffer */
  cr_assert_eq(wnd__json_parse(&a, S("[1,]"), NULL, &v, NULL), WND_EINVALID);
  cr_assert_eq(v.kind, WV_NULL);
  wnd__arena_free(&a);
}

/* A cheap mutation fuzz: damage a real submission byte by byte; every
** outcome must be OK / EINVALID / ELIMIT with a sane position, and an
** accepted document must survive write -> read -> write unchanged. */
Test(json_read, mutations_never_crash) {
  static const char base[] =
      "{\"item\":\"3415220000-XK-0012-01\",\"submitted_at\":\"2026-01-30T13:11:15+08:00\","
      "\"fast_track\":true,\"applicant\":{\"kind\":\"organization\",\"name\":\"示范县惠民商贸有限公司\","
      "\"credit_code\":\"91341522GK0H6NLN2Y\",\"dishonest\":false,\"n\":[1,-2.5e3,null]},"
      "\"data\":{\"category\":\"食品销售\",\"area_m2\":740.0,\"staff_count\":41,\"esc\":\"\\u00e9\\uD83D\\uDE00\\n\"}}";
  const char alphabet[] = "{}[]\",:\\ \n0123456789.eE+-tfnu\xe4\xb8\xad\xff\x01/'";
  char t[sizeof base];
  srand(4242);
  wnd__json_limits lim = {0, 4, 40};
  for (int iter = 0; iter < 30000; iter++) {
    memcpy(t, base, sizeof base);
    size_t n = sizeof base - 1;
    int edits = 1 + rand() % 3;
    for (int e = 0; e < edits && n > 0; e++) {
      size_t at = (size_t)rand() % n;
      int op = rand() % 3;
      if (op == 0) {
        t[at] = alphabet[(size_t)rand() % (sizeof alphabet - 1)];
      } else if (op == 1 && n > 1) {
        memmove(t + at, t + at + 1, n - at - 1);
        n--;
      } else {
        n = at; /* truncate */
      }
    }
    jparse j;
    int rc = jparse_n(&j, t, n, iter % 2 ? &lim : NULL);
    cr_assert(rc == WND_OK || rc == WND_EINVALID || rc == WND_ELIMIT, "rc %d", rc);
    if (rc != WND_OK) {
      cr_assert_leq(j.err.offset, n);
      cr_assert_geq(j.err.line, 1);
      cr_assert_geq(j.err.column, 1);
      cr_assert_neq(j.err.msg[0], '\0');
    } else {
      wnd__strbuf b1, b2;
      wnd__sb_init(&b1, &wnd__mem_default);
      wnd__sb_init(&b2, &wnd__mem_default);
      wnd__json_write(&b1, j.v);
      jparse k;
      cr_assert_eq(jparse_n(&k, b1.data, b1.len, NULL), WND_OK, "%s: %s", b1.data, k.err.msg);
      wnd__json_write(&b2, k.v);
      cr_assert_str_eq(b1.data, b2.data);
      jparse_done(&k);
      wnd__sb_free(&b1);
      wnd__sb_free(&b2);
    }
    jparse_done(&j);
  }
}

/* Closing containers take their children's slots from shared arena
** blocks (take_slots): containers of every width from 0 to 40, nested
** and side by side, small ones before and after wide ones, must each keep
** their own children.  The writer (document order) gives the text back. */
Test(json_read, containers_share_slot_blocks_without_overlap) {
  size_t cap = 1 << 20, k = 0;
  char *t = malloc(cap);
  cr_assert_not_null(t);
  t[k++] = '[';
  for (int w = 0; w <= 40; w++) {
    k += (size_t)snprintf(t + k, cap - k, "%s{\"w\":%d,\"l\":[", w ? "," : "", w);
    for (int i = 0; i < w; i++)
      k += (size_t)snprintf(t + k, cap - k, "%s[%d,{\"k%d\":\"s%d\"}]", i ? "," : "", i, i, w);
    k += (size_t)snprintf(t + k, cap - k, "],\"m\":{");
    for (int i = 0; i < w; i++)
      k += (size_t)snprintf(t + k, cap - k, "%s\"m%d\":[%d]", i ? "," : "", i, w - i);
    k += (size_t)snprintf(t + k, cap - k, "}}");
  }
  t[k++] = ']';
  jparse j;
  wnd__value v = ok_n(&j, t, k);
  wnd__strbuf b;
  wnd__sb_init(&b, &wnd__mem_default);
  wnd__json_write(&b, v);
  size_t n;
  char *out = wnd__sb_take(&b, &n);
  cr_assert_not_null(out);
  cr_assert(n == k && memcmp(out, t, k) == 0, "written back:\n%.*s", (int)(n < 400 ? n : 400),
            out);
  free(out);
  jparse_done(&j);
  free(t);
}

/* Decimals without an exponent and of at most 19 digits are read by one
** division in the reader itself: the same double as the general
** conversion (wnd__jnum_to_double) for every one of them, around 2^53,
** at 19 and 20 digits, with leading and trailing zeros and signs. */
static void dec_agrees(const char *t) {
  jparse j;
  size_t n = strlen(t);
  cr_assert_eq(jparse_n(&j, t, n, NULL), WND_OK, "%s: %s", t, j.err.msg);
  cr_assert_eq(j.v.kind, WV_DOUBLE, "%s", t);
  double want;
  cr_assert_eq(wnd__jnum_to_double(t, n, &want), 0, "%s", t);
  cr_assert(memcmp(&j.v.u.d, &want, sizeof want) == 0, "%s: %.17g, want %.17g", t, j.v.u.d, want);
  jparse_done(&j);
}

Test(json_read, short_decimals_as_the_general_conversion) {
  static const char *const fixed[] = {
      "0.0", "-0.0", "0.5", "-0.5", "911.4", "740.0", "0.35", "0.1", "0.000000000000000001",
      "0.0000000000000000001", "1.5000000000000000000", "9007199254740992.0",
      "9007199254740993.0", "9007199254740991.5", "900719925474099.25", "1234567890123456789.0",
      "123456789012345678.9", "12345678901234567.89", "1.234567890123456789",
      "9999999999999999999.0", "99999999999999999.99", "18446744073709551615.5",
      "0.9007199254740993", "4503599627370497.5", "-4503599627370497.5", "1e0", "1.5e1",
  };
  for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) dec_agrees(fixed[i]);
  srand(53);
  for (int k = 0; k < 200000; k++) {
    char t[64];
    size_t o = 0;
    if (rand() % 2) t[o++] = '-';
    int id = 1 + rand() % 20, fd = 1 + rand() % 21;
    t[o++] = (char)('1' + rand() % 9);
    if (rand() % 8 == 0) { /* a lone zero before the point */
      o--;
      t[o++] = '0';
      id = 1;
    }
    for (int i = 1; i < id; i++) t[o++] = (char)('0' + rand() % 10);
    t[o++] = '.';
    for (int i = 0; i < fd; i++) t[o++] = (char)('0' + (rand() % 3 ? rand() % 10 : 0));
    t[o] = 0;
    dec_agrees(t);
  }
}
