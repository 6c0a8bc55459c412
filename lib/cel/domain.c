/*
** domain.c — the builtin domain functions of SPEC §3: cn.* (Chinese
** identifiers, validated by lib/time/cnid.c) and workdays.* (the catalog's
** working-day calendar, lib/time/calendar.c).
**
** Calendar days are local days in the activation's UTC offset (the
** catalog's zone): a deadline counted in working days is about the hall's
** calendar, not UTC's.
*/
#include "cel_int.h"

#include <string.h>

#include "../time/calendar.h"
#include "../time/civil.h"
#include "../time/cnid.h"

/* A new number's memo entry: the older of the two is replaced.  The
** misses below stay out of line (noinline: also under LTO), so the inline
** hit paths of cel_int.h stay short. */
__attribute__((noinline))
const struct cel_id_memo *wnd__cel_id_learn(wnd__cel_ctx *c, const char *s) {
  struct cel_id_memo *m = &c->ids[c->id_next];
  c->id_next ^= 1;
  cel_load18(s, &m->t0, &m->t1, &m->t2);
  m->valid = wnd__cn_id_birth(s, 18, &m->birth); /* birth: only when valid */
  return m;
}

__attribute__((noinline)) bool wnd__cel_uscc_learn(wnd__cel_ctx *c, const char *s) {
  memcpy(c->uscc_text, s, 18);
  c->uscc_cached = true;
  c->uscc_valid = wnd__cn_uscc(s, 18);
  return c->uscc_valid;
}

__attribute__((noinline)) void wnd__cel_civil_learn(wnd__cel_ctx *c, int64_t day) {
  wnd__civil_from_days(day, &c->civil_y, &c->civil_m, &c->civil_d);
  c->civil_day = day;
  c->civil_cached = true;
}

/* The credit code's sets first: they hold the ID number's, so a pattern
** for credit codes covers ID numbers too, and learning every credit code
** as an ID number would push the numbers out of the two-entry memo. */
int wnd__cel_cn_covered(const cel_fixed *f) {
  if (wnd__cel_fixed_covers(f, wnd__cn_uscc_sets, 18)) return F_CN_USCC;
  if (wnd__cel_fixed_covers(f, wnd__cn_id_sets, 18)) return F_CN_ID_CARD;
  return 0;
}

wnd__value wnd__cel_domain_call(cel_eval *ev, const cel_node *n, const wnd__value *args,
                                size_t nargs) {
  const wnd__cel_activation *act = ev->act;
  wnd__value a = args[0];
  switch (n->op) {
    case F_CN_ID_CARD: case F_CN_USCC: case F_CN_MOBILE: case F_CN_BIRTHDATE:
    case F_CN_GENDER:
      if (nargs != 1 || a.kind != WV_STRING) return wnd__cel_no_overload(ev, n, wnd__cel_fn_name(n->op), args, nargs);
      break;
    case F_CN_AGE:
      if (nargs != 2 || a.kind != WV_STRING || args[1].kind != WV_TIMESTAMP)
        return wnd__cel_no_overload(ev, n, wnd__cel_fn_name(n->op), args, nargs);
      break;
    case F_WD_ADD:
      if (nargs != 2 || a.kind != WV_TIMESTAMP || args[1].kind != WV_INT)
        return wnd__cel_no_overload(ev, n, wnd__cel_fn_name(n->op), args, nargs);
      break;
    case F_WD_BETWEEN:
      if (nargs != 2 || a.kind != WV_TIMESTAMP || args[1].kind != WV_TIMESTAMP)
        return wnd__cel_no_overload(ev, n, wnd__cel_fn_name(n->op), args, nargs);
      break;
    default:
      return wnd__cel_no_overload(ev, n, wnd__cel_fn_name(n->op), args, nargs);
  }
  switch (n->op) {
    case F_CN_ID_CARD: case F_CN_USCC: case F_CN_MOBILE:
      return wnd__v_bool(wnd__cel_cn_check(ev->ctx, act, n->op, a.u.s, a.n));
    case F_CN_BIRTHDATE: {
      const struct cel_id_memo *m = wnd__cel_id_birth(ev->ctx, a.u.s, a.n);
      if (!m) return wnd__cel_err(ev, n->off, WE_INVALID, "not a valid resident ID number");
      /* local midnight of the birth date in the catalog's zone */
      return wnd__v_timestamp(wnd__day_start(m->birth.days, act->utc_offset), 0);
    }
    case F_CN_AGE: {
      int64_t age;
      if (wnd__cel_cn_age(ev->ctx, act, a.u.s, a.n, args[1].u.t.sec, &age) == 0)
        return wnd__v_int(age);
      if (!wnd__cel_id_birth(ev->ctx, a.u.s, a.n))
        return wnd__cel_err(ev, n->off, WE_INVALID, "not a valid resident ID number");
      return wnd__cel_err(ev, n->off, WE_INVALID, "date before the birth date");
    }
    case F_CN_GENDER: {
      bool female;
      if (wnd__cn_gender(a.u.s, a.n, &female) != 0)
        return wnd__cel_err(ev, n->off, WE_INVALID, "not a valid resident ID number");
      return female ? wnd__v_string("female", 6) : wnd__v_string("male", 4);
    }
    case F_WD_ADD: {
      if (!act->calendar)
        return wnd__cel_err(ev, n->off, WE_INVALID, "no working-day calendar is loaded");
      /* a year of working days costs a scan of the calendar */
      int64_t k = args[1].u.i;
      uint64_t mag = k < 0 ? (uint64_t)0 - (uint64_t)k : (uint64_t)k;
      if (!cel_charge(ev, 1 + mag / 32)) return wnd__cel_cost_error(ev, n->off);
      int64_t day = wnd__local_day(a.u.t.sec, act->utc_offset);
      int64_t out;
      if (wnd__workdays_add(act->calendar, day, k, &out) != 0)
        return wnd__cel_err(ev, n->off, WE_RANGE, "working-day calendar exhausted");
      /* keep the time of day: same local clock time on the target day */
      int64_t sec = a.u.t.sec + (out - day) * 86400;
      if (!wnd__cel_ts_ok(sec)) return wnd__cel_err(ev, n->off, WE_OVERFLOW, "timestamp out of range");
      return wnd__v_timestamp(sec, a.nsec);
    }
    case F_WD_BETWEEN: {
      if (!act->calendar)
        return wnd__cel_err(ev, n->off, WE_INVALID, "no working-day calendar is loaded");
      int64_t d1 = wnd__local_day(a.u.t.sec, act->utc_offset);
      int64_t d2 = wnd__local_day(args[1].u.t.sec, act->utc_offset);
      uint64_t span = d2 > d1 ? (uint64_t)(d2 - d1) : (uint64_t)(d1 - d2);
      if (!cel_charge(ev, 1 + span / 32)) return wnd__cel_cost_error(ev, n->off);
      int64_t out;
      if (wnd__workdays_between(act->calendar, d1, d2, &out) != 0)
        return wnd__cel_err(ev, n->off, WE_RANGE, "working-day calendar exhausted");
      return wnd__v_int(out);
    }
    default:
      return wnd__cel_no_overload(ev, n, wnd__cel_fn_name(n->op), args, nargs);
  }
}
