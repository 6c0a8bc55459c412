/*
** test_span.c — rule-file durations (lib/time/span.h).
*/
#include <criterion/criterion.h>
#include <string.h>

#include "time/span.h"

static void ok(const char *s, int64_t n, wnd__unit u) {
  wnd__span sp = {-1, WND_U_MINUTES};
  size_t off = 999;
  int rc = wnd__span_parse(s, strlen(s), &sp, &off);
  cr_assert_eq(rc, 0, "\"%s\" rejected at %zu", s, off);
  cr_assert_eq(sp.n, n, "\"%s\": n = %lld", s, (long long)sp.n);
  cr_assert_eq(sp.unit, u, "\"%s\": unit = %d", s, (int)sp.unit);
}

static void bad(const char *s, size_t want_off) {
  wnd__span sp;
  size_t off = 999;
  int rc = wnd__span_parse(s, strlen(s), &sp, &off);
  cr_assert_eq(rc, -1, "\"%s\" accepted", s);
  cr_assert_eq(off, want_off, "\"%s\": error at %zu, want %zu", s, off, want_off);
}

Test(span, workdays) {
  ok("10个工作日", 10, WND_U_WORKDAYS);
  ok("10 个工作日", 10, WND_U_WORKDAYS);
  ok("10 工作日", 10, WND_U_WORKDAYS);
  ok("10工作日", 10, WND_U_WORKDAYS);
  ok("20 workdays", 20, WND_U_WORKDAYS);
  ok("20workdays", 20, WND_U_WORKDAYS);
  ok("1 workday", 1, WND_U_WORKDAYS);
  ok("5 workdays", 5, WND_U_WORKDAYS);
}

Test(span, natural_days) {
  ok("7 days", 7, WND_U_DAYS);
  ok("1 day", 1, WND_U_DAYS);
  ok("7日", 7, WND_U_DAYS);
  ok("7天", 7, WND_U_DAYS);
  ok("7 天", 7, WND_U_DAYS);
  ok("7个自然日", 7, WND_U_DAYS);
  ok("7自然日", 7, WND_U_DAYS);
  ok("30 days", 30, WND_U_DAYS);
}

Test(span, hours_and_minutes) {
  ok("2 hours", 2, WND_U_HOURS);
  ok("1 hour", 1, WND_U_HOURS);
  ok("2小时", 2, WND_U_HOURS);
  ok("2个小时", 2, WND_U_HOURS);
  ok("20 minutes", 20, WND_U_MINUTES);
  ok("1 minute", 1, WND_U_MINUTES);
  ok("20分钟", 20, WND_U_MINUTES);
  ok("20\t分钟", 20, WND_U_MINUTES);
}

Test(span, zero_and_blanks) {
  ok("0", 0, WND_U_DAYS);
  ok("0 days", 0, WND_U_DAYS);
  ok("0 workdays", 0, WND_U_WORKDAYS);
  ok("0个工作日", 0, WND_U_WORKDAYS);
  ok("  5 days  ", 5, WND_U_DAYS);
  ok(" 0 ", 0, WND_U_DAYS);
  ok("007 days", 7, WND_U_DAYS);
  ok("100000 minutes", 100000, WND_U_MINUTES);
}

Test(span, invalid_with_offsets) {
  bad("", 0);
  bad("   ", 3);
  bad("-5 days", 0);
  bad("+5 days", 0);
  bad("days", 0);
  bad("five days", 0);
  bad("5", 1);             /* unit missing */
  bad("5 ", 1);            /* trailing blank trimmed: still missing */
  bad("1.5 days", 1);
  bad("5 weeks", 2);
  bad("5 Days", 2);        /* English units are lower case */
  bad("5 day later", 5);   /* stray text after a known unit */
  bad("5 days!", 6);
  bad("5 个星期", 2);     /* weeks are not a unit; months are since SPEC 0.2 */
  bad("100001 days", 5);   /* past the limit: at the digit that crosses it */
  bad("99999999999999999999999 days", 5);
  bad("5 工作日s", 11);    /* 5 + blank + 9 bytes of 工作日 */
  bad("5\xe5\xb7", 1);     /* broken UTF-8 unit */
}

static wnd__span sp(int64_t n, wnd__unit u) {
  wnd__span s = {n, u};
  return s;
}

Test(span, compare) {
  cr_assert_eq(wnd__span_cmp(sp(10, WND_U_WORKDAYS), sp(20, WND_U_WORKDAYS)), -1);
  cr_assert_eq(wnd__span_cmp(sp(20, WND_U_WORKDAYS), sp(20, WND_U_WORKDAYS)), 0);
  cr_assert_eq(wnd__span_cmp(sp(21, WND_U_WORKDAYS), sp(20, WND_U_WORKDAYS)), 1);
  cr_assert_eq(wnd__span_cmp(sp(1, WND_U_DAYS), sp(24, WND_U_HOURS)), 0);
  cr_assert_eq(wnd__span_cmp(sp(1, WND_U_DAYS), sp(1441, WND_U_MINUTES)), -1);
  cr_assert_eq(wnd__span_cmp(sp(2, WND_U_HOURS), sp(119, WND_U_MINUTES)), 1);
  cr_assert_eq(wnd__span_cmp(sp(5, WND_U_WORKDAYS), sp(7, WND_U_DAYS)), 2);
  cr_assert_eq(wnd__span_cmp(sp(7, WND_U_DAYS), sp(5, WND_U_WORKDAYS)), 2);
  cr_assert_eq(wnd__span_cmp(sp(20, WND_U_MINUTES), sp(1, WND_U_WORKDAYS)), 2);
  /* zero (immediate) compares with anything */
  cr_assert_eq(wnd__span_cmp(sp(0, WND_U_DAYS), sp(20, WND_U_WORKDAYS)), -1);
  cr_assert_eq(wnd__span_cmp(sp(3, WND_U_WORKDAYS), sp(0, WND_U_DAYS)), 1);
  cr_assert_eq(wnd__span_cmp(sp(0, WND_U_MINUTES), sp(0, WND_U_WORKDAYS)), 0);
  /* spans built in code may be huge: saturating, no overflow */
  cr_assert_eq(wnd__span_cmp(sp(INT64_MAX, WND_U_DAYS), sp(INT64_MAX, WND_U_MINUTES)), 0);
  cr_assert_eq(wnd__span_cmp(sp(INT64_MAX / 1440, WND_U_DAYS), sp(INT64_MAX, WND_U_MINUTES)), -1);
}

Test(span, format) {
  char buf[32];
  wnd__span_format(buf, sp(5, WND_U_WORKDAYS));
  cr_assert_str_eq(buf, "5 workdays");
  wnd__span_format(buf, sp(1, WND_U_DAYS));
  cr_assert_str_eq(buf, "1 day");
  wnd__span_format(buf, sp(0, WND_U_DAYS));
  cr_assert_str_eq(buf, "0 days");
  wnd__span_format(buf, sp(20, WND_U_MINUTES));
  cr_assert_str_eq(buf, "20 minutes");
  /* the canonical text parses back */
  wnd__span back;
  cr_assert_eq(wnd__span_parse(buf, strlen(buf), &back, NULL), 0);
  cr_assert(back.n == 20 && back.unit == WND_U_MINUTES);
}

/* SPEC 0.2 §2.1: statutes count in months (e.g. 三个月). */
Test(span, months) {
  ok("3个月", 3, WND_U_MONTHS);
  ok("3 个月", 3, WND_U_MONTHS);
  ok("6月", 6, WND_U_MONTHS);
  ok("1 month", 1, WND_U_MONTHS);
  ok("12 months", 12, WND_U_MONTHS);
  cr_assert_eq(wnd__span_cmp((wnd__span){3, WND_U_MONTHS}, (wnd__span){60, WND_U_DAYS}), 1);
  cr_assert_eq(wnd__span_cmp((wnd__span){60, WND_U_DAYS}, (wnd__span){3, WND_U_MONTHS}), -1);
  cr_assert_eq(wnd__span_cmp((wnd__span){1, WND_U_MONTHS}, (wnd__span){30, WND_U_DAYS}), 2,
               "28 to 31 days: not comparable");
  cr_assert_eq(wnd__span_cmp((wnd__span){2, WND_U_MONTHS}, (wnd__span){3, WND_U_MONTHS}), -1);
  cr_assert_eq(wnd__span_cmp((wnd__span){1, WND_U_MONTHS}, (wnd__span){5, WND_U_WORKDAYS}), 2);
  char buf[32];
  wnd__span_format(buf, (wnd__span){3, WND_U_MONTHS});
  cr_assert_str_eq(buf, "3 months");
}
