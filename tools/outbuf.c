/*
** outbuf.c — see outbuf.h.
*/
#include "outbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Space for n more bytes and the NUL. */
static bool room(outbuf *b, size_t n) {
  if (b->oom) return false;
  if (n >= ((size_t)-1) / 4 - b->len) {
    b->oom = true;
    return false;
  }
  size_t need = b->len + n + 1, cap = b->cap ? b->cap : 256;
  if (need <= b->cap) return true;
  while (cap < need) cap *= 2;
  char *d = realloc(b->data, cap);
  if (!d) {
    b->oom = true;
    return false;
  }
  b->data = d;
  b->cap = cap;
  return true;
}

void ob_add(outbuf *b, const char *s, size_t n) {
  if (!room(b, n)) return;
  memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = '\0';
}

void ob_adds(outbuf *b, const char *s) { ob_add(b, s, strlen(s)); }

void ob_addc(outbuf *b, char c) { ob_add(b, &c, 1); }

void ob_printf(outbuf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) {
    b->oom = true;
    return;
  }
  if (!room(b, (size_t)n)) return;
  va_start(ap, fmt);
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
}

void ob_json_str(outbuf *b, const char *s, size_t n) {
  ob_addc(b, '"');
  size_t start = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    char esc[8] = "";
    switch (c) {
      case '"': strcpy(esc, "\\\""); break;
      case '\\': strcpy(esc, "\\\\"); break;
      case '\n': strcpy(esc, "\\n"); break;
      case '\r': strcpy(esc, "\\r"); break;
      case '\t': strcpy(esc, "\\t"); break;
      case '\b': strcpy(esc, "\\b"); break;
      case '\f': strcpy(esc, "\\f"); break;
      default:
        if (c < 0x20) snprintf(esc, sizeof esc, "\\u%04x", c);
    }
    if (esc[0]) {
      ob_add(b, s + start, i - start);
      ob_adds(b, esc);
      start = i + 1;
    }
  }
  ob_add(b, s + start, n - start);
  ob_addc(b, '"');
}

void ob_free(outbuf *b) {
  free(b->data);
  *b = (outbuf)OUTBUF_INIT;
}
