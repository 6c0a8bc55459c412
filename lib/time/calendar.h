/*
** calendar.h — the working-day calendar of a catalog (SPEC §2.5) and the
** deadline rule of SPEC §2.1.
**
** A calendar is built by the catalog loader one year at a time
** (add_year, then set_off for 法定节假日 and set_work for 调休 make-up days)
** and is immutable afterwards: every query is a pure read, so a loaded
** catalog can be evaluated from many threads without locks.
**
** Nothing is guessed: a question about a day whose year was never added
** answers -1 ("calendar exhausted"), and SPEC §4.4 turns that into a null
** deadline with a calendar_exhausted warning.
*/
#ifndef WND_TIME_CALENDAR_H
#define WND_TIME_CALENDAR_H

#include <stdbool.h>
#include <stdint.h>

#include "core/mem.h"
#include "span.h"

typedef struct wnd__calendar wnd__calendar;

/* Years a calendar may hold (the CEL timestamp range). */
#define WND_CAL_YEAR_MIN 1
#define WND_CAL_YEAR_MAX 9999

/* An empty calendar; NULL on allocation failure.  m must outlive it. */
WND_HIDDEN wnd__calendar *wnd__calendar_new(const wnd__mem *m);
/* Accepts NULL. */
WND_HIDDEN void wnd__calendar_free(wnd__calendar *c);
/*
** Load a year with the default rule: Monday..Friday work, Saturday and
** Sunday off.  Years need not be contiguous (a gap is simply not loaded).
** Returns 0; -1 when already added or outside 1..9999; WND_ENOMEM.
*/
WND_HIDDEN int wnd__calendar_add_year(wnd__calendar *c, int year);
/* Mark a day off (holiday).  0, or -1 when the day's year is not added.
** set_off/set_work on the same day: the last call wins. */
WND_HIDDEN int wnd__calendar_set_off(wnd__calendar *c, int64_t day);
/* Mark a day as working (调休 make-up day).  0, or -1 as above. */
WND_HIDDEN int wnd__calendar_set_work(wnd__calendar *c, int64_t day);
WND_HIDDEN bool wnd__calendar_has_year(const wnd__calendar *c, int year);
/* 1 working day, 0 day off, -1 year not loaded. */
WND_HIDDEN int wnd__calendar_is_workday(const wnd__calendar *c, int64_t day);
/* Working days in a loaded year, or -1 when not loaded. */
WND_HIDDEN int wnd__calendar_year_workdays(const wnd__calendar *c, int year);

/*
** The n-th working day after `day` (the day itself is never counted, so
** the result does not depend on whether `day` is a working day); n == 0
** gives `day` itself; n < 0 counts backwards (the |n|-th working day
** before `day`).  Returns 0, or -1 when a year that must be crossed is not
** loaded (calendar exhausted).
*/
WND_HIDDEN int wnd__workdays_add(const wnd__calendar *c, int64_t day, int64_t n,
                                 int64_t *out_day);
/*
** Working days in (from_day, to_day]; when to_day < from_day, minus the
** working days in (to_day, from_day].  So workdays_add(d, k) == e implies
** workdays_between(d, e) == k.  Returns 0, or -1 when a year in the range
** is not loaded.
*/
WND_HIDDEN int wnd__workdays_between(const wnd__calendar *c, int64_t from_day,
                                     int64_t to_day, int64_t *out);

/*
** NOTE: C has one namespace for typedef and function names, so the struct
** cannot also be typedef'd as `wnd__deadline` next to the function
** wnd__deadline().  Write `struct wnd__deadline` or `wnd__deadline_t`.
*/
struct wnd__deadline {
  int64_t sec;      /* the instant the period ends */
  bool date_only;   /* a day-granular deadline: report the local date */
  int64_t day;      /* date_only: that local date (the local day of sec) */
  /* A date_only deadline counted through the calendar, or an instant in
  ** the timestamp range whose local day is in a loaded year: the year of
  ** `day` (for an instant, its local day is then in `day` too) and its
  ** index in the year (0 = 1 January), so that its text needs no civil
  ** conversion; year 0 otherwise. */
  int32_t year;
  uint16_t yday;
  bool leap;
};
typedef struct wnd__deadline wnd__deadline_t;

/*
** SPEC §2.1: the end of a period of `span` starting at receipt instant
** receipt_sec, read in the catalog's fixed offset (seconds east of UTC):
**  - workdays n > 0: close (23:59:59 local) of the n-th working day after
**    the receipt's local day D;
**  - days n > 0: close of D + n, moved forward to the next working day
**    when D + n is not one (民法典 art. 203);
**  - hours/minutes: receipt instant + span, date_only false;
**  - n == 0 (immediate): the close of D (date_only) for days/workdays,
**    the receipt instant itself for hours/minutes; no calendar needed.
** Returns 0, or -1 when the loaded years cannot reach the deadline (also
** for a negative n or a result outside the timestamp range).
*/
WND_HIDDEN int wnd__deadline(const wnd__calendar *c, int64_t receipt_sec,
                             int32_t offset, wnd__span span,
                             struct wnd__deadline *out);

#endif
