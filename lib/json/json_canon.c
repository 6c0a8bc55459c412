/*
** json_canon.c — the canonical JSON of a value (RFC 8785, JSON
** Canonicalization Scheme), streamed to a sink so a digest can be taken
** without building the text.
**
** One deliberate difference from RFC 8785, required by SPEC §4.5: numbers
** keep their type.  An int is written as its decimal digits; a double in
** the shortest text that reads back to it (lib/json/jnum.h) with ".0"
** appended when that text has no '.', 'e' or 'E'.  So 5 and 5.0 differ, as
** the decision procedure treats them differently (SPEC §4.4 "Numbers").
**
** Keys are sorted by their UTF-16 code units, as RFC 8785 §3.2.3 says;
** that differs from UTF-8 byte order only when a key holds characters
** beyond U+FFFF next to characters in U+E000..U+FFFF.
*/
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jnum.h"
#include "json.h"
#include "jswar.h"

/* The gather buffer: the sink sees a few large pieces.  Writers take a
** cursor `o` into it (kept in a register, passed and returned, instead of
** a count in the struct that every store through a char pointer would
** make the compiler reload) and check the room for a whole member at
** once.  SLACK bytes past BUF take the fixed-size stores that may run
** past what is counted (put_int's ".0"). */
#define BUF 2048
#define SLACK 16

typedef struct canon {
  wnd__json_sink sink;
  void *ud;
  wnd__arena *tmp;
  int st;  /* why a writer returned NULL */
  char buf[BUF + SLACK];
} canon;

/* Bytes the cursor may still write before a flush. */
static inline size_t room(const canon *c, const char *o) { return (size_t)(c->buf + BUF - o); }

__attribute__((noinline)) static char *flush(canon *c, char *o) {
  if (o != c->buf) c->sink(c->ud, c->buf, (size_t)(o - c->buf));
  return c->buf;
}

/* Room for `need` bytes (need <= BUF). */
static inline char *reserve(canon *c, char *o, size_t need) {
  return need <= room(c, o) ? o : flush(c, o);
}

static char *put(canon *c, char *o, const char *s, size_t n) {
  if (n > room(c, o)) {
    o = flush(c, o);
    if (n > BUF) {
      c->sink(c->ud, s, n);
      return o;
    }
  }
  memcpy(o, s, n);
  return o + n;
}

static inline char *put1(canon *c, char *o, char ch) {
  o = reserve(c, o, 1);
  *o = ch;
  return o + 1;
}

/* The next UTF-16 code unit of a valid UTF-8 string at *p (end at `e`);
** *pending carries the low surrogate of a character beyond U+FFFF. */
static unsigned next_unit(const unsigned char **p, const unsigned char *e, unsigned *pending) {
  if (*pending) {
    unsigned u = *pending;
    *pending = 0;
    return u;
  }
  const unsigned char *s = *p;
  unsigned cp;
  if (s[0] < 0x80) {
    cp = s[0];
    *p = s + 1;
  } else if (s[0] < 0xE0 && s + 1 < e) {
    cp = ((s[0] & 0x1Fu) << 6) | (s[1] & 0x3Fu);
    *p = s + 2;
  } else if (s[0] < 0xF0 && s + 2 < e) {
    cp = ((s[0] & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
    *p = s + 3;
  } else if (s + 3 < e) {
    cp = ((s[0] & 0x07u) << 18) | ((s[1] & 0x3Fu) << 12) | ((s[2] & 0x3Fu) << 6) |
         (s[3] & 0x3Fu);
    *p = s + 4;
  } else {
    cp = s[0]; /* not valid UTF-8: compare the byte (values are validated) */
    *p = s + 1;
  }
  if (cp < 0x10000) return cp;
  cp -= 0x10000;
  *pending = 0xDC00u + (cp & 0x3FFu);
  return 0xD800u + (cp >> 10);
}

static int utf16_cmp(const wnd__value *a, const wnd__value *b) {
  const unsigned char *pa = (const unsigned char *)a->u.s, *ea = pa + a->n;
  const unsigned char *pb = (const unsigned char *)b->u.s, *eb = pb + b->n;
  /* UTF-8 byte order is code point order; UTF-16 order differs only where
  ** a character in U+E000..U+FFFF (lead byte EE/EF) meets one beyond
  ** U+FFFF (lead byte F0..F4) at the first difference. */
  size_t m = a->n < b->n ? a->n : b->n, i = 0;
  while (i < m && pa[i] == pb[i]) i++;
  if (i == m) return a->n == b->n ? 0 : a->n < b->n ? -1 : 1;
  bool bmp_high_a = pa[i] >= 0xEE && pa[i] < 0xF0, bmp_high_b = pb[i] >= 0xEE && pb[i] < 0xF0;
  if (!((bmp_high_a && pb[i] >= 0xF0) || (bmp_high_b && pa[i] >= 0xF0)))
    return pa[i] < pb[i] ? -1 : 1;
  unsigned qa = 0, qb = 0;
  while ((pa < ea || qa) && (pb < eb || qb)) {
    unsigned ua = next_unit(&pa, ea, &qa), ub = next_unit(&pb, eb, &qb);
    if (ua != ub) return ua < ub ? -1 : 1;
  }
  bool ra = pa < ea || qa, rb = pb < eb || qb;
  return ra == rb ? 0 : ra ? 1 : -1;
}

static int cmp_ent(const void *x, const void *y) {
  const wnd__mapent *a = *(const wnd__mapent *const *)x, *b = *(const wnd__mapent *const *)y;
  return utf16_cmp(&a->key, &b->key);
}

/* Maps up to this many keys are ordered by insertion sort in a stack
** array: submission maps hold about a dozen keys, where it beats qsort's
** indirect call per comparison and needs no arena block, and keys already
** in order cost one comparison each.  Wider maps take qsort (n log n). */
#define SMALL_MAP 32

/* A key's first eight bytes as a big-endian number (zero-padded), taken
** once per key so that most comparisons are one integer comparison.
** Little-endian machines load words and swap them; others go byte by
** byte. */
static inline uint64_t key_prefix(const wnd__value *k) {
  const unsigned char *s = (const unsigned char *)k->u.s;
  uint32_t n = k->n;
  if (WND_SWAR_LE && n >= 8) return __builtin_bswap64(wnd__swar_load(s));
  if (WND_SWAR_LE && n >= 4) { /* two overlapping words: bytes 0..3 and n-4..n-1 */
    uint32_t a, b;
    memcpy(&a, s, 4);
    memcpy(&b, s + n - 4, 4);
    return __builtin_bswap64((uint64_t)a | (uint64_t)b << (8 * n - 32));
  }
  uint64_t x = 0;
  for (uint32_t i = 0; i < n && i < 8; i++) x |= (uint64_t)s[i] << (56 - 8 * i);
  return x;
}

/* Maps up to SMALL_MAP keys are sorted as packed 64-bit words: a key's
** first seven bytes above its entry's index.  One word comparison per
** step and one array to move, and the sorted words name the entries.
** Seven-byte prefixes that differ and hold ASCII only decide the order
** exactly: the first differing byte is ASCII (or a padding zero against
** a byte, for a key that is a prefix of the other), where byte, code point
** and UTF-16 order agree.  Equal prefixes (business_license and
** business_licence) or a non-ASCII byte in one send the map through
** sort_exact, which compares in UTF-16 code units. */
#define PREFIX_MASK (~UINT64_C(0xFF))
#define PREFIX_HIGH (WND_SWAR_HIGH & PREFIX_MASK)

/* Insertion sort of w[1..n] by the UTF-16 code units of the keys of the
** entries the words name; sorted by prefix first, they are nearly in order. */
static void sort_exact(const wnd__mapent *ents, uint64_t *w, uint32_t n) {
  for (uint32_t i = 2; i <= n; i++) {
    uint64_t x = w[i];
    const wnd__value *kx = &ents[x & 0xFF].key;
    uint32_t j = i;
    for (; j > 1 && utf16_cmp(&ents[w[j - 1] & 0xFF].key, kx) > 0; j--) w[j] = w[j - 1];
    w[j] = x;
  }
}

/* Sorts the n (2..SMALL_MAP) entries into w[1..n] (entry indexes in the
** low byte); false when a key is not a string.  Each word is inserted as
** soon as it is made (one pass, no second load); w[0] is a zero sentinel,
** which no word is below.  Two words with the same prefix meet as
** neighbours, the later one stopping at the earlier (whose index is
** lower): a tie.  (An empty key, all zero, also "ties" with the sentinel:
** harmless, sort_exact then orders the map, as it would anyway.) */
static bool sort_small(const wnd__mapent *ents, uint64_t *w, uint32_t n) {
  uint64_t any = 0;
  bool tie = false;
  /* Two keys (a material's "form" and "copies", a third of the maps that
  ** are sorted) with distinct ASCII prefixes: one comparison, no loop.
  ** Anything else takes the loop below, as every map did. */
  if (n == 2) {
    if (ents[0].key.kind != WV_STRING || ents[1].key.kind != WV_STRING) return false;
    uint64_t a = key_prefix(&ents[0].key) & PREFIX_MASK, b = key_prefix(&ents[1].key) & PREFIX_MASK;
    if (a != b && !((a | b) & PREFIX_HIGH)) {
      w[1] = a > b;
      w[2] = a < b;
      return true;
    }
  }
  w[0] = 0;
  for (uint32_t i = 0; i < n; i++) {
    if (ents[i].key.kind != WV_STRING) return false;
    uint64_t x = (key_prefix(&ents[i].key) & PREFIX_MASK) | i, *p = w + i + 1;
    any |= x;
    for (; p[-1] > x; p--) p[0] = p[-1];
    *p = x;
    tie |= (p[-1] ^ x) <= 0xFF;
  }
  if (tie || (any & PREFIX_HIGH)) sort_exact(ents, w, n);
  return true;
}

/* Bytes that RFC 8785 escapes: the controls, '"' and '\\'. */
static bool needs_escape(unsigned char ch) { return ch < 0x20 || ch == '"' || ch == '\\'; }

/* How many bytes of s[0..n) precede the first one to escape: eight at a
** time, the last partial word read overlapping the previous one (its
** bytes already seen are plain, and plain bytes raise no false hit). */
static size_t plain_len(const char *s, size_t n) {
  size_t i = 0;
  for (; WND_SWAR_LE && n - i >= 8; i += 8) {
    uint64_t hit = wnd__swar_special(wnd__swar_load(s + i));
    if (hit) return i + ((unsigned)__builtin_ctzll(hit) >> 3);
  }
  if (i == n) return n;
  if (!WND_SWAR_LE || n < 8) {
    while (i < n && !needs_escape((unsigned char)s[i])) i++;
    return i;
  }
  unsigned seen = (unsigned)(8 - (n - i));
  uint64_t hit = wnd__swar_special(wnd__swar_load(s + n - 8)) >> (8 * seen);
  return hit ? i + ((unsigned)__builtin_ctzll(hit) >> 3) : n;
}

/* memcpy for the short strings submissions are made of: two overlapping
** moves of a fixed size (no call, no loop) up to 32 bytes. */
static inline void copy_short(char *d, const char *s, size_t n) {
  if (n >= 8) {
    if (n <= 16) { /* keys, and ID numbers' first 16 bytes */
      uint64_t a = wnd__swar_load(s), b = wnd__swar_load(s + n - 8);
      memcpy(d, &a, 8);
      memcpy(d + n - 8, &b, 8);
    } else if (n <= 32) { /* IDs, CJK names and addresses */
      char a[16], b[16];
      memcpy(a, s, 16);
      memcpy(b, s + n - 16, 16);
      memcpy(d, a, 16);
      memcpy(d + n - 16, b, 16);
    } else {
      memcpy(d, s, n);
    }
  } else if (n >= 4) {
    uint32_t a, b;
    memcpy(&a, s, 4);
    memcpy(&b, s + n - 4, 4);
    memcpy(d, &a, 4);
    memcpy(d + n - 4, &b, 4);
  } else if (n) {
    d[0] = s[0];
    d[n / 2] = s[n / 2];
    d[n - 1] = s[n - 1];
  }
}

/* "s" at o, which has room for n + 2 bytes. */
static inline char *quoted(char *o, const char *s, size_t n) {
  o[0] = '"';
  copy_short(o + 1, s, n);
  o[n + 1] = '"';
  return o + n + 2;
}

/* A string with its escapes (or a plain one too long for the buffer). */
__attribute__((noinline)) static char *put_string(canon *c, char *o, const char *s, size_t n,
                                                  bool plain) {
  static const char hex[] = "0123456789abcdef";
  size_t i = plain ? n : plain_len(s, n);
  if (i == n && n + 2 <= BUF) {
    o = reserve(c, o, n + 2);
    return quoted(o, s, n);
  }
  o = put1(c, o, '"');
  size_t run = 0;
  for (;;) {
    if (i > run) o = put(c, o, s + run, i - run);
    if (i == n) break;
    unsigned char ch = (unsigned char)s[i];
    char u[6] = {'\\', 0, 0, 0, 0, 0};
    size_t elen = 2;
    switch (ch) {
      case '"': u[1] = '"'; break;
      case '\\': u[1] = '\\'; break;
      case '\b': u[1] = 'b'; break;
      case '\t': u[1] = 't'; break;
      case '\n': u[1] = 'n'; break;
      case '\f': u[1] = 'f'; break;
      case '\r': u[1] = 'r'; break;
      default:
        memcpy(u + 1, "u00", 3);
        u[4] = hex[ch >> 4];
        u[5] = hex[ch & 15];
        elen = 6;
    }
    o = put(c, o, u, elen);
    run = ++i;
    i += plain_len(s + i, n - i);
  }
  return put1(c, o, '"');
}

/* Decimal digits of i, then ".0" when dot0, without printf: written
** straight into the gather buffer, last digit first, once the number of
** digits is known (no temporary, no strlen, no piece per part). */
static inline char *put_int(canon *c, char *o, int64_t i, bool dot0) {
  if ((uint64_t)i < 100) { /* counts and copies: one or two digits */
    o = reserve(c, o, 4);
    size_t two = i >= 10;
    o[0] = (char)(two ? '0' + i / 10 : '0' + i);
    o[1] = (char)('0' + i % 10);
    memcpy(o + 1 + two, ".0", 2); /* written always, counted only for a double */
    return o + 1 + two + (dot0 ? 2 : 0);
  }
  uint64_t u = i < 0 ? (uint64_t)0 - (uint64_t)i : (uint64_t)i;
  size_t len = i < 0 ? 2 : 1; /* the sign, and the last digit */
  for (uint64_t t = u; t >= 10; t /= 10) len++;
  o = reserve(c, o, len + 2);
  char *p = o + len;
  do {
    *--p = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  if (i < 0) *--p = '-';
  memcpy(o + len, ".0", 2); /* written always, counted only for a double */
  return o + len + (dot0 ? 2 : 0);
}

static char *put_value(canon *c, char *o, const wnd__value *v, uint32_t depth);
static char *put_map(canon *c, char *o, const wnd__mapent *ents, uint32_t n, uint32_t depth);

/* A plain string member whose text fits the room left, written without
** a test: `"key":"value",` */
static inline char *plain_pair(char *o, const wnd__value *k, const wnd__value *v) {
  o = quoted(o, k->u.s, k->n);
  *o++ = ':';
  o = quoted(o, v->u.s, v->n);
  *o++ = ',';
  return o;
}

static inline bool plain_string(const wnd__value *v) {
  return v->kind == WV_STRING && (v->flags & WVF_PLAIN);
}

/*
** One member, `"key":value,` (put_map turns the last comma into the
** closing brace, so no member tests whether it is the first).  The usual
** members take one room test for their whole text: a plain key with a
** plain string value, or with a map of one such member (a material's
** {"form":"original"}: no call, nothing to sort).  Text that does not fit
** what is left of the buffer takes the general path, which flushes.  Maps
** go straight to put_map, plain strings to put_string (written at any
** depth: they nest nothing), ints to put_int, anything else through
** put_value.  NULL on an error (c->st).
*/
static inline char *put_member(canon *c, char *o, const wnd__mapent *e, uint32_t depth) {
  const wnd__value *k = &e->key, *v = &e->val;
  uint64_t kn = k->n; /* 64 bits: sums of three lengths cannot wrap */
  if (k->flags & WVF_PLAIN) {
    if (plain_string(v)) {
      if (kn + v->n + 6 <= room(c, o)) return plain_pair(o, k, v);
    } else if (v->kind == WV_MAP && v->n == 1 && depth <= 256) {
      const wnd__mapent *f = v->u.ents;
      if (f->key.kind == WV_STRING && (f->key.flags & WVF_PLAIN) && plain_string(&f->val) &&
          kn + f->key.n + f->val.n + 11 <= room(c, o)) {
        o = quoted(o, k->u.s, (size_t)kn);
        memcpy(o, ":{", 2);
        o = plain_pair(o + 2, &f->key, &f->val);
        memcpy(o - 1, "},", 2);
        return o + 1;
      }
    }
    if (kn + 3 <= room(c, o)) {
      o = quoted(o, k->u.s, (size_t)kn);
      *o++ = ':';
    } else {
      o = put_string(c, o, k->u.s, (size_t)kn, true);
      o = put1(c, o, ':');
    }
  } else {
    o = put_string(c, o, k->u.s, (size_t)kn, false);
    o = put1(c, o, ':');
  }
  if (v->kind == WV_MAP) {
    o = put_map(c, o, v->u.ents, v->n, depth);
  } else if (plain_string(v)) {
    o = put_string(c, o, v->u.s, v->n, true); /* at any depth, of any length */
  } else if (v->kind == WV_INT && depth <= 256) {
    o = put_int(c, o, v->u.i, false);
  } else {
    o = put_value(c, o, v, depth);
  }
  if (!o) return NULL;
  return put1(c, o, ',');
}

/* A map of more than SMALL_MAP members: qsort on full keys, the order in
** an arena block. */
__attribute__((noinline)) static char *put_wide_map(canon *c, char *o, const wnd__mapent *ents,
                                                    uint32_t n, uint32_t depth) {
  const wnd__mapent **order = wnd__arena_alloc(c->tmp, n * sizeof *order);
  if (!order) return c->st = WND_ENOMEM, NULL;
  for (uint32_t i = 0; i < n; i++) {
    if (ents[i].key.kind != WV_STRING) return c->st = WND_EINVAL, NULL; /* before comparing */
    order[i] = &ents[i];
  }
  qsort(order, n, sizeof *order, cmp_ent);
  o = put1(c, o, '{');
  for (uint32_t i = 0; i < n; i++) {
    o = put_member(c, o, order[i], depth + 1);
    if (!o) return NULL;
  }
  o[-1] = '}'; /* the last member's comma */
  return o;
}

/* A map at nesting depth `depth`, its members in key order (sort_small's
** words name them). */
static char *put_map(canon *c, char *o, const wnd__mapent *ents, uint32_t n, uint32_t depth) {
  uint64_t w[SMALL_MAP + 1];
  if (depth > 256) return c->st = WND_ELIMIT, NULL; /* submissions are far shallower (limit 32) */
  if (n > SMALL_MAP) return put_wide_map(c, o, ents, n, depth);
  if (n > 1) {
    if (!sort_small(ents, w, n)) return c->st = WND_EINVAL, NULL;
  } else if (n == 1) {
    if (ents[0].key.kind != WV_STRING) return c->st = WND_EINVAL, NULL;
    w[1] = 0;
  } else {
    o = reserve(c, o, 2);
    memcpy(o, "{}", 2);
    return o + 2;
  }
  o = put1(c, o, '{');
  for (uint32_t i = 1; i <= n; i++) {
    o = put_member(c, o, &ents[w[i] & 0xFF], depth + 1);
    if (!o) return NULL;
  }
  o[-1] = '}'; /* the last member's comma */
  return o;
}

/* Everything but the usual members: scalars other than plain strings and
** ints, lists, and the document itself. */
static char *put_value(canon *c, char *o, const wnd__value *v, uint32_t depth) {
  char buf[WND_JNUM_BUFSZ]; /* wnd__jnum_format_double adds the ".0" itself */
  int n;
  if (depth > 256) return c->st = WND_ELIMIT, NULL; /* submissions are far shallower (limit 32) */
  switch (v->kind) {
    case WV_NULL: return put(c, o, "null", 4);
    case WV_BOOL: return v->u.b ? put(c, o, "true", 4) : put(c, o, "false", 5);
    case WV_INT: return put_int(c, o, v->u.i, false);
    case WV_UINT:
      n = snprintf(buf, sizeof buf, "%" PRIu64, v->u.u);
      return put(c, o, buf, (size_t)n);
    case WV_DOUBLE: {
      double d = v->u.d;
      /* Integral values (740.0, the usual area or amount) print as their
      ** digits and ".0", which is what the general path gives them. */
      if (d == trunc(d) && fabs(d) < 1e15 && !(d == 0 && signbit(d)))
        return put_int(c, o, (int64_t)d, true);
      /* Its text always holds a '.' or an 'e' (it adds ".0" itself), or
      ** is "null" for a value no JSON number can hold. */
      return put(c, o, buf, wnd__jnum_format_double(buf, d));
    }
    case WV_STRING:
      return put_string(c, o, v->u.s, v->n, v->flags & WVF_PLAIN);
    case WV_LIST:
      o = put1(c, o, '[');
      for (uint32_t i = 0; i < v->n; i++) {
        if (i) o = put1(c, o, ',');
        o = put_value(c, o, &v->u.items[i], depth + 1);
        if (!o) return NULL;
      }
      return put1(c, o, ']');
    case WV_MAP:
      return put_map(c, o, v->u.ents, v->n, depth);
    default:
      c->st = WND_EINVAL; /* submissions hold JSON values only */
      return NULL;
  }
}

int wnd__json_canon(wnd__value v, wnd__arena *tmp, wnd__json_sink sink, void *ud) {
  canon c;
  c.sink = sink;
  c.ud = ud;
  c.tmp = tmp;
  c.st = WND_OK;
  char *o = put_value(&c, c.buf, &v, 0);
  if (!o) return c.st;
  flush(&c, o);
  return WND_OK;
}
