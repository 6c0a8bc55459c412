/*
** jscan.h — finding the end of a JSON string body in blocks, with UTF-8
** validated without a branch per byte.
**
** The reader's string scan is its hottest loop (submissions are mostly
** short keys and values, many of them CJK text).  wnd__jscan looks at 16
** bytes at a time with SSE2 (the x86-64 baseline) or 8 at a time with the
** portable SWAR test of jswar.h, and runs the non-ASCII bytes of a block
** through a shift-based UTF-8 DFA: one table load and one shift per byte,
** no branch per byte and no per-sequence decoding.  A block of ASCII is
** skipped without the DFA only when no sequence is open (a sequence cut
** by ASCII must still be refused).
**
** It only answers the common case.  It returns the closing quote of a
** string that is well formed (valid UTF-8, no raw control character, every
** backslash followed by a byte) and sets *esc when a backslash occurred;
** for anything else (an error, or the text ending first) it returns NULL
** and the reader's byte-by-byte scan decides, which keeps every error
** message and position exactly as that scan reports them.  Escaped bytes
** are skipped unseen, as the byte-by-byte scan does; decoding the escapes
** checks them later.
**
** Both paths are compiled on every target (wnd__jscan_swar always,
** wnd__jscan_sse2 where __SSE2__ is defined), each also in a form for
** text followed by WND_JSCAN_PAD NUL bytes (no test for the text's last
** bytes), so tests/json can check each against the byte-by-byte
** definition; the reader uses wnd__jscan_padded on its copy of the text.
*/
#ifndef WND_JSON_JSCAN_H
#define WND_JSON_JSCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "jswar.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/*
** The UTF-8 DFA (RFC 3629: no overlongs, no surrogates, nothing above
** U+10FFFF), in the shift-based form: state s is a bit offset 6*s, and
** row[byte] holds the next state of every state in 6-bit fields, so one
** step is `st = row[byte] >> (st & 63)` (x86 masks the shift count for
** free).  States: 0 accept, 1..3 need that many continuation bytes, 4 after
** E0 (A0..BF next), 5 after ED (80..9F), 6 after F0 (90..BF), 7 after F4
** (80..8F), 8 error (a sink).  Field s of row[b] is 6 * next(s, b);
** tests/json/test_json_scan.c checks the table against core/utf8 on every
** sequence of up to three bytes and on the four-byte edges.
*/
static const uint64_t wnd__utf8_dfa[256] = {
    UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00),
    UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00),
    UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00),
    UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00),
    UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00),
    UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00),
    UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00),
    UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00),
    UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00),
    UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00),
    UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00),
    UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00),
    UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00),
    UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00),
    UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00),
    UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00),
    UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00),
    UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00),
    UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00),
    UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00),
    UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00),
    UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00),
    UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00),
    UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00),
    UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00),
    UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00),
    UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00),
    UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00),
    UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00),
    UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00),
    UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00),
    UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00), UINT64_C(0x30C30C30C30C00),
    UINT64_C(0x303301B0306030), UINT64_C(0x303301B0306030), UINT64_C(0x303301B0306030), UINT64_C(0x303301B0306030),
    UINT64_C(0x303301B0306030), UINT64_C(0x303301B0306030), UINT64_C(0x303301B0306030), UINT64_C(0x303301B0306030),
    UINT64_C(0x303301B0306030), UINT64_C(0x303301B0306030), UINT64_C(0x303301B0306030), UINT64_C(0x303301B0306030),
    UINT64_C(0x303301B0306030), UINT64_C(0x303301B0306030), UINT64_C(0x303301B0306030), UINT64_C(0x303301B0306030),
    UINT64_C(0x30C0C1B0306030), UINT64_C(0x30C0C1B0306030), UINT64_C(0x30C0C1B0306030), UINT64_C(0x30C0C1B0306030),
    UINT64_C(0x30C0C1B0306030), UINT64_C(0x30C0C1B0306030), UINT64_C(0x30C0C1B0306030), UINT64_C(0x30C0C1B0306030),
    UINT64_C(0x30C0C1B0306030), UINT64_C(0x30C0C1B0306030), UINT64_C(0x30C0C1B0306030), UINT64_C(0x30C0C1B0306030),
    UINT64_C(0x30C0C1B0306030), UINT64_C(0x30C0C1B0306030), UINT64_C(0x30C0C1B0306030), UINT64_C(0x30C0C1B0306030),
    UINT64_C(0x30C0CC06306030), UINT64_C(0x30C0CC06306030), UINT64_C(0x30C0CC06306030), UINT64_C(0x30C0CC06306030),
    UINT64_C(0x30C0CC06306030), UINT64_C(0x30C0CC06306030), UINT64_C(0x30C0CC06306030), UINT64_C(0x30C0CC06306030),
    UINT64_C(0x30C0CC06306030), UINT64_C(0x30C0CC06306030), UINT64_C(0x30C0CC06306030), UINT64_C(0x30C0CC06306030),
    UINT64_C(0x30C0CC06306030), UINT64_C(0x30C0CC06306030), UINT64_C(0x30C0CC06306030), UINT64_C(0x30C0CC06306030),
    UINT64_C(0x30C0CC06306030), UINT64_C(0x30C0CC06306030), UINT64_C(0x30C0CC06306030), UINT64_C(0x30C0CC06306030),
    UINT64_C(0x30C0CC06306030), UINT64_C(0x30C0CC06306030), UINT64_C(0x30C0CC06306030), UINT64_C(0x30C0CC06306030),
    UINT64_C(0x30C0CC06306030), UINT64_C(0x30C0CC06306030), UINT64_C(0x30C0CC06306030), UINT64_C(0x30C0CC06306030),
    UINT64_C(0x30C0CC06306030), UINT64_C(0x30C0CC06306030), UINT64_C(0x30C0CC06306030), UINT64_C(0x30C0CC06306030),
    UINT64_C(0x30C30C30C30C30), UINT64_C(0x30C30C30C30C30), UINT64_C(0x30C30C30C30C06), UINT64_C(0x30C30C30C30C06),
    UINT64_C(0x30C30C30C30C06), UINT64_C(0x30C30C30C30C06), UINT64_C(0x30C30C30C30C06), UINT64_C(0x30C30C30C30C06),
    UINT64_C(0x30C30C30C30C06), UINT64_C(0x30C30C30C30C06), UINT64_C(0x30C30C30C30C06), UINT64_C(0x30C30C30C30C06),
    UINT64_C(0x30C30C30C30C06), UINT64_C(0x30C30C30C30C06), UINT64_C(0x30C30C30C30C06), UINT64_C(0x30C30C30C30C06),
    UINT64_C(0x30C30C30C30C06), UINT64_C(0x30C30C30C30C06), UINT64_C(0x30C30C30C30C06), UINT64_C(0x30C30C30C30C06),
    UINT64_C(0x30C30C30C30C06), UINT64_C(0x30C30C30C30C06), UINT64_C(0x30C30C30C30C06), UINT64_C(0x30C30C30C30C06),
    UINT64_C(0x30C30C30C30C06), UINT64_C(0x30C30C30C30C06), UINT64_C(0x30C30C30C30C06), UINT64_C(0x30C30C30C30C06),
    UINT64_C(0x30C30C30C30C06), UINT64_C(0x30C30C30C30C06), UINT64_C(0x30C30C30C30C06), UINT64_C(0x30C30C30C30C06),
    UINT64_C(0x30C30C30C30C18), UINT64_C(0x30C30C30C30C0C), UINT64_C(0x30C30C30C30C0C), UINT64_C(0x30C30C30C30C0C),
    UINT64_C(0x30C30C30C30C0C), UINT64_C(0x30C30C30C30C0C), UINT64_C(0x30C30C30C30C0C), UINT64_C(0x30C30C30C30C0C),
    UINT64_C(0x30C30C30C30C0C), UINT64_C(0x30C30C30C30C0C), UINT64_C(0x30C30C30C30C0C), UINT64_C(0x30C30C30C30C0C),
    UINT64_C(0x30C30C30C30C0C), UINT64_C(0x30C30C30C30C1E), UINT64_C(0x30C30C30C30C0C), UINT64_C(0x30C30C30C30C0C),
    UINT64_C(0x30C30C30C30C24), UINT64_C(0x30C30C30C30C12), UINT64_C(0x30C30C30C30C12), UINT64_C(0x30C30C30C30C12),
    UINT64_C(0x30C30C30C30C2A), UINT64_C(0x30C30C30C30C30), UINT64_C(0x30C30C30C30C30), UINT64_C(0x30C30C30C30C30),
    UINT64_C(0x30C30C30C30C30), UINT64_C(0x30C30C30C30C30), UINT64_C(0x30C30C30C30C30), UINT64_C(0x30C30C30C30C30),
    UINT64_C(0x30C30C30C30C30), UINT64_C(0x30C30C30C30C30), UINT64_C(0x30C30C30C30C30), UINT64_C(0x30C30C30C30C30),
};

/* Only the low six bits of a DFA state are meaningful. */
#define WND_UTF8_ACCEPT 0u

static inline uint64_t wnd__utf8_dfa_run(uint64_t st, const unsigned char *b, size_t n) {
  size_t i = 0;
  for (; n - i >= 4; i += 4) { /* unrolled: the loop test is most of a step */
    st = wnd__utf8_dfa[b[i]] >> (st & 63);
    st = wnd__utf8_dfa[b[i + 1]] >> (st & 63);
    st = wnd__utf8_dfa[b[i + 2]] >> (st & 63);
    st = wnd__utf8_dfa[b[i + 3]] >> (st & 63);
  }
  for (; i < n; i++) st = wnd__utf8_dfa[b[i]] >> (st & 63);
  return st;
}

/*
** One step of either scanner after a block's first special byte: the
** bytes before it ([b, b + k)) have been fed to the DFA.  u is where the
** block started in the text, avail the text bytes left from u.  Returns 1
** when the string closed (*out set), 0 to go on at *out (after an escape),
** -1 to leave the decision to the byte-by-byte scan.
*/
static inline int wnd__jscan_special(const unsigned char *u, size_t avail, size_t k, uint64_t st,
                                     bool *esc, const unsigned char **out) {
  if (k >= avail || (st & 63) != WND_UTF8_ACCEPT) return -1; /* padding, or bad UTF-8 */
  const unsigned char *s = u + k;
  if (*s == '"') {
    *out = s;
    return 1;
  }
  if (*s != '\\' || avail - k < 2) return -1; /* a control character, or no byte to escape */
  *esc = true;
  *out = s + 2; /* the escaped byte cannot close the string */
  return 0;
}

/* The same for the padded scanners, whose padding holds no quote (NULs):
** a quote or a backslash is then always the text's, and the closing quote
** needs no test of where the text ends.  A backslash still needs a byte of
** the text after it; a control character may be the padding (-1 either
** way).  The k >= avail test below is redundant (only a NUL lies past the
** text), but gcc 12 lays the quote path out better with it: 155
** instructions a document fewer in the reader. */
static inline int wnd__jscan_special_padded(const unsigned char *u, size_t avail, size_t k,
                                            uint64_t st, bool *esc,
                                            const unsigned char **out) {
  if ((st & 63) != WND_UTF8_ACCEPT) return -1; /* bad UTF-8 */
  const unsigned char *s = u + k;
  if (*s == '"') {
    *out = s;
    return 1;
  }
  if (k >= avail || *s != '\\' || avail - k < 2) return -1; /* padding, a control, no byte to escape */
  *esc = true;
  *out = s + 2;
  return 0;
}

/* The padded scanners (wnd__jscan_padded) may read WND_JSCAN_PAD bytes
** past `end`, which must be NULs (control characters; no quote): a block
** never needs a padded copy, those bytes stop the scan where the text ends
** (jscan_special_padded then sees k >= avail and leaves the decision to
** the byte-by-byte scan, as the others do), and a quote found is always
** the text's.  The reader scans its arena copy of the text, which has
** them. */
#define WND_JSCAN_PAD 16

/* Eight bytes at a time (any target).  See the top of the file. */
__attribute__((always_inline)) static inline const unsigned char *wnd__jscan_swar_body(
    const unsigned char *u, const unsigned char *end, bool *esc, bool padded) {
  uint64_t st = WND_UTF8_ACCEPT;
  for (;;) {
    unsigned char pad[8];
    const unsigned char *b = u;
    size_t avail = (size_t)(end - u);
    if (!padded && avail < 8) { /* the last bytes of the text: pad with quotes */
      memset(pad, '"', sizeof pad);
      memcpy(pad, u, avail);
      b = pad;
    }
    uint64_t x = wnd__swar_load(b);
    uint64_t sp = wnd__swar_special(x), hi = x & WND_SWAR_HIGH;
    if (!sp) {
      if (hi || (st & 63)) st = wnd__utf8_dfa_run(st, b, 8);
      u += 8;
      continue;
    }
    size_t k = 0;
#if WND_SWAR_LE
    k = (unsigned)__builtin_ctzll(sp) >> 3;
#else
    while (!(b[k] == '"' || b[k] == '\\' || b[k] < 0x20)) k++;
#endif
    st = wnd__utf8_dfa_run(st, b, k);
    int r = padded ? wnd__jscan_special_padded(u, avail, k, st, esc, &u)
                   : wnd__jscan_special(u, avail, k, st, esc, &u);
    if (r > 0) return u;
    if (r < 0) return NULL;
    st = WND_UTF8_ACCEPT;
  }
}

static inline const unsigned char *wnd__jscan_swar(const unsigned char *u, const unsigned char *end,
                                                   bool *esc) {
  return wnd__jscan_swar_body(u, end, esc, false);
}

static inline const unsigned char *wnd__jscan_swar_padded(const unsigned char *u,
                                                          const unsigned char *end, bool *esc) {
  return wnd__jscan_swar_body(u, end, esc, true);
}

#if defined(__SSE2__)
/* Sixteen bytes at a time (x86-64 and other SSE2 targets). */
__attribute__((always_inline)) static inline const unsigned char *wnd__jscan_sse2_body(
    const unsigned char *u, const unsigned char *end, bool *esc, bool padded) {
  const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\');
  const __m128i space = _mm_set1_epi8(0x20);
  uint64_t st = WND_UTF8_ACCEPT;
  for (;;) {
    unsigned char pad[16];
    const unsigned char *b = u;
    size_t avail = (size_t)(end - u);
    if (!padded && avail < 16) { /* the last bytes of the text: pad with quotes */
      memset(pad, '"', sizeof pad);
      memcpy(pad, u, avail);
      b = pad;
    }
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)b);
    /* Signed "less than 0x20" is true for controls and for bytes >= 0x80;
    ** the high-bit mask takes the latter out again. */
    unsigned hi = (unsigned)_mm_movemask_epi8(x);
    __m128i s = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, bslash)),
                             _mm_cmplt_epi8(x, space));
    unsigned sp = (unsigned)_mm_movemask_epi8(s) & ~hi;
    if (!sp) {
      if (hi || (st & 63)) st = wnd__utf8_dfa_run(st, b, 16);
      u += 16;
      continue;
    }
    size_t k = (unsigned)__builtin_ctz(sp);
    /* sp ^ (sp - 1) is the bits up to the first special byte k (hi has no
    ** bit at k): the same test as hi & ((1 << k) - 1), without the shift. */
    if ((hi & (sp ^ (sp - 1))) || (st & 63)) st = wnd__utf8_dfa_run(st, b, k);
    int r = padded ? wnd__jscan_special_padded(u, avail, k, st, esc, &u)
                   : wnd__jscan_special(u, avail, k, st, esc, &u);
    if (r > 0) return u;
    if (r < 0) return NULL;
    st = WND_UTF8_ACCEPT;
  }
}

static inline const unsigned char *wnd__jscan_sse2(const unsigned char *u, const unsigned char *end,
                                                   bool *esc) {
  return wnd__jscan_sse2_body(u, end, esc, false);
}

static inline const unsigned char *wnd__jscan_sse2_padded(const unsigned char *u,
                                                          const unsigned char *end, bool *esc) {
  return wnd__jscan_sse2_body(u, end, esc, true);
}
#define wnd__jscan wnd__jscan_sse2
#define wnd__jscan_padded wnd__jscan_sse2_padded
#else
#define wnd__jscan wnd__jscan_swar
#define wnd__jscan_padded wnd__jscan_swar_padded
#endif

#endif
