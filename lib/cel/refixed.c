/*
** refixed.c — literal patterns that are a fixed sequence of ASCII byte
** classes between ^ and $ (`^\d{17}[\dX]$`, the USCC pattern), matched
** without PCRE2.
**
** Field patterns are mostly of this form, and PCRE2's JIT match costs
** ~400 instructions per call on an 18-byte subject where a table test of each
** byte costs a few dozen.  The recognised grammar is
** deliberately small; any other construct leaves the pattern to PCRE2:
**
**   pattern := '^' (atom ('{' count '}')?)* '$'
**   atom    := '\d' | '\' ASCII punctuation | a plain ASCII character
**              | '[' item+ ']'
**   item    := '\d' | '\' ASCII punctuation | c | c '-' c   (c: letter, digit)
**
** Under the project's compile options (PCRE2_UTF without PCRE2_UCP, case
** sensitive, no multiline) each atom matches exactly one ASCII byte, so the
** pattern matches a subject of exactly `n` bytes whose bytes are in their
** classes — or, as `$` also matches before a final newline, such n bytes
** followed by "\n".  wnd__cel_re_fixed checks that the compiled pattern
** uses LF newlines (PCRE2's build default) before accepting it.
**
** Searches.  An unanchored `C+L` (`\d+号`: a class repeated, then a literal
** text whose first character is not in the class) matches exactly when L
** occurs right after a byte of C: a match's last byte of C+ precedes L, and
** conversely that byte alone matches C+.  In valid UTF-8 an encoded
** character can only be found at a character boundary, so comparing bytes
** is comparing characters.
*/
#include "cel_int.h"

#include <string.h>

#define FIXED_MAX 64  /* bytes a recognised pattern may match */

static bool is_alnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_punct(unsigned char c) { return c > ' ' && c < 127 && !is_alnum(c); }

static void set(uint64_t cls[2], unsigned char c) { cls[c >> 6] |= (uint64_t)1 << (c & 63); }

static void set_digits(uint64_t cls[2]) {
  for (unsigned char c = '0'; c <= '9'; c++) set(cls, c);
}

/* One bracket class at p[*i] (just after '['); false when not recognised. */
static bool parse_class(const char *p, size_t n, size_t *i, uint64_t cls[2]) {
  bool any = false;
  while (*i < n && p[*i] != ']') {
    unsigned char c = (unsigned char)p[*i];
    if (c == '\\') {
      if (*i + 1 >= n) return false;
      unsigned char e = (unsigned char)p[*i + 1];
      if (e == 'd') set_digits(cls);
      else if (is_punct(e)) set(cls, e);
      else return false;
      *i += 2;
    } else if (is_alnum(c)) {
      if (*i + 2 < n && p[*i + 1] == '-' && p[*i + 2] != ']') {
        unsigned char hi = (unsigned char)p[*i + 2];
        /* ranges within one kind (0-9, A-Z, a-z) only */
        bool same = ((c >= '0' && c <= '9') && (hi >= '0' && hi <= '9')) ||
                    ((c >= 'a' && c <= 'z') && (hi >= 'a' && hi <= 'z')) ||
                    ((c >= 'A' && c <= 'Z') && (hi >= 'A' && hi <= 'Z'));
        if (!same || hi < c) return false;
        for (unsigned k = c; k <= hi; k++) set(cls, (unsigned char)k);
        *i += 3;
      } else {
        set(cls, c);
        *i += 1;
      }
    } else {
      return false; /* '^' negation, '[:' classes, '-', non-ASCII, ... */
    }
    any = true;
  }
  if (*i >= n || !any) return false;
  *i += 1; /* ']' */
  return true;
}

/* A run while the pattern is read: its class as a bitmap. */
typedef struct {
  uint32_t count;
  uint64_t cls[2];
} fixed_run;

static bool one_byte(const uint64_t cls[2], unsigned char *b) {
  int n0 = __builtin_popcountll(cls[0]), n1 = __builtin_popcountll(cls[1]);
  if (n0 + n1 != 1) return false;
  *b = (unsigned char)(n0 ? __builtin_ctzll(cls[0]) : 64 + __builtin_ctzll(cls[1]));
  return true;
}

/* The compiled form of runs: a class of one byte is compared with it, the
** others get a bit each (the same class, the same bit) in the byte table,
** so a byte is tested with one load; NULL (PCRE2 then) past eight such
** classes, or *oom. */
static cel_fixed *fixed_build(wnd__arena *arena, const fixed_run *runs, uint32_t nruns,
                              uint32_t len, bool *oom) {
  uint64_t classes[8][2], digits[2] = {0, 0};
  unsigned nclasses = 0;
  set_digits(digits);
  cel_fixed_run out[FIXED_MAX];
  for (uint32_t r = 0; r < nruns; r++) {
    const uint64_t *cls = runs[r].cls;
    out[r] = (cel_fixed_run){.count = runs[r].count};
    out[r].digits = cls[0] == digits[0] && cls[1] == digits[1];
    if (one_byte(cls, &out[r].byte)) continue;
    unsigned b = 0;
    while (b < nclasses && !(classes[b][0] == cls[0] && classes[b][1] == cls[1])) b++;
    if (b == nclasses) {
      if (nclasses == 8) return NULL;
      classes[nclasses][0] = cls[0];
      classes[nclasses][1] = cls[1];
      nclasses++;
    }
    out[r].bit = (uint8_t)(1u << b);
  }
  cel_fixed *f = wnd__arena_alloc(arena, sizeof *f + (size_t)nruns * sizeof f->runs[0]);
  if (!f) {
    *oom = true;
    return NULL;
  }
  f->n = len;
  f->nruns = nruns;
  memset(f->tab, 0, sizeof f->tab); /* bytes >= 128: in no class */
  for (unsigned b = 0; b < nclasses; b++)
    for (unsigned c = 0; c < 128; c++)
      if ((classes[b][c >> 6] >> (c & 63)) & 1) f->tab[c] |= (uint8_t)(1u << b);
  if (nruns) memcpy(f->runs, out, (size_t)nruns * sizeof out[0]);
  return f;
}

cel_fixed *wnd__cel_re_fixed(wnd__arena *arena, const pcre2_code *re, const char *p, size_t n,
                             bool *oom) {
  *oom = false;
  uint32_t nl = 0;
  if (!re || pcre2_pattern_info(re, PCRE2_INFO_NEWLINE, &nl) != 0 || nl != PCRE2_NEWLINE_LF)
    return NULL;
  if (n < 2 || p[0] != '^' || p[n - 1] != '$') return NULL;
  fixed_run runs[FIXED_MAX];
  uint32_t len = 0, nruns = 0;
  size_t i = 1, end = n - 1;
  while (i < end) {
    uint64_t one[2] = {0, 0};
    unsigned char c = (unsigned char)p[i];
    if (c == '\\') {
      if (i + 1 >= end) return NULL;
      unsigned char e = (unsigned char)p[i + 1];
      if (e == 'd') set_digits(one);
      else if (is_punct(e)) set(one, e);
      else return NULL;
      i += 2;
    } else if (c == '[') {
      i += 1;
      if (!parse_class(p, end, &i, one)) return NULL;
    } else if (is_alnum(c) || c == ' ' || c == '_' || c == '-' || c == ':' || c == '/' ||
               c == '@' || c == '#' || c == ',' || c == '=' || c == '~' || c == '%' ||
               c == '&' || c == '!' || c == '<' || c == '>' || c == ';' || c == '"' ||
               c == '\'') {
      set(one, c); /* characters with no meaning outside a class */
      i += 1;
    } else {
      return NULL; /* '.', '|', '(', quantifiers, non-ASCII, ... */
    }
    uint32_t count = 1;
    if (i < end && p[i] == '{') {
      size_t j = i + 1;
      uint32_t k = 0;
      while (j < end && p[j] >= '0' && p[j] <= '9' && k <= FIXED_MAX) k = k * 10 + (uint32_t)(p[j++] - '0');
      if (j == i + 1 || j >= end || p[j] != '}' || k == 0) return NULL; /* {n,m}, {,}, {0} */
      count = k;
      i = j + 1;
    }
    if (i < end && (p[i] == '?' || p[i] == '*' || p[i] == '+' || p[i] == '{')) return NULL;
    if (count > FIXED_MAX - len) return NULL;
    len += count;
    if (nruns && runs[nruns - 1].cls[0] == one[0] && runs[nruns - 1].cls[1] == one[1]) {
      runs[nruns - 1].count += count; /* `\d\d` is `\d{2}` */
      continue;
    }
    runs[nruns].count = count;
    runs[nruns].cls[0] = one[0];
    runs[nruns].cls[1] = one[1];
    nruns++;
  }
  return fixed_build(arena, runs, nruns, len, oom);
}

bool wnd__cel_fixed_match(const cel_fixed *f, const char *s, size_t n) {
  uint32_t len = f->n;
  if (n != len && !(n == (size_t)len + 1 && s[len] == '\n')) return false;
  const unsigned char *u = (const unsigned char *)s;
  size_t i = 0;
  for (uint32_t r = 0; r < f->nruns; r++) {
    const cel_fixed_run *run = &f->runs[r];
    uint32_t k = run->count;
    if (run->digits) {
      /* eight bytes are all '0'..'9' when each high nibble is 3 and stays
      ** 3 after adding 6 (no carry leaves a byte: at most 0x3F + 6) */
      for (; k >= 8; k -= 8, i += 8) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        if ((x & 0xF0F0F0F0F0F0F0F0u) != 0x3030303030303030u ||
            ((x + 0x0606060606060606u) & 0xF0F0F0F0F0F0F0F0u) != 0x3030303030303030u)
          return false;
      }
    }
    uint8_t bit = run->bit;
    if (bit) {
      /* the run's bytes are all within n: AND their entries, test once
      ** (a mismatch is rare, so no early exit per byte) */
      uint8_t all = bit;
      for (; k >= 2; k -= 2, i += 2) all &= (uint8_t)(f->tab[u[i]] & f->tab[u[i + 1]]);
      if (k) all &= f->tab[u[i++]];
      if (!all) return false;
    } else {
      for (; k; k--, i++)
        if (u[i] != run->byte) return false;
    }
  }
  return true;
}

/* Whether byte c is in the class of f's position i (i < f->n). */
static bool fixed_holds(const cel_fixed *f, uint32_t i, unsigned char c) {
  const cel_fixed_run *r = f->runs;
  while (i >= r->count) i -= r++->count;
  return r->bit ? (f->tab[c] & r->bit) != 0 : c == r->byte;
}

bool wnd__cel_fixed_covers(const cel_fixed *f, const char *const *sets, uint32_t n) {
  if (f->n != n) return false;
  for (uint32_t i = 0; i < n; i++)
    for (const char *c = sets[i]; *c; c++)
      if (!fixed_holds(f, i, (unsigned char)*c)) return false;
  return true;
}

/* An atom C (one ASCII class) at p[*i]; false when not recognised. */
static bool parse_atom(const char *p, size_t n, size_t *i, uint64_t cls[2]) {
  unsigned char c = (unsigned char)p[*i];
  if (c == '\\') {
    if (*i + 1 >= n) return false;
    unsigned char e = (unsigned char)p[*i + 1];
    if (e == 'd') set_digits(cls);
    else if (is_punct(e)) set(cls, e);
    else return false;
    *i += 2;
    return true;
  }
  if (c == '[') {
    *i += 1;
    return parse_class(p, n, i, cls);
  }
  if (!is_alnum(c)) return false;
  set(cls, c);
  *i += 1;
  return true;
}

cel_search *wnd__cel_re_search(wnd__arena *arena, const pcre2_code *re, const char *p, size_t n,
                               bool *oom) {
  *oom = false;
  if (!re || n < 3) return NULL;
  uint64_t cls[2] = {0, 0};
  size_t i = 0;
  if (!parse_atom(p, n, &i, cls) || i >= n || p[i] != '+') return NULL;
  i++;
  /* the literal: letters, digits and non-ASCII characters, taken as they are */
  size_t lit = i;
  for (; i < n; i++) {
    unsigned char c = (unsigned char)p[i];
    if (!(c >= 0x80 || is_alnum(c))) return NULL;
  }
  if (lit == n) return NULL;
  unsigned char first = (unsigned char)p[lit];
  if (first < 128 && ((cls[first >> 6] >> (first & 63)) & 1)) return NULL; /* not possessive */
  size_t nlit = n - lit;
  cel_search *f = wnd__arena_alloc(arena, sizeof *f + nlit);
  if (!f) {
    *oom = true;
    return NULL;
  }
  f->cls[0] = cls[0];
  f->cls[1] = cls[1];
  f->nlit = (uint32_t)nlit;
  memcpy(f->lit, p + lit, nlit);
  return f;
}

/* Whether L's bytes after the first follow at p. */
static bool rest_of_lit(const unsigned char *p, const cel_search *f) {
  for (uint32_t k = 1; k < f->nlit; k++)
    if (p[k] != (unsigned char)f->lit[k]) return false;
  return true;
}

/* Candidates are L's first byte at j >= 1 with room for the rest of L, tried
** from the last: whether some candidate matches does not depend on the
** order, and the text such a search looks for usually ends the subject
** (`\d+号`: an address ends with its house number).  A byte loop, not
** memchr: L's first byte is a UTF-8 lead byte that Chinese text repeats
** (号 口 前 all start with 0xE5), so memchr stopped every few bytes. */
bool wnd__cel_search_match(const cel_search *f, const char *s, size_t n) {
  size_t nlit = f->nlit;
  if (n < nlit + 1) return false;
  const unsigned char *u = (const unsigned char *)s;
  const unsigned char first = (unsigned char)f->lit[0];
  for (size_t j = n - nlit; j >= 1; j--) {
    if (u[j] != first) continue;
    unsigned char c = u[j - 1];
    if (c < 128 && ((f->cls[c >> 6] >> (c & 63)) & 1) && rest_of_lit(u + j, f)) return true;
  }
  return false;
}
