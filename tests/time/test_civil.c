/*
** test_civil.c — civil dates and RFC 3339 (lib/time/civil.h).
*/
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "time/civil.h"

#define S(lit) lit, sizeof(lit) - 1

static int64_t D(int y, int m, int d) { return wnd__days_from_civil(y, m, d); }

Test(civil, known_day_numbers) {
  cr_assert_eq(D(1970, 1, 1), 0);
  cr_assert_eq(D(1970, 1, 2), 1);
  cr_assert_eq(D(1969, 12, 31), -1);
  cr_assert_eq(D(2000, 3, 1), 11017);
  cr_assert_eq(D(1, 1, 1), WND_DAY_MIN);
  cr_assert_eq(D(9999, 12, 31), WND_DAY_MAX);
  cr_assert_eq(D(2026, 1, 1), 20454);
}

Test(civil, round_trip_every_day_0001_to_9999) {
  int64_t y = 1;
  int m = 1, d = 1;
  for (int64_t day = WND_DAY_MIN; day <= WND_DAY_MAX; day++) {
    int64_t yy;
    int mm, dd;
    wnd__civil_from_days(day, &yy, &mm, &dd);
    if (yy != y || mm != m || dd != d)
      cr_assert_fail("day %lld: got %lld-%d-%d want %lld-%d-%d", (long long)day,
               (long long)yy, mm, dd, (long long)y, m, d);
    if (wnd__days_from_civil(yy, mm, dd) != day) cr_assert_fail("inverse at %lld", (long long)day);
    /* advance the expected date by hand */
    if (++d > wnd__days_in_month(y, m)) {
      d = 1;
      if (++m > 12) {
        m = 1;
        y++;
      }
    }
  }
  cr_assert_eq(y, 10000);
}

Test(civil, boundaries_of_years_and_negative_years) {
  int64_t y;
  int m, d;
  wnd__civil_from_days(D(9999, 12, 31) + 1, &y, &m, &d);
  cr_assert(y == 10000 && m == 1 && d == 1);
  wnd__civil_from_days(D(1, 1, 1) - 1, &y, &m, &d);
  cr_assert(y == 0 && m == 12 && d == 31);
  cr_assert_eq(wnd__days_from_civil(-400, 3, 1) + 146097, wnd__days_from_civil(0, 3, 1));
  wnd__civil_from_days(wnd__days_from_civil(-4, 2, 29), &y, &m, &d); /* 5 BC, leap */
  cr_assert(y == -4 && m == 2 && d == 29);
  cr_assert(!wnd__valid_date(-1, 2, 29));
}

Test(civil, leap_years) {
  cr_assert(!wnd__is_leap(1900));
  cr_assert(wnd__is_leap(2000));
  cr_assert(wnd__is_leap(2024));
  cr_assert(!wnd__is_leap(2025));
  cr_assert(!wnd__is_leap(2100));
  cr_assert(!wnd__valid_date(1900, 2, 29));
  cr_assert(wnd__valid_date(2000, 2, 29));
  cr_assert(!wnd__valid_date(2025, 2, 29));
  cr_assert(!wnd__valid_date(2026, 2, 30));
  cr_assert(!wnd__valid_date(2026, 4, 31));
  cr_assert(!wnd__valid_date(2026, 13, 1));
  cr_assert(!wnd__valid_date(2026, 0, 1));
  cr_assert(!wnd__valid_date(2026, 1, 0));
  cr_assert(wnd__valid_date(2026, 12, 31));
  cr_assert_eq(D(2000, 3, 1) - D(2000, 2, 28), 2);
  cr_assert_eq(D(1900, 3, 1) - D(1900, 2, 28), 1);
}

Test(civil, weekdays) {
  cr_assert_eq(wnd__weekday(0), 4);               /* 1970-01-01 Thursday */
  cr_assert_eq(wnd__weekday(-1), 3);              /* Wednesday */
  cr_assert_eq(wnd__weekday(D(2000, 1, 1)), 6);   /* Saturday */
  cr_assert_eq(wnd__weekday(D(2025, 1, 24)), 5);  /* Friday */
  cr_assert_eq(wnd__weekday(D(2025, 1, 26)), 0);  /* Sunday (调休) */
  cr_assert_eq(wnd__weekday(D(2026, 2, 13)), 5);
  cr_assert_eq(wnd__weekday(D(2026, 6, 1)), 1);   /* Monday */
  cr_assert_eq(wnd__weekday(D(1, 1, 1)), 1);      /* proleptic Monday */
  cr_assert_eq(wnd__weekday(D(9999, 12, 31)), 5); /* Friday */
  cr_assert_eq(wnd__weekday(INT64_MIN), wnd__weekday(INT64_MIN + 7));
}

Test(civil, hostile_inputs_are_defined) {
  /* UBSan watches these: no overflow whatever the input. */
  int64_t y;
  int m, d;
  (void)wnd__days_from_civil(INT64_MAX, 12, 2147483647);
  (void)wnd__days_from_civil(INT64_MIN, -5, -2147483647 - 1);
  wnd__civil_from_days(INT64_MAX, &y, &m, &d);
  cr_assert(m >= 1 && m <= 12 && d >= 1 && d <= 31);
  wnd__civil_from_days(INT64_MIN, &y, &m, &d);
  cr_assert(m >= 1 && m <= 12 && d >= 1 && d <= 31);
  cr_assert(!wnd__valid_date(INT64_MAX, 1, 1));
  (void)wnd__local_day(INT64_MAX, WND_OFFSET_MAX);
  (void)wnd__local_day(INT64_MIN, -WND_OFFSET_MAX);
  (void)wnd__day_close(INT64_MAX, 0);
  char buf[WND_TS_BUFSZ];
  cr_assert_lt(wnd__ts_format(buf, INT64_MAX, 999999999, WND_OFFSET_MAX, false), sizeof buf);
  cr_assert_lt(wnd__ts_format(buf, INT64_MIN, -5, INT32_MIN, false), sizeof buf);
  cr_assert_eq(wnd__date_format(buf, INT64_MIN), 10);
  cr_assert_str_eq(buf, "0001-01-01");
}

Test(civil, local_day_with_offsets) {
  int64_t t = D(2026, 1, 1) * 86400 - 8 * 3600 + 30 * 60; /* 2026-01-01T00:30+08:00 */
  cr_assert_eq(wnd__local_day(t, 8 * 3600), D(2026, 1, 1));
  cr_assert_eq(wnd__local_day(t, 0), D(2025, 12, 31));
  cr_assert_eq(wnd__local_day(-1, 0), -1);
  cr_assert_eq(wnd__local_day(-86400, 0), -1);
  cr_assert_eq(wnd__local_day(-86401, 0), -2);
  cr_assert_eq(wnd__local_day(0, -1), -1);
  cr_assert_eq(wnd__day_start(D(2026, 1, 1), 28800), D(2026, 1, 1) * 86400 - 28800);
  cr_assert_eq(wnd__day_close(D(2026, 1, 1), 28800), D(2026, 1, 1) * 86400 - 28800 + 86399);
}

Test(civil, offset_parse) {
  int32_t o = 1;
  cr_assert_eq(wnd__offset_parse(S("Z"), &o), 0);
  cr_assert_eq(o, 0);
  cr_assert_eq(wnd__offset_parse(S("z"), &o), 0);
  cr_assert_eq(wnd__offset_parse(S("+08:00"), &o), 0);
  cr_assert_eq(o, 28800);
  cr_assert_eq(wnd__offset_parse(S("-05:30"), &o), 0);
  cr_assert_eq(o, -19800);
  cr_assert_eq(wnd__offset_parse(S("+18:00"), &o), 0);
  cr_assert_eq(o, 64800);
  cr_assert_eq(wnd__offset_parse(S("-00:00"), &o), 0);
  cr_assert_eq(o, 0);
  cr_assert_eq(wnd__offset_parse(S("+18:01"), &o), -1);
  cr_assert_eq(wnd__offset_parse(S("+19:00"), &o), -1);
  cr_assert_eq(wnd__offset_parse(S("+08:60"), &o), -1);
  cr_assert_eq(wnd__offset_parse(S("+0800"), &o), -1);
  cr_assert_eq(wnd__offset_parse(S("08:00"), &o), -1);
  cr_assert_eq(wnd__offset_parse(S("+8:00"), &o), -1);
  cr_assert_eq(wnd__offset_parse(S("UTC"), &o), -1);
  cr_assert_eq(wnd__offset_parse(S(""), &o), -1);
  cr_assert_eq(wnd__offset_parse(S("+08:0a"), &o), -1);
}

static wnd__tsparse P(const char *s, int32_t def, int want) {
  wnd__tsparse r;
  memset(&r, 0x55, sizeof r);
  int rc = wnd__ts_parse(s, strlen(s), def, &r);
  cr_assert_eq(rc, want, "ts_parse(\"%s\") = %d, want %d", s, rc, want);
  return r;
}

Test(civil, ts_parse_date_only) {
  wnd__tsparse r = P("2026-11-20", 28800, 0);
  cr_assert(r.date_only);
  cr_assert(!r.has_offset);
  cr_assert_eq(r.offset, 28800);
  cr_assert_eq(r.nsec, 0);
  /* start of the local day: 2026-11-19T16:00:00Z */
  cr_assert_eq(r.sec, D(2026, 11, 20) * 86400 - 28800);
  r = P("2026-11-20", 0, 0);
  cr_assert_eq(r.sec, D(2026, 11, 20) * 86400);
  r = P("2000-02-29", -18000, 0);
  cr_assert_eq(r.sec, D(2000, 2, 29) * 86400 + 18000);
}

Test(civil, ts_parse_rfc3339) {
  wnd__tsparse r = P("2026-11-20T10:00:00+08:00", 0, 0);
  cr_assert(!r.date_only);
  cr_assert(r.has_offset);
  cr_assert_eq(r.offset, 28800);
  cr_assert_eq(r.sec, D(2026, 11, 20) * 86400 + 2 * 3600);
  r = P("2026-11-20T02:00:00Z", 28800, 0);
  cr_assert_eq(r.sec, D(2026, 11, 20) * 86400 + 2 * 3600);
  cr_assert_eq(r.offset, 0);
  cr_assert(r.has_offset);
  r = P("2026-11-20t02:00:00z", 28800, 0);
  cr_assert_eq(r.sec, D(2026, 11, 20) * 86400 + 2 * 3600);
  r = P("2026-11-20 10:00:00", 28800, 0); /* no offset: default */
  cr_assert(!r.has_offset);
  cr_assert_eq(r.offset, 28800);
  cr_assert_eq(r.sec, D(2026, 11, 20) * 86400 + 2 * 3600);
  r = P("2026-11-20T10:00:00-05:30", 28800, 0);
  cr_assert_eq(r.sec, D(2026, 11, 20) * 86400 + 10 * 3600 + 19800);
  r = P("1969-12-31T23:59:59Z", 0, 0);
  cr_assert_eq(r.sec, -1);
}

Test(civil, ts_parse_fractions) {
  cr_assert_eq(P("2026-01-01T00:00:00.5Z", 0, 0).nsec, 500000000);
  cr_assert_eq(P("2026-01-01T00:00:00.123Z", 0, 0).nsec, 123000000);
  cr_assert_eq(P("2026-01-01T00:00:00.000001Z", 0, 0).nsec, 1000);
  cr_assert_eq(P("2026-01-01T00:00:00.123456789Z", 0, 0).nsec, 123456789);
  cr_assert_eq(P("2026-01-01T00:00:00.000000000Z", 0, 0).nsec, 0);
  cr_assert_eq(P("2026-01-01T00:00:00.25", 0, 0).nsec, 250000000);
  P("2026-01-01T00:00:00.1234567891Z", 0, -1); /* > 9 digits */
  P("2026-01-01T00:00:00.Z", 0, -1);
  P("2026-01-01T00:00:00.", 0, -1);
  P("2026-01-01T00:00:00,5Z", 0, -1);
}

/* Each of the fourteen digits of a date and a time in turn replaced by a
** byte just outside '0'..'9' or far from it (civil.c checks the eight of a
** date, and the six of a time, as one word): the text is rejected; put
** back, it parses again. */
Test(civil, ts_parse_each_digit) {
  static const char good[] = "2026-11-20T10:20:30Z";
  static const int pos[] = {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18};
  static const char bad[] = {'/', ':', ' ', 'a', '\0', (char)0xFA, (char)0xFF, (char)0x80};
  char s[sizeof good];
  wnd__tsparse r;
  for (size_t i = 0; i < sizeof pos / sizeof pos[0]; i++)
    for (size_t k = 0; k < sizeof bad; k++) {
      memcpy(s, good, sizeof good);
      s[pos[i]] = bad[k];
      cr_assert_eq(wnd__ts_parse(s, sizeof good - 1, 0, &r), -1, "byte %d = 0x%02x",
                   pos[i], (unsigned char)bad[k]);
      if (pos[i] < 10) /* the date alone too */
        cr_assert_eq(wnd__ts_parse(s, 10, 0, &r), -1, "date byte %d = 0x%02x", pos[i],
                     (unsigned char)bad[k]);
    }
  cr_assert_eq(wnd__ts_parse(good, sizeof good - 1, 0, &r), 0);
  cr_assert_eq(r.sec, D(2026, 11, 20) * 86400 + 10 * 3600 + 20 * 60 + 30);
  cr_assert_eq(wnd__ts_parse("0999-09-09T09:09:09Z", 20, 0, &r), 0);
  cr_assert_eq(r.sec, D(999, 9, 9) * 86400 + 9 * 3600 + 9 * 60 + 9);
  cr_assert_eq(wnd__ts_parse("1999-12-31T19:59:58Z", 20, 0, &r), 0);
  cr_assert_eq(r.sec, D(1999, 12, 31) * 86400 + 19 * 3600 + 59 * 60 + 58);
}

Test(civil, ts_parse_invalid) {
  P("2026-02-30", 0, -1);
  P("2026-02-29", 0, -1);
  P("1900-02-29", 0, -1);
  P("2026-13-01", 0, -1);
  P("2026-00-10", 0, -1);
  P("2026-01-00", 0, -1);
  P("0000-01-01", 0, -1);
  P("10000-01-01", 0, -1);
  P("2026-1-01", 0, -1);
  P("2026/01/01", 0, -1);
  P("26-01-01", 0, -1);
  P("2026-01-01T24:00:00Z", 0, -1);
  P("2026-01-01T23:60:00Z", 0, -1);
  P("2026-01-01T23:59:60Z", 0, -1);
  P("2026-01-01T10:00Z", 0, -1);
  P("2026-01-01T10:00:00+19:00", 0, -1);
  P("2026-01-01T10:00:00+08", 0, -1);
  P("2026-01-01T10:00:00+0800", 0, -1);
  P("2026-01-01T10:00:00 +08:00", 0, -1);
  P("2026-01-01T10:00:00Zjunk", 0, -1);
  P("2026-01-01X10:00:00Z", 0, -1);
  P("2026-01-01T", 0, -1);
  P("2026-01-01 ", 0, -1);
  P("２０２６-01-01", 0, -1);
  P("", 0, -1);
  P("2026-0a-01", 0, -1);
  P("+026-01-01", 0, -1);
  P("2026-01-01T10:00:00", 86400, -1); /* default offset out of range */
  /* CEL range: 0001-01-01T00:00:00Z is the first instant. */
  P("0001-01-01T00:00:00Z", 0, 0);
  P("0001-01-01T00:00:00+00:01", 0, -1);
  P("9999-12-31T23:59:59Z", 0, 0);
  P("9999-12-31T23:59:59-00:01", 0, -1);
  /* the length is honoured: no read past n */
  wnd__tsparse r;
  cr_assert_eq(wnd__ts_parse("2026-01-01T10:00:00Z", 10, 0, &r), 0);
  cr_assert(r.date_only);
  cr_assert_eq(wnd__ts_parse("2026-01-01T10:00:00Z", 9, 0, &r), -1);
}

static void F(int64_t sec, int32_t nsec, int32_t off, bool zulu, const char *want) {
  char buf[WND_TS_BUFSZ];
  size_t n = wnd__ts_format(buf, sec, nsec, off, zulu);
  cr_assert_str_eq(buf, want);
  cr_assert_eq(n, strlen(want));
}

Test(civil, ts_format) {
  int64_t t = D(2026, 11, 20) * 86400 + 2 * 3600; /* 10:00 +08:00 */
  F(t, 0, 28800, true, "2026-11-20T10:00:00+08:00");
  F(t, 0, 0, true, "2026-11-20T02:00:00Z");
  F(t, 0, 0, false, "2026-11-20T02:00:00+00:00");
  F(t, 0, -19800, true, "2026-11-19T20:30:00-05:30");
  F(t, 500000000, 0, true, "2026-11-20T02:00:00.500Z");
  F(t, 120000, 0, true, "2026-11-20T02:00:00.000120Z");
  F(t, 1, 0, true, "2026-11-20T02:00:00.000000001Z");
  F(t, 123456789, 0, true, "2026-11-20T02:00:00.123456789Z");
  F(0, 0, 0, true, "1970-01-01T00:00:00Z");
  F(-1, 0, 0, true, "1969-12-31T23:59:59Z");
  F(WND_TS_MIN_SEC, 0, 0, true, "0001-01-01T00:00:00Z");
  F(WND_TS_MAX_SEC, 999999999, 0, true, "9999-12-31T23:59:59.999999999Z");
  F(WND_TS_MAX_SEC + 1000, 0, 0, true, "9999-12-31T23:59:59Z"); /* clamped */
  F(WND_TS_MAX_SEC, 999999999, 64800, false, "10000-01-01T17:59:59.999999999+18:00");
  F(t, 0, 28800 + 59, true, "2026-11-20T10:00:00+08:00"); /* whole minutes */
}

Test(civil, ts_parse_format_round_trip) {
  const char *texts[] = {"2026-11-20T10:00:00+08:00", "2025-01-24T23:59:59.999+08:00",
                         "0001-01-01T08:00:00+08:00", "2000-02-29T12:34:56.000001-05:30",
                         "1999-12-31T23:59:59.123456789Z"};
  for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
    wnd__tsparse r;
    cr_assert_eq(wnd__ts_parse(texts[i], strlen(texts[i]), 0, &r), 0, "%s", texts[i]);
    char buf[WND_TS_BUFSZ];
    wnd__ts_format(buf, r.sec, r.nsec, r.offset, true);
    cr_assert_str_eq(buf, texts[i]);
  }
}

Test(civil, date_format) {
  char buf[11];
  cr_assert_eq(wnd__date_format(buf, D(2026, 2, 27)), 10);
  cr_assert_str_eq(buf, "2026-02-27");
  wnd__date_format(buf, 0);
  cr_assert_str_eq(buf, "1970-01-01");
  wnd__date_format(buf, D(1, 1, 1));
  cr_assert_str_eq(buf, "0001-01-01");
  wnd__date_format(buf, D(9999, 12, 31) + 5);
  cr_assert_str_eq(buf, "9999-12-31");
}

/* ---- the hand-written digits against snprintf -------------------------- */

/* The text the formatters promise, written with snprintf. */
static void ref_date(char *buf, size_t n, int64_t days) {
  int64_t y;
  int m, d;
  wnd__civil_from_days(days, &y, &m, &d);
  if (y < 0) y = 0;
  if (y > 10000) y = 10000;
  snprintf(buf, n, "%04d-%02d-%02d", (int)y, m, d);
}

Test(civil, date_format_matches_snprintf_on_every_day) {
  char got[16], want[16];
  for (int64_t day = WND_DAY_MIN - 400; day <= WND_DAY_MAX + 400; day++) {
    int64_t c = day < WND_DAY_MIN ? WND_DAY_MIN : day > WND_DAY_MAX ? WND_DAY_MAX : day;
    ref_date(want, sizeof want, c);
    cr_assert_eq(wnd__date_format(got, day), strlen(want));
    cr_assert_str_eq(got, want, "day %lld", (long long)day);
  }
}

/* The date of a year and day index, as a calendar gives them, against the
** date of the day number, for every day of 0001..9999. */
Test(civil, date_format_yd_matches_date_format_on_every_day) {
  char got[16], want[16];
  for (int y = 1; y <= 9999; y++) {
    bool leap = wnd__is_leap(y);
    int64_t first = wnd__days_from_civil(y, 1, 1);
    for (unsigned i = 0; i < (leap ? 366u : 365u); i++) {
      wnd__date_format(want, first + i);
      cr_assert_eq(wnd__date_format_yd(got, y, i, leap), 10);
      if (strcmp(got, want)) cr_assert_fail("%d day %u: %s, not %s", y, i, got, want);
    }
  }
}

/* An instant's text from its local date (year and day index) and time of
** day, as deadlines.c writes an instant deadline, against ts_format, over
** the whole range and in whole-minute offsets up to +-18h. */
Test(civil, ts_format_yd_matches_ts_format) {
  static const int32_t offsets[] = {0, 28800, -18000, 19800, -34200, 64800, -64800, 20700, 60};
  char got[WND_TS_BUFSZ], want[WND_TS_BUFSZ];
  uint64_t seed = 7;
  for (int i = 0; i < 400000; i++) {
    seed = seed * 6364136223846793005u + 1442695040888963407u;
    int64_t span = WND_TS_MAX_SEC - WND_TS_MIN_SEC + 1;
    int64_t sec = WND_TS_MIN_SEC + (int64_t)((seed >> 11) % (uint64_t)span);
    if (i < 4000) sec = (i & 1 ? WND_TS_MAX_SEC : WND_TS_MIN_SEC) + (i & 1 ? -1 : 1) * (i / 2) * 37;
    int32_t off = offsets[i % (int)(sizeof offsets / sizeof offsets[0])];
    int64_t day = wnd__local_day(sec, off);
    int64_t y;
    int m, d;
    wnd__civil_from_days(day, &y, &m, &d);
    if (y < 1 || y > 9999) continue; /* a calendar holds 0001..9999 */
    int64_t first = wnd__days_from_civil(y, 1, 1);
    int tod = (int)(sec + off - day * 86400);
    size_t n = wnd__ts_format_yd(got, (int)y, (unsigned)(day - first), wnd__is_leap(y), tod, off);
    cr_assert_eq(n, wnd__ts_format(want, sec, 0, off, false));
    if (strcmp(got, want)) cr_assert_fail("sec %lld offset %d: %s, not %s", (long long)sec, off, got, want);
  }
}

Test(civil, ts_format_matches_snprintf_over_instants_and_offsets) {
  static const int32_t offsets[] = {0, 28800, -18000, 19800, -34200, 64800, -64800, 3600 * 5 + 45 * 60};
  char got[WND_TS_BUFSZ], want[64], date[16];
  uint64_t seed = 42;
  for (int i = 0; i < 400000; i++) {
    seed = seed * 6364136223846793005u + 1442695040888963407u;
    int64_t span = WND_TS_MAX_SEC - WND_TS_MIN_SEC + 1;
    int64_t sec = WND_TS_MIN_SEC + (int64_t)((seed >> 11) % (uint64_t)span);
    if (i < 2000) sec = (i & 1 ? WND_TS_MAX_SEC : WND_TS_MIN_SEC) + (i & 1 ? -1 : 1) * (i / 2);
    int32_t off = offsets[i % (int)(sizeof offsets / sizeof offsets[0])];
    int64_t local = sec + off;
    int64_t day = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
    int tod = (int)(local - day * 86400);
    ref_date(date, sizeof date, day);
    int32_t a = off < 0 ? -off : off;
    snprintf(want, sizeof want, "%sT%02d:%02d:%02d%c%02d:%02d", date, tod / 3600, tod / 60 % 60,
             tod % 60, off < 0 ? '-' : '+', a / 3600, a / 60 % 60);
    cr_assert_eq(wnd__ts_format(got, sec, 0, off, false), strlen(want));
    cr_assert_str_eq(got, want, "sec %lld offset %d", (long long)sec, off);
  }
}

/* ---- fast paths against the previous implementations ------------------ */

/* The era-based wnd__civil_from_days as it was before the 32-bit fast
** path (Hinnant), kept verbatim as the reference. */
static void ref_civil_from_days(int64_t days, int64_t *y, int *m, int *d) {
  const int64_t max_days = INT64_C(1000000000000) * 366;
  int64_t z = (days < -max_days ? -max_days : days > max_days ? max_days : days) + 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = yoe + era * 400 + (*m <= 2);
}

/* wnd__days_from_civil as it was before its 32-bit fast path. */
static int64_t ref_days_from_civil(int64_t y, int m, int d) {
  const int64_t max_year = INT64_C(1000000000000);
  y = y < -max_year ? -max_year : y > max_year ? max_year : y;
  int64_t mm = m < 1 ? 1 : m > 12 ? 12 : m;
  y -= mm <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (mm > 2 ? mm - 3 : mm + 9) + 2) / 5 + (int64_t)d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

/* The fast path's window (years -4799 .. 11199, days 1..31) and a margin
** on every side of it: months and days out of range too, against the
** reference. */
Test(civil, days_from_civil_matches_reference) {
  for (int64_t y = -4803; y <= 11203; y++)
    for (int m = -1; m <= 14; m++)
      for (int d = -2; d <= 34; d++)
        if (wnd__days_from_civil(y, m, d) != ref_days_from_civil(y, m, d))
          cr_assert_fail("%lld-%d-%d", (long long)y, m, d);
  const int64_t far[] = {INT64_MIN, -INT64_C(1000000000001), -100000, 100000,
                         INT64_C(1000000000001), INT64_MAX};
  for (size_t i = 0; i < sizeof far / sizeof far[0]; i++)
    cr_assert_eq(wnd__days_from_civil(far[i], 3, 1), ref_days_from_civil(far[i], 3, 1));
  cr_assert_eq(wnd__days_from_civil(2000, 2, 2147483647),
               ref_days_from_civil(2000, 2, 2147483647));
}

/* The out-of-line wnd__local_day as it was before it became inline. */
static int64_t ref_floordiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b) < 0) q--;
  return q;
}
static int64_t ref_local_day(int64_t sec, int32_t offset) {
  int64_t day = ref_floordiv(sec, 86400);
  int64_t rem = sec % 86400;
  if (rem < 0) rem += 86400;
  return day + ref_floordiv(rem + offset, 86400);
}

static void check_day(int64_t day) {
  int64_t y, ry;
  int m, d, rm, rd;
  wnd__civil_from_days(day, &y, &m, &d);
  ref_civil_from_days(day, &ry, &rm, &rd);
  if (y != ry || m != rm || d != rd)
    cr_assert_fail("day %lld: %lld-%d-%d, reference %lld-%d-%d", (long long)day, (long long)y, m,
             d, (long long)ry, rm, rd);
}

/* Every day of the fast path's window (years -4800 .. 11200, which holds
** 0001..9999 and the 0000-12-31 / 10000-01-01 an offset reaches) and a
** margin on both sides of it, against the reference; and the round trip
** through wnd__days_from_civil. */
Test(civil, civil_from_days_matches_reference_every_day) {
  int64_t lo = wnd__days_from_civil(-4801, 1, 1), hi = wnd__days_from_civil(11201, 12, 31);
  for (int64_t day = lo; day <= hi; day++) {
    check_day(day);
    int64_t y;
    int m, d;
    wnd__civil_from_days(day, &y, &m, &d);
    if (wnd__days_from_civil(y, m, d) != day) cr_assert_fail("round trip of day %lld", (long long)day);
  }
}

/* Far outside the window (the era-based path) and at the clamps. */
Test(civil, civil_from_days_matches_reference_at_clamps) {
  const int64_t max_days = INT64_C(1000000000000) * 366;
  const int64_t edges[] = {INT64_MIN, INT64_MIN + 1, -max_days - 1, -max_days, -max_days + 1,
                           -INT64_C(146097) * 1000, -INT64_C(4294967296), -INT64_C(2147483648),
                           WND_DAY_MIN - 1, WND_DAY_MIN, WND_DAY_MAX, WND_DAY_MAX + 1,
                           INT64_C(2147483647), INT64_C(4294967296), INT64_C(146097) * 1000,
                           max_days - 1, max_days, max_days + 1, INT64_MAX - 1, INT64_MAX};
  for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++)
    for (int64_t k = -3; k <= 3; k++) {
      int64_t day = edges[i];
      if ((k < 0 && day < INT64_MIN - k) || (k > 0 && day > INT64_MAX - k)) continue;
      check_day(day + k);
    }
  /* Years 1 and 9999 round-trip at their clamps too. */
  cr_assert_eq(wnd__days_from_civil(1, 1, 1), WND_DAY_MIN);
  cr_assert_eq(wnd__days_from_civil(9999, 12, 31), WND_DAY_MAX);
}

/* The inline wnd__local_day against the old one: instants around day
** boundaries, across the whole range and at the int64 ends, in offsets
** from the int32 ends through +-18h to zero. */
Test(civil, local_day_matches_reference) {
  const int32_t offsets[] = {INT32_MIN, INT32_MIN + 1, -86401, -86400, -86399, -WND_OFFSET_MAX,
                             -28800, -1, 0, 1, 28800, 19800, WND_OFFSET_MAX, 86399, 86400,
                             86401, INT32_MAX - 1, INT32_MAX};
  const int64_t bases[] = {INT64_MIN, INT64_MIN + 1, WND_TS_MIN_SEC, -86400 * INT64_C(3), 0,
                           INT64_C(1767196800), WND_TS_MAX_SEC, INT64_C(1) << 62,
                           -(INT64_C(1) << 62), INT64_MAX - 1, INT64_MAX};
  for (size_t o = 0; o < sizeof offsets / sizeof offsets[0]; o++)
    for (size_t b = 0; b < sizeof bases / sizeof bases[0]; b++)
      for (int64_t k = -90000; k <= 90000; k += 7) {
        int64_t base = bases[b];
        if ((k < 0 && base < INT64_MIN - k) || (k > 0 && base > INT64_MAX - k)) continue;
        int64_t sec = base + k;
        if (wnd__local_day(sec, offsets[o]) != ref_local_day(sec, offsets[o]))
          cr_assert_fail("local_day(%lld, %d)", (long long)sec, (int)offsets[o]);
      }
}

/* The deadline texts are written straight into blocks of their longest
** length (lib/engine/deadlines.c): a date is 10 bytes whatever the day
** (clamped), an instant without fraction and with an offset at most 26. */
Test(civil, deadline_text_lengths_are_bounded) {
  char buf[WND_TS_BUFSZ + 8];
  const int64_t days[] = {INT64_MIN, WND_DAY_MIN - 1, WND_DAY_MIN, 0, WND_DAY_MAX, WND_DAY_MAX + 1,
                          INT64_MAX};
  for (size_t i = 0; i < sizeof days / sizeof days[0]; i++)
    cr_assert_eq(wnd__date_format(buf, days[i]), 10);
  const int64_t secs[] = {INT64_MIN, WND_TS_MIN_SEC, 0, WND_TS_MAX_SEC, INT64_MAX};
  const int32_t offs[] = {INT32_MIN, -WND_OFFSET_MAX, 0, WND_OFFSET_MAX, INT32_MAX};
  size_t longest = 0;
  for (size_t i = 0; i < sizeof secs / sizeof secs[0]; i++)
    for (size_t k = 0; k < sizeof offs / sizeof offs[0]; k++) {
      size_t n = wnd__ts_format(buf, secs[i], 0, offs[k], false);
      cr_assert_leq(n, 26);
      cr_assert_eq(strlen(buf), n);
      if (n > longest) longest = n;
    }
  cr_assert_eq(longest, 26); /* 10000-01-01T…+18:00 */
}

/* The inline wnd__day_start / wnd__day_close against the out-of-line ones
** they replaced: days and offsets at and around their clamps. */
static int64_t ref_day_start(int64_t day, int32_t offset) {
  const int64_t max_days = INT64_MAX / 86400 - 2;
  int64_t off = offset < -WND_OFFSET_MAX ? -WND_OFFSET_MAX : offset > WND_OFFSET_MAX ? WND_OFFSET_MAX : offset;
  int64_t d = day < -max_days ? -max_days : day > max_days ? max_days : day;
  return d * 86400 - off;
}

Test(civil, day_start_and_close_match_reference) {
  const int64_t max_days = INT64_MAX / 86400 - 2;
  const int64_t days[] = {INT64_MIN, -max_days - 1, -max_days, -max_days + 1, WND_DAY_MIN, -1, 0,
                          1, WND_DAY_MAX, max_days - 1, max_days, max_days + 1, INT64_MAX};
  const int32_t offs[] = {INT32_MIN, -WND_OFFSET_MAX - 1, -WND_OFFSET_MAX, -1, 0, 1, 28800,
                          WND_OFFSET_MAX, WND_OFFSET_MAX + 1, INT32_MAX};
  for (size_t i = 0; i < sizeof days / sizeof days[0]; i++)
    for (size_t k = 0; k < sizeof offs / sizeof offs[0]; k++) {
      cr_assert_eq(wnd__day_start(days[i], offs[k]), ref_day_start(days[i], offs[k]));
      cr_assert_eq(wnd__day_close(days[i], offs[k]), ref_day_start(days[i], offs[k]) + 86399);
    }
}
