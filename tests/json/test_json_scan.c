/*
** test_json_scan.c — the block string scanners of lib/json/jscan.h.
**
** The reader uses one scanner (SSE2 on x86-64, SWAR elsewhere, in the
** form that reads its text's padding); all four forms are checked here
** against the byte-by-byte definition, so the paths a build does not use
** are tested too.  A scanner may only answer "closed here"
** (with the same escape flag) when the definition does, and must answer
** it for every well-formed string; otherwise the reader's own byte scan
** reports the error, which tests/json/test_json_read.c covers.
*/
#include <stdio.h>
#include <stdlib.h>

#include "core/utf8.h"
#include "json/jscan.h"
#include "jtest.h"

/* The definition: the closing quote of the string body at u, or NULL
** (unterminated, control character, invalid UTF-8). */
static const unsigned char *ref_scan(const unsigned char *u, const unsigned char *end, bool *esc) {
  while (u < end) {
    unsigned char c = *u;
    if (c == '"') return u;
    if (c == '\\') {
      if (end - u < 2) return NULL;
      *esc = true;
      u += 2;
    } else if (c < 0x20) {
      return NULL;
    } else if (c < 0x80) {
      u++;
    } else {
      uint32_t cp;
      size_t k = wnd__utf8_decode((const char *)u, (size_t)(end - u), &cp);
      if (!k) return NULL;
      u += k;
    }
  }
  return NULL;
}

static bool dfa_valid(const unsigned char *b, size_t n) {
  return (wnd__utf8_dfa_run(WND_UTF8_ACCEPT, b, n) & 63) == WND_UTF8_ACCEPT;
}

Test(json_scan, dfa_agrees_with_utf8_check) {
  unsigned char b[4];
  for (unsigned x = 0; x < 256; x++) {
    b[0] = (unsigned char)x;
    cr_assert_eq(dfa_valid(b, 1), wnd__utf8_check((const char *)b, 1) == 1, "%02X", x);
    for (unsigned y = 0; y < 256; y++) {
      b[1] = (unsigned char)y;
      cr_assert_eq(dfa_valid(b, 2), wnd__utf8_check((const char *)b, 2) == 2, "%02X %02X", x, y);
      for (unsigned z = 0; z < 256; z++) {
        b[2] = (unsigned char)z;
        if (dfa_valid(b, 3) != (wnd__utf8_check((const char *)b, 3) == 3))
          cr_assert_fail("%02X %02X %02X", x, y, z);
      }
    }
  }
  static const unsigned char edge[] = {0x00, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF};
  for (unsigned x = 0xF0; x < 0x100; x++)
    for (unsigned y = 0; y < 256; y++)
      for (size_t z = 0; z < sizeof edge; z++)
        for (size_t w = 0; w < sizeof edge; w++) {
          b[0] = (unsigned char)x, b[1] = (unsigned char)y, b[2] = edge[z], b[3] = edge[w];
          cr_assert_eq(dfa_valid(b, 4), wnd__utf8_check((const char *)b, 4) == 4,
                       "%02X %02X %02X %02X", x, y, edge[z], edge[w]);
        }
}

/* Pieces strings are made of: every kind of byte the scanners treat
** differently, valid and broken UTF-8, escapes of odd bytes. */
static const char *const pieces[] = {
    "a", "abcdefg", "0123456789abcdef", " ", "\"", "\\", "\\\"", "\\\\", "\\u00e9", "\x01", "\x1f",
    "\x7f", "\xc3\xa9", "\xe7\xa4\xba", "\xe8\x8c\x83\xe5\x8e\xbf", "\xf0\x9f\x98\x80", "\xc3",
    "\xe7\xa4", "\xf0\x9f\x98", "\x80", "\xbf", "\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80",
    "\xf4\x90\x80\x80", "\xf5", "\xff", "\\\xc3\xa9", "\\\xe7\xa4\xba", "\\\x01",
};
#define NPIECES (sizeof pieces / sizeof pieces[0])

typedef const unsigned char *(*scanner)(const unsigned char *, const unsigned char *, bool *);

static void check_one(scanner scan, const char *name, const unsigned char *u, const unsigned char *end) {
  bool ref_esc = false, esc = false;
  const unsigned char *want = ref_scan(u, end, &ref_esc);
  const unsigned char *got = scan(u, end, &esc);
  if (got != want) { /* show the text when the assertions below fail */
    for (const unsigned char *q = u; q < end; q++) fprintf(stderr, "%02X ", *q);
    fprintf(stderr, "(%s)\n", name);
  }
  cr_assert(got == NULL || got == want, "%s: closed at %td, definition %td", name, got - u,
            want ? want - u : -1);
  cr_assert(want == NULL || got == want, "%s: a well-formed string (quote at %td) was not taken",
            name, want - u);
  if (got) cr_assert_eq(esc, ref_esc, "%s: escape flag", name);
}

/* Both scanners on a copy of [u, end) in an exact-size heap block, so that
** reading past the text is caught by ASan and valgrind. */
static void check_all(const unsigned char *u, const unsigned char *end) {
  size_t n = (size_t)(end - u);
  unsigned char *t = malloc(n ? n : 1);
  cr_assert(t);
  if (n) memcpy(t, u, n);
  check_one(wnd__jscan_swar, "swar", t, t + n);
#if defined(__SSE2__)
  check_one(wnd__jscan_sse2, "sse2", t, t + n);
#endif
  free(t);
  /* the padded scanners, in a block with exactly WND_JSCAN_PAD NULs after
  ** the text (as the reader's copy has): they must stop at the padding
  ** without taking it for the text, nor read beyond it */
  t = malloc(n + WND_JSCAN_PAD);
  cr_assert(t);
  if (n) memcpy(t, u, n);
  memset(t + n, 0, WND_JSCAN_PAD);
  check_one(wnd__jscan_swar_padded, "swar padded", t, t + n);
#if defined(__SSE2__)
  check_one(wnd__jscan_sse2_padded, "sse2 padded", t, t + n);
#endif
  free(t);
}

Test(json_scan, block_scanners_agree_with_definition) {
  srand(16);
  char buf[256];
  for (int iter = 0; iter < 200000; iter++) {
    size_t n = 0;
    int parts = rand() % 12;
    for (int i = 0; i < parts; i++) {
      const char *pc = pieces[(size_t)rand() % NPIECES];
      if (rand() % 3 == 0) pc = pieces[(size_t)rand() % 4]; /* mostly plain text */
      size_t len = strlen(pc);
      if (n + len > sizeof buf - 2) break;
      memcpy(buf + n, pc, len);
      n += len;
    }
    if (rand() % 4) buf[n++] = '"'; /* usually closed */
    size_t tail = (size_t)rand() % 20; /* text after the string */
    for (size_t i = 0; i < tail && n < sizeof buf; i++) buf[n++] = (char)(i % 2 ? '}' : '"');
    check_all((const unsigned char *)buf, (const unsigned char *)buf + n);
  }
}

Test(json_scan, long_runs_cross_blocks) {
  /* CJK and ASCII runs of every length around the block sizes, with a
  ** sequence cut at each block boundary. */
  unsigned char t[200];
  for (size_t lead = 0; lead < 20; lead++)
    for (size_t chars = 0; chars < 40; chars++) {
      size_t n = 0;
      for (size_t i = 0; i < lead; i++) t[n++] = 'k';
      for (size_t i = 0; i < chars; i++) {
        memcpy(t + n, "\xe7\xa4\xba", 3);
        n += 3;
      }
      t[n++] = '"';
      check_all(t, t + n);
      check_all(t, t + n - 1);         /* unterminated */
      if (chars) check_all(t, t + n - 2); /* cut inside the last character */
      if (chars) {
        t[n - 2] = 'x'; /* a character missing its last byte */
        check_all(t, t + n);
      }
    }
}
