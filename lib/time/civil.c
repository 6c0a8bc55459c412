/*
** civil.c — civil dates and RFC 3339 (see civil.h).
**
** The day-number conversions are Howard Hinnant's era-based algorithms
** (public-domain description "chrono-Compatible Low-Level Date
** Algorithms"): exact for the proleptic Gregorian calendar, branch-light,
** and correct for negative years because every division is done on
** non-negative operands.
*/
#include "civil.h"

#include <string.h>

/* Clamp bounds that keep every product below in int64 range. */
#define MAX_DAYS (WND_CIVIL_MAX_YEAR * 366)

static int64_t clamp64(int64_t v, int64_t lo, int64_t hi) {
  return v < lo ? lo : v > hi ? hi : v;
}

bool wnd__is_leap(int64_t y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int wnd__days_in_month(int64_t y, int m) {
  static const unsigned char dim[12] = {31, 28, 31, 30, 31, 30,
                                        31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12) return 0;
  if (m == 2 && wnd__is_leap(y)) return 29;
  return dim[m - 1];
}

bool wnd__valid_date(int64_t y, int m, int d) {
  if (y < -WND_CIVIL_MAX_YEAR || y > WND_CIVIL_MAX_YEAR) return false;
  return d >= 1 && d <= wnd__days_in_month(y, m);
}

/* Hinnant's era-based form, for any date (civil.h has the fast path). */
int64_t wnd__days_from_civil_era(int64_t y, int m, int d) {
  int64_t mm = clamp64(m, 1, 12);
  y = clamp64(y, -WND_CIVIL_MAX_YEAR, WND_CIVIL_MAX_YEAR);
  y -= mm <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;                               /* [0, 399] */
  int64_t doy = (153 * (mm > 2 ? mm - 3 : mm + 9) + 2) / 5 + (int64_t)d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

/* The era-based inverse, for any day number (the fast path below covers
** only a window of years around the supported range). */
static void civil_from_days_era(int64_t days, int64_t *y, int *m, int *d) {
  int64_t z = clamp64(days, -MAX_DAYS, MAX_DAYS) + 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;                            /* [0, 146096] */
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);     /* [0, 365] */
  int64_t mp = (5 * doy + 2) / 153;                          /* [0, 11] */
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = yoe + era * 400 + (*m <= 2);
}

/*
** Fast path (after Neri and Schneider, "Euclidean affine functions and their
** application to calendar algorithms"): count days from a March 1st far
** enough back that every day of the window is non-negative, so that all the
** arithmetic is unsigned 32-bit, where the compiler turns each division by
** a constant into a multiplication and a shift (no sign fix-ups, no 64-bit
** divisions).  FAST_ERAS 400-year eras back from 0000-03-01 is -4800-03-01;
** the window is FAST_SPAN days from there, years -4800 .. 11200, which holds
** 0001..9999 and the 0000-12-31 / 10000-01-01 that an offset can reach.
** tests/time/test_civil.c checks every day of the window against the
** era-based algorithm.
*/
#define FAST_ERAS 12
#define FAST_SHIFT (INT64_C(719468) + INT64_C(146097) * FAST_ERAS)
#define FAST_SPAN (UINT64_C(146097) * 40)

/* The year and the day from March 1st (0 .. 365) of a day of the window,
** given as days + FAST_SHIFT. */
static inline int64_t march_year(uint32_t shifted, uint32_t *doy) {
  uint32_t n1 = 4 * shifted + 3;                    /* < 2^25: no overflow */
  uint32_t century = n1 / 146097;                   /* since -4800-03-01 */
  uint32_t n2 = n1 % 146097 / 4 * 4 + 3;            /* 4 * day of century + 3 */
  uint32_t yoc = n2 / 1461;                         /* year of century [0, 99] */
  *doy = n2 % 1461 / 4;                             /* from March 1st [0, 365] */
  bool jan_feb = *doy >= 306;                       /* 306 days Mar..Dec */
  return (int64_t)(100 * century + yoc) - 400 * FAST_ERAS + jan_feb;
}

void wnd__civil_from_days(int64_t days, int64_t *y, int *m, int *d) {
  /* Unsigned (wrapping, defined) arithmetic: a day below the window
  ** becomes a huge value, so one compare tests both ends. */
  uint64_t shifted = (uint64_t)days + (uint64_t)FAST_SHIFT;
  if (shifted >= FAST_SPAN) {
    civil_from_days_era(days, y, m, d);
    return;
  }
  uint32_t doy;
  *y = march_year((uint32_t)shifted, &doy);
  /* Month (3 = March .. 14 = February) in the high half, and the day of
  ** the month times 2141 in the low half: one multiplication for both. */
  uint32_t n3 = 2141 * doy + 197913;
  *d = (int)((n3 & 0xFFFF) / 2141 + 1);
  *m = (int)(n3 >> 16) - (doy >= 306 ? 12 : 0);
}

int wnd__weekday(int64_t days) {
  /* 1970-01-01 was a Thursday (4). */
  int64_t r = days % 7;
  if (r < 0) r += 7;
  return (int)((r + 4) % 7);
}

/* floor(a / b) and the matching non-negative remainder, for b > 0. */
static int64_t floordiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b) < 0) q--;
  return q;
}


/* ---- parsing ---------------------------------------------------------- */

/* n ASCII digits at s -> value, or -1. */
static int digits(const char *s, int n) {
  int v = 0;
  for (int i = 0; i < n; i++) {
    unsigned c = (unsigned char)s[i] - '0';
    if (c > 9) return -1;
    v = v * 10 + (int)c;
  }
  return v;
}

int wnd__offset_parse(const char *s, size_t n, int32_t *out) {
  if (n == 1 && (s[0] == 'Z' || s[0] == 'z')) {
    *out = 0;
    return 0;
  }
  if (n != 6 || (s[0] != '+' && s[0] != '-') || s[3] != ':') return -1;
  int hh = digits(s + 1, 2), mm = digits(s + 4, 2);
  if (hh < 0 || mm < 0 || mm > 59) return -1;
  int32_t v = hh * 3600 + mm * 60;
  if (v > WND_OFFSET_MAX) return -1;
  *out = s[0] == '-' ? -v : v;
  return 0;
}

int wnd__ts_parse(const char *s, size_t n, int32_t default_offset,
                  wnd__tsparse *out) {
  if (n < 10 || s[4] != '-' || s[7] != '-') return -1;
  int y = digits(s, 4), mo = digits(s + 5, 2), d = digits(s + 8, 2);
  if (y < 1 || mo < 0 || d < 0 || !wnd__valid_date(y, mo, d)) return -1;
  if (default_offset < -WND_OFFSET_MAX || default_offset > WND_OFFSET_MAX)
    return -1;
  int64_t day = wnd__days_from_civil(y, mo, d);
  wnd__tsparse r = {0};
  r.offset = default_offset;
  int64_t tod = 0;
  if (n == 10) {
    r.date_only = true;
  } else {
    /* 'T' / 't' / ' ' then hh:mm:ss is 9 more bytes at least. */
    if (n < 19 || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
        s[13] != ':' || s[16] != ':')
      return -1;
    int hh = digits(s + 11, 2), mi = digits(s + 14, 2), ss = digits(s + 17, 2);
    if (hh < 0 || mi < 0 || ss < 0 || hh > 23 || mi > 59 || ss > 59) return -1;
    tod = hh * 3600 + mi * 60 + ss;
    size_t i = 19;
    if (i < n && s[i] == '.') {
      i++;
      size_t start = i;
      int32_t ns = 0;
      while (i < n && s[i] >= '0' && s[i] <= '9' && i - start < 9) {
        ns = ns * 10 + (s[i] - '0');
        i++;
      }
      size_t nd = i - start;
      if (nd == 0 || (i < n && s[i] >= '0' && s[i] <= '9')) return -1;
      for (; nd < 9; nd++) ns *= 10;
      r.nsec = ns;
    }
    if (i < n) {
      if (wnd__offset_parse(s + i, n - i, &r.offset) != 0) return -1;
      r.has_offset = true;
    }
  }
  r.sec = day * 86400 + tod - r.offset;
  if (r.sec < WND_TS_MIN_SEC || r.sec > WND_TS_MAX_SEC) return -1;
  *out = r;
  return 0;
}

/* ---- formatting ------------------------------------------------------- */

/* "00".."99": two digits per lookup instead of a division each. */
static const char DIGITS2[200] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

static void put2(char *p, int v) {
  memcpy(p, DIGITS2 + 2 * v, 2);
}

/* "-MM-DD" and a NUL for every day of a year counted from March 1st, the
** year march_year counts in: 29 February comes last, so one table serves
** common and leap years (a common year never reaches its last entry).
** Rows of 8 bytes: the index is a shift. */
#define MD7(m, t) "-" m "-" t "1", "-" m "-" t "2", "-" m "-" t "3", "-" m "-" t "4", \
                  "-" m "-" t "5", "-" m "-" t "6", "-" m "-" t "7"
#define MD28(m) MD7(m, "0"), "-" m "-08", "-" m "-09", "-" m "-10", MD7(m, "1"), \
                "-" m "-18", "-" m "-19", "-" m "-20", MD7(m, "2"), "-" m "-28"
#define MD29(m) MD28(m), "-" m "-29"
#define MD30(m) MD29(m), "-" m "-30"
#define MD31(m) MD30(m), "-" m "-31"
static const char MONTH_DAY[][8] = {
    MD31("03"), MD30("04"), MD31("05"), MD30("06"), MD31("07"), MD31("08"),
    MD30("09"), MD31("10"), MD30("11"), MD31("12"), MD31("01"), MD29("02"),
};
_Static_assert(sizeof MONTH_DAY == 366 * 8, "one entry per day of a leap year");

/* Year 0000..10000 (4 or 5 digits) then "-MM-DD" and a NUL; returns the
** length without the NUL.
** Callers clamp: instants to CEL's range (so a local date is at worst
** 0000-12-31 or 10000-01-01), day numbers to 0001..9999, all inside
** march_year's window. */
static size_t put_date(char *p, int64_t days) {
  uint32_t doy;
  int yy = (int)clamp64(march_year((uint32_t)((uint64_t)days + (uint64_t)FAST_SHIFT), &doy), 0,
                        10000);
  size_t k = 0;
  if (yy >= 10000) {
    p[k++] = '1';
    yy -= 10000;
  }
  put2(p + k, yy / 100);
  put2(p + k + 2, yy % 100);
  memcpy(p + k + 4, MONTH_DAY[doy], 7);
  return k + 10;
}
_Static_assert(WND_DAY_MIN - 1 + FAST_SHIFT >= 0 && WND_DAY_MAX + 1 + FAST_SHIFT < (int64_t)FAST_SPAN,
               "put_date's days are in march_year's window");

size_t wnd__date_format(char *buf, int64_t days) {
  return put_date(buf, clamp64(days, WND_DAY_MIN, WND_DAY_MAX));
}

size_t wnd__date_format_yd(char *buf, int year, unsigned yday, bool leap) {
  /* MONTH_DAY counts from March 1st: Jan and Feb are its last 59 or 60 rows */
  unsigned feb_end = 59u + leap;
  unsigned row = yday >= feb_end ? yday - feb_end : yday + 306;
  put2(buf, year / 100);
  put2(buf + 2, year % 100);
  memcpy(buf + 4, MONTH_DAY[row], 7);
  return 10;
}

/* "Thh:mm:ss" of a time of day in seconds (0 .. 86399); returns 9. */
static size_t put_clock(char *p, int tod) {
  p[0] = 'T';
  put2(p + 1, tod / 3600);
  p[3] = ':';
  put2(p + 4, tod / 60 % 60);
  p[6] = ':';
  put2(p + 7, tod % 60);
  return 9;
}

/* "+hh:mm" or "-hh:mm" of an offset in whole minutes within +-18h;
** returns 6. */
static size_t put_offset(char *p, int32_t offset) {
  int32_t a = offset < 0 ? -offset : offset;
  p[0] = offset < 0 ? '-' : '+';
  put2(p + 1, a / 3600);
  p[3] = ':';
  put2(p + 4, a / 60 % 60);
  return 6;
}

size_t wnd__ts_format_yd(char *buf, int year, unsigned yday, bool leap, int tod, int32_t offset) {
  size_t k = wnd__date_format_yd(buf, year, yday, leap);
  k += put_clock(buf + k, tod);
  k += put_offset(buf + k, offset);
  buf[k] = '\0';
  return k;
}

size_t wnd__ts_format(char *buf, int64_t sec, int32_t nsec, int32_t offset,
                      bool zulu) {
  if (nsec < 0 || nsec > 999999999) nsec = 0;
  offset = (int32_t)clamp64(offset, -WND_OFFSET_MAX, WND_OFFSET_MAX);
  offset -= offset % 60;
  sec = clamp64(sec, WND_TS_MIN_SEC, WND_TS_MAX_SEC);
  int64_t local = sec + offset;
  /* after 1970 (most instants), an unsigned division: a multiplication */
  int64_t day = local >= 0 ? (int64_t)((uint64_t)local / 86400) : floordiv(local, 86400);
  int tod = (int)(local - day * 86400);
  /* An offset can push the local date to 0000-12-31 or 10000-01-01;
  ** printed as such (longest text: 5+15+10+6 = 36 bytes). */
  char *p = buf + put_date(buf, day);
  p += put_clock(p, tod);
  if (nsec) {
    int nd = 9, v = nsec;
    if (v % 1000000 == 0) {
      nd = 3;
      v /= 1000000;
    } else if (v % 1000 == 0) {
      nd = 6;
      v /= 1000;
    }
    *p++ = '.';
    for (int i = nd - 1; i >= 0; i--) {
      p[i] = (char)('0' + v % 10);
      v /= 10;
    }
    p += nd;
  }
  if (zulu && offset == 0)
    *p++ = 'Z';
  else
    p += put_offset(p, offset);
  *p = '\0';
  return (size_t)(p - buf);
}
