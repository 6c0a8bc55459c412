/*
** stdlib.c — CEL's standard functions on the subset: arithmetic with
** overflow checks, size, string predicates, type conversions, type(),
** host function calls.  Timestamps live in celtime.c, regexes in regex.c,
** the cn.* / workdays.* builtins in domain.c.
*/
#include "cel_int.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/utf8.h"

/* ---- arithmetic --------------------------------------------------------- */

static wnd__value overflow(cel_eval *ev, const cel_node *n) {
  return wnd__cel_err(ev, n->off, WE_OVERFLOW, "%s overflow",
                      n->op == OP_NEG ? "negation" : "integer");
}

static wnd__value concat_strings(cel_eval *ev, const cel_node *n, wnd__value a, wnd__value b) {
  uint64_t total = (uint64_t)a.n + b.n;
  if (total > UINT32_MAX - 1)
    return wnd__cel_err(ev, n->off, WE_LIMIT, "string too long");
  char *s = wnd__cel_alloc(ev, (size_t)total + 1);
  if (!s) return cel_charge(ev, 0) ? wnd__cel_oom() : wnd__cel_cost_error(ev, n->off);
  if (a.n) memcpy(s, a.u.s, a.n);
  if (b.n) memcpy(s + a.n, b.u.s, b.n);
  s[total] = '\0';
  return wnd__v_string(s, (uint32_t)total);
}

static wnd__value concat_lists(cel_eval *ev, const cel_node *n, wnd__value a, wnd__value b) {
  uint64_t total = (uint64_t)a.n + b.n;
  if (total > UINT32_MAX / 2) return wnd__cel_err(ev, n->off, WE_LIMIT, "list too long");
  if (!a.n) return b;
  if (!b.n) return a;
  wnd__value *items = wnd__cel_alloc(ev, (size_t)total * sizeof *items);
  if (!items) return cel_charge(ev, 0) ? wnd__cel_oom() : wnd__cel_cost_error(ev, n->off);
  memcpy(items, a.u.items, a.n * sizeof *items);
  memcpy(items + a.n, b.u.items, b.n * sizeof *items);
  return wnd__v_list(items, (uint32_t)total);
}

/* timestamp/duration +- duration, with CEL's range checks */
static wnd__value time_add(cel_eval *ev, const cel_node *n, wnd__value t, wnd__value d,
                           bool sub) {
  int64_t s = 0;
  int64_t ns = (int64_t)t.nsec + (sub ? -(int64_t)d.nsec : (int64_t)d.nsec);
  bool of = sub ? __builtin_sub_overflow(t.u.t.sec, d.u.t.sec, &s)
                : __builtin_add_overflow(t.u.t.sec, d.u.t.sec, &s);
  if (of) return wnd__cel_err(ev, n->off, WE_OVERFLOW, "timestamp/duration out of range");
  if (t.kind == WV_TIMESTAMP) {
    wnd__cel_norm(&s, &ns);
    if (!wnd__cel_ts_ok(s))
      return wnd__cel_err(ev, n->off, WE_OVERFLOW, "timestamp out of range");
    return wnd__v_timestamp(s, (int32_t)ns);
  }
  /* durations keep nsec with the sign of sec */
  if (s > 0 && ns < 0) { s--; ns += 1000000000; }
  else if (s < 0 && ns > 0) { s++; ns -= 1000000000; }
  if (ns >= 1000000000) { s++; ns -= 1000000000; }
  else if (ns <= -1000000000) { s--; ns += 1000000000; }
  if (s > 0 && ns < 0) { s--; ns += 1000000000; }
  else if (s < 0 && ns > 0) { s++; ns -= 1000000000; }
  if (!wnd__cel_dur_ok(s, (int32_t)ns))
    return wnd__cel_err(ev, n->off, WE_OVERFLOW, "duration out of range");
  return wnd__v_duration(s, (int32_t)ns);
}

wnd__value wnd__cel_arith(cel_eval *ev, const cel_node *n, wnd__value a, wnd__value b) {
  int op = n->op;
  if (op == OP_NEG) {
    if (a.kind == WV_INT) {
      if (a.u.i == INT64_MIN) return overflow(ev, n);
      return wnd__v_int(-a.u.i);
    }
    if (a.kind == WV_DOUBLE) return wnd__v_double(-a.u.d);
    return wnd__cel_no_overload(ev, n, "-_", &a, 1);
  }
  if (a.kind == WV_INT && b.kind == WV_INT) {
    int64_t r;
    switch (op) {
      case OP_ADD: if (__builtin_add_overflow(a.u.i, b.u.i, &r)) return overflow(ev, n); break;
      case OP_SUB: if (__builtin_sub_overflow(a.u.i, b.u.i, &r)) return overflow(ev, n); break;
      case OP_MUL: if (__builtin_mul_overflow(a.u.i, b.u.i, &r)) return overflow(ev, n); break;
      case OP_DIV: case OP_MOD:
        if (b.u.i == 0)
          return wnd__cel_err(ev, n->off, WE_DIV_ZERO, op == OP_DIV ? "division by zero" : "modulus by zero");
        if (a.u.i == INT64_MIN && b.u.i == -1) return overflow(ev, n);
        r = op == OP_DIV ? a.u.i / b.u.i : a.u.i % b.u.i;
        break;
      default: return wnd__cel_no_overload(ev, n, wnd__cel_fn_name(op), (wnd__value[]){a, b}, 2);
    }
    return wnd__v_int(r);
  }
  if (a.kind == WV_UINT && b.kind == WV_UINT) {
    uint64_t r;
    switch (op) {
      case OP_ADD: if (__builtin_add_overflow(a.u.u, b.u.u, &r)) return overflow(ev, n); break;
      case OP_SUB: if (__builtin_sub_overflow(a.u.u, b.u.u, &r)) return overflow(ev, n); break;
      case OP_MUL: if (__builtin_mul_overflow(a.u.u, b.u.u, &r)) return overflow(ev, n); break;
      case OP_DIV: case OP_MOD:
        if (b.u.u == 0)
          return wnd__cel_err(ev, n->off, WE_DIV_ZERO, op == OP_DIV ? "division by zero" : "modulus by zero");
        r = op == OP_DIV ? a.u.u / b.u.u : a.u.u % b.u.u;
        break;
      default: return wnd__cel_no_overload(ev, n, wnd__cel_fn_name(op), (wnd__value[]){a, b}, 2);
    }
    return wnd__v_uint(r);
  }
  if (a.kind == WV_DOUBLE && b.kind == WV_DOUBLE) {
    switch (op) {
      case OP_ADD: return wnd__v_double(a.u.d + b.u.d);
      case OP_SUB: return wnd__v_double(a.u.d - b.u.d);
      case OP_MUL: return wnd__v_double(a.u.d * b.u.d);
      case OP_DIV: return wnd__v_double(a.u.d / b.u.d);   /* IEEE: x/0 is inf */
      default: break;
    }
  } else if (op == OP_ADD && a.kind == WV_STRING && b.kind == WV_STRING) {
    return concat_strings(ev, n, a, b);
  } else if (op == OP_ADD && a.kind == WV_LIST && b.kind == WV_LIST) {
    return concat_lists(ev, n, a, b);
  } else if ((op == OP_ADD || op == OP_SUB) && b.kind == WV_DURATION &&
             (a.kind == WV_TIMESTAMP || a.kind == WV_DURATION)) {
    return time_add(ev, n, a, b, op == OP_SUB);
  } else if (op == OP_ADD && a.kind == WV_DURATION && b.kind == WV_TIMESTAMP) {
    return time_add(ev, n, b, a, false);
  } else if (op == OP_SUB && a.kind == WV_TIMESTAMP && b.kind == WV_TIMESTAMP) {
    wnd__value d = wnd__v_duration(b.u.t.sec, b.nsec);
    wnd__value t = wnd__v_duration(a.u.t.sec, a.nsec);
    return time_add(ev, n, t, d, true);
  }
  return wnd__cel_no_overload(ev, n, wnd__cel_fn_name(op), (wnd__value[]){a, b}, 2);
}

/* ---- strings -------------------------------------------------------------- */

static bool str_contains(wnd__value h, wnd__value nd) {
  if (nd.n == 0) return true;
  if (nd.n > h.n) return false;
  const char *p = h.u.s, *end = h.u.s + h.n - nd.n + 1;
  while (p < end) {
    p = memchr(p, nd.u.s[0], (size_t)(end - p));
    if (!p) return false;
    if (!memcmp(p, nd.u.s, nd.n)) return true;
    p++;
  }
  return false;
}

/* ---- conversions -------------------------------------------------------- */

/* Copy a string value's text for strto*: values are NUL-terminated, but
** "12\0x" must not parse as 12, so check the length too. */
static bool plain_cstr(wnd__value s) { return strlen(s.u.s) == s.n; }

static wnd__value to_int(cel_eval *ev, const cel_node *n, wnd__value a) {
  switch (a.kind) {
    case WV_INT: return a;
    case WV_UINT:
      if (a.u.u > (uint64_t)INT64_MAX) return wnd__cel_err(ev, n->off, WE_RANGE, "int range error");
      return wnd__v_int((int64_t)a.u.u);
    case WV_DOUBLE:
      /* the open interval: (double)INT64_MAX rounds up to 2^63 */
      if (!(a.u.d > -9223372036854775808.0 && a.u.d < 9223372036854775808.0))
        return wnd__cel_err(ev, n->off, WE_RANGE, "int range error");
      return wnd__v_int((int64_t)a.u.d);
    case WV_STRING: {
      if (!plain_cstr(a) || a.n == 0) goto bad;
      char *end;
      errno = 0;
      long long v = strtoll(a.u.s, &end, 10);
      char c0 = a.u.s[0];
      if (*end || errno == ERANGE || !((c0 >= '0' && c0 <= '9') || c0 == '-' || c0 == '+'))
        goto bad;
      return wnd__v_int(v);
    bad:
      return wnd__cel_err(ev, n->off, WE_INVALID, "cannot convert '%s' to int", a.u.s);
    }
    case WV_TIMESTAMP: return wnd__v_int(a.u.t.sec);
    default: return wnd__cel_no_overload(ev, n, "int", &a, 1);
  }
}

static wnd__value to_uint(cel_eval *ev, const cel_node *n, wnd__value a) {
  switch (a.kind) {
    case WV_UINT: return a;
    case WV_INT:
      if (a.u.i < 0) return wnd__cel_err(ev, n->off, WE_RANGE, "uint range error");
      return wnd__v_uint((uint64_t)a.u.i);
    case WV_DOUBLE:
      /* any negative value is out of range, even one that truncates to 0
      ** (-0.5), as in cel-go; -0.0 compares equal to 0 and converts to 0u */
      if (!(a.u.d >= 0.0 && a.u.d < 18446744073709551616.0))
        return wnd__cel_err(ev, n->off, WE_RANGE, "uint range error");
      return wnd__v_uint((uint64_t)a.u.d);
    case WV_STRING: {
      if (!plain_cstr(a) || a.n == 0 || a.u.s[0] < '0' || a.u.s[0] > '9') goto bad;
      char *end;
      errno = 0;
      unsigned long long v = strtoull(a.u.s, &end, 10);
      if (*end || errno == ERANGE) goto bad;
      return wnd__v_uint(v);
    bad:
      return wnd__cel_err(ev, n->off, WE_INVALID, "cannot convert '%s' to uint", a.u.s);
    }
    default: return wnd__cel_no_overload(ev, n, "uint", &a, 1);
  }
}

static bool ieq(const char *a, const char *b) {
  for (; *a && *b; a++, b++) {
    char x = *a, y = *b;
    if (x >= 'A' && x <= 'Z') x = (char)(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = (char)(y - 'A' + 'a');
    if (x != y) return false;
  }
  return *a == *b;
}

static wnd__value to_double(cel_eval *ev, const cel_node *n, wnd__value a) {
  switch (a.kind) {
    case WV_DOUBLE: return a;
    case WV_INT: return wnd__v_double((double)a.u.i);
    case WV_UINT: return wnd__v_double((double)a.u.u);
    case WV_STRING: {
      if (!plain_cstr(a) || a.n == 0 || a.n > 400) goto bad;
      const char *s = a.u.s;
      const char *body = (s[0] == '+' || s[0] == '-') ? s + 1 : s;
      double sign = s[0] == '-' ? -1.0 : 1.0;
      if (ieq(body, "inf") || ieq(body, "infinity")) return wnd__v_double(sign * INFINITY);
      if (ieq(body, "nan")) return wnd__v_double(NAN);
      /* digits, '.', exponent only: no hex floats, no spaces */
      for (const char *p = body; *p; p++)
        if (!((*p >= '0' && *p <= '9') || *p == '.' || *p == 'e' || *p == 'E' || *p == '+' ||
              *p == '-'))
          goto bad;
      char *end;
      errno = 0;
      double d = strtod(s, &end);
      if (*end || end == s) goto bad;
      if (errno == ERANGE && isinf(d))
        return wnd__cel_err(ev, n->off, WE_RANGE, "double range error");
      return wnd__v_double(d);
    bad:
      return wnd__cel_err(ev, n->off, WE_INVALID, "cannot convert '%s' to double", a.u.s);
    }
    default: return wnd__cel_no_overload(ev, n, "double", &a, 1);
  }
}

static wnd__value to_bool(cel_eval *ev, const cel_node *n, wnd__value a) {
  static const char *const yes[] = {"1", "t", "T", "true", "TRUE", "True", NULL};
  static const char *const no[] = {"0", "f", "F", "false", "FALSE", "False", NULL};
  if (a.kind == WV_BOOL) return a;
  if (a.kind != WV_STRING) return wnd__cel_no_overload(ev, n, "bool", &a, 1);
  for (int i = 0; yes[i]; i++)
    if (plain_cstr(a) && !strcmp(a.u.s, yes[i])) return wnd__v_bool(true);
  for (int i = 0; no[i]; i++)
    if (plain_cstr(a) && !strcmp(a.u.s, no[i])) return wnd__v_bool(false);
  return wnd__cel_err(ev, n->off, WE_INVALID, "type conversion error: '%s' is not a bool", a.u.s);
}

static wnd__value dup_text(cel_eval *ev, const cel_node *n, const char *s, size_t len) {
  char *d = wnd__cel_alloc(ev, len + 1);
  if (!d) return cel_charge(ev, 0) ? wnd__cel_oom() : wnd__cel_cost_error(ev, n->off);
  memcpy(d, s, len);
  d[len] = '\0';
  return wnd__v_string(d, (uint32_t)len);
}

static wnd__value to_string(cel_eval *ev, const cel_node *n, wnd__value a) {
  char buf[64];
  size_t len;
  switch (a.kind) {
    case WV_STRING: return a;
    case WV_INT: len = (size_t)snprintf(buf, sizeof buf, "%lld", (long long)a.u.i); break;
    case WV_UINT: len = (size_t)snprintf(buf, sizeof buf, "%llu", (unsigned long long)a.u.u); break;
    case WV_DOUBLE: len = wnd__cel_fmt_double(buf, a.u.d); break;
    case WV_BOOL: return wnd__v_string(a.u.b ? "true" : "false", a.u.b ? 4 : 5);
    case WV_TIMESTAMP: len = wnd__cel_fmt_timestamp(buf, a.u.t.sec, a.nsec); break;
    case WV_DURATION: len = wnd__cel_fmt_duration(buf, a.u.t.sec, a.nsec); break;
    default: return wnd__cel_no_overload(ev, n, "string", &a, 1);
  }
  return dup_text(ev, n, buf, len);
}

/* ---- host functions ------------------------------------------------------- */

static bool kind_is(const wnd__value *v, wnd__cel_type t) {
  switch (t) {
    case WND_CT_BOOL: return v->kind == WV_BOOL;
    case WND_CT_INT: return v->kind == WV_INT;
    case WND_CT_DOUBLE: return v->kind == WV_DOUBLE;
    case WND_CT_STRING: return v->kind == WV_STRING;
    case WND_CT_UINT: return v->kind == WV_UINT;
    case WND_CT_TIMESTAMP: return v->kind == WV_TIMESTAMP;
    default: return true;
  }
}

static wnd__value call_host(cel_eval *ev, const cel_node *n, const wnd__value *args,
                            size_t nargs) {
  const wnd__cel_hostfn *h = &ev->prog->hosts[n->aux].decl;
  if (nargs != h->nparams) return wnd__cel_no_overload(ev, n, h->name, args, nargs);
  for (size_t i = 0; i < nargs; i++)
    if (!kind_is(&args[i], h->params[i])) return wnd__cel_no_overload(ev, n, h->name, args, nargs);
  /* Host calls may be slow (I/O behind them): a fixed, noticeable price. */
  if (!cel_charge(ev, 100)) return wnd__cel_cost_error(ev, n->off);
  wnd__value out = wnd__v_null();
  const char *msg = NULL;
  int rc = h->call(h->ud, args, nargs, &out, &msg);
  if (rc != 0)
    return wnd__cel_err(ev, n->off, WE_HOST, "%s failed%s%s", h->name, msg ? ": " : "",
                        msg ? msg : "");
  if (!kind_is(&out, h->ret) || out.kind == WV_ERROR)
    return wnd__cel_err(ev, n->off, WE_HOST, "%s returned a %s, declared %s", h->name,
                        wnd__cel_kind_name(out), wnd__cel_type_name(h->ret));
  if (out.kind == WV_STRING) {
    /* copy: the host's buffer need not outlive the call */
    if (!out.u.s) return wnd__cel_err(ev, n->off, WE_HOST, "%s returned NULL", h->name);
    size_t len = strlen(out.u.s);
    if (wnd__utf8_check(out.u.s, len) != len)
      return wnd__cel_err(ev, n->off, WE_HOST, "%s returned invalid UTF-8", h->name);
    return dup_text(ev, n, out.u.s, len);
  }
  return out;
}

/* ---- dispatch ------------------------------------------------------------- */

wnd__value wnd__cel_call(cel_eval *ev, const cel_node *n, const wnd__value *args, size_t nargs) {
  wnd__value a = nargs ? args[0] : wnd__v_null();
  switch ((cel_fn)n->op) {
    case F_SIZE:
      if (a.kind == WV_STRING) {
        if (!cel_charge(ev, a.n / 64)) return wnd__cel_cost_error(ev, n->off);
        return wnd__v_int((int64_t)wnd__utf8_len(a.u.s, a.n));
      }
      if (a.kind == WV_LIST || a.kind == WV_MAP) return wnd__v_int(a.n);
      return wnd__cel_no_overload(ev, n, "size", args, nargs);
    case F_CONTAINS: case F_STARTS: case F_ENDS: {
      wnd__value b = args[1];
      if (a.kind != WV_STRING || b.kind != WV_STRING)
        return wnd__cel_no_overload(ev, n, wnd__cel_fn_name(n->op), args, nargs);
      if (n->op == F_STARTS) return wnd__v_bool(b.n <= a.n && !memcmp(a.u.s, b.u.s, b.n));
      if (n->op == F_ENDS)
        return wnd__v_bool(b.n <= a.n && !memcmp(a.u.s + a.n - b.n, b.u.s, b.n));
      /* naive search is O(n*m): charge for it */
      if (!cel_charge(ev, 1 + ((uint64_t)a.n * (b.n ? b.n : 1)) / 256))
        return wnd__cel_cost_error(ev, n->off);
      return wnd__v_bool(str_contains(a, b));
    }
    case F_MATCHES:
      return wnd__cel_matches(ev, n, a, args[1]);
    case F_INT: return to_int(ev, n, a);
    case F_UINT: return to_uint(ev, n, a);
    case F_DOUBLE: return to_double(ev, n, a);
    case F_STRING: return to_string(ev, n, a);
    case F_BOOL: return to_bool(ev, n, a);
    case F_TYPE: return wnd__cel_type_of(a);
    case F_DYN: return a;
    case F_TIMESTAMP: case F_DURATION:
    case F_GETFULLYEAR: case F_GETMONTH: case F_GETDATE: case F_GETDAYOFMONTH:
    case F_GETDAYOFWEEK: case F_GETDAYOFYEAR: case F_GETHOURS: case F_GETMINUTES:
    case F_GETSECONDS: case F_GETMILLIS:
      return wnd__cel_time_call(ev, n, args, nargs);
    case F_CN_ID_CARD: case F_CN_USCC: case F_CN_MOBILE: case F_CN_BIRTHDATE: case F_CN_AGE:
    case F_CN_GENDER: case F_WD_ADD: case F_WD_BETWEEN:
      return wnd__cel_domain_call(ev, n, args, nargs);
    case F_HOST:
      return call_host(ev, n, args, nargs);
    default:
      return wnd__cel_err(ev, n->off, WE_INVALID, "unresolved function");
  }
}
