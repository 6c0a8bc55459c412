/*
** constargs.c — what the checker can know about constant arguments.
**
** `duration("30 days")` or `timestamp("2026-12-31")` parse as valid CEL and
** type-check, yet every evaluation is an error, so a rule using them is
** undetermined for every applicant (SPEC 0.2 §3).  The checker asks here
** whether a literal argument could ever work, and the message tells the
** author what CEL expects instead.
*/
#include "cel_int.h"

#include <stdio.h>

#include "../time/civil.h"

bool wnd__cel_const_arg_bad(int op, const char *s, size_t n, char *msg, size_t cap) {
  int shown = (int)(n > 64 ? 64 : n);
  if (op == F_DURATION) {
    int64_t sec;
    int32_t nsec;
    int r = wnd__cel_dur_parse(s, n, &sec, &nsec);
    if (r == 0) return false;
    if (r == 2) snprintf(msg, cap, "duration '%.*s' is out of range", shown, s);
    else
      snprintf(msg, cap,
               "invalid duration '%.*s': CEL durations use the units h, m, s, ms, us, ns "
               "(30 natural days: duration(\"720h\"); working days: workdays.add(now, 20))",
               shown, s);
    return true;
  }
  if (op == F_TIMESTAMP) {
    wnd__tsparse tp;
    if (wnd__ts_parse(s, n, 0, &tp) == 0 && !tp.date_only && tp.has_offset) {
      if (wnd__cel_ts_ok(tp.sec)) return false;
      snprintf(msg, cap, "timestamp '%.*s' is out of range", shown, s);
      return true;
    }
    snprintf(msg, cap,
             "invalid timestamp '%.*s': write a date, a time and an offset, "
             "e.g. timestamp(\"2026-12-31T23:59:59+08:00\")",
             shown, s);
    return true;
  }
  return false;
}
