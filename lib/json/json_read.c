/*
** json_read.c — strict RFC 8259 reader (see json.h).
**
** Shape: one loop with an explicit container stack instead of recursion, so
** hostile nesting cannot exhaust the C stack whatever max_depth a caller
** sets.  Children of open containers are collected on one scratch stack of
** values (an object pushes key, value, key, value ... which is exactly the
** layout of wnd__mapent[]); when a container closes its children are
** copied once into an exact-size arena block.  The scratch and the
** container stack start in buffers on the C stack and move to the heap
** only for unusually wide or deep documents.  Strings are scanned once
** (jscan.h: 16 bytes at a time, UTF-8 by a DFA) and point into one arena
** copy of the text, which the reader reads (see make_copy): those without
** escapes are their own bytes there, the others are decoded in place.
**
** Duplicate keys: objects up to DUP_LINEAR keys keep a 64-bit set of key
** hashes and scan their keys only when a new key's bit is already set
** (real submissions: almost never); a wider object gets an
** open-addressing hash of its keys so that a hostile 100000-key object
** costs O(n), not O(n^2).
**
** Positions for messages are computed only when an error is reported.
*/
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/utf8.h"
#include "jnum.h"
#include "json.h"
#include "jscan.h"
#include "jswar.h"

#define SCRATCH_INLINE 192
#define FRAMES_INLINE 32
#define DUP_LINEAR 16

_Static_assert(sizeof(wnd__mapent) == 2 * sizeof(wnd__value),
               "wnd__mapent must be a key value followed by a value");
_Static_assert(offsetof(wnd__mapent, val) == sizeof(wnd__value),
               "wnd__mapent must be a key value followed by a value");

typedef struct frame {
  uint32_t start;   /* scratch index of the first child */
  bool is_obj;
  uint32_t *ht;     /* key hash (objects wider than DUP_LINEAR) or NULL */
  uint32_t htcap;   /* power of two */
  uint64_t seen;    /* one bit per key hash, narrow objects (see check_dup) */
} frame;

typedef struct parser {
  const char *text, *end;
  /* The arena copy of the text from its first value on (make_copy), where
  ** the loop reads once it exists; NULL before.  Positions in it are
  ** mapped back to the text (to_text) for messages. */
  const char *copy, *copy_end;
  wnd__arena *a;
  const wnd__mem *mem;
  wnd__json_error *err;
  wnd__value *scratch;
  size_t scap;            /* the scratch's top (sn) lives in parse_doc's cursor */
  bool scratch_heap;
  frame *frames;
  size_t fn, fcap;        /* fn: the cursor's, written back at every open and close */
  bool frames_heap;
  uint32_t max_nodes, max_depth;
} parser;

/*
** What the main loop changes on every value, kept in parse_doc's locals
** (helpers that take it are inlined, so it lives in registers): every
** value is written through a uint8_t (its kind), which may alias anything,
** so fields of *P would be reloaded after each one.  scratch, scap and
** frames mirror P's and are refreshed after the (rare, out-of-line) grows;
** fn is also written to P->fn at every open and close, which is what
** cleanup and frames_grow read; sn is passed to the out-of-line functions
** that need it.  fstart, fobj and fseen are the top frame's start, is_obj
** and seen: the frame in memory gets seen back when a child opens.
*/
typedef struct cursor {
  const char *end;
  wnd__value *scratch;
  size_t sn, scap;
  frame *frames;
  size_t fn;
  uint32_t fstart;
  bool fobj;
  uint64_t fseen;
  uint32_t nodes_left, max_depth; /* values still allowed (P->max_nodes at the start) */
  /* Where the arena copy of the text is, as the distance of addresses from
  ** the text (see copy_text): the text's bytes for a key's duplicate bit
  ** and for the byte-by-byte string scan. */
  uintptr_t copy_off;
  const unsigned char *copy_end; /* the copy's end (its padding follows) */
  wnd__value *slab, *slab_end; /* arena slots not yet given to a container (take_slots) */
} cursor;

/* Byte classes inside strings: 0 plain ASCII, 1 quote, 2 backslash,
** 3 control character, 4 start of a multi-byte sequence (or invalid). */
static const uint8_t str_class[256] = {
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
    4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
    4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
    4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
    4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
    4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
    4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
    4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
};

/* ---- errors ----------------------------------------------------------- */

static int fail(parser *P, const char *at, int status, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* The text position of at, which may point into the copy (make_copy) or
** its padding. */
static const char *to_text(const parser *P, const char *at) {
  uintptr_t a = (uintptr_t)at, lo = (uintptr_t)P->copy;
  if (P->copy && a >= lo && a <= (uintptr_t)P->copy_end + WND_JSCAN_PAD)
    return a >= (uintptr_t)P->copy_end ? P->end : P->end - ((uintptr_t)P->copy_end - a);
  return at;
}

static int fail(parser *P, const char *at, int status, const char *fmt, ...) {
  wnd__json_error *e = P->err;
  if (!e) return status;
  at = to_text(P, at);
  size_t off = (size_t)(at - P->text);
  const char *line_start = P->text;
  uint32_t line = 1;
  for (const char *p = P->text; p < at; p++) {
    if (*p == '\n') {
      line++;
      line_start = p + 1;
    }
  }
  e->line = line;
  e->column = wnd__utf8_column(line_start, (size_t)(at - line_start));
  e->offset = off;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(e->msg, sizeof e->msg, fmt, ap);
  va_end(ap);
  return status;
}

static int fail_nomem(parser *P) {
  if (P->err) {
    memset(P->err, 0, sizeof *P->err);
    snprintf(P->err->msg, sizeof P->err->msg, "out of memory");
  }
  return WND_ENOMEM;
}

/* A short, valid-UTF-8 quotation of [s, s+n) for messages: at most 40
** bytes, cut on a code point boundary. */
static int quote_len(const char *s, size_t n) {
  if (n <= 40) return (int)n;
  size_t k = 40;
  while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80) k--;
  return (int)k;
}

/* Why the byte at p cannot start a value / appear here. */
static int fail_unexpected(parser *P, const char *p, const char *expected) {
  p = to_text(P, p);
  if (p >= P->end)
    return fail(P, p, WND_EINVALID, "unexpected end of input: expected %s",
                expected);
  unsigned char c = (unsigned char)*p;
  switch (c) {
    case '/':
      return fail(P, p, WND_EINVALID, "comments are not allowed in JSON");
    case '\'':
      return fail(P, p, WND_EINVALID,
                  "single quotes are not allowed in JSON; use '\"'");
    case 'N':
    case 'I':
      return fail(P, p, WND_EINVALID,
                  "NaN and Infinity are not allowed in JSON");
    case '+':
      return fail(P, p, WND_EINVALID,
                  "a number cannot start with '+' in JSON");
    case '.':
      return fail(P, p, WND_EINVALID,
                  "a number needs a digit before '.' in JSON");
    default:
      break;
  }
  if (c >= 0x21 && c < 0x7F)
    return fail(P, p, WND_EINVALID, "unexpected character '%c': expected %s",
                c, expected);
  uint32_t cp;
  if (c >= 0x80 &&
      wnd__utf8_decode(p, (size_t)(P->end - p), &cp) > 0)
    return fail(P, p, WND_EINVALID,
                "unexpected character U+%04X: expected %s", (unsigned)cp,
                expected);
  if (c >= 0x80)
    return fail(P, p, WND_EINVALID, "invalid UTF-8 byte 0x%02X", c);
  return fail(P, p, WND_EINVALID,
              "unexpected control character U+%04X: expected %s", c, expected);
}

/* ---- values ----------------------------------------------------------- */

/*
** Values are written field by field straight into their final slot (the
** scratch top or the result) instead of being built on the stack by the
** wnd__v_* constructors and copied: the constructors' mixed-size stores
** followed by a 16-byte reload defeat store-to-load forwarding, which
** measured as a third of the string-parsing time.
*/
static inline void set_kind(wnd__value *o, uint8_t kind, uint32_t n) {
  o->kind = kind;
  o->flags = 0;
  o->n = n;
}

static inline void set_str(wnd__value *o, const char *s, uint32_t n) {
  set_kind(o, WV_STRING, n);
  o->u.s = s;
}

/* ---- stacks ----------------------------------------------------------- */

static bool scratch_grow(parser *P, size_t sn) {
  if (P->scap > SIZE_MAX / 2 / sizeof(wnd__value)) return false;
  size_t ncap = P->scap * 2;
  wnd__value *nv;
  if (P->scratch_heap) {
    nv = wnd__realloc(P->mem, P->scratch, ncap * sizeof *nv);
  } else {
    nv = wnd__alloc(P->mem, ncap * sizeof *nv);
    if (nv) memcpy(nv, P->scratch, sn * sizeof *nv);
  }
  if (!nv) return false;
  P->scratch = nv;
  P->scap = ncap;
  P->scratch_heap = true;
  return true;
}

/* The slot the next value is written to: the scratch top (inside a
** container the caller bumps sn once the value is complete; the document's
** own value is written to scratch[0] too and copied out at the end, so
** there is no test for it here).  NULL when the scratch cannot grow. */
static inline wnd__value *next_slot(parser *P, cursor *C) {
  if (C->sn == C->scap) {
    if (!scratch_grow(P, C->sn)) return NULL;
    C->scratch = P->scratch;
    C->scap = P->scap;
  }
  return &C->scratch[C->sn];
}

static bool frames_grow(parser *P, size_t fn) {
  if (P->fcap > SIZE_MAX / 2 / sizeof(frame)) return false;
  size_t ncap = P->fcap * 2;
  frame *nf;
  if (P->frames_heap) {
    nf = wnd__realloc(P->mem, P->frames, ncap * sizeof *nf);
  } else {
    nf = wnd__alloc(P->mem, ncap * sizeof *nf);
    if (nf) memcpy(nf, P->frames, fn * sizeof *nf);
  }
  if (!nf) return false;
  P->frames = nf;
  P->fcap = ncap;
  P->frames_heap = true;
  return true;
}

static void cleanup(parser *P) {
  for (size_t i = 0; i < P->fn; i++) wnd__free(P->mem, P->frames[i].ht);
  if (P->frames_heap) wnd__free(P->mem, P->frames);
  if (P->scratch_heap) wnd__free(P->mem, P->scratch);
}

/* ---- duplicate keys ---------------------------------------------------- */

static uint32_t hash_key(const char *s, uint32_t n) {
  uint32_t h = 2166136261u; /* FNV-1a */
  for (uint32_t i = 0; i < n; i++) {
    h ^= (unsigned char)s[i];
    h *= 16777619u;
  }
  return h;
}

static inline bool same_key(const wnd__value *k, const char *s, uint32_t n) {
  /* Length and first byte settle almost every comparison of real keys. */
  return k->n == n && (n == 0 || (k->u.s[0] == s[0] && memcmp(k->u.s, s, n) == 0));
}

/* Insert key number `idx` (its value at scratch[f->start + 2*idx]) into the
** frame's table; 1 when an equal key is already there. */
static int ht_insert(parser *P, frame *f, uint32_t idx) {
  const wnd__value *k = &P->scratch[f->start + 2 * (size_t)idx];
  uint32_t mask = f->htcap - 1;
  uint32_t h = hash_key(k->u.s, k->n) & mask;
  while (f->ht[h]) {
    const wnd__value *o = &P->scratch[f->start + 2 * (size_t)(f->ht[h] - 1)];
    if (same_key(o, k->u.s, k->n)) return 1;
    h = (h + 1) & mask;
  }
  f->ht[h] = idx + 1;
  return 0;
}

/* (Re)build the table of frame f for nkeys keys and insert them all. */
static bool ht_build(parser *P, frame *f, uint32_t nkeys) {
  uint32_t cap = 64;
  while (cap < 2 * (nkeys + 1)) {
    if (cap > UINT32_MAX / 4) return false;
    cap *= 2;
  }
  uint32_t *t = wnd__calloc(P->mem, cap, sizeof *t);
  if (!t) return false;
  wnd__free(P->mem, f->ht);
  f->ht = t;
  f->htcap = cap;
  for (uint32_t i = 0; i < nkeys; i++) (void)ht_insert(P, f, i);
  return true;
}

/* A bit for key k: its first two bytes and its length, mixed.  (Its last
** two bytes as well, tried: on the reference submissions they spare
** check_dup_slow a third of a call per document but cost a load, a shift
** and an or per key, 110 instructions a document more than they save.)
** The bytes are read at s, which holds the key's n bytes: for a key
** without escapes the caller passes the source text, not k->u.s: the
** reader has just stored the key's terminating NUL in the copy, and a load
** overlapping a byte store that close cannot be forwarded from it
** (measured: a tenth of the reader's time waiting on the store).  A load
** inside the key needs no mask and no test of what follows it; keys that
** share the two bytes and the length only cost check_dup_slow a scan, as
** any two keys that share a bit do. */
static inline uint64_t key_bit(const char *s, uint32_t n) {
  uint64_t w = n;
  if (n >= 2) {
    uint16_t a;
    memcpy(&a, s, 2);
    w |= (uint64_t)a << 32;
  } else if (n) {
    w |= (uint64_t)(unsigned char)s[0] << 32;
  }
  w *= UINT64_C(0x9E3779B97F4A7C15);
  return UINT64_C(1) << (w >> 58);
}

/* The key just pushed at the top of the scratch, whose bit an earlier key
** of the object has set: 0 new, 1 duplicate, -1 out of memory, 2 new and
** the object now has a hash table (from then on every key must go into
** it, so check_dup sends them all here).  The full test: a scan of the
** first DUP_LINEAR keys, the table (built on the first collision after
** them, from all the keys before) for a wider object. */
__attribute__((noinline)) static int check_dup_slow(parser *P, frame *f, size_t sn) {
  uint32_t idx = (uint32_t)((sn - 1 - f->start) / 2);
  const wnd__value *k = &P->scratch[sn - 1];
  if (idx < DUP_LINEAR) {
    for (size_t j = f->start; j < sn - 1; j += 2)
      if (same_key(&P->scratch[j], k->u.s, k->n)) return 1;
    return 0;
  }
  if (!f->ht || 2 * (idx + 1) > f->htcap) {
    if (!ht_build(P, f, idx)) return -1;
  }
  return ht_insert(P, f, idx) ? 1 : 2;
}

/* check_dup_slow, skipped for a key whose bit (key_bit) no earlier key of
** the object has set: then no earlier key equals it.  There is no count
** test here: an object with a table has every bit set (64 bits saturate
** after a few dozen keys anyway, so a wide object pays the table from
** early on and stays O(n)). */
static inline int check_dup(parser *P, cursor *C, uint64_t bit) {
  bool maybe = (C->fseen & bit) != 0;
  C->fseen |= bit;
  if (!maybe) return 0;
  int r = check_dup_slow(P, &C->frames[C->fn - 1], C->sn);
  if (r == 2) {
    C->fseen = UINT64_MAX;
    r = 0;
  }
  return r;
}

/* ---- strings ---------------------------------------------------------- */

/* Length of the valid UTF-8 sequence starting with a byte >= 0x80 at p,
** or 0 (overlongs, surrogates, > U+10FFFF, truncation). */
static inline size_t utf8_seq(const unsigned char *p, const unsigned char *end) {
  unsigned c = p[0];
  size_t avail = (size_t)(end - p);
  if (c < 0xC2) return 0;
  if (c < 0xE0) return avail >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
  if (c < 0xF0) {
    if (avail < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80) return 0;
    if (c == 0xE0 && p[1] < 0xA0) return 0;
    if (c == 0xED && p[1] >= 0xA0) return 0;
    return 3;
  }
  if (c < 0xF5) {
    if (avail < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 ||
        (p[3] & 0xC0) != 0x80)
      return 0;
    if (c == 0xF0 && p[1] < 0x90) return 0;
    if (c == 0xF4 && p[1] >= 0x90) return 0;
    return 4;
  }
  return 0;
}

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Four hex digits at p (p + 4 <= end checked by caller) or -1. */
static int32_t hex4(const char *p) {
  int32_t v = 0;
  for (int i = 0; i < 4; i++) {
    int h = hexval(p[i]);
    if (h < 0) return -1;
    v = v * 16 + h;
  }
  return v;
}

/* Decode the escaped string body [s, e) into dst; returns the length or
** -1 after reporting the error. */
__attribute__((noinline)) static long decode_escapes(parser *P, const char *s, const char *e,
                                                     char *dst) {
  char *o = dst;
  while (s < e) {
    if (*s != '\\') {
      *o++ = *s++;
      continue;
    }
    const char *bs = s;
    char c = s[1]; /* the scan guaranteed a byte after '\\' */
    s += 2;
    switch (c) {
      case '"': *o++ = '"'; break;
      case '\\': *o++ = '\\'; break;
      case '/': *o++ = '/'; break;
      case 'b': *o++ = '\b'; break;
      case 'f': *o++ = '\f'; break;
      case 'n': *o++ = '\n'; break;
      case 'r': *o++ = '\r'; break;
      case 't': *o++ = '\t'; break;
      case 'u': {
        int32_t u = e - s >= 4 ? hex4(s) : -1;
        if (u < 0)
          return fail(P, bs, WND_EINVALID,
                      "\\u must be followed by four hex digits"), -1;
        s += 4;
        uint32_t cp = (uint32_t)u;
        if (cp == 0)
          return fail(P, bs, WND_EINVALID,
                      "\\u0000 is not allowed in strings"), -1;
        if (cp >= 0xDC00 && cp <= 0xDFFF)
          return fail(P, bs, WND_EINVALID,
                      "lone low surrogate \\u%04X", (unsigned)cp), -1;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          int32_t lo = (e - s >= 6 && s[0] == '\\' && s[1] == 'u') ? hex4(s + 2)
                                                                   : -1;
          if (lo < 0xDC00 || lo > 0xDFFF)
            return fail(P, bs, WND_EINVALID,
                        "lone high surrogate \\u%04X (a low surrogate "
                        "\\uDC00-\\uDFFF must follow)", (unsigned)cp), -1;
          s += 6;
          cp = 0x10000 + ((cp - 0xD800) << 10) + ((uint32_t)lo - 0xDC00);
        }
        o += wnd__utf8_encode(cp, o);
        break;
      }
      default: {
        unsigned char uc = (unsigned char)c;
        if (uc >= 0x21 && uc < 0x7F)
          return fail(P, bs, WND_EINVALID, "invalid escape '\\%c'", c), -1;
        return fail(P, bs, WND_EINVALID, "invalid escape sequence"), -1;
      }
    }
  }
  return (long)(o - dst);
}

/*
** String values point into one copy of the text in the arena, made before
** the document's value is read (from its first byte on), where the reader
** reads from then on: a string without escapes
** is its own bytes there, NUL-terminated by overwriting its closing quote,
** so it costs no allocation and no copy of its own; an escaped one is
** decoded in place (decoding never lengthens a string, so it stays within
** its own raw bytes).  The arena owns the copy like every other node, and
** the copy is as long as the text that remains (plus WND_JSCAN_PAD NULs
** the string scan may read past its end), about what the strings
** took when each was copied apart (submissions are mostly strings).
*/
static bool make_copy(parser *P, cursor *C, const char *p) {
  size_t n = (size_t)(C->end - p);
  if (n > SIZE_MAX - WND_JSCAN_PAD) return false;
  char *copy = wnd__arena_alloc(P->a, n + WND_JSCAN_PAD);
  if (!copy) return false;
  memcpy(copy, p, n);
  /* The padding: NULs, which stop the string scan where the text ends as
  ** any control character does (jscan.h), and are none of the bytes the
  ** loop's compact-text tests look one or two bytes ahead for ('"', ':',
  ** ',', '}', ']'), so those need no test for the end of the text. */
  memset(copy + n, 0, WND_JSCAN_PAD);
  C->copy_off = (uintptr_t)copy - (uintptr_t)p;
  C->copy_end = (const unsigned char *)copy + n;
  P->copy = copy;
  P->copy_end = copy + n;
  return true;
}

/* The text's byte at p, a position in the copy. */
static inline const char *copy_text(const cursor *C, const char *p) {
  return (const char *)(uintptr_t)((uintptr_t)p - C->copy_off);
}

/* The byte-by-byte scan of a string body from u (just after the opening
** quote): the definition wnd__jscan_padded (jscan.h) takes the common case of.
** Returns the closing quote, setting *esc when a backslash occurred, or
** NULL after reporting the error with *status. */
__attribute__((noinline, cold)) static const unsigned char *scan_string_slow(
    parser *P, const unsigned char *u, bool *esc, int *status) {
  const unsigned char *end = (const unsigned char *)P->end;
  const char *open = (const char *)u - 1;
  for (;;) {
    /* Eight bytes at a time: find the first byte that is a quote, a
    ** backslash, a control character or non-ASCII (the classic "has a zero
    ** byte" bit trick; its false positives only sit above a true hit, so
    ** on little-endian machines the lowest flagged byte is exact). */
    while (end - u >= 8) {
      uint64_t x = wnd__swar_load(u);
      uint64_t stop = wnd__swar_special(x) | (x & WND_SWAR_HIGH);
      if (!stop) {
        u += 8;
        continue;
      }
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
      u += (unsigned)__builtin_ctzll(stop) >> 3;
#endif
      break;
    }
    if (u >= end) {
      *status = fail(P, open, WND_EINVALID, "unterminated string");
      return NULL;
    }
    switch (str_class[*u]) {
      case 0:
        u++;
        continue;
      case 1:
        return u;
      case 2:
        *esc = true;
        if (end - u < 2) {
          *status = fail(P, open, WND_EINVALID, "unterminated string");
          return NULL;
        }
        u += 2; /* the escaped byte cannot close the string */
        continue;
      case 3:
        *status = fail(P, (const char *)u, WND_EINVALID,
                       "control character U+%04X must be escaped in strings",
                       *u);
        return NULL;
      default: {
        size_t k = utf8_seq(u, end);
        if (!k) {
          *status = fail(P, (const char *)u, WND_EINVALID,
                         "invalid UTF-8 in string");
          return NULL;
        }
        u += k;
        continue;
      }
    }
  }
}

/* p is just after the opening quote, in the copy (parse_doc makes it
** before any document is read, and reads the text there from then on).  Returns the position after the
** closing quote, or NULL after reporting an error (P->err) with *status.
** Inlined into its two callers, whose registers are already saved once per
** document: as a function its entry and exit cost a fifth of its time. */
__attribute__((always_inline)) static inline const char *parse_string(parser *P, cursor *C, const char *p, wnd__value *out,
                                int *status) {
  const char *open = p - 1;
  bool esc = false;
  /* The block scan runs in the copy, whose padding spares it the
  ** test for the text's last bytes; the copy's bytes from p on are still
  ** the text's (NULs and decoded escapes are only written behind p). */
  char *dst = (char *)(uintptr_t)p;
  const unsigned char *u = wnd__jscan_padded((const unsigned char *)dst, C->copy_end, &esc);
  if (!u) {
    esc = false;
    u = scan_string_slow(P, (const unsigned char *)copy_text(C, p), &esc, status);
    if (!u) return NULL;
    u = (const unsigned char *)((uintptr_t)u + C->copy_off); /* back in the copy */
  }
  size_t raw = (size_t)((const char *)u - p);
  if (raw > UINT32_MAX) {
    *status = fail(P, open, WND_ELIMIT, "string longer than 4 GiB");
    return NULL;
  }
  size_t len = raw;
  if (esc) {
    long r = decode_escapes(P, p, (const char *)u, dst); /* in place: it never lengthens */
    if (r < 0) {
      *status = WND_EINVALID;
      return NULL;
    }
    len = (size_t)r;
  }
  dst[len] = '\0';
  set_str(out, dst, (uint32_t)len);
  /* Raw text holds no quote or control, so without a backslash in the
  ** source the value needs no escape either (the canonical writer skips
  ** its scan). */
  if (!esc) out->flags = WVF_PLAIN;
  return (const char *)u + 1;
}

/* ---- numbers ---------------------------------------------------------- */

static inline bool is_digit(char c) { return c >= '0' && c <= '9'; }

static const double pow10_exact[20] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,
                                       1e7,  1e8,  1e9,  1e10, 1e11, 1e12, 1e13,
                                       1e14, 1e15, 1e16, 1e17, 1e18, 1e19};

/* p in the copy, whose padding's NULs end a number as any other byte
** does: no test for the end of the text. */
static const char *parse_number(parser *P, const char *p, wnd__value *out, int *status) {
  const char *start = p;
  bool neg = false;
  if (*p == '-') {
    neg = true;
    p++;
    if (*p == 'I' || *p == 'N') {
      *status = fail(P, start, WND_EINVALID,
                     "NaN and Infinity are not allowed in JSON");
      return NULL;
    }
    if (!is_digit(*p)) {
      *status = fail(P, p, WND_EINVALID, "expected a digit after '-'");
      return NULL;
    }
  }
  uint64_t v = 0;
  bool overflow = false;
  const char *digits = p;
  if (*p == '0') {
    p++;
    if (is_digit(*p)) {
      *status = fail(P, start, WND_EINVALID,
                     "leading zeros are not allowed in JSON numbers");
      return NULL;
    }
  } else {
    /* 19 digits cannot wrap 64 bits; 20 or more are beyond int64 anyway
    ** (and a double re-reads its text), so the count alone decides */
    for (; is_digit(*p); p++) v = v * 10 + (unsigned)(*p - '0');
    overflow = p - digits > 19;
  }
  bool is_int = true;
  /* A decimal of at most 19 digits and no exponent (911.4, 0.35): its
  ** digits as one integer m and the count after the point, for the
  ** exact division below. */
  uint64_t m = v;
  size_t frac = 0;
  bool short_dec = false;
  if (*p == '.') {
    is_int = false;
    const char *point = p++;
    if (!is_digit(*p)) {
      *status = fail(P, p, WND_EINVALID, "expected a digit after '.'");
      return NULL;
    }
    while (is_digit(*p)) p++;
    frac = (size_t)(p - point - 1);
    short_dec = (size_t)(p - digits - 1) <= 19; /* the digits, without the point */
    if (short_dec)
      for (const char *q = point + 1; q < p; q++) m = m * 10 + (unsigned)(*q - '0');
  }
  if (*p == 'e' || *p == 'E') {
    short_dec = false;
    is_int = false;
    p++;
    if (*p == '+' || *p == '-') p++;
    if (!is_digit(*p)) {
      *status = fail(P, p, WND_EINVALID, "expected a digit in the exponent");
      return NULL;
    }
    while (is_digit(*p)) p++;
  }
  if (is_int) {
    const uint64_t lim = neg ? (UINT64_C(1) << 63) : (UINT64_C(1) << 63) - 1;
    if (overflow || v > lim) {
      *status = fail(P, start, WND_EINVALID,
                     "integer out of range (int64: -9223372036854775808.."
                     "9223372036854775807)");
      return NULL;
    }
    /* -2^63 has no positive counterpart: negate in unsigned arithmetic. */
    set_kind(out, WV_INT, 0);
    out->u.i = neg ? (int64_t)(0 - v) : (int64_t)v;
    return p;
  }
  double d;
  if (short_dec && m <= (UINT64_C(1) << 53)) {
    /* Clinger's fast path, as wnd__jnum_to_double takes it: m and 10^frac
    ** (frac <= 19) are exact doubles, so one division rounds correctly. */
    d = (double)m / pow10_exact[frac];
    if (neg) d = -d;
  } else if (wnd__jnum_to_double(start, (size_t)(p - start), &d) != 0) {
    *status = fail(P, start, WND_EINVALID,
                   "number out of range (not a finite double)");
    return NULL;
  }
  set_kind(out, WV_DOUBLE, 0);
  out->u.d = d;
  return p;
}

/* ---- the document ------------------------------------------------------ */

static inline const char *skip_ws(const char *p, const char *end) {
  /* Compact text has no whitespace: one test settles it (every JSON
  ** whitespace byte is <= ' '). */
  if (p < end && (unsigned char)*p > ' ') return p;
  while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')) p++;
  return p;
}

/* Room for the cnt children of a closing container (cnt > 0): from the
** slab, an arena block the closes share, or a new slab sized for them and
** for what the rest of the text may still close (a value takes at least
** two bytes of text; at most SLAB_AHEAD more slots, so little is left
** unused).  One arena call for several small containers instead of one
** each: a submission closes about fifteen, most of one or two members,
** and with 64 spare slots takes ~2.4 arena calls instead of ~4.5 (the
** unused slots stay in the arena chunk the tree fills anyway). */
#define SLAB_AHEAD 64

static inline wnd__value *take_slots(parser *P, cursor *C, size_t cnt, const char *p) {
  if ((size_t)(C->slab_end - C->slab) >= cnt) {
    wnd__value *r = C->slab;
    C->slab += cnt;
    return r;
  }
  size_t ahead = (size_t)(C->end - p) / 2;
  if (ahead > SLAB_AHEAD) ahead = SLAB_AHEAD;
  if (cnt > SIZE_MAX / sizeof(wnd__value) - ahead) return NULL;
  wnd__value *r = wnd__arena_alloc(P->a, (cnt + ahead) * sizeof(wnd__value));
  if (!r) return NULL;
  C->slab = r + cnt;
  C->slab_end = r + cnt + ahead;
  return r;
}

/* Close the top container: copy its children into the arena and write
** the container into its own slot, which is where its children started
** (scratch[0] when it is the document).  Inlined into parse_doc. */
__attribute__((always_inline)) static inline int close_container(parser *P, cursor *C,
                                                                  const char *p) {
  size_t cnt = C->sn - C->fstart;
  wnd__value *mem = NULL;
  if (cnt) {
    mem = take_slots(P, C, cnt, p);
    if (!mem) return fail_nomem(P);
    const wnd__value *from = &C->scratch[C->fstart];
    if (cnt <= 4) { /* the usual small container: no call */
      for (size_t i = 0; i < cnt; i++) mem[i] = from[i];
    } else {
      memcpy(mem, from, cnt * sizeof(wnd__value));
    }
  }
  bool is_obj = C->fobj;
  /* Only an object of more than DUP_LINEAR members has a table. */
  if (cnt > 2 * DUP_LINEAR) {
    frame *f = &C->frames[C->fn - 1];
    wnd__free(P->mem, f->ht);
    f->ht = NULL;
  }
  C->sn = C->fstart;
  P->fn = --C->fn;
  if (C->fn) {
    const frame *t = &C->frames[C->fn - 1];
    C->fstart = t->start;
    C->fobj = t->is_obj;
    C->fseen = t->seen;
  }
  wnd__value *o = &C->scratch[C->sn]; /* the closed container's first slot: no growth needed */
  if (is_obj) {
    set_kind(o, WV_MAP, (uint32_t)(cnt / 2));
    o->u.ents = (const wnd__mapent *)(const void *)mem;
  } else {
    set_kind(o, WV_LIST, (uint32_t)cnt);
    o->u.items = mem;
  }
  return WND_OK;
}

__attribute__((always_inline)) static inline int open_container(parser *P, cursor *C,
                                                                 const char *at, bool is_obj) {
  if (C->fn + 1 > C->max_depth)
    return fail(P, at, WND_ELIMIT, "nesting deeper than %u levels",
                (unsigned)C->max_depth);
  if (C->fn == P->fcap) {
    if (!frames_grow(P, C->fn)) return fail_nomem(P);
    C->frames = P->frames;
  }
  if (C->fn) C->frames[C->fn - 1].seen = C->fseen;
  frame *f = &C->frames[C->fn];
  f->start = (uint32_t)C->sn;
  f->is_obj = is_obj;
  f->ht = NULL; /* htcap is read only with a table; seen is stored when a child opens */
  P->fn = ++C->fn;
  C->fstart = (uint32_t)C->sn;
  C->fobj = is_obj;
  C->fseen = 0;
  return WND_OK;
}

/* p where a key should start but is not a quote: the error. */
static int fail_key(parser *P, const char *p) {
  p = to_text(P, p);
  if (p < P->end && *p != '/' && *p != '\'' && (unsigned char)*p >= 0x21 &&
      (unsigned char)*p < 0x7F && *p != '}' && *p != ']')
    return fail(P, p, WND_EINVALID, "object keys must be strings in double quotes");
  return fail_unexpected(P, p, "'\"' (an object key)");
}

/* p at the opening quote of a key: parse it, check for duplicates, push it
** and consume the ':'.  Returns the position of the value or NULL.
** Inlined into parse_doc (once) for the reason parse_string is. */
__attribute__((always_inline)) static inline const char *parse_key(parser *P, cursor *C,
                                                                    const char *p, int *status) {
  const char *end = C->end;
  const char *kstart = p;
  wnd__value *k = next_slot(P, C);
  if (!k) {
    *status = fail_nomem(P);
    return NULL;
  }
  p = parse_string(P, C, p + 1, k, status);
  if (!p) return NULL;
  C->sn++;
  /* Unescaped, the key's bytes in the text are its value's bytes. */
  const char *kb = (k->flags & WVF_PLAIN) ? copy_text(C, kstart + 1) : k->u.s;
  int d = check_dup(P, C, key_bit(kb, k->n));
  if (d < 0) {
    *status = fail_nomem(P);
    return NULL;
  }
  if (d > 0) {
    *status = fail(P, kstart, WND_EINVALID, "duplicate key \"%.*s\"",
                   quote_len(k->u.s, k->n), k->u.s);
    return NULL;
  }
  /* Compact text: the colon and then the value, no whitespace.  (No test
  ** for the end: the copy's padding follows it, see make_copy.) */
  if (*p == ':' && (unsigned char)p[1] > ' ') return p + 1;
  p = skip_ws(p, end);
  if (p >= end || *p != ':') {
    *status = fail_unexpected(P, p, "':' after the object key");
    return NULL;
  }
  return skip_ws(p + 1, end);
}

/* Parse the document into *out.  Scalars are written straight into their
** slot (see next_slot); containers are written by close_container. */
static int parse_doc(parser *P, wnd__value *out) {
  cursor C = {.end = P->end,
              .scratch = P->scratch,
              .sn = 0,
              .scap = P->scap,
              .frames = P->frames,
              .fn = 0,
              .nodes_left = P->max_nodes,
              .max_depth = P->max_depth};
  const char *p = P->text, *end = C.end;
  int status = WND_OK;
  wnd__value *slot;
  if (end - p >= 3 && (unsigned char)p[0] == 0xEF &&
      (unsigned char)p[1] == 0xBB && (unsigned char)p[2] == 0xBF)
    return fail(P, p, WND_EINVALID,
                "byte order mark (U+FEFF) at the start is not allowed in "
                "JSON text; save the file as UTF-8 without BOM");
  p = skip_ws(p, end);
  if (p >= end) return fail_unexpected(P, p, "a JSON value");
  if (!make_copy(P, &C, p)) return fail_nomem(P);
  /* From here on the loop reads the copy, whose padding (make_copy)
  ** spares the tests for the end of the text where the loop looks a byte
  ** or more ahead: compact text's next bytes, a number's digits, a
  ** literal's letters, the next value's first byte. */
  p = (const char *)C.copy_end - (end - p);
  end = C.end = (const char *)C.copy_end;

value:
  if (C.nodes_left == 0)
    return fail(P, p, WND_ELIMIT, "more than %u values",
                (unsigned)P->max_nodes);
  C.nodes_left--;
  if (*p == '"') { /* the most frequent value first, with one test */
    if (!(slot = next_slot(P, &C))) return fail_nomem(P);
    p = parse_string(P, &C, p + 1, slot, &status);
    if (!p) return status;
    goto have_value;
  }
  switch (*p) {
    case '{':
    case '[': {
      bool is_obj = *p == '{';
      if ((status = open_container(P, &C, p, is_obj)) != WND_OK) return status;
      if (is_obj && p[1] == '"') { /* compact text: the first key (p[1]: text or padding) */
        p++;
        goto key_quoted;
      }
      p = skip_ws(p + 1, end);
      if (p < end && *p == (is_obj ? '}' : ']')) {
        p++;
        if ((status = close_container(P, &C, p)) != WND_OK) return status;
        break;
      }
      if (is_obj) goto key;
      goto value;
    }
    default:
      /* The padding's NUL would say the same (fail_unexpected maps it to
      ** the end of the text), but after taking a slot, which may fail. */
      if (p >= end) return fail_unexpected(P, p, "a JSON value");
      if (!(slot = next_slot(P, &C))) return fail_nomem(P);
      switch (*p) {
        case 't':
          if (memcmp(p, "true", 4) != 0) /* past the end: the padding's NULs */
            return fail_unexpected(P, p, "a JSON value");
          set_kind(slot, WV_BOOL, 0);
          slot->u.b = true;
          p += 4;
          break;
        case 'f':
          if (memcmp(p, "false", 5) != 0)
            return fail_unexpected(P, p, "a JSON value");
          set_kind(slot, WV_BOOL, 0);
          slot->u.b = false;
          p += 5;
          break;
        case 'n':
          if (memcmp(p, "null", 4) != 0)
            return fail_unexpected(P, p, "a JSON value");
          set_kind(slot, WV_NULL, 0);
          slot->u.t.sec = 0;
          p += 4;
          break;
        default:
          if (*p == '-' || is_digit(*p)) {
            p = parse_number(P, p, slot, &status);
            if (!p) return status;
            break;
          }
          return fail_unexpected(P, p, "a JSON value");
      }
  }

have_value:
  if (C.fn == 0) {
    p = skip_ws(p, end);
    if (p < end) {
      if (*p == '/') return fail_unexpected(P, p, "end of input");
      return fail(P, p, WND_EINVALID,
                  "unexpected text after the JSON value");
    }
    *out = C.scratch[0];
    return WND_OK;
  }
  C.sn++; /* the value just written at the scratch top */
  /* Compact text: a comma and the next key's quote settle the member. */
  if (p[0] == ',' && p[1] == '"' && C.fobj) { /* inside a container: p is in the copy */
    p++;
    goto key_quoted;
  }
  if (*p == (C.fobj ? '}' : ']')) /* compact text: the container ends */
    goto close;
  p = skip_ws(p, end);
  if (p < end && *p == ',') {
    const char *comma = p;
    p = skip_ws(p + 1, end);
    if (p < end && (*p == '}' || *p == ']'))
      return fail(P, comma, WND_EINVALID,
                  "trailing comma is not allowed in JSON");
    if (C.fobj) goto key;
    goto value;
  }
  if (p < end && *p == (C.fobj ? '}' : ']')) {
  close:
    p++;
    if ((status = close_container(P, &C, p)) != WND_OK) return status;
    goto have_value;
  }
  return fail_unexpected(P, p,
                         C.fobj ? "',' or '}' after an object member"
                                : "',' or ']' after an array element");

key: /* one inlined copy of parse_key for both places a key starts */
  if (p >= end || *p != '"') return fail_key(P, p);
key_quoted:
  p = parse_key(P, &C, p, &status);
  if (!p) return status;
  goto value;
}

int wnd__json_parse(wnd__arena *a, const char *text, size_t n,
                    const wnd__json_limits *lim, wnd__value *out,
                    wnd__json_error *err) {
  wnd__value scratch[SCRATCH_INLINE];
  frame frames[FRAMES_INLINE];
  parser P;
  P.text = text;
  P.end = text + n;
  P.copy = P.copy_end = NULL;
  P.a = a;
  P.mem = a->mem;
  P.err = err;
  P.scratch = scratch;
  P.scap = SCRATCH_INLINE;
  P.scratch_heap = false;
  P.frames = frames;
  P.fn = 0;
  P.fcap = FRAMES_INLINE;
  P.frames_heap = false;
  size_t max_bytes = WND_JSON_DEFAULT_MAX_BYTES;
  P.max_depth = WND_JSON_DEFAULT_MAX_DEPTH;
  P.max_nodes = WND_JSON_DEFAULT_MAX_NODES;
  if (lim) {
    if (lim->max_bytes) max_bytes = lim->max_bytes;
    if (lim->max_depth) P.max_depth = lim->max_depth;
    if (lim->max_nodes) P.max_nodes = lim->max_nodes;
  }
  *out = wnd__v_null();
  /* err is not cleared: every failure writes all of it (fail, fail_nomem),
  ** and a success leaves it alone (zeroing its 176 bytes was a memset
  ** call per parse). */
  if (n > max_bytes) {
    P.end = text; /* the position scan must not walk a huge text */
    return fail(&P, text, WND_ELIMIT,
                "document of %zu bytes is larger than the limit of %zu", n,
                max_bytes);
  }
  wnd__value v;
  int status = parse_doc(&P, &v);
  cleanup(&P);
  if (status == WND_OK) *out = v;
  return status;
}
