/*
** json_write.c — values to JSON text (see json.h for the choices made).
*/
#include <string.h>

#include "jnum.h"
#include "json.h"
#include "time/civil.h"

#define MAX_WRITE_DEPTH 1000

static void write_value(wnd__strbuf *b, wnd__value v, int depth);

/* Decimal digits of an unsigned magnitude, with an optional '-'. */
static void write_u64(wnd__strbuf *b, bool neg, uint64_t u) {
  char tmp[24];
  char *p = tmp + sizeof tmp;
  do {
    *--p = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  if (neg) *--p = '-';
  wnd__sb_add(b, p, (size_t)(tmp + sizeof tmp - p));
}

static void write_i64(wnd__strbuf *b, int64_t i) {
  /* Magnitude in unsigned arithmetic: INT64_MIN has no int64 negation. */
  uint64_t u = i < 0 ? 0 - (uint64_t)i : (uint64_t)i;
  write_u64(b, i < 0, u);
}

static void write_double(wnd__strbuf *b, double d) {
  char buf[WND_JNUM_BUFSZ];
  size_t n = wnd__jnum_format_double(buf, d);
  wnd__sb_add(b, buf, n);
}

/* CEL's duration text: seconds, fraction trimmed to 0/3/6/9 digits, "s". */
static void write_duration(wnd__strbuf *b, int64_t sec, int32_t nsec) {
  bool neg = sec < 0 || nsec < 0;
  uint64_t s = sec < 0 ? 0 - (uint64_t)sec : (uint64_t)sec;
  uint32_t ns = nsec < 0 ? (uint32_t)(-(int64_t)nsec) : (uint32_t)nsec;
  if (ns > 999999999u) ns = 999999999u;
  wnd__sb_addc(b, '"');
  write_u64(b, neg, s);
  if (ns) {
    char frac[10];
    int nd = 9;
    if (ns % 1000000 == 0) {
      nd = 3;
      ns /= 1000000;
    } else if (ns % 1000 == 0) {
      nd = 6;
      ns /= 1000;
    }
    frac[0] = '.';
    for (int i = nd; i >= 1; i--) {
      frac[i] = (char)('0' + ns % 10);
      ns /= 10;
    }
    wnd__sb_add(b, frac, (size_t)nd + 1);
  }
  wnd__sb_add(b, "s\"", 2);
}

static void write_key(wnd__strbuf *b, wnd__value k, int depth) {
  switch (k.kind) {
    case WV_STRING:
    case WV_TIMESTAMP:
    case WV_DURATION:
    case WV_TYPE:
      write_value(b, k, depth); /* already a JSON string */
      return;
    case WV_LIST:
    case WV_MAP: { /* not a CEL key type; quote its JSON text */
      wnd__strbuf t;
      wnd__sb_init(&t, b->mem);
      write_value(&t, k, depth);
      if (t.oom) b->oom = true;
      wnd__sb_json_str(b, t.data ? t.data : "", t.len);
      wnd__sb_free(&t);
      return;
    }
    default: /* null, bool, int, uint, double, error: no escaping needed */
      wnd__sb_addc(b, '"');
      write_value(b, k, depth);
      wnd__sb_addc(b, '"');
      return;
  }
}

static void write_value(wnd__strbuf *b, wnd__value v, int depth) {
  if (depth > MAX_WRITE_DEPTH) {
    wnd__sb_add(b, "null", 4);
    return;
  }
  switch (v.kind) {
    case WV_BOOL:
      if (v.u.b)
        wnd__sb_add(b, "true", 4);
      else
        wnd__sb_add(b, "false", 5);
      return;
    case WV_INT:
      write_i64(b, v.u.i);
      return;
    case WV_UINT:
      write_u64(b, false, v.u.u);
      return;
    case WV_DOUBLE:
      write_double(b, v.u.d);
      return;
    case WV_STRING:
      wnd__sb_json_str(b, v.u.s, v.n);
      return;
    case WV_TYPE:
      wnd__sb_json_str(b, v.u.s ? v.u.s : "", v.u.s ? strlen(v.u.s) : 0);
      return;
    case WV_TIMESTAMP: {
      char buf[WND_TS_BUFSZ];
      size_t n = wnd__ts_format(buf, v.u.t.sec, v.nsec, 0, true);
      wnd__sb_addc(b, '"');
      wnd__sb_add(b, buf, n);
      wnd__sb_addc(b, '"');
      return;
    }
    case WV_DURATION:
      write_duration(b, v.u.t.sec, v.nsec);
      return;
    case WV_LIST:
      wnd__sb_addc(b, '[');
      for (uint32_t i = 0; i < v.n; i++) {
        if (i) wnd__sb_addc(b, ',');
        write_value(b, v.u.items[i], depth + 1);
      }
      wnd__sb_addc(b, ']');
      return;
    case WV_MAP:
      wnd__sb_addc(b, '{');
      for (uint32_t i = 0; i < v.n; i++) {
        if (i) wnd__sb_addc(b, ',');
        write_key(b, v.u.ents[i].key, depth + 1);
        wnd__sb_addc(b, ':');
        write_value(b, v.u.ents[i].val, depth + 1);
      }
      wnd__sb_addc(b, '}');
      return;
    default: /* WV_NULL, WV_ERROR and anything unknown */
      wnd__sb_add(b, "null", 4);
      return;
  }
}

void wnd__json_write(wnd__strbuf *b, wnd__value v) { write_value(b, v, 0); }
