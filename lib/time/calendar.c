/*
** calendar.c — working-day calendar and deadlines (see calendar.h).
**
** One record per loaded year: a bitmap (bit i: day Jan 1 + i is a working
** day), the year's count of working days, and two small tables rebuilt
** whenever a day of the year changes (only while the catalog loads): the
** rank of every day (working days before it) and the position of every
** working day.  With them "the n-th working day after d" is a subtraction
** and one lookup inside a year, and whole years are skipped by their
** count, so a query costs a binary search for the first year plus one step
** per year boundary crossed, whatever n is.  Years are kept sorted.
*/
#include "calendar.h"

#include <string.h>

#include "civil.h"

typedef struct cal_year {
  int64_t first;      /* day number of 1 January */
  int year;
  uint16_t ndays;     /* 365 or 366 */
  uint16_t nwork;     /* working days in the year */
  uint8_t bits[46];   /* 368 bits >= 366 days */
  uint16_t before[367]; /* before[i]: working days among days 0 .. i-1 */
  uint16_t nth[366];    /* nth[j]: day index of the (j+1)-th working day */
} cal_year;

struct wnd__calendar {
  const wnd__mem *mem;
  cal_year *years;    /* sorted by year */
  size_t n, cap;
};

/* More working days than all of 1..9999 could hold: such counts can never
** be satisfied, and bounding them keeps negation and sums in range. */
#define MAX_COUNT INT64_C(4000000)

wnd__calendar *wnd__calendar_new(const wnd__mem *m) {
  wnd__calendar *c = wnd__calloc(m, 1, sizeof *c);
  if (c) c->mem = m;
  return c;
}

void wnd__calendar_free(wnd__calendar *c) {
  if (!c) return;
  wnd__free(c->mem, c->years);
  wnd__free(c->mem, c);
}

static bool bit(const cal_year *y, int64_t i) {
  return (y->bits[i >> 3] >> (i & 7)) & 1;
}

static void set_bit(cal_year *y, int64_t i, bool on) {
  uint8_t mask = (uint8_t)(1u << (i & 7));
  if (on)
    y->bits[i >> 3] |= mask;
  else
    y->bits[i >> 3] &= (uint8_t)~mask;
}

/* The rank and position tables and the count, from the bitmap.  Called
** after every change to a year (a few dozen times per year at load), so
** the queries below never walk days. */
static void reindex(cal_year *y) {
  uint16_t k = 0;
  for (uint16_t i = 0; i < y->ndays; i++) {
    y->before[i] = k;
    if (bit(y, i)) y->nth[k++] = i;
  }
  y->before[y->ndays] = k;
  y->nwork = k;
}

/* Index of the year whose days include `day`, or -1. */
static ptrdiff_t find_day(const wnd__calendar *c, int64_t day) {
  /* A catalog mostly loads two or three years: a scan from the first
  ** (the years are sorted and do not overlap) ends sooner than the
  ** bisection, whose every step pays two compares and a midpoint. */
  if (c->n <= 4) {
    for (size_t k = 0; k < c->n; k++) {
      const cal_year *y = &c->years[k];
      if (day < y->first) return -1;
      if (day < y->first + y->ndays) return (ptrdiff_t)k;
    }
    return -1;
  }
  size_t lo = 0, hi = c->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    const cal_year *y = &c->years[mid];
    if (day < y->first)
      hi = mid;
    else if (day >= y->first + y->ndays)
      lo = mid + 1;
    else
      return (ptrdiff_t)mid;
  }
  return -1;
}

static ptrdiff_t find_year(const wnd__calendar *c, int year, size_t *insert_at) {
  size_t lo = 0, hi = c->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (c->years[mid].year < year)
      lo = mid + 1;
    else if (c->years[mid].year > year)
      hi = mid;
    else
      return (ptrdiff_t)mid;
  }
  if (insert_at) *insert_at = lo;
  return -1;
}

bool wnd__calendar_has_year(const wnd__calendar *c, int year) {
  return find_year(c, year, NULL) >= 0;
}

int wnd__calendar_add_year(wnd__calendar *c, int year) {
  if (year < WND_CAL_YEAR_MIN || year > WND_CAL_YEAR_MAX) return -1;
  size_t at = 0;
  if (find_year(c, year, &at) >= 0) return -1;
  if (!WND_PUSH(c->mem, c->years, c->n, c->cap)) return WND_ENOMEM;
  memmove(&c->years[at + 1], &c->years[at], (c->n - at) * sizeof *c->years);
  c->n++;
  cal_year *y = &c->years[at];
  memset(y, 0, sizeof *y);
  y->year = year;
  y->first = wnd__days_from_civil(year, 1, 1);
  y->ndays = wnd__is_leap(year) ? 366 : 365;
  int wd = wnd__weekday(y->first);
  for (int64_t i = 0; i < y->ndays; i++, wd = (wd + 1) % 7)
    set_bit(y, i, wd != 0 && wd != 6);
  reindex(y);
  return 0;
}

static int set_day(wnd__calendar *c, int64_t day, bool work) {
  ptrdiff_t k = find_day(c, day);
  if (k < 0) return -1;
  cal_year *y = &c->years[k];
  if (bit(y, day - y->first) == work) return 0;
  set_bit(y, day - y->first, work);
  reindex(y);
  return 0;
}

int wnd__calendar_set_off(wnd__calendar *c, int64_t day) {
  return set_day(c, day, false);
}

int wnd__calendar_set_work(wnd__calendar *c, int64_t day) {
  return set_day(c, day, true);
}

int wnd__calendar_is_workday(const wnd__calendar *c, int64_t day) {
  ptrdiff_t k = find_day(c, day);
  if (k < 0) return -1;
  const cal_year *y = &c->years[k];
  return bit(y, day - y->first);
}

int wnd__calendar_year_workdays(const wnd__calendar *c, int year) {
  ptrdiff_t k = find_year(c, year, NULL);
  return k < 0 ? -1 : c->years[k].nwork;
}

/* Days outside this window can never be in a loaded year (nor be the day
** just before/after one), so rejecting them early keeps +-1 from
** overflowing on hostile day numbers. */
static bool day_in_reach(int64_t day) {
  return day >= WND_DAY_MIN - 1 && day <= WND_DAY_MAX + 1;
}

/* Whether loaded year k + 1 starts the day after year k ends, so that a
** count may run on from one into the other. */
static bool next_is_contiguous(const wnd__calendar *c, size_t k) {
  return k + 1 < c->n && c->years[k + 1].first == c->years[k].first + c->years[k].ndays;
}

/* The n-th working day after `day`, for n > 0 and a day within reach:
** counting starts on the day after, which must be in a loaded year; q is
** then the target's 1-based rank among the working days of year k, moved
** year by year until it falls inside one.  Inline, so that a deadline,
** whose day and count are checked already, pays no call. */
static inline const cal_year *add_forward(const wnd__calendar *c, int64_t day, int64_t n,
                                          int64_t *out_day) {
  int64_t cur = day + 1;
  ptrdiff_t found = find_day(c, cur);
  if (found < 0) return NULL;
  size_t k = (size_t)found;
  int64_t q = c->years[k].before[cur - c->years[k].first] + n;
  while (q > c->years[k].nwork) {
    if (!next_is_contiguous(c, k)) return NULL;
    q -= c->years[k].nwork;
    k++;
  }
  *out_day = c->years[k].first + c->years[k].nth[q - 1];
  return &c->years[k];
}

int wnd__workdays_add(const wnd__calendar *c, int64_t day, int64_t n,
                      int64_t *out_day) {
  if (n == 0) {
    *out_day = day;
    return 0;
  }
  if (!day_in_reach(day) || n > MAX_COUNT || n < -MAX_COUNT) return -1;
  if (n > 0) return add_forward(c, day, n, out_day) ? 0 : -1;
  /* Backwards: q is the target's rank, as above, from the day before. */
  int64_t cur = day - 1;
  ptrdiff_t found = find_day(c, cur);
  if (found < 0) return -1;
  size_t k = (size_t)found;
  int64_t q = c->years[k].before[cur - c->years[k].first + 1] + n + 1;
  while (q < 1) {
    if (k == 0 || !next_is_contiguous(c, k - 1)) return -1;
    k--;
    q += c->years[k].nwork;
  }
  *out_day = c->years[k].first + c->years[k].nth[q - 1];
  return 0;
}

/* Working days in [lo, hi], lo <= hi, both within reach. */
static int count_closed(const wnd__calendar *c, int64_t lo, int64_t hi,
                        int64_t *out) {
  int64_t total = 0, cur = lo;
  while (cur <= hi) {
    ptrdiff_t k = find_day(c, cur);
    if (k < 0) return -1;
    const cal_year *y = &c->years[k];
    int64_t i = cur - y->first;
    int64_t last = hi - y->first;
    if (last >= y->ndays) last = y->ndays - 1;
    total += y->before[last + 1] - y->before[i];
    cur = y->first + y->ndays;
  }
  *out = total;
  return 0;
}

int wnd__workdays_between(const wnd__calendar *c, int64_t from_day,
                          int64_t to_day, int64_t *out) {
  if (from_day == to_day) {
    *out = 0;
    return 0;
  }
  if (!day_in_reach(from_day) || !day_in_reach(to_day)) return -1;
  int64_t r;
  if (to_day > from_day) {
    if (count_closed(c, from_day + 1, to_day, &r) != 0) return -1;
    *out = r;
  } else {
    if (count_closed(c, to_day + 1, from_day, &r) != 0) return -1;
    *out = -r;
  }
  return 0;
}

/* The day of the n-th following month bearing d's day number, or that
** month's last day when it has none (民法典 art. 202). */
static int64_t months_later(int64_t d, int64_t n) {
  int64_t y;
  int m, dd;
  wnd__civil_from_days(d, &y, &m, &dd);
  int64_t idx = y * 12 + (m - 1) + n;
  int64_t ny = idx / 12;
  int nm = (int)(idx % 12) + 1;
  int last = wnd__days_in_month(ny, nm);
  return wnd__days_from_civil(ny, nm, dd < last ? dd : last);
}

/* The local day of an instant, with its year and index where the
** calendar has that year (its text then needs no civil conversion). */
static void locate(const wnd__calendar *c, int64_t sec, int32_t offset, struct wnd__deadline *out) {
  out->day = 0;
  out->year = 0;
  out->yday = 0;
  out->leap = false;
  if (sec < WND_TS_MIN_SEC || sec > WND_TS_MAX_SEC) return;
  int64_t day = wnd__local_day(sec, offset);
  ptrdiff_t k = find_day(c, day);
  if (k < 0) return;
  const cal_year *y = &c->years[k];
  out->day = day;
  out->year = y->year;
  out->yday = (uint16_t)(day - y->first);
  out->leap = y->ndays == 366;
}

/* Hours and minutes: the receipt instant plus the span; no frame to set
** up, unlike the day count below. */
static int instant_deadline(const wnd__calendar *c, int64_t receipt_sec, int32_t offset,
                            wnd__span span, struct wnd__deadline *out) {
  int64_t add = span.n * (span.unit == WND_U_HOURS ? 3600 : 60);
  int64_t sec;
  if (__builtin_add_overflow(receipt_sec, add, &sec)) return -1;
  if (span.n > 0 && (sec < WND_TS_MIN_SEC || sec > WND_TS_MAX_SEC)) return -1;
  out->sec = sec;
  out->date_only = false;
  locate(c, sec, offset, out);
  return 0;
}

static __attribute__((noinline)) int day_deadline(const wnd__calendar *c, int64_t receipt_sec,
                                                  int32_t offset, wnd__span span,
                                                  struct wnd__deadline *out) {
  int64_t d = wnd__local_day(receipt_sec, offset);
  if (!day_in_reach(d)) return -1;
  int64_t end = d;
  const cal_year *y = NULL; /* end's year, where counting found it */
  if (span.n > 0 && span.unit == WND_U_WORKDAYS) {
    y = add_forward(c, d, span.n, &end); /* d in reach, 0 < n <= MAX_COUNT */
    if (!y) return -1;
  } else if (span.n > 0) {
    end = span.unit == WND_U_MONTHS ? months_later(d, span.n) : d + span.n;
    if (!day_in_reach(end)) return -1;
    for (;;) { /* bounded: an unloaded year ends the walk with -1 */
      ptrdiff_t k = find_day(c, end);
      if (k < 0) return -1;
      y = &c->years[k];
      if (bit(y, end - y->first)) break;
      end++;
    }
  }
  int64_t sec = wnd__day_close(end, offset);
  if (span.n > 0 && (sec < WND_TS_MIN_SEC || sec > WND_TS_MAX_SEC)) return -1;
  out->sec = sec;
  out->date_only = true;
  out->day = end;
  out->year = y ? y->year : 0;
  out->yday = y ? (uint16_t)(end - y->first) : 0;
  out->leap = y && y->ndays == 366;
  return 0;
}

int wnd__deadline(const wnd__calendar *c, int64_t receipt_sec, int32_t offset,
                  wnd__span span, struct wnd__deadline *out) {
  if (span.n < 0 || span.n > MAX_COUNT) return -1;
  if (span.unit == WND_U_HOURS || span.unit == WND_U_MINUTES)
    return instant_deadline(c, receipt_sec, offset, span, out);
  return day_deadline(c, receipt_sec, offset, span, out);
}
