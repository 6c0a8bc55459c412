/*
** strbuf.h — a growable byte buffer on the allocator hook, for rendering
** JSON, messages and reports.  A failed append sets `oom` and later appends
** do nothing, so callers check once at the end.
*/
#ifndef WND_CORE_STRBUF_H
#define WND_CORE_STRBUF_H

#include <stdarg.h>
#include <stdint.h>

#include "mem.h"

typedef struct wnd__strbuf {
  const wnd__mem *mem;
  char *data;       /* NUL-terminated when len > 0 */
  size_t len, cap;
  bool oom;
} wnd__strbuf;

WND_HIDDEN void wnd__sb_init(wnd__strbuf *b, const wnd__mem *m);
WND_HIDDEN void wnd__sb_free(wnd__strbuf *b);
WND_HIDDEN void wnd__sb_add(wnd__strbuf *b, const char *s, size_t n);
WND_HIDDEN void wnd__sb_adds(wnd__strbuf *b, const char *s);
WND_HIDDEN void wnd__sb_addc(wnd__strbuf *b, char c);
WND_HIDDEN void wnd__sb_printf(wnd__strbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Append s as a JSON string literal (with quotes), escaping as RFC 8259. */
WND_HIDDEN void wnd__sb_json_str(wnd__strbuf *b, const char *s, size_t n);
/* vsnprintf into a fixed buffer, returning the length kept: a message
** longer than the buffer is cut at a whole UTF-8 character, so clipped
** Chinese text stays valid.  For bounded messages on stack buffers. */
WND_HIDDEN size_t wnd__vformat(char *buf, size_t size, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
/* The n strings of parts[] one after another into buf (size >= 1), cut at
** a whole UTF-8 character when they do not fit, like wnd__vformat; returns
** the length kept.  For the messages of every evaluation: no format
** string to interpret (snprintf cost ~700 instructions a message). */
WND_HIDDEN size_t wnd__join(char *buf, size_t size, const char *const *parts, size_t n);
/* Decimal text of v into buf (>= 21 bytes) with a NUL; returns buf. */
WND_HIDDEN char *wnd__i64_text(char *buf, int64_t v);
/* Hand the buffer to the caller (free with wnd__free); "" when empty. */
WND_HIDDEN char *wnd__sb_take(wnd__strbuf *b, size_t *len);
/* "a/b" (no second slash when a ends in one), allocated from m; NULL when
** out of memory. */
WND_HIDDEN char *wnd__path_join(const wnd__mem *m, const char *a, const char *b);

#endif
