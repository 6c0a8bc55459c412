/*
** span.h — the durations of rule files (SPEC §2.1): "10个工作日",
** "20 workdays", "7 days", "2小时", "20 minutes", "0".
**
** A span keeps its unit because working days and natural time are not
** convertible without a calendar and a start instant; the deadline code in
** calendar.h does that conversion.
*/
#ifndef WND_TIME_SPAN_H
#define WND_TIME_SPAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/mem.h"

typedef enum wnd__unit {
  WND_U_WORKDAYS,
  WND_U_DAYS,
  WND_U_HOURS,
  WND_U_MINUTES,
  WND_U_MONTHS      /* SPEC 0.2 §2.1: calendar months (民法典 art. 202) */
} wnd__unit;

typedef struct wnd__span {
  int64_t n;        /* 0..WND_SPAN_MAX */
  wnd__unit unit;
} wnd__span;

/* Largest count accepted: far beyond any statutory limit, small enough
** that n * 86400 seconds and n working days stay cheap and exact. */
#define WND_SPAN_MAX 100000

/*
** Parse "<n><ws?><unit>" where unit is one of
**   workdays workday 个工作日 工作日              -> WND_U_WORKDAYS
**   days day 日 天 个自然日 自然日                -> WND_U_DAYS
**   hours hour 小时 个小时                        -> WND_U_HOURS
**   minutes minute 分钟                           -> WND_U_MINUTES
**   months month 个月 月                          -> WND_U_MONTHS
** (English in lower case, as SPEC spells it), or a bare "0" (= 0 days,
** immediate/即办).  n is decimal digits only (no sign, no fraction).
** Leading and trailing ASCII blanks are ignored.  Returns 0, or -1 with
** *err_off set to the byte offset of the problem (the sign, the digit that
** overflows, the unknown unit, the stray text, or n when the unit is
** missing).  err_off may be NULL.
*/
WND_HIDDEN int wnd__span_parse(const char *s, size_t n, wnd__span *out,
                               size_t *err_off);

/*
** Compare two spans when comparable (SPEC §4.4): both natural time
** (days/hours/minutes, compared as lengths of time) or both workdays.
** Months compare with months exactly, and with other natural spans only
** when every month length (28 to 31 days) gives the same answer.
** A zero span means "immediate" and compares with any span.  Returns -1,
** 0 or 1 (a < b, equal, a > b), or 2 when not comparable.
*/
WND_HIDDEN int wnd__span_cmp(wnd__span a, wnd__span b);

/* Canonical English text ("5 workdays", "1 day", "0 days"); buf >= 32. */
WND_HIDDEN size_t wnd__span_format(char *buf, wnd__span s);

#endif
