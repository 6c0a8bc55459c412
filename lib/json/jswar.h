/*
** jswar.h — eight bytes of a JSON string at a time: the bytes a string
** cannot hold raw (RFC 8259 §7: '"', '\\' and U+0000..U+001F).  Shared by
** the reader (which also stops at non-ASCII to validate UTF-8) and the
** canonical writer (which escapes exactly these bytes).
*/
#ifndef WND_JSON_JSWAR_H
#define WND_JSON_JSWAR_H

#include <stdint.h>
#include <string.h>

#define WND_SWAR_ONES UINT64_C(0x0101010101010101)
#define WND_SWAR_HIGH UINT64_C(0x8080808080808080)

/* The high bit of every byte of x that is a quote, a backslash or a
** control character (the classic "has a zero byte" bit trick: false
** positives only sit above a true hit, so "any" is exact and, on
** little-endian machines, the lowest flagged byte is the first hit). */
static inline uint64_t wnd__swar_special(uint64_t x) {
  uint64_t q = x ^ (WND_SWAR_ONES * '"'), b = x ^ (WND_SWAR_ONES * '\\');
  uint64_t ctl = x & (WND_SWAR_ONES * 0xE0);
  return (((q - WND_SWAR_ONES) & ~q) | ((b - WND_SWAR_ONES) & ~b) |
          ((ctl - WND_SWAR_ONES) & ~ctl)) & WND_SWAR_HIGH;
}

/* The bit trick locates the first hit only on little-endian machines;
** elsewhere callers scan byte by byte. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define WND_SWAR_LE 1
#else
#define WND_SWAR_LE 0
#endif

static inline uint64_t wnd__swar_load(const void *p) {
  uint64_t x;
  memcpy(&x, p, 8);
  return x;
}

#endif
