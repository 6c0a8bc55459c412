/*
** lexer.c — CEL tokens (cel-spec langdef "Syntax"): identifiers, reserved
** words, number and string literals with CEL's escapes, operators.
** String literals are decoded here, into the program arena, so that the
** parser and checker deal only with values.
*/
#include "cel_int.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/utf8.h"

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
static bool is_ident_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
static bool is_ident(char c) { return is_ident_start(c) || is_digit(c); }
static int hexval(char c) {
  if (is_digit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

/* Words CEL reserves: usable neither as identifiers nor as field names in
** selections (they remain valid inside backquotes). */
static const char *const reserved[] = {
    "as",  "break",   "const",  "continue", "else",      "for",  "function",
    "if",  "import",  "let",    "loop",     "package",   "namespace",
    "return", "var",  "void",   "while",    NULL};

static cel_tok word_kind(const char *s, uint32_t n) {
  if (n == 4 && !memcmp(s, "true", 4)) return T_TRUE;
  if (n == 5 && !memcmp(s, "false", 5)) return T_FALSE;
  if (n == 4 && !memcmp(s, "null", 4)) return T_NULL;
  if (n == 2 && !memcmp(s, "in", 2)) return T_IN;
  for (size_t i = 0; reserved[i]; i++)
    if (strlen(reserved[i]) == n && !memcmp(reserved[i], s, n)) return T_RESERVED;
  return T_IDENT;
}

static void set_error(cel_token *t, uint32_t off, const char *msg) {
  t->kind = T_ERROR;
  t->err = msg;
  t->err_off = off;
}

/* Skip whitespace and // comments. */
static void skip_space(cel_lexer *lx) {
  while (lx->pos < lx->len) {
    char c = lx->src[lx->pos];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      lx->pos++;
    } else if (c == '/' && lx->pos + 1 < lx->len && lx->src[lx->pos + 1] == '/') {
      while (lx->pos < lx->len && lx->src[lx->pos] != '\n') lx->pos++;
    } else {
      break;
    }
  }
}

/* ---- numbers ------------------------------------------------------------ */

static void lex_number(cel_lexer *lx, cel_token *t) {
  const char *s = lx->src;
  uint32_t p = lx->pos, start = p;
  bool is_float = false;
  if (s[p] == '0' && p + 1 < lx->len && (s[p + 1] == 'x' || s[p + 1] == 'X')) {
    p += 2;
    uint32_t ds = p;
    uint64_t v = 0;
    bool over = false;
    while (p < lx->len && is_hex(s[p])) {
      if (v > (UINT64_MAX >> 4)) over = true;
      v = (v << 4) | (uint64_t)hexval(s[p]);
      p++;
    }
    if (p == ds) {
      set_error(t, start, "hexadecimal literal needs digits");
      lx->pos = p;
      return;
    }
    if (p < lx->len && (s[p] == 'u' || s[p] == 'U')) {
      p++;
      t->kind = T_UINT;
      t->num.u = v;
      if (over) set_error(t, start, "unsigned integer literal out of range");
    } else {
      t->kind = T_INT;
      t->num.i = (int64_t)v;
      t->int_overflow = v > (uint64_t)INT64_MAX;
      if (over || v > (uint64_t)INT64_MAX + 1)
        set_error(t, start, "integer literal out of range");
    }
    lx->pos = p;
    t->len = p - start;
    if (p < lx->len && is_ident(s[p])) set_error(t, p, "invalid character after number");
    return;
  }
  while (p < lx->len && is_digit(s[p])) p++;
  if (p + 1 < lx->len && s[p] == '.' && is_digit(s[p + 1])) {
    is_float = true;
    p++;
    while (p < lx->len && is_digit(s[p])) p++;
  }
  if (p < lx->len && (s[p] == 'e' || s[p] == 'E')) {
    uint32_t q = p + 1;
    if (q < lx->len && (s[q] == '+' || s[q] == '-')) q++;
    if (q < lx->len && is_digit(s[q])) {
      is_float = true;
      p = q;
      while (p < lx->len && is_digit(s[p])) p++;
    }
  }
  /* strtod/strtoull need a NUL-terminated copy: numbers are short. */
  char buf[400];
  uint32_t n = p - start;
  t->len = n;
  lx->pos = p;
  if (n >= sizeof buf) {
    set_error(t, start, "number literal too long");
    return;
  }
  memcpy(buf, s + start, n);
  buf[n] = '\0';
  if (is_float) {
    errno = 0;
    t->kind = T_DOUBLE;
    t->num.d = strtod(buf, NULL);
    /* CEL keeps overflow to infinity (as Go's ParseFloat minus the error):
    ** a literal like 1e999 is rejected, a tiny underflow is fine. */
    if (errno == ERANGE && isinf(t->num.d))
      set_error(t, start, "double literal out of range");
  } else if (p < lx->len && (s[p] == 'u' || s[p] == 'U')) {
    errno = 0;
    unsigned long long v = strtoull(buf, NULL, 10);
    t->kind = T_UINT;
    t->num.u = v;
    t->len = n + 1;
    lx->pos = ++p;
    if (errno == ERANGE) set_error(t, start, "unsigned integer literal out of range");
  } else {
    errno = 0;
    unsigned long long v = strtoull(buf, NULL, 10);
    t->kind = T_INT;
    t->num.i = (int64_t)v;
    t->int_overflow = v > (unsigned long long)INT64_MAX;
    if (errno == ERANGE || v > (unsigned long long)INT64_MAX + 1)
      set_error(t, start, "integer literal out of range");
  }
  if (t->kind != T_ERROR && p < lx->len && (is_ident(s[p]) || s[p] == '.') &&
      !(s[p] == '.' && !is_float))
    set_error(t, p, "invalid character after number");
}

/* ---- strings ------------------------------------------------------------ */

/*
** Decode the body of a string literal.  q is the quote char, triple tells
** whether it is a ''' / """ literal, raw disables escapes.  Writes into out
** (at most body length bytes) and, when map is set, the source offset of
** each output byte.  Returns the output length, or -1 with *eoff / *emsg.
*/
static long decode_string(const char *s, uint32_t len, uint32_t *pp, char q, bool triple,
                          bool raw, bool bytes, char *out, uint32_t *map,
                          uint32_t *eoff, const char **emsg) {
  uint32_t p = *pp;
  long o = 0;
  for (;;) {
    if (p >= len) {
      *eoff = p;
      *emsg = "unterminated string literal";
      return -1;
    }
    char c = s[p];
    if (c == q && (!triple || (p + 2 < len && s[p + 1] == q && s[p + 2] == q))) {
      p += triple ? 3 : 1;
      break;
    }
    if (!triple && (c == '\n' || c == '\r')) {
      *eoff = p;
      *emsg = "newline in string literal";
      return -1;
    }
    uint32_t at = p;
    if (c != '\\' || raw) {
      if (out) out[o] = c;
      if (map) map[o] = at;
      o++;
      p++;
      continue;
    }
    /* escape */
    p++;
    if (p >= len) {
      *eoff = at;
      *emsg = "unterminated escape sequence";
      return -1;
    }
    char e = s[p++];
    uint32_t cp = 0;
    int ndig = 0;
    bool is_cp = true;
    switch (e) {
      case 'a': cp = 7; break;
      case 'b': cp = 8; break;
      case 'f': cp = 12; break;
      case 'n': cp = 10; break;
      case 'r': cp = 13; break;
      case 't': cp = 9; break;
      case 'v': cp = 11; break;
      case '\\': case '\'': case '"': case '`': case '?': cp = (uint32_t)(unsigned char)e; break;
      case 'x': case 'X': ndig = 2; break;
      case 'u': ndig = 4; break;
      case 'U': ndig = 8; break;
      default:
        if (e >= '0' && e <= '3') {
          /* octal: exactly three digits */
          if (p + 1 < len && s[p] >= '0' && s[p] <= '7' && s[p + 1] >= '0' && s[p + 1] <= '7') {
            cp = (uint32_t)((e - '0') * 64 + (s[p] - '0') * 8 + (s[p + 1] - '0'));
            p += 2;
            is_cp = !bytes;
            if (bytes) {
              if (out) out[o] = (char)cp;
              if (map) map[o] = at;
              o++;
              continue;
            }
            break;
          }
        }
        *eoff = at;
        *emsg = "invalid escape sequence";
        return -1;
    }
    if (ndig) {
      for (int i = 0; i < ndig; i++) {
        if (p >= len || !is_hex(s[p])) {
          *eoff = at;
          *emsg = "invalid escape sequence";
          return -1;
        }
        cp = (cp << 4) | (uint32_t)hexval(s[p++]);
      }
      if (bytes && (e == 'x' || e == 'X')) {
        if (out) out[o] = (char)cp;
        if (map) map[o] = at;
        o++;
        continue;
      }
      if (bytes && (e == 'u' || e == 'U')) {
        *eoff = at;
        *emsg = "unicode escape in bytes literal";
        return -1;
      }
    }
    (void)is_cp;
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      *eoff = at;
      *emsg = "invalid code point in escape sequence";
      return -1;
    }
    char enc[4];
    size_t k = wnd__utf8_encode(cp, enc);
    for (size_t i = 0; i < k; i++) {
      if (out) out[o] = enc[i];
      if (map) map[o] = at;
      o++;
    }
  }
  *pp = p;
  return o;
}

static bool lex_string(cel_lexer *lx, cel_token *t, bool raw, bool bytes) {
  const char *s = lx->src;
  uint32_t start = lx->pos;
  uint32_t p = lx->pos + (raw ? 1 : 0) + (bytes ? 1 : 0);
  if (p < lx->len && !raw && (s[p] == 'r' || s[p] == 'R')) {
    raw = true;
    p++;
  }
  char q = s[p];
  bool triple = p + 2 < lx->len && s[p + 1] == q && s[p + 2] == q;
  p += triple ? 3 : 1;
  uint32_t body = p;
  /* An escape never yields more bytes than it occupies (\U0010FFFF is 10
  ** source bytes for 4 output bytes), so the remaining source length
  ** bounds the output. */
  uint32_t eoff = 0;
  const char *emsg = NULL;
  uint32_t scan = body;
  long n = decode_string(s, lx->len, &scan, q, triple, raw, bytes, NULL, NULL, &eoff, &emsg);
  if (n < 0) {
    set_error(t, eoff, emsg);
    lx->pos = scan < lx->len ? lx->len : scan;
    t->len = lx->pos - start;
    return true;
  }
  char *out = wnd__arena_alloc(lx->arena, (size_t)n + 1);
  if (!out) return false;
  scan = body;
  decode_string(s, lx->len, &scan, q, triple, raw, bytes, out, NULL, &eoff, &emsg);
  out[n] = '\0';
  lx->pos = scan;
  t->kind = bytes ? T_BYTES : T_STRING;
  t->s = out;
  t->n = (uint32_t)n;
  t->len = scan - start;
  if (!bytes && wnd__utf8_check(out, (size_t)n) != (size_t)n)
    set_error(t, start, "string literal is not valid UTF-8");
  return true;
}

void wnd__cel_string_map(const char *src, uint32_t off, uint32_t len, uint32_t *map,
                         uint32_t nmap) {
  (void)nmap;
  uint32_t end = off + len;
  uint32_t p = off;
  bool raw = false;
  if (src[p] == 'r' || src[p] == 'R') {
    raw = true;
    p++;
  }
  char q = src[p];
  bool triple = p + 2 < end && src[p + 1] == q && src[p + 2] == q;
  p += triple ? 3 : 1;
  uint32_t eoff;
  const char *emsg;
  decode_string(src, end, &p, q, triple, raw, false, NULL, map, &eoff, &emsg);
}

/* ---- the scanner -------------------------------------------------------- */

bool wnd__cel_lex(cel_lexer *lx, cel_token *t) {
  memset(t, 0, sizeof *t);
  skip_space(lx);
  const char *s = lx->src;
  uint32_t p = lx->pos;
  t->off = p;
  if (p >= lx->len) {
    t->kind = T_EOF;
    return true;
  }
  char c = s[p];
  char d = p + 1 < lx->len ? s[p + 1] : '\0';
  if (is_digit(c) || (c == '.' && is_digit(d))) {
    lex_number(lx, t);
    return true;
  }
  if ((c == 'r' || c == 'R') && (d == '"' || d == '\'')) return lex_string(lx, t, true, false);
  if ((c == 'b' || c == 'B') && (d == '"' || d == '\'')) return lex_string(lx, t, false, true);
  if ((c == 'b' || c == 'B') && (d == 'r' || d == 'R') && p + 2 < lx->len &&
      (s[p + 2] == '"' || s[p + 2] == '\''))
    return lex_string(lx, t, false, true);
  if ((c == 'r' || c == 'R') && (d == 'b' || d == 'B') && p + 2 < lx->len &&
      (s[p + 2] == '"' || s[p + 2] == '\''))
    return lex_string(lx, t, true, true);
  if (c == '"' || c == '\'') return lex_string(lx, t, false, false);
  if (is_ident_start(c)) {
    uint32_t q = p;
    while (q < lx->len && is_ident(s[q])) q++;
    t->kind = word_kind(s + p, q - p);
    t->s = s + p;
    t->n = q - p;
    t->len = q - p;
    lx->pos = q;
    return true;
  }
  if (c == '`') {
    uint32_t q = p + 1;
    while (q < lx->len && (is_ident(s[q]) || s[q] == '.' || s[q] == '-' || s[q] == '/' ||
                           s[q] == ' '))
      q++;
    if (q >= lx->len || s[q] != '`' || q == p + 1) {
      set_error(t, p, "invalid quoted identifier");
      lx->pos = q < lx->len ? q + 1 : q;
      return true;
    }
    t->kind = T_QIDENT;
    t->s = s + p + 1;
    t->n = q - p - 1;
    t->len = q + 1 - p;
    lx->pos = q + 1;
    return true;
  }
  cel_tok k = T_ERROR;
  uint32_t n = 1;
  switch (c) {
    case '(': k = T_LPAREN; break;
    case ')': k = T_RPAREN; break;
    case '[': k = T_LBRACK; break;
    case ']': k = T_RBRACK; break;
    case '{': k = T_LBRACE; break;
    case '}': k = T_RBRACE; break;
    case '.': if (d == '?') { k = T_OPT_DOT; n = 2; } else k = T_DOT; break;
    case ',': k = T_COMMA; break;
    case ':': k = T_COLON; break;
    case '?': k = T_QUESTION; break;
    case '+': k = T_PLUS; break;
    case '-': k = T_MINUS; break;
    case '*': k = T_STAR; break;
    case '/': k = T_SLASH; break;
    case '%': k = T_PERCENT; break;
    case '|': if (d == '|') { k = T_OROR; n = 2; } break;
    case '&': if (d == '&') { k = T_ANDAND; n = 2; } break;
    case '=': if (d == '=') { k = T_EQ; n = 2; } break;
    case '!': if (d == '=') { k = T_NE; n = 2; } else k = T_NOT; break;
    case '<': if (d == '=') { k = T_LE; n = 2; } else k = T_LT; break;
    case '>': if (d == '=') { k = T_GE; n = 2; } else k = T_GT; break;
    default: break;
  }
  if (k == T_ERROR) {
    set_error(t, p, "unexpected character");
    /* step over a whole UTF-8 sequence so the message points at it once */
    uint32_t cp;
    size_t step = wnd__utf8_decode(s + p, lx->len - p, &cp);
    n = step ? (uint32_t)step : 1;
  }
  t->kind = k;
  t->len = n;
  lx->pos = p + n;
  return true;
}
