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

/* The 18 bytes at s as three words (a, b, c) */
static inline void load18(const char *s, uint64_t *a, uint64_t *b, uint16_t *c) {
  memcpy(a, s, 8);
  memcpy(b, s + 8, 8);
  memcpy(c, s + 16, 2);
}

/* 18 bytes equal, without a memcmp call. */
static inline bool same18(const char *a, const char *b) {
  uint64_t a0, a1, b0, b1;
  uint16_t a2, b2;
  load18(a, &a0, &a1, &a2);
  load18(b, &b0, &b1, &b2);
  return ((a0 ^ b0) | (a1 ^ b1) | (uint64_t)(a2 ^ b2)) == 0;
}

/* A new number's memo entry: the older of the two is replaced. */
static __attribute__((noinline)) const struct cel_id_memo *id_learn(wnd__cel_ctx *c,
                                                                    const char *s) {
  struct cel_id_memo *m = &c->ids[c->id_next];
  c->id_next ^= 1;
  load18(s, &m->t0, &m->t1, &m->t2);
  m->valid = wnd__cn_id_birth(s, 18, &m->birth); /* birth: only when valid */
  return m;
}

/* The memo entry of an 18-character number (made on first sight).  An
** entry never filled holds 18 NUL bytes, marked not valid: the answer
** for that text too, so no entry needs a "used" flag. */
static inline const struct cel_id_memo *id_memo(wnd__cel_ctx *c, const char *s) {
  uint64_t s0, s1;
  uint16_t s2;
  load18(s, &s0, &s1, &s2);
  const struct cel_id_memo *m = c->ids;
  if (((m[0].t0 ^ s0) | (m[0].t1 ^ s1) | (uint64_t)(m[0].t2 ^ s2)) == 0) return &m[0];
  if (((m[1].t0 ^ s0) | (m[1].t1 ^ s1) | (uint64_t)(m[1].t2 ^ s2)) == 0) return &m[1];
  return id_learn(c, s);
}

/* wnd__cn_birthdate through the ctx's two-entry cache (cel_int.h): the
** valid number's memo entry, or NULL when it is not one (every number that
** is not 18 characters long). */
static const struct cel_id_memo *birth(wnd__cel_ctx *c, const char *s, uint32_t n) {
  if (n != 18) return NULL; /* never valid: no need to remember */
  const struct cel_id_memo *m = id_memo(c, s);
  return m->valid ? m : NULL;
}

/* wnd__cn_uscc through the ctx's one-entry cache. */
static bool uscc(wnd__cel_ctx *c, const char *s, uint32_t n) {
  if (n != 18) return wnd__cn_uscc(s, n); /* never valid: no need to remember */
  if (c->uscc_cached && same18(c->uscc_text, s)) return c->uscc_valid;
  memcpy(c->uscc_text, s, 18);
  c->uscc_cached = true;
  c->uscc_valid = wnd__cn_uscc(s, n);
  return c->uscc_valid;
}

/* The local day of instant sec in offset off, through the ctx's cache. */
static int64_t local_day(wnd__cel_ctx *c, int64_t sec, int32_t off) {
  if (!c->day_cached || c->day_sec != sec || c->day_off != off) {
    c->day = wnd__local_day(sec, off);
    c->day_sec = sec;
    c->day_off = off;
    c->day_cached = true;
  }
  return c->day;
}

/* The civil date of day (the ctx's cached one: evaluations at different
** instants of one day share it). */
static void civil(wnd__cel_ctx *c, int64_t day) {
  if (c->civil_cached && c->civil_day == day) return;
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

bool wnd__cel_cn_valid(wnd__cel_ctx *c, int op, const char *s, uint32_t n) {
  if (op == F_CN_USCC) return uscc(c, s, n);
  return birth(c, s, n) != NULL;
}

bool wnd__cel_cn_check(wnd__cel_ctx *c, const wnd__cel_activation *act, int op, const char *s,
                       uint32_t n) {
  switch (op) {
    case F_CN_ID_CARD: {
      /* valid shape, check character and date, and born by today */
      const struct cel_id_memo *m = birth(c, s, n);
      if (!m) return false;
      return m->birth.days <= local_day(c, act->now_sec, act->utc_offset);
    }
    case F_CN_USCC: return uscc(c, s, n);
    default: return wnd__cn_mobile(s, n);
  }
}

int wnd__cel_cn_age(wnd__cel_ctx *c, const wnd__cel_activation *act, const char *s, uint32_t n,
                    int64_t at_sec, int64_t *age) {
  const struct cel_id_memo *m = birth(c, s, n);
  if (!m) return -1;
  int64_t at = local_day(c, at_sec, act->utc_offset);
  if (at < m->birth.days) return -1;
  civil(c, at);
  /* whole years between the birth date and `at`'s local date */
  int64_t years = c->civil_y - m->birth.y;
  if (c->civil_m < m->birth.m || (c->civil_m == m->birth.m && c->civil_d < m->birth.d))
    years--;
  *age = years;
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
      const struct cel_id_memo *m = birth(ev->ctx, a.u.s, a.n);
      if (!m) return wnd__cel_err(ev, n->off, WE_INVALID, "not a valid resident ID number");
      /* local midnight of the birth date in the catalog's zone */
      return wnd__v_timestamp(wnd__day_start(m->birth.days, act->utc_offset), 0);
    }
    case F_CN_AGE: {
      int64_t age;
      if (wnd__cel_cn_age(ev->ctx, act, a.u.s, a.n, args[1].u.t.sec, &age) == 0)
        return wnd__v_int(age);
      if (!birth(ev->ctx, a.u.s, a.n))
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
