/*
** test_calendar.c — working-day calendar and SPEC §2.1 deadlines
** (lib/time/calendar.h), on the real 2025 and 2026 mainland-China
** schedules of BRIEF §4.2-4.3 and the worked examples of BRIEF §4.4.
*/
#include <criterion/criterion.h>
#include <string.h>

#include "time/calendar.h"
#include "time/civil.h"

#define CST (8 * 3600)

static int64_t D(int y, int m, int d) { return wnd__days_from_civil(y, m, d); }

static void off(wnd__calendar *c, int y, int m1, int d1, int m2, int d2) {
  for (int64_t d = D(y, m1, d1); d <= D(y, m2, d2); d++)
    cr_assert_eq(wnd__calendar_set_off(c, d), 0);
}

static void work(wnd__calendar *c, int y, int m, int d) {
  cr_assert_eq(wnd__weekday(D(y, m, d)) % 6, 0, "%d-%d-%d is not a weekend day", y, m, d);
  cr_assert_eq(wnd__calendar_set_work(c, D(y, m, d)), 0);
}

static void load_2025(wnd__calendar *c) {
  cr_assert_eq(wnd__calendar_add_year(c, 2025), 0);
  off(c, 2025, 1, 1, 1, 1);    /* 元旦 */
  off(c, 2025, 1, 28, 2, 4);   /* 春节 */
  off(c, 2025, 4, 4, 4, 6);    /* 清明 */
  off(c, 2025, 5, 1, 5, 5);    /* 劳动节 */
  off(c, 2025, 5, 31, 6, 2);   /* 端午 */
  off(c, 2025, 10, 1, 10, 8);  /* 国庆 + 中秋 */
  work(c, 2025, 1, 26);
  work(c, 2025, 2, 8);
  work(c, 2025, 4, 27);
  work(c, 2025, 9, 28);
  work(c, 2025, 10, 11);
}

static void load_2026(wnd__calendar *c) {
  cr_assert_eq(wnd__calendar_add_year(c, 2026), 0);
  off(c, 2026, 1, 1, 1, 3);
  off(c, 2026, 2, 15, 2, 23);
  off(c, 2026, 4, 4, 4, 6);
  off(c, 2026, 5, 1, 5, 5);
  off(c, 2026, 6, 19, 6, 21);
  off(c, 2026, 9, 25, 9, 27);
  off(c, 2026, 10, 1, 10, 7);
  work(c, 2026, 1, 4);
  work(c, 2026, 2, 14);
  work(c, 2026, 2, 28);
  work(c, 2026, 5, 9);
  work(c, 2026, 9, 20);
  work(c, 2026, 10, 10);
}

static wnd__calendar *cal;

static void setup(void) {
  cal = wnd__calendar_new(&wnd__mem_default);
  cr_assert_not_null(cal);
  /* out of order on purpose: the calendar keeps years sorted */
  load_2026(cal);
  load_2025(cal);
}

static void teardown(void) { wnd__calendar_free(cal); }

/* Instant of local time y-m-d hh:mm:ss at +08:00. */
static int64_t T(int y, int m, int d, int hh, int mm, int ss) {
  return D(y, m, d) * 86400 + hh * 3600 + mm * 60 + ss - CST;
}

static int64_t add(int64_t day, int64_t n) {
  int64_t out = INT64_MIN;
  cr_assert_eq(wnd__workdays_add(cal, day, n, &out), 0);
  return out;
}

static void check_deadline(int64_t receipt, int64_t n, wnd__unit u, int64_t want_day) {
  struct wnd__deadline dl;
  wnd__span s = {n, u};
  cr_assert_eq(wnd__deadline(cal, receipt, CST, s, &dl), 0);
  cr_assert(dl.date_only);
  char got[11], want[11];
  wnd__date_format(got, wnd__local_day(dl.sec, CST));
  wnd__date_format(want, want_day);
  cr_assert_str_eq(got, want);
  cr_assert_eq(dl.sec, wnd__day_close(want_day, CST), "not at 23:59:59 local");
  cr_assert_eq(dl.day, want_day);
}

TestSuite(calendar, .init = setup, .fini = teardown);

Test(calendar, both_years_have_248_working_days) {
  cr_assert_eq(wnd__calendar_year_workdays(cal, 2025), 248);
  cr_assert_eq(wnd__calendar_year_workdays(cal, 2026), 248);
  cr_assert_eq(wnd__calendar_year_workdays(cal, 2027), -1);
  int64_t n;
  cr_assert_eq(wnd__workdays_between(cal, D(2024, 12, 31), D(2025, 12, 31), &n), 0);
  cr_assert_eq(n, 248);
  /* count by hand as well */
  int count = 0;
  for (int64_t d = D(2026, 1, 1); d <= D(2026, 12, 31); d++) count += wnd__calendar_is_workday(cal, d);
  cr_assert_eq(count, 248);
}

Test(calendar, day_kinds) {
  cr_assert_eq(wnd__calendar_is_workday(cal, D(2025, 1, 1)), 0);   /* holiday, Wed */
  cr_assert_eq(wnd__calendar_is_workday(cal, D(2025, 1, 2)), 1);
  cr_assert_eq(wnd__calendar_is_workday(cal, D(2025, 1, 4)), 0);   /* Saturday */
  cr_assert_eq(wnd__calendar_is_workday(cal, D(2025, 1, 26)), 1);  /* make-up Sunday */
  cr_assert_eq(wnd__calendar_is_workday(cal, D(2026, 2, 28)), 1);  /* make-up Saturday */
  cr_assert_eq(wnd__calendar_is_workday(cal, D(2024, 12, 31)), -1);
  cr_assert_eq(wnd__calendar_is_workday(cal, D(2027, 1, 1)), -1);
  cr_assert(wnd__calendar_has_year(cal, 2025));
  cr_assert(!wnd__calendar_has_year(cal, 2024));
}

Test(calendar, brief_worked_examples) {
  cr_assert_eq(add(D(2025, 1, 24), 5), D(2025, 2, 7));
  cr_assert_eq(add(D(2025, 9, 26), 3), D(2025, 9, 30));
  cr_assert_eq(add(D(2026, 2, 13), 5), D(2026, 2, 27));
  cr_assert_eq(add(D(2026, 9, 18), 10), D(2026, 10, 9));
  cr_assert_eq(add(D(2026, 4, 30), 20), D(2026, 6, 1));
  check_deadline(T(2025, 1, 24, 10, 0, 0), 5, WND_U_WORKDAYS, D(2025, 2, 7));
  check_deadline(T(2025, 9, 26, 10, 0, 0), 3, WND_U_WORKDAYS, D(2025, 9, 30));
  check_deadline(T(2026, 2, 13, 10, 0, 0), 5, WND_U_WORKDAYS, D(2026, 2, 27));
  check_deadline(T(2026, 9, 18, 10, 0, 0), 10, WND_U_WORKDAYS, D(2026, 10, 9));
  check_deadline(T(2026, 4, 30, 10, 0, 0), 20, WND_U_WORKDAYS, D(2026, 6, 1));
}

Test(calendar, receipt_near_midnight_uses_the_local_day) {
  /* 23:59:59 local is still the receipt day */
  check_deadline(T(2026, 2, 13, 23, 59, 59), 5, WND_U_WORKDAYS, D(2026, 2, 27));
  /* 00:30 local on 02-13 is 02-12 in UTC: the local day counts */
  int64_t r = T(2026, 2, 13, 0, 30, 0);
  cr_assert_eq(wnd__local_day(r, 0), D(2026, 2, 12));
  check_deadline(r, 5, WND_U_WORKDAYS, D(2026, 2, 27));
  struct wnd__deadline utc;
  wnd__span s = {5, WND_U_WORKDAYS};
  cr_assert_eq(wnd__deadline(cal, r, 0, s, &utc), 0);
  cr_assert_eq(wnd__local_day(utc.sec, 0), D(2026, 2, 26)); /* would be wrong */
  /* one second after local midnight of a Friday counts from Friday */
  check_deadline(T(2025, 1, 25, 0, 0, 0), 5, WND_U_WORKDAYS, D(2025, 2, 7));
  check_deadline(T(2025, 1, 24, 23, 59, 59), 1, WND_U_WORKDAYS, D(2025, 1, 26));
}

Test(calendar, receipt_on_holiday_and_make_up_days) {
  /* received on 国庆 holiday 2025-10-03: 10-09, 10-10, make-up Sat 10-11 */
  check_deadline(T(2025, 10, 3, 9, 0, 0), 3, WND_U_WORKDAYS, D(2025, 10, 11));
  /* received on a make-up Saturday: the next working day is Monday */
  check_deadline(T(2026, 2, 28, 9, 0, 0), 1, WND_U_WORKDAYS, D(2026, 3, 2));
  /* received on a Sunday: counting starts Monday */
  check_deadline(T(2026, 3, 8, 9, 0, 0), 1, WND_U_WORKDAYS, D(2026, 3, 9));
}

Test(calendar, across_the_year_end) {
  /* 12-31, then 元旦 01-01..03, make-up Sunday 01-04, 05, 06, 07 */
  check_deadline(T(2025, 12, 30, 15, 0, 0), 5, WND_U_WORKDAYS, D(2026, 1, 7));
  cr_assert_eq(add(D(2025, 12, 31), 1), D(2026, 1, 4));
  /* whole years are skipped by count */
  cr_assert_eq(add(D(2024, 12, 31), 496), D(2026, 12, 31));
  cr_assert_eq(add(D(2024, 12, 31), 248), D(2025, 12, 31));
  cr_assert_eq(add(D(2024, 12, 31), 249), D(2026, 1, 4));
}

Test(calendar, natural_days) {
  /* lands on 国庆 holiday 10-01: moved to the first working day 10-08 */
  check_deadline(T(2026, 9, 24, 10, 0, 0), 7, WND_U_DAYS, D(2026, 10, 8));
  /* lands on a Saturday: moved to Monday */
  check_deadline(T(2026, 3, 6, 10, 0, 0), 1, WND_U_DAYS, D(2026, 3, 9));
  /* lands on a make-up Saturday: that is a working day */
  check_deadline(T(2026, 2, 27, 10, 0, 0), 1, WND_U_DAYS, D(2026, 2, 28));
  /* lands on a working day */
  check_deadline(T(2026, 3, 2, 10, 0, 0), 7, WND_U_DAYS, D(2026, 3, 9));
  /* receipt on a holiday still counts natural days from it */
  check_deadline(T(2026, 2, 16, 10, 0, 0), 10, WND_U_DAYS, D(2026, 2, 26));
}

Test(calendar, hours_minutes_and_zero) {
  struct wnd__deadline dl;
  int64_t r = T(2026, 11, 20, 10, 0, 0);
  wnd__span h = {2, WND_U_HOURS}, m = {20, WND_U_MINUTES};
  cr_assert_eq(wnd__deadline(cal, r, CST, h, &dl), 0);
  cr_assert(!dl.date_only);
  cr_assert_eq(dl.sec, r + 7200);
  cr_assert_eq(wnd__deadline(cal, r, CST, m, &dl), 0);
  cr_assert_eq(dl.sec, r + 1200);
  /* hours need no calendar, even far outside the loaded years */
  cr_assert_eq(wnd__deadline(cal, T(2030, 1, 1, 10, 0, 0), CST, h, &dl), 0);
  /* zero: the receipt day (date_only) or the receipt instant; no calendar */
  wnd__span z = {0, WND_U_WORKDAYS}, zd = {0, WND_U_DAYS}, zm = {0, WND_U_MINUTES};
  int64_t far = T(2031, 6, 7, 9, 0, 0); /* a Saturday, year not loaded */
  cr_assert_eq(wnd__deadline(cal, far, CST, z, &dl), 0);
  cr_assert(dl.date_only);
  cr_assert_eq(dl.sec, wnd__day_close(D(2031, 6, 7), CST));
  cr_assert_eq(wnd__deadline(cal, far, CST, zd, &dl), 0);
  cr_assert_eq(dl.sec, wnd__day_close(D(2031, 6, 7), CST));
  cr_assert_eq(wnd__deadline(cal, far, CST, zm, &dl), 0);
  cr_assert(!dl.date_only);
  cr_assert_eq(dl.sec, far);
  cr_assert_eq(add(D(2031, 6, 7), 0), D(2031, 6, 7));
}

Test(calendar, exhaustion) {
  struct wnd__deadline dl;
  int64_t out;
  wnd__span w10 = {10, WND_U_WORKDAYS}, d1 = {1, WND_U_DAYS}, neg = {-1, WND_U_DAYS};
  cr_assert_eq(wnd__deadline(cal, T(2026, 12, 25, 10, 0, 0), CST, w10, &dl), -1);
  cr_assert_eq(wnd__deadline(cal, T(2026, 12, 31, 10, 0, 0), CST, d1, &dl), -1);
  cr_assert_eq(wnd__deadline(cal, T(2026, 12, 30, 10, 0, 0), CST, d1, &dl), 0);
  cr_assert_eq(wnd__deadline(cal, T(2024, 6, 3, 10, 0, 0), CST, w10, &dl), -1);
  cr_assert_eq(wnd__deadline(cal, T(2026, 12, 1, 10, 0, 0), CST, neg, &dl), -1);
  cr_assert_eq(wnd__workdays_add(cal, D(2024, 12, 31), 497, &out), -1);
  cr_assert_eq(wnd__workdays_add(cal, D(2024, 12, 30), 1, &out), -1); /* needs 12-31 */
  cr_assert_eq(wnd__workdays_add(cal, D(2024, 12, 31), 1, &out), 0);  /* day itself not needed */
  cr_assert_eq(out, D(2025, 1, 2));
  cr_assert_eq(wnd__workdays_add(cal, D(2025, 1, 2), -1, &out), -1);   /* needs 2024 */
  cr_assert_eq(wnd__workdays_add(cal, D(2025, 1, 2), 5000000, &out), -1);
  cr_assert_eq(wnd__workdays_add(cal, D(2025, 1, 2), INT64_MIN, &out), -1);
  cr_assert_eq(wnd__workdays_add(cal, INT64_MAX, 1, &out), -1);
  cr_assert_eq(wnd__workdays_add(cal, INT64_MIN, -1, &out), -1);
  cr_assert_eq(wnd__workdays_between(cal, INT64_MIN, INT64_MAX, &out), -1);
  cr_assert_eq(wnd__workdays_between(cal, D(2026, 12, 1), D(2027, 1, 5), &out), -1);
  cr_assert_eq(wnd__deadline(cal, INT64_MAX, CST, w10, &dl), -1);
  wnd__span h = {100000, WND_U_HOURS};
  cr_assert_eq(wnd__deadline(cal, INT64_MAX - 10, CST, h, &dl), -1);
  wnd__span big = {INT64_MAX, WND_U_MINUTES};
  cr_assert_eq(wnd__deadline(cal, 0, CST, big, &dl), -1);
}

Test(calendar, gap_years_are_exhausted) {
  wnd__calendar *c = wnd__calendar_new(&wnd__mem_default);
  cr_assert_eq(wnd__calendar_add_year(c, 2025), 0);
  cr_assert_eq(wnd__calendar_add_year(c, 2027), 0);
  int64_t out;
  cr_assert_eq(wnd__workdays_add(c, D(2025, 12, 30), 5, &out), -1);
  cr_assert_eq(wnd__workdays_add(c, D(2026, 12, 31), 1, &out), 0);
  cr_assert_eq(out, D(2027, 1, 1));
  cr_assert_eq(wnd__workdays_between(c, D(2025, 12, 1), D(2027, 1, 5), &out), -1);
  wnd__calendar_free(c);
}

Test(calendar, backwards_and_between) {
  int64_t n;
  cr_assert_eq(add(D(2025, 2, 7), -5), D(2025, 1, 24));
  cr_assert_eq(add(D(2026, 1, 7), -5), D(2025, 12, 30));
  cr_assert_eq(add(D(2026, 12, 31), -495), D(2025, 1, 2));
  cr_assert_eq(wnd__workdays_add(cal, D(2026, 12, 31), -496, &n), -1);
  cr_assert_eq(wnd__workdays_between(cal, D(2025, 1, 24), D(2025, 2, 7), &n), 0);
  cr_assert_eq(n, 5);
  cr_assert_eq(wnd__workdays_between(cal, D(2025, 2, 7), D(2025, 1, 24), &n), 0);
  cr_assert_eq(n, -5);
  cr_assert_eq(wnd__workdays_between(cal, D(2025, 2, 7), D(2025, 2, 7), &n), 0);
  cr_assert_eq(n, 0);
  cr_assert_eq(wnd__workdays_between(cal, D(2025, 1, 28), D(2025, 2, 4), &n), 0);
  cr_assert_eq(n, 0); /* all 春节 */
  cr_assert_eq(wnd__workdays_between(cal, D(2024, 12, 31), D(2026, 12, 31), &n), 0);
  cr_assert_eq(n, 496);
  /* add and between agree everywhere in the loaded range */
  for (int64_t d = D(2025, 1, 1); d <= D(2026, 12, 31); d += 3) {
    for (int64_t k = -30; k <= 30; k += 7) {
      int64_t e;
      if (wnd__workdays_add(cal, d, k, &e) != 0) continue;
      if (k >= 0) { /* k working days in (d, e] */
        cr_assert_eq(wnd__workdays_between(cal, d, e, &n), 0);
        cr_assert_eq(n, k, "day %lld k %lld", (long long)d, (long long)k);
      } else { /* -k working days in [e, d) */
        if (wnd__workdays_between(cal, e - 1, d - 1, &n) != 0) continue;
        cr_assert_eq(n, -k, "day %lld k %lld", (long long)d, (long long)k);
        cr_assert_eq(wnd__workdays_between(cal, d - 1, e - 1, &n), 0);
        cr_assert_eq(n, k); /* antisymmetric */
      }
      if (k) cr_assert_eq(wnd__calendar_is_workday(cal, e), 1);
    }
  }
}

Test(calendar, building_rules) {
  wnd__calendar *c = wnd__calendar_new(&wnd__mem_default);
  cr_assert_eq(wnd__calendar_add_year(c, 2026), 0);
  cr_assert_eq(wnd__calendar_add_year(c, 2026), -1);
  cr_assert_eq(wnd__calendar_add_year(c, 0), -1);
  cr_assert_eq(wnd__calendar_add_year(c, 10000), -1);
  cr_assert_eq(wnd__calendar_add_year(c, 9999), 0);
  cr_assert_eq(wnd__calendar_add_year(c, 1), 0);
  cr_assert_eq(wnd__calendar_year_workdays(c, 2026), 261); /* plain Mon-Fri */
  cr_assert_eq(wnd__calendar_set_off(c, D(2025, 5, 1)), -1);
  cr_assert_eq(wnd__calendar_set_work(c, D(2027, 5, 1)), -1);
  /* last call wins, and the count follows */
  cr_assert_eq(wnd__calendar_set_off(c, D(2026, 5, 1)), 0);
  cr_assert_eq(wnd__calendar_year_workdays(c, 2026), 260);
  cr_assert_eq(wnd__calendar_set_off(c, D(2026, 5, 1)), 0);
  cr_assert_eq(wnd__calendar_year_workdays(c, 2026), 260);
  cr_assert_eq(wnd__calendar_set_work(c, D(2026, 5, 1)), 0);
  cr_assert_eq(wnd__calendar_year_workdays(c, 2026), 261);
  wnd__calendar_free(c);
  wnd__calendar_free(NULL);
}

/* An allocator that fails every allocation after `left` successes. */
typedef struct failing {
  int left;
} failing;

static void *failing_realloc(void *ud, void *p, size_t n) {
  failing *f = ud;
  if (n == 0) {
    free(p);
    return NULL;
  }
  if (f->left-- <= 0) return NULL;
  return realloc(p, n);
}

Test(calendar, allocation_failure) {
  failing f = {0};
  wnd__mem m = {failing_realloc, &f};
  cr_assert_null(wnd__calendar_new(&m));
  f.left = 1;
  wnd__calendar *c = wnd__calendar_new(&m);
  cr_assert_not_null(c);
  cr_assert_eq(wnd__calendar_add_year(c, 2026), WND_ENOMEM);
  cr_assert(!wnd__calendar_has_year(c, 2026));
  f.left = 1;
  cr_assert_eq(wnd__calendar_add_year(c, 2026), 0);
  wnd__calendar_free(c);
}

/* 民法典 art. 202/203: the same day number of the N-th following month, else
** that month's last day; then moved to the next working day. */
Test(calendar, months_end_on_the_same_day_number_or_the_month_end) {
  check_deadline(T(2026, 3, 16, 10, 0, 0), 3, WND_U_MONTHS, D(2026, 6, 16));
  /* 2026-02-31 does not exist: Feb 28, a make-up working day */
  check_deadline(T(2026, 1, 31, 10, 0, 0), 1, WND_U_MONTHS, D(2026, 2, 28));
  check_deadline(T(2025, 12, 31, 9, 0, 0), 2, WND_U_MONTHS, D(2026, 2, 28));
  /* 2026-06-20 is in the 端午 holiday: next working day Monday 06-22 */
  check_deadline(T(2026, 3, 20, 10, 0, 0), 3, WND_U_MONTHS, D(2026, 6, 22));
}

/* ---- the tables against the plain day-by-day walk --------------------- */

/* The n-th working day after (n > 0) or before (n < 0) `day`, found by
** asking about one day at a time; -1 as soon as a day that must be
** crossed is not loaded.  This is what workdays_add promises, written the
** slowest and plainest way. */
static int walk_add(const wnd__calendar *c, int64_t day, int64_t n, int64_t *out) {
  if (n == 0) {
    *out = day;
    return 0;
  }
  int64_t step = n > 0 ? 1 : -1, left = n > 0 ? n : -n;
  for (int64_t d = day + step;; d += step) {
    int w = wnd__calendar_is_workday(c, d);
    if (w < 0) return -1;
    if (w && --left == 0) {
      *out = d;
      return 0;
    }
  }
}

/* Every start day from a week before the first loaded year to a week
** after the last, every n in both directions up to the first n the walk
** cannot reach (the calendar_exhausted edge) and a few beyond it; and
** workdays_between against a plain count for every reached day. */
static void compare_with_walk(const wnd__calendar *c, int first_year, int last_year) {
  int64_t lo = D(first_year, 1, 1) - 7, hi = D(last_year, 12, 31) + 7;
  for (int64_t day = lo; day <= hi; day++) {
    for (int dir = -1; dir <= 1; dir += 2) {
      int64_t n = 0, out, want, plain = 0;
      for (int64_t d = day + dir;; d += dir) { /* the walk, incrementally */
        int w = wnd__calendar_is_workday(c, d);
        if (w < 0) break;
        if (!w) continue;
        n += dir;
        plain++;
        cr_assert_eq(wnd__workdays_add(c, day, n, &out), 0, "day %lld n %lld", (long long)day,
                     (long long)n);
        cr_assert_eq(out, d, "day %lld n %lld", (long long)day, (long long)n);
        /* backwards: minus the working days in (d, day], which needs
        ** `day` itself loaded */
        int64_t between, self = wnd__calendar_is_workday(c, day);
        if (dir < 0 && self < 0) {
          cr_assert_eq(wnd__workdays_between(c, day, d, &between), -1);
          continue;
        }
        cr_assert_eq(wnd__workdays_between(c, day, d, &between), 0);
        cr_assert_eq(between, dir > 0 ? plain : -(plain - 1 + self), "day %lld to %lld",
                     (long long)day, (long long)d);
      }
      /* just past the reach, and far past it: exhausted */
      int64_t past[] = {n + dir, n + 2 * dir, n + 300 * dir, dir * INT64_C(4000000),
                        dir * INT64_C(4000001)};
      for (size_t i = 0; i < sizeof past / sizeof past[0]; i++) {
        cr_assert_eq(walk_add(c, day, past[i], &want), -1);
        cr_assert_eq(wnd__workdays_add(c, day, past[i], &out), -1, "day %lld n %lld",
                     (long long)day, (long long)past[i]);
      }
    }
    int64_t out;
    cr_assert_eq(wnd__workdays_add(c, day, 0, &out), 0);
    cr_assert_eq(out, day);
  }
}

Test(calendar, tables_match_the_walk_on_the_real_years) {
  compare_with_walk(cal, 2025, 2026);
}

Test(calendar, tables_match_the_walk_with_gaps_and_empty_years) {
  wnd__calendar *c = wnd__calendar_new(&wnd__mem_default);
  cr_assert_not_null(c);
  /* 2023, 2024 (leap) and 2026 with a gap at 2025; 2027 has no working
  ** day at all; 2028 (leap) one working day on its last day; 2030 alone. */
  int years[] = {2026, 2023, 2024, 2027, 2028, 2030};
  for (size_t i = 0; i < sizeof years / sizeof years[0]; i++)
    cr_assert_eq(wnd__calendar_add_year(c, years[i]), 0);
  uint32_t seed = 12345;
  for (int64_t d = D(2023, 1, 1); d <= D(2026, 12, 31); d++) {
    seed = seed * 1103515245u + 12345u;
    if ((seed >> 16) % 9 == 0)
      wnd__calendar_set_off(c, d);
    else if ((seed >> 16) % 23 == 0)
      wnd__calendar_set_work(c, d);
  }
  for (int64_t d = D(2027, 1, 1); d <= D(2028, 12, 31); d++) wnd__calendar_set_off(c, d);
  cr_assert_eq(wnd__calendar_set_work(c, D(2028, 12, 31)), 0);
  cr_assert_eq(wnd__calendar_year_workdays(c, 2027), 0);
  cr_assert_eq(wnd__calendar_year_workdays(c, 2028), 1);
  compare_with_walk(c, 2023, 2030);
  /* counting stops at the gap, also for a day inside it */
  int64_t out;
  cr_assert_eq(wnd__workdays_add(c, D(2025, 6, 1), 1, &out), -1);
  cr_assert_eq(wnd__workdays_add(c, D(2024, 12, 31), 1, &out), -1);
  cr_assert_eq(wnd__workdays_add(c, D(2025, 12, 31), 1, &out), 0);
  cr_assert_eq(wnd__workdays_add(c, D(2026, 12, 31), 1, &out), 0);
  cr_assert_eq(out, D(2028, 12, 31)); /* across a year without working days */
  cr_assert_eq(wnd__workdays_add(c, D(2029, 1, 1), -1, &out), 0);
  cr_assert_eq(out, D(2028, 12, 31));
  wnd__calendar_free(c);
}

/* A calendar changed after a query answers from its new days: the tables
** follow every set_off/set_work (the loader marks days one by one). */
Test(calendar, tables_follow_every_change) {
  wnd__calendar *c = wnd__calendar_new(&wnd__mem_default);
  cr_assert_eq(wnd__calendar_add_year(c, 2026), 0);
  int64_t out;
  cr_assert_eq(wnd__workdays_add(c, D(2026, 4, 30), 1, &out), 0);
  cr_assert_eq(out, D(2026, 5, 1));
  cr_assert_eq(wnd__calendar_set_off(c, D(2026, 5, 1)), 0);
  cr_assert_eq(wnd__workdays_add(c, D(2026, 4, 30), 1, &out), 0);
  cr_assert_eq(out, D(2026, 5, 4));
  cr_assert_eq(wnd__calendar_set_work(c, D(2026, 5, 2)), 0);
  cr_assert_eq(wnd__workdays_add(c, D(2026, 4, 30), 1, &out), 0);
  cr_assert_eq(out, D(2026, 5, 2));
  cr_assert_eq(wnd__calendar_add_year(c, 2025), 0); /* inserted before: tables move along */
  cr_assert_eq(wnd__workdays_add(c, D(2026, 5, 3), -1, &out), 0);
  cr_assert_eq(out, D(2026, 5, 2));
  cr_assert_eq(wnd__workdays_add(c, D(2026, 1, 1), -1, &out), 0);
  cr_assert_eq(out, D(2025, 12, 31));
  compare_with_walk(c, 2025, 2026);
  wnd__calendar_free(c);
}

/* Years at both ends of the range, where day +- 1 leaves it. */
Test(calendar, tables_match_the_walk_at_the_ends_of_the_range) {
  wnd__calendar *c = wnd__calendar_new(&wnd__mem_default);
  cr_assert_eq(wnd__calendar_add_year(c, 1), 0);
  cr_assert_eq(wnd__calendar_add_year(c, 9999), 0);
  compare_with_walk(c, 1, 1);
  compare_with_walk(c, 9999, 9999);
  wnd__calendar_free(c);
}

/* The year of a day is found by a scan for up to four loaded years and by
** bisection beyond: for one to six years with gaps between them, every
** day from a year before the first to a year after the last is known
** exactly when its year is loaded. */
Test(calendar, year_lookup_by_scan_and_bisection) {
  const int years[] = {2021, 2022, 2024, 2025, 2027, 2028};
  for (size_t count = 1; count <= 6; count++) {
    wnd__calendar *c = wnd__calendar_new(&wnd__mem_default);
    cr_assert_not_null(c);
    for (size_t i = count; i-- > 0;) cr_assert_eq(wnd__calendar_add_year(c, years[i]), 0);
    for (int64_t d = D(2020, 1, 1); d <= D(2029, 12, 31); d++) {
      int64_t y;
      int m, dd;
      wnd__civil_from_days(d, &y, &m, &dd);
      bool loaded = false;
      for (size_t i = 0; i < count; i++) loaded |= years[i] == y;
      cr_assert_eq(wnd__calendar_is_workday(c, d) >= 0, loaded, "%zu years, day %lld", count,
                   (long long)d);
    }
    wnd__calendar_free(c);
  }
}

/* A day deadline carries its local date (the result prints it without
** converting the instant back): the local day of its instant, also at the
** ends of the instant range, in the extreme offsets, for 0 and 1 days. */
Test(calendar, deadline_day_is_the_local_day_of_its_instant) {
  const int64_t receipts[] = {WND_TS_MIN_SEC, WND_TS_MIN_SEC + 86399, 0, T(2026, 6, 1, 23, 59, 59),
                              WND_TS_MAX_SEC - 86400, WND_TS_MAX_SEC};
  const int32_t offsets[] = {-WND_OFFSET_MAX, 0, CST, WND_OFFSET_MAX};
  const wnd__span spans[] = {{0, WND_U_DAYS}, {1, WND_U_DAYS}, {0, WND_U_WORKDAYS},
                             {1, WND_U_WORKDAYS}, {0, WND_U_MONTHS}};
  int checked = 0;
  for (size_t i = 0; i < sizeof receipts / sizeof receipts[0]; i++)
    for (size_t k = 0; k < sizeof offsets / sizeof offsets[0]; k++)
      for (size_t j = 0; j < sizeof spans / sizeof spans[0]; j++) {
        struct wnd__deadline dl;
        if (wnd__deadline(cal, receipts[i], offsets[k], spans[j], &dl) != 0) continue;
        cr_assert(dl.date_only);
        cr_assert_eq(dl.day, wnd__local_day(dl.sec, offsets[k]), "receipt %lld offset %d",
                     (long long)receipts[i], offsets[k]);
        checked++;
      }
  cr_assert_geq(checked, 20);
}

/* A day deadline counted through the calendar carries its year and its
** index in the year (deadlines.c prints the date from them): they must
** name the deadline's day, and the text from them must be date_format's.
** Every receipt day of calendars with holidays, make-up days, leap years,
** a gap and the last year 9999; every count up to past the end. */
static void check_year_and_index(const wnd__calendar *c, int64_t lo, int64_t hi) {
  const wnd__unit units[] = {WND_U_WORKDAYS, WND_U_DAYS, WND_U_MONTHS};
  int with_year = 0;
  for (int64_t day = lo; day <= hi; day++)
    for (size_t u = 0; u < sizeof units / sizeof units[0]; u++)
      for (int64_t n = 0; n <= 400; n += n < 30 ? 1 : 37) {
        struct wnd__deadline dl;
        wnd__span s = {n, units[u]};
        if (wnd__deadline(c, day * 86400 - CST + 3600, CST, s, &dl) != 0) continue;
        cr_assert(dl.date_only);
        if (!dl.year) {
          cr_assert_eq(n, 0, "only an immediate deadline is not located, day %lld", (long long)day);
          continue;
        }
        with_year++;
        cr_assert_eq(wnd__days_from_civil(dl.year, 1, 1) + dl.yday, dl.day, "day %lld n %lld",
                     (long long)day, (long long)n);
        cr_assert_eq(dl.leap, wnd__is_leap(dl.year));
        char got[11], want[11];
        cr_assert_eq(wnd__date_format_yd(got, dl.year, dl.yday, dl.leap), 10);
        wnd__date_format(want, dl.day);
        cr_assert_str_eq(got, want);
      }
  cr_assert_gt(with_year, 0);
}

Test(calendar, deadline_year_and_index_name_its_day) {
  check_year_and_index(cal, D(2024, 12, 20), D(2027, 1, 10));
  wnd__calendar *c = wnd__calendar_new(&wnd__mem_default);
  cr_assert_not_null(c);
  const int years[] = {2023, 2024, 2026, 2028, 9998, 9999};
  for (size_t i = 0; i < sizeof years / sizeof years[0]; i++)
    cr_assert_eq(wnd__calendar_add_year(c, years[i]), 0);
  cr_assert_eq(wnd__calendar_set_off(c, D(2024, 2, 29)), 0);  /* a leap day off */
  cr_assert_eq(wnd__calendar_set_work(c, D(2028, 2, 27)), 0); /* a make-up Sunday before one */
  cr_assert_eq(wnd__calendar_set_off(c, D(2023, 12, 29)), 0); /* the year's last working day */
  check_year_and_index(c, D(2023, 1, 1) - 3, D(2024, 12, 31) + 3);
  check_year_and_index(c, D(2028, 1, 1) - 3, D(2028, 12, 31) + 3);
  check_year_and_index(c, D(9998, 11, 1), D(9999, 12, 31));
  wnd__calendar_free(c);
}

/* An instant deadline (hours, minutes) whose local day is in a loaded year
** carries that day, its year and index: every hour of the loaded years and
** the days around them, in several offsets; the text from them is
** ts_format's.  Outside the loaded years (and for a receipt outside the
** timestamp range, n == 0) the year is 0. */
Test(calendar, instant_deadline_is_located_in_its_local_day) {
  const int32_t offsets[] = {-WND_OFFSET_MAX, -18000, 0, CST, 20700, WND_OFFSET_MAX};
  const wnd__span spans[] = {{0, WND_U_HOURS}, {20, WND_U_MINUTES}, {5, WND_U_HOURS}};
  int located = 0, outside = 0;
  for (size_t o = 0; o < sizeof offsets / sizeof offsets[0]; o++)
    for (int64_t sec = (D(2025, 1, 1) - 2) * 86400; sec <= (D(2026, 12, 31) + 2) * 86400; sec += 3599)
      for (size_t j = 0; j < sizeof spans / sizeof spans[0]; j++) {
        struct wnd__deadline dl;
        cr_assert_eq(wnd__deadline(cal, sec, offsets[o], spans[j], &dl), 0);
        cr_assert(!dl.date_only);
        int64_t day = wnd__local_day(dl.sec, offsets[o]);
        if (!dl.year) {
          cr_assert_eq(wnd__calendar_is_workday(cal, day), -1, "sec %lld", (long long)dl.sec);
          outside++;
          continue;
        }
        located++;
        cr_assert_eq(dl.day, day);
        cr_assert_eq(wnd__days_from_civil(dl.year, 1, 1) + dl.yday, day);
        cr_assert_eq(dl.leap, wnd__is_leap(dl.year));
        char got[WND_TS_BUFSZ], want[WND_TS_BUFSZ];
        int tod = (int)(dl.sec + offsets[o] - day * 86400);
        wnd__ts_format_yd(got, dl.year, dl.yday, dl.leap, tod, offsets[o]);
        wnd__ts_format(want, dl.sec, 0, offsets[o], false);
        cr_assert_str_eq(got, want);
      }
  cr_assert_gt(located, 1000);
  cr_assert_gt(outside, 0);
  struct wnd__deadline dl;
  const wnd__span now = {0, WND_U_HOURS};
  cr_assert_eq(wnd__deadline(cal, WND_TS_MAX_SEC + 1, CST, now, &dl), 0);
  cr_assert_eq(dl.year, 0);
  cr_assert_eq(dl.sec, WND_TS_MAX_SEC + 1);
}
