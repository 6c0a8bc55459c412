/*
** celtime.c — CEL timestamps and durations: construction from strings and
** ints, text forms, accessors with an optional fixed-offset time zone.
** Civil-date arithmetic and RFC 3339 parsing come from lib/time/civil.h.
**
** Time zones: "UTC", "Z", "+08:00", "-02:30" and unsigned "02:00" (east)
** work; IANA names ("Asia/Shanghai") are an evaluation error: catalogs use
** fixed offsets and the library carries no zone database.
*/
#include "cel_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../time/civil.h"

#define NS 1000000000LL

bool wnd__cel_ts_ok(int64_t sec) { return sec >= CEL_TS_MIN && sec <= CEL_TS_MAX; }

/*
** Durations are limited to what int64 nanoseconds hold (about 292 years),
** as cel-go's; the conformance suite expects 9998 years to be a range
** error, so protobuf's wider +-10000 years is not what CEL runs with.
*/
bool wnd__cel_dur_ok(int64_t sec, int32_t nsec) {
  __int128 t = (__int128)sec * NS + nsec;
  return t >= INT64_MIN && t <= INT64_MAX;
}

void wnd__cel_norm(int64_t *sec, int64_t *nsec) {
  while (*nsec < 0) {
    *nsec += NS;
    (*sec)--;
  }
  while (*nsec >= NS) {
    *nsec -= NS;
    (*sec)++;
  }
}

wnd__value wnd__cel_parse_timestamp(cel_eval *ev, uint32_t off, const char *s, size_t n) {
  wnd__tsparse tp;
  if (wnd__ts_parse(s, n, 0, &tp) != 0 || tp.date_only || !tp.has_offset)
    return wnd__cel_err(ev, off, WE_INVALID, "invalid timestamp '%.*s'",
                        (int)(n > 64 ? 64 : n), s);
  if (!wnd__cel_ts_ok(tp.sec))
    return wnd__cel_err(ev, off, WE_RANGE, "timestamp out of range");
  return wnd__v_timestamp(tp.sec, tp.nsec);
}

/*
** Go/CEL duration syntax: [-+]? ( number unit )+ with units h m s ms us µs
** ns, or "0".  Computed exactly in 128-bit nanoseconds.
*/
int wnd__cel_dur_parse(const char *s, size_t n, int64_t *osec, int32_t *onsec) {
  size_t p = 0;
  bool neg = false;
  __int128 total = 0;
  const __int128 limit = (__int128)INT64_MAX + 1;
  if (p < n && (s[p] == '-' || s[p] == '+')) neg = s[p++] == '-';
  if (p == n) goto bad;
  if (n - p == 1 && s[p] == '0') {
    *osec = 0;
    *onsec = 0;
    return 0;
  }
  while (p < n) {
    __int128 whole = 0, frac = 0, scale = 1;
    bool digits = false;
    while (p < n && s[p] >= '0' && s[p] <= '9') {
      whole = whole * 10 + (s[p++] - '0');
      digits = true;
      if (whole > limit) goto range;
    }
    if (p < n && s[p] == '.') {
      p++;
      while (p < n && s[p] >= '0' && s[p] <= '9') {
        if (scale < (__int128)NS * NS) {
          frac = frac * 10 + (s[p] - '0');
          scale *= 10;
        }
        p++;
        digits = true;
      }
    }
    if (!digits) goto bad;
    int64_t unit;
    if (p + 2 <= n && !memcmp(s + p, "ns", 2)) { unit = 1; p += 2; }
    else if (p + 2 <= n && !memcmp(s + p, "us", 2)) { unit = 1000; p += 2; }
    else if (p + 3 <= n && !memcmp(s + p, "\xc2\xb5s", 3)) { unit = 1000; p += 3; }
    else if (p + 2 <= n && !memcmp(s + p, "ms", 2)) { unit = 1000000; p += 2; }
    else if (p < n && s[p] == 's') { unit = NS; p += 1; }
    else if (p < n && s[p] == 'm') { unit = 60 * NS; p += 1; }
    else if (p < n && s[p] == 'h') { unit = 3600 * NS; p += 1; }
    else goto bad;
    total += whole * unit + (frac * unit) / scale;
    if (total > limit) goto range;
  }
  if (neg) total = -total;
  int64_t sec = (int64_t)(total / NS);
  int32_t nsec = (int32_t)(total % NS);
  if (!wnd__cel_dur_ok(sec, nsec)) goto range;
  *osec = sec;
  *onsec = nsec;
  return 0;
bad:
  return 1;
range:
  return 2;
}

wnd__value wnd__cel_parse_duration(cel_eval *ev, uint32_t off, const char *s, size_t n) {
  int64_t sec;
  int32_t nsec;
  int r = wnd__cel_dur_parse(s, n, &sec, &nsec);
  if (r == 0) return wnd__v_duration(sec, nsec);
  if (r == 2) return wnd__cel_err(ev, off, WE_RANGE, "duration out of range");
  return wnd__cel_err(ev, off, WE_INVALID, "invalid duration '%.*s'", (int)(n > 64 ? 64 : n), s);
}

size_t wnd__cel_fmt_timestamp(char *buf, int64_t sec, int32_t nsec) {
  return wnd__ts_format(buf, sec, nsec, 0, true);
}

size_t wnd__cel_fmt_duration(char *buf, int64_t sec, int32_t nsec) {
  /* as cel-go: seconds with the shortest fraction, then "s" */
  bool neg = sec < 0 || nsec < 0;
  uint64_t s = neg ? (uint64_t)0 - (uint64_t)sec : (uint64_t)sec;
  uint32_t ns = (uint32_t)(nsec < 0 ? -nsec : nsec);
  int k = snprintf(buf, 48, "%s%llu", neg ? "-" : "", (unsigned long long)s);
  if (ns) {
    char frac[16];
    snprintf(frac, sizeof frac, "%09u", ns);
    int e = 9;
    while (e > 0 && frac[e - 1] == '0') e--;
    frac[e] = '\0';
    k += snprintf(buf + k, (size_t)(48 - k), ".%s", frac);
  }
  k += snprintf(buf + k, (size_t)(48 - k), "s");
  return (size_t)k;
}

size_t wnd__cel_fmt_double(char *buf, double d) {
  if (isnan(d)) return (size_t)snprintf(buf, 32, "NaN");
  if (isinf(d)) return (size_t)snprintf(buf, 32, d > 0 ? "+Inf" : "-Inf");
  if (d == 0) return (size_t)snprintf(buf, 32, signbit(d) ? "-0" : "0");
  /* shortest digits that read back to d */
  char e[40];
  int prec = 1;
  for (; prec <= 17; prec++) {
    snprintf(e, sizeof e, "%.*e", prec - 1, d);
    if (strtod(e, NULL) == d) break;
  }
  /* e = [-]d[.ddd]e[+-]XX */
  const char *p = e;
  bool neg = *p == '-';
  if (neg) p++;
  char digs[24];
  int nd = 0;
  for (; *p && *p != 'e'; p++)
    if (*p != '.') digs[nd++] = *p;
  int exp = atoi(p + 1);
  while (nd > 1 && digs[nd - 1] == '0') nd--;
  int o = 0;
  if (neg) buf[o++] = '-';
  if (exp < -4 || exp >= 21) {
    /* Go's 'g' with shortest precision switches to %e at exponent 21 */
    buf[o++] = digs[0];
    if (nd > 1) {
      buf[o++] = '.';
      for (int i = 1; i < nd; i++) buf[o++] = digs[i];
    }
    o += snprintf(buf + o, 16, "e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
    return (size_t)o;
  }
  if (exp < 0) {
    buf[o++] = '0';
    buf[o++] = '.';
    for (int i = -1; i > exp; i--) buf[o++] = '0';
    for (int i = 0; i < nd; i++) buf[o++] = digs[i];
  } else {
    for (int i = 0; i <= exp; i++) buf[o++] = i < nd ? digs[i] : '0';
    if (nd > exp + 1) {
      buf[o++] = '.';
      for (int i = exp + 1; i < nd; i++) buf[o++] = digs[i];
    }
  }
  buf[o] = '\0';
  return (size_t)o;
}

/* ---- accessors ------------------------------------------------------------ */

/* Parse a time zone argument into seconds east of UTC; false if unsupported. */
static bool parse_tz(wnd__value z, int32_t *off, bool *iana) {
  *iana = false;
  const char *s = z.u.s;
  size_t n = z.n;
  if ((n == 3 && !memcmp(s, "UTC", 3)) || (n == 1 && (s[0] == 'Z' || s[0] == 'z'))) {
    *off = 0;
    return true;
  }
  if (n == 5 && s[2] == ':') {
    /* "02:00": unsigned means east */
    char tmp[7] = {'+', s[0], s[1], ':', s[3], s[4], 0};
    return wnd__offset_parse(tmp, 6, off) == 0;
  }
  if (n == 6 && (s[0] == '+' || s[0] == '-')) return wnd__offset_parse(s, n, off) == 0;
  for (size_t i = 0; i < n; i++)
    if (s[i] == '/' || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z')) *iana = true;
  return false;
}

static int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) q--;
  return q;
}

wnd__value wnd__cel_time_call(cel_eval *ev, const cel_node *n, const wnd__value *args,
                              size_t nargs) {
  wnd__value a = args[0];
  if (n->op == F_TIMESTAMP) {
    if (a.kind == WV_TIMESTAMP) return a;
    if (a.kind == WV_STRING) return wnd__cel_parse_timestamp(ev, n->off, a.u.s, a.n);
    if (a.kind == WV_INT) {
      if (!wnd__cel_ts_ok(a.u.i)) return wnd__cel_err(ev, n->off, WE_RANGE, "timestamp out of range");
      return wnd__v_timestamp(a.u.i, 0);
    }
    return wnd__cel_no_overload(ev, n, wnd__cel_fn_name(n->op), args, nargs);
  }
  if (n->op == F_DURATION) {
    if (a.kind == WV_DURATION) return a;
    if (a.kind == WV_STRING) return wnd__cel_parse_duration(ev, n->off, a.u.s, a.n);
    return wnd__cel_no_overload(ev, n, wnd__cel_fn_name(n->op), args, nargs);
  }
  if (a.kind == WV_DURATION && nargs == 1) {
    int64_t s = a.u.t.sec;
    switch (n->op) {
      case F_GETHOURS: return wnd__v_int(s / 3600);
      case F_GETMINUTES: return wnd__v_int(s / 60);
      case F_GETSECONDS: return wnd__v_int(s);
      case F_GETMILLIS: return wnd__v_int(a.nsec / 1000000);
      default: return wnd__cel_no_overload(ev, n, wnd__cel_fn_name(n->op), args, nargs);
    }
  }
  if (a.kind != WV_TIMESTAMP || (nargs == 2 && args[1].kind != WV_STRING))
    return wnd__cel_no_overload(ev, n, wnd__cel_fn_name(n->op), args, nargs);
  int32_t off = 0;
  if (nargs == 2) {
    bool iana;
    if (!parse_tz(args[1], &off, &iana))
      return wnd__cel_err(ev, n->off, WE_INVALID,
                          iana ? "time zone '%s' is not supported: use a fixed offset such as \"+08:00\""
                               : "invalid time zone '%s'",
                          args[1].u.s);
  } else if (ev->prog->local_time) {
    off = ev->act->utc_offset;
  }
  int64_t local = a.u.t.sec + off;  /* in range: |sec| < 2^38, |off| <= 18h */
  int64_t day = floor_div(local, 86400);
  int64_t sod = local - day * 86400;
  int64_t y;
  int m, d;
  wnd__civil_from_days(day, &y, &m, &d);
  switch (n->op) {
    case F_GETFULLYEAR: return wnd__v_int(y);
    case F_GETMONTH: return wnd__v_int(m - 1);
    case F_GETDATE: return wnd__v_int(d);
    case F_GETDAYOFMONTH: return wnd__v_int(d - 1);
    case F_GETDAYOFWEEK: return wnd__v_int(wnd__weekday(day));
    case F_GETDAYOFYEAR: return wnd__v_int(day - wnd__days_from_civil(y, 1, 1));
    case F_GETHOURS: return wnd__v_int(sod / 3600);
    case F_GETMINUTES: return wnd__v_int(sod / 60 % 60);
    case F_GETSECONDS: return wnd__v_int(sod % 60);
    case F_GETMILLIS: return wnd__v_int(a.nsec / 1000000);
    default: return wnd__cel_no_overload(ev, n, wnd__cel_fn_name(n->op), args, nargs);
  }
}
