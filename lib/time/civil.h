/*
** civil.h — proleptic Gregorian civil dates and RFC 3339 text.
**
** Everything in libwindow that turns text into instants or instants into
** text goes through here: submission timestamps, material validity dates,
** calendar files, deadlines and CEL timestamp printing.  Days are counted
** from 1970-01-01 (day 0), instants are seconds since 1970-01-01T00:00:00Z,
** and an offset is seconds east of UTC (a catalog's fixed "+08:00" is 28800).
**
** Range: CEL timestamps span 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59Z;
** the parser rejects anything outside it and the formatters clamp to it, so
** that fixed-size buffers always suffice.  The pure arithmetic functions are
** defined (no undefined behaviour) for every int64 input: arguments far
** outside the supported range are clamped to +-WND_CIVIL_MAX_YEAR years.
*/
#ifndef WND_TIME_CIVIL_H
#define WND_TIME_CIVIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/mem.h"

/* CEL's timestamp range, in seconds since the epoch. */
#define WND_TS_MIN_SEC INT64_C(-62135596800) /* 0001-01-01T00:00:00Z */
#define WND_TS_MAX_SEC INT64_C(253402300799) /* 9999-12-31T23:59:59Z */
/* Day numbers of 0001-01-01 and 9999-12-31. */
#define WND_DAY_MIN INT64_C(-719162)
#define WND_DAY_MAX INT64_C(2932896)
/* Largest |offset| accepted: 18 hours, as RFC 3339 practice and CEL do. */
#define WND_OFFSET_MAX (18 * 3600)
/* Years beyond this are clamped by the arithmetic below (no overflow). */
#define WND_CIVIL_MAX_YEAR INT64_C(1000000000000)

/*
** Days since 1970-01-01 of year y, month m (1..12), day d.  d may be out of
** 1..31 (it is simply added), which callers use for "day after" arithmetic.
** m outside 1..12 is clamped.
*/
WND_HIDDEN int64_t wnd__days_from_civil_era(int64_t y, int m, int d);
/* Inline for its common case (ID numbers and timestamps convert one date
** each): years -4799 .. 11199, months 1..12, days 1..31, counted from
** -4800-03-01 in unsigned 32-bit arithmetic, where the divisions by
** constants become multiplications without sign fix-ups (12 eras back is
** exact: an era is 146097 days); the rest in wnd__days_from_civil_era. */
static inline int64_t wnd__days_from_civil(int64_t y, int m, int d) {
  if (y > -4800 && y < 11200 && m >= 1 && m <= 12 && d >= 1 && d <= 31) {
    /* days from March 1st to the first of month m: (153 * (m -+ 3/9) + 2) / 5 */
    static const uint16_t month_start[12] = {306, 337, 0,   31,  61,  92,
                                             122, 153, 184, 214, 245, 275};
    uint32_t yy = (uint32_t)(y + 4800) - (m <= 2); /* [0, 15999] */
    uint32_t era = yy / 400, yoe = yy % 400;
    uint32_t doy = month_start[m - 1] + (uint32_t)d - 1;
    uint32_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (int64_t)(era * 146097 + doe) - 719468 - INT64_C(146097) * 12;
  }
  return wnd__days_from_civil_era(y, m, d);
}
/* Inverse of wnd__days_from_civil. */
WND_HIDDEN void wnd__civil_from_days(int64_t days, int64_t *y, int *m, int *d);
/* Day of the week of a day number: 0 = Sunday .. 6 = Saturday. */
WND_HIDDEN int wnd__weekday(int64_t days);
/* True when y-m-d is a real date of the proleptic Gregorian calendar. */
WND_HIDDEN bool wnd__valid_date(int64_t y, int m, int d);
WND_HIDDEN bool wnd__is_leap(int64_t y);
/* Days in month m of year y (0 when m is not 1..12). */
WND_HIDDEN int wnd__days_in_month(int64_t y, int m);

typedef struct wnd__tsparse {
  int64_t sec;       /* the instant (UTC seconds) */
  int32_t nsec;      /* 0..999999999 */
  bool date_only;    /* the text was "YYYY-MM-DD" */
  bool has_offset;   /* the text carried Z or +-hh:mm */
  int32_t offset;    /* the offset the text was read in (its own or the default) */
} wnd__tsparse;

/*
** Parse "YYYY-MM-DD" or RFC 3339 "YYYY-MM-DDThh:mm:ss[.fraction](Z|+-hh:mm)"
** (lower-case t/z and a space in place of T are accepted, as RFC 3339 5.6
** allows).  Without an offset the time is local time in default_offset.
** For date_only, sec is the START (00:00:00) of that local day; callers
** that want the end of day (valid_until) add 86399.
**
** Strict on purpose: exactly 4-digit years 0001..9999, 2-digit fields,
** seconds required, 1..9 fraction digits, no leap second (CEL rejects
** ":60"), offsets up to +-18:00, and the resulting instant must lie in
** CEL's timestamp range.  Returns 0, or -1 when invalid.
*/
WND_HIDDEN int wnd__ts_parse(const char *s, size_t n, int32_t default_offset,
                             wnd__tsparse *out);

/*
** RFC 3339 text of an instant shown in `offset` (seconds east of UTC,
** truncated to whole minutes, clamped to +-18h): "Z" suffix when zulu and
** offset == 0, else "+hh:mm".  The fraction is trimmed to 0, 3, 6 or 9
** digits as CEL prints timestamps.  Instants outside CEL's range are
** clamped to it, so buf needs WND_TS_BUFSZ (40) bytes (the local date of
** an instant at the very ends of the range, shown in a non-zero offset,
** can read 0000-12-31 or 10000-01-01).  NUL-terminates, returns the length.
*/
#define WND_TS_BUFSZ 40
WND_HIDDEN size_t wnd__ts_format(char *buf, int64_t sec, int32_t nsec,
                                 int32_t offset, bool zulu);
/* "YYYY-MM-DD" of a day number (clamped to 0001..9999); buf >= 11 bytes.
** NUL-terminates and returns 10. */
WND_HIDDEN size_t wnd__date_format(char *buf, int64_t days);
/* The same text from a year 1..9999, the day's index in it (0 = 1 January)
** and whether it is a leap year, as a calendar knows them: no day number
** to split.  buf >= 11 bytes; NUL-terminates and returns 10. */
WND_HIDDEN size_t wnd__date_format_yd(char *buf, int year, unsigned yday, bool leap);
/* wnd__ts_format's text (no fraction, "+hh:mm") of the instant whose local
** date is that day of a year 1..9999 and whose local time is tod seconds
** (0 .. 86399) into the day, in an offset of whole minutes within +-18h.
** buf >= 26 bytes; NUL-terminates and returns 25. */
WND_HIDDEN size_t wnd__ts_format_yd(char *buf, int year, unsigned yday, bool leap, int tod,
                                    int32_t offset);
/* "+08:00", "-05:30", "Z"/"z" -> seconds east of UTC.  0 ok, -1 invalid. */
WND_HIDDEN int wnd__offset_parse(const char *s, size_t n, int32_t *out);
/*
** Local day number of instant sec in offset (floor division, no overflow).
** Inline: deadlines and the CEL date functions call it on every evaluation,
** and it is a few instructions once the call is gone.  Outside the common
** case, split first so that sec + offset cannot overflow near INT64_MAX;
** |rem + offset| < 2^32.
*/
static inline int64_t wnd__local_day(int64_t sec, int32_t offset) {
  /* Local instants in [0, 2^62), every deadline and CEL date of our era:
  ** one unsigned division by a constant (a multiplication).  The sum is
  ** taken modulo 2^64, and as |sec + offset| < 2^63 + 2^31 it lands in
  ** [0, 2^62) exactly when the true sum does. */
  uint64_t t = (uint64_t)sec + (uint64_t)(int64_t)offset;
  if (t < (UINT64_C(1) << 62)) return (int64_t)(t / 86400);
  int64_t day = sec / 86400, rem = sec % 86400;
  if (rem < 0) {
    day--;
    rem += 86400;
  }
  int64_t r = rem + offset;
  return day + (r < 0 ? -1 - (-1 - r) / 86400 : r / 86400);
}
/* Instant of local time 00:00:00 / 23:59:59 of a day in an offset
** (day and offset clamped so that the result never overflows: day numbers
** whose start and close, -+18h, stay in int64).  Inline: every day
** deadline ends with one, and the call was most of it. */
#define WND_MAX_INSTANT_DAYS (INT64_MAX / 86400 - 2)
static inline int64_t wnd__day_start(int64_t day, int32_t offset) {
  int64_t off = offset < -WND_OFFSET_MAX ? -WND_OFFSET_MAX
                : offset > WND_OFFSET_MAX ? WND_OFFSET_MAX : offset;
  int64_t d = day < -WND_MAX_INSTANT_DAYS ? -WND_MAX_INSTANT_DAYS
              : day > WND_MAX_INSTANT_DAYS ? WND_MAX_INSTANT_DAYS : day;
  return d * 86400 - off;
}
static inline int64_t wnd__day_close(int64_t day, int32_t offset) {
  return wnd__day_start(day, offset) + 86399;
}

#endif
