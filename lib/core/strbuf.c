/*
** strbuf.c — growable byte buffer (see strbuf.h).
*/
#include "strbuf.h"

#include "utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void wnd__sb_init(wnd__strbuf *b, const wnd__mem *m) {
  memset(b, 0, sizeof *b);
  b->mem = m;
}

void wnd__sb_free(wnd__strbuf *b) {
  wnd__free(b->mem, b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}

static bool reserve(wnd__strbuf *b, size_t extra) {
  if (b->oom) return false;
  if (extra >= SIZE_MAX - b->len) {
    b->oom = true;
    return false;
  }
  size_t need = b->len + extra + 1;
  if (need <= b->cap) return true;
  size_t ncap = b->cap ? b->cap : 64;
  while (ncap < need) {
    if (ncap > SIZE_MAX / 2) {
      ncap = need;
      break;
    }
    ncap *= 2;
  }
  char *p = wnd__realloc(b->mem, b->data, ncap);
  if (!p) {
    b->oom = true;
    return false;
  }
  b->data = p;
  b->cap = ncap;
  return true;
}

void wnd__sb_add(wnd__strbuf *b, const char *s, size_t n) {
  if (!reserve(b, n)) return;
  if (n) memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = '\0';
}

void wnd__sb_adds(wnd__strbuf *b, const char *s) { wnd__sb_add(b, s, strlen(s)); }

void wnd__sb_addc(wnd__strbuf *b, char c) { wnd__sb_add(b, &c, 1); }

void wnd__sb_printf(wnd__strbuf *b, const char *fmt, ...) {
  char small[256];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0) {
    b->oom = true;
    return;
  }
  if ((size_t)n < sizeof small) {
    wnd__sb_add(b, small, (size_t)n);
    return;
  }
  if (!reserve(b, (size_t)n)) return;
  va_start(ap, fmt);
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
}

void wnd__sb_json_str(wnd__strbuf *b, const char *s, size_t n) {
  static const char hex[] = "0123456789abcdef";
  wnd__sb_addc(b, '"');
  size_t start = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    const char *esc = NULL;
    char u[7];
    switch (c) {
      case '"': esc = "\\\""; break;
      case '\\': esc = "\\\\"; break;
      case '\n': esc = "\\n"; break;
      case '\r': esc = "\\r"; break;
      case '\t': esc = "\\t"; break;
      case '\b': esc = "\\b"; break;
      case '\f': esc = "\\f"; break;
      default:
        if (c < 0x20) {
          u[0] = '\\'; u[1] = 'u'; u[2] = '0'; u[3] = '0';
          u[4] = hex[c >> 4]; u[5] = hex[c & 15]; u[6] = 0;
          esc = u;
        }
    }
    if (esc) {
      wnd__sb_add(b, s + start, i - start);
      wnd__sb_adds(b, esc);
      start = i + 1;
    }
  }
  wnd__sb_add(b, s + start, n - start);
  wnd__sb_addc(b, '"');
}

char *wnd__sb_take(wnd__strbuf *b, size_t *len) {
  if (b->oom) {
    wnd__sb_free(b);
    return NULL;
  }
  if (!b->data && !reserve(b, 0)) return NULL;
  if (b->len == 0) b->data[0] = '\0';
  char *d = b->data;
  if (len) *len = b->len;
  b->data = NULL;
  b->len = b->cap = 0;
  return d;
}

size_t wnd__vformat(char *buf, size_t size, const char *fmt, va_list ap) {
  int k = vsnprintf(buf, size, fmt, ap);
  if (k < 0) k = 0;
  size_t n = (size_t)k < size ? (size_t)k : size - 1;
  n = wnd__utf8_check(buf, n);
  buf[n] = '\0';
  return n;
}

size_t wnd__join(char *buf, size_t size, const char *const *parts, size_t n) {
  size_t len = 0;
  for (size_t i = 0; i < n; i++) {
    if (!parts[i]) continue; /* defensive: a NULL part adds nothing */
    size_t k = strlen(parts[i]);
    if (k > size - 1 - len) {
      memcpy(buf + len, parts[i], size - 1 - len);
      len = wnd__utf8_check(buf, size - 1); /* the earlier parts are whole */
      break;
    }
    memcpy(buf + len, parts[i], k);
    len += k;
  }
  buf[len] = '\0';
  return len;
}

char *wnd__i64_text(char *buf, int64_t v) {
  char tmp[21];
  size_t k = 0;
  uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
  do {
    tmp[k++] = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  size_t j = 0;
  if (v < 0) buf[j++] = '-';
  while (k) buf[j++] = tmp[--k];
  buf[j] = '\0';
  return buf;
}

char *wnd__path_join(const wnd__mem *m, const char *a, const char *b) {
  wnd__strbuf sb;
  wnd__sb_init(&sb, m);
  wnd__sb_adds(&sb, a);
  if (sb.len && a[sb.len - 1] != '/') wnd__sb_addc(&sb, '/');
  wnd__sb_adds(&sb, b);
  return wnd__sb_take(&sb, NULL);
}
