/*
** values.c — CEL value semantics shared by the evaluator and the library:
** error values, type names, heterogeneous equality and ordering, map keys.
*/
#include "cel_int.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>


/* ---- errors ----------------------------------------------------------------- */

static const cel_err oom_err = {{WE_NOMEM, "out of memory"}, UINT32_MAX};

wnd__value wnd__cel_oom(void) { return wnd__v_error(&oom_err.e); }

wnd__value wnd__cel_err(cel_eval *ev, uint32_t off, int code, const char *fmt, ...) {
  char buf[256];
  va_list ap;
  va_start(ap, fmt);
  size_t n = wnd__vformat(buf, sizeof buf, fmt, ap); /* cut at a whole character */
  va_end(ap);
  /* Error values are not charged to the cost meter: producing the error
  ** that reports an exhausted budget must still succeed. */
  cel_err *e = wnd__arena_alloc(&ev->ctx->arena, sizeof *e + n + 1);
  if (!e) return wnd__cel_oom();
  char *msg = (char *)(e + 1);
  memcpy(msg, buf, n);
  msg[n] = '\0';
  e->e.code = code;
  e->e.msg = msg;
  e->off = off;
  return wnd__v_error(&e->e);
}

uint32_t wnd__cel_error_offset(const wnd__err *e) {
  if (!e) return UINT32_MAX;
  return ((const cel_err *)e)->off;
}

wnd__value wnd__cel_cost_error(cel_eval *ev, uint32_t off) {
  return wnd__cel_err(ev, off, WE_COST, "evaluation cost budget of %llu exceeded",
                      (unsigned long long)ev->ctx->lim.max_eval_cost);
}

void *wnd__cel_alloc(cel_eval *ev, size_t n) {
  if (!cel_charge(ev, 1 + n / 16)) return NULL;
  return wnd__arena_alloc(&ev->ctx->arena, n);
}

wnd__value wnd__cel_no_overload(cel_eval *ev, const cel_node *n, const char *fname,
                                const wnd__value *args, size_t nargs) {
  char buf[128];
  size_t o = 0;
  for (size_t i = 0; i < nargs && o < sizeof buf - 24; i++)
    o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%s", i ? ", " : "",
                          wnd__cel_kind_name(args[i]));
  buf[o < sizeof buf ? o : sizeof buf - 1] = '\0';
  return wnd__cel_err(ev, n->off, WE_NO_OVERLOAD, "no such overload: %s(%s)", fname, buf);
}

/* ---- types ------------------------------------------------------------------ */

const char *wnd__cel_kind_name(wnd__value v) {
  switch (v.kind) {
    case WV_NULL: return "null_type";
    case WV_BOOL: return "bool";
    case WV_INT: return "int";
    case WV_UINT: return "uint";
    case WV_DOUBLE: return "double";
    case WV_STRING: return "string";
    case WV_LIST: return "list";
    case WV_MAP: return "map";
    case WV_TIMESTAMP: return "google.protobuf.Timestamp";
    case WV_DURATION: return "google.protobuf.Duration";
    case WV_TYPE: return "type";
    default: return "error";
  }
}

wnd__value wnd__cel_type_of(wnd__value v) { return wnd__v_type(wnd__cel_kind_name(v)); }

/* ---- equality and ordering --------------------------------------------------- */

static bool is_num(const wnd__value *v) {
  return v->kind == WV_INT || v->kind == WV_UINT || v->kind == WV_DOUBLE;
}

/*
** Compare numbers of any two kinds.  int/uint pairs compare exactly; a
** double against an int or uint compares in double, as cel-go does (the
** conformance suite expects 9223372036854775807 == 9223372036854775808.0
** ordering to follow the rounding).  -1/0/1, 2 = NaN involved.
*/
static int num_cmp(wnd__value a, wnd__value b) {
  if (a.kind == WV_DOUBLE || b.kind == WV_DOUBLE) {
    double x = a.kind == WV_DOUBLE ? a.u.d : a.kind == WV_INT ? (double)a.u.i : (double)a.u.u;
    double y = b.kind == WV_DOUBLE ? b.u.d : b.kind == WV_INT ? (double)b.u.i : (double)b.u.u;
    if (isnan(x) || isnan(y)) return 2;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (a.kind == WV_INT && b.kind == WV_INT) return a.u.i < b.u.i ? -1 : a.u.i > b.u.i;
  if (a.kind == WV_UINT && b.kind == WV_UINT) return a.u.u < b.u.u ? -1 : a.u.u > b.u.u;
  if (a.kind == WV_INT) {
    if (a.u.i < 0) return -1;
    return (uint64_t)a.u.i < b.u.u ? -1 : (uint64_t)a.u.i > b.u.u;
  }
  if (b.u.i < 0) return 1;
  return a.u.u < (uint64_t)b.u.i ? -1 : a.u.u > (uint64_t)b.u.i;
}

static int time_cmp(wnd__value a, wnd__value b) {
  if (a.u.t.sec != b.u.t.sec) return a.u.t.sec < b.u.t.sec ? -1 : 1;
  return a.nsec < b.nsec ? -1 : a.nsec > b.nsec;
}

static int str_cmp(wnd__value a, wnd__value b) {
  /* byte order of UTF-8 is code point order */
  size_t n = a.n < b.n ? a.n : b.n;
  int r = n ? memcmp(a.u.s, b.u.s, n) : 0;
  if (r) return r < 0 ? -1 : 1;
  return a.n < b.n ? -1 : a.n > b.n;
}

bool wnd__cel_equal(wnd__value a, wnd__value b) {
  if (is_num(&a) && is_num(&b)) return num_cmp(a, b) == 0;
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case WV_NULL: return true;
    case WV_BOOL: return a.u.b == b.u.b;
    case WV_STRING: return a.n == b.n && (a.n == 0 || !memcmp(a.u.s, b.u.s, a.n));
    case WV_TYPE: return !strcmp(a.u.s, b.u.s);
    case WV_TIMESTAMP: case WV_DURATION: return time_cmp(a, b) == 0;
    case WV_LIST:
      if (a.n != b.n) return false;
      for (uint32_t i = 0; i < a.n; i++)
        if (!wnd__cel_equal(a.u.items[i], b.u.items[i])) return false;
      return true;
    case WV_MAP:
      if (a.n != b.n) return false;
      for (uint32_t i = 0; i < a.n; i++) {
        const wnd__value *v = wnd__cel_map_find(b, a.u.ents[i].key);
        if (!v || !wnd__cel_equal(a.u.ents[i].val, *v)) return false;
      }
      return true;
    default: return false;
  }
}

int wnd__cel_compare(wnd__value a, wnd__value b) {
  if (is_num(&a) && is_num(&b)) return num_cmp(a, b);
  if (a.kind != b.kind) return -2;
  switch (a.kind) {
    case WV_BOOL: return a.u.b == b.u.b ? 0 : (a.u.b ? 1 : -1);
    case WV_STRING: return str_cmp(a, b);
    case WV_TIMESTAMP: case WV_DURATION: return time_cmp(a, b);
    default: return -2;
  }
}

bool wnd__cel_valid_key(wnd__value k) {
  return k.kind == WV_INT || k.kind == WV_UINT || k.kind == WV_BOOL || k.kind == WV_STRING;
}

const wnd__value *wnd__cel_map_find(wnd__value map, wnd__value key) {
  if (map.kind != WV_MAP) return NULL;
  if (key.kind == WV_STRING) return wnd__map_get_str(map, key.u.s, key.n);
  if (key.kind == WV_DOUBLE) {
    /* a double key finds an int/uint key of the same value (CEL numeric
    ** key equality); non-integral doubles find nothing */
    if (!(key.u.d == trunc(key.u.d))) return NULL;
  }
  for (uint32_t i = 0; i < map.n; i++) {
    const wnd__mapent *e = &map.u.ents[i];
    if (is_num(&key) && is_num(&e->key)) {
      if (num_cmp(key, e->key) == 0) return &e->val;
    } else if (e->key.kind == key.kind && wnd__cel_equal(e->key, key)) {
      return &e->val;
    }
  }
  return NULL;
}
