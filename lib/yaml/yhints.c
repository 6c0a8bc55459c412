/*
** yhints.c — diagnostics for mistakes typed on a Chinese keyboard.
**
** With a Chinese input method on, ':' becomes '：', ',' becomes '，' and a
** space can become the full-width U+3000; editors on Chinese Windows save
** in GBK.  libyaml then reports "could not find expected ':'" a line later,
** or "invalid UTF-8": true, but no help to a rule author.  These helpers
** find the likely cause so the diagnostic can name it.
*/
#include "yhints.h"

#include <string.h>

#define FW_COLON "\xef\xbc\x9a" /* ： */
#define FW_COMMA "\xef\xbc\x8c" /* ， */
#define FW_SPACE "\xe3\x80\x80" /* U+3000 */

const char *wnd__yhint_encoding(const char *text, size_t len) {
  const unsigned char *u = (const unsigned char *)text;
  if (len >= 2 && ((u[0] == 0xff && u[1] == 0xfe) || (u[0] == 0xfe && u[1] == 0xff)))
    return "; the file is UTF-16: save it as UTF-8 (without BOM)";
  size_t nul = 0, pairs = 0;
  bool gbk = true;
  for (size_t i = 0; i < len; i++) {
    if (!u[i]) nul++;
    if (u[i] < 0x80) continue;
    /* GBK/GB18030 two-byte: lead 0x81-0xFE, trail 0x40-0xFE except 0x7F */
    if (u[i] >= 0x81 && u[i] <= 0xfe && i + 1 < len && u[i + 1] >= 0x40 && u[i + 1] <= 0xfe &&
        u[i + 1] != 0x7f) {
      pairs++;
      i++;
    } else {
      gbk = false;
    }
  }
  if (nul * 4 >= len && len) return "; the file looks like UTF-16: save it as UTF-8";
  if (gbk && pairs)
    return "; the file looks like GBK/GB18030 (the default of many Chinese Windows "
           "editors): save it as UTF-8, e.g. `iconv -f GB18030 -t UTF-8 in.yaml > out.yaml` "
           "or \"Save as... / Encoding: UTF-8\"";
  return "";
}

static uint32_t codepoints(const char *s, size_t n) {
  uint32_t c = 0;
  for (size_t i = 0; i < n; i++)
    if (((unsigned char)s[i] & 0xc0) != 0x80) c++;
  return c;
}

/* One line [s, e): the first full-width mistake on it, or NULL. */
static const char *scan_line(const char *s, const char *e, const char **msg) {
  const char *p = s;
  while (p < e && *p == ' ') p++;
  if (e - p >= 3 && !memcmp(p, FW_SPACE, 3)) {
    *msg = "full-width space (U+3000) in indentation: YAML indents with ASCII spaces; "
           "switch the input method to half-width";
    return p;
  }
  /* A '：' before any ':' on the line was meant to end the key. */
  for (; p + 3 <= e && *p != ':' && *p != '#'; p++) {
    if (!memcmp(p, FW_COLON, 3)) {
      *msg = "full-width colon '：' where YAML needs ':' followed by a space; "
             "switch the input method to half-width punctuation";
      return p;
    }
  }
  for (p = s; p + 3 <= e && *p != '#'; p++) {
    if (!memcmp(p, FW_COMMA, 3) && memchr(s, '[', (size_t)(p - s))) {
      *msg = "full-width comma '，' inside [ ]: YAML separates list entries with ','";
      return p;
    }
  }
  return NULL;
}

bool wnd__yhint_fullwidth(const char *text, size_t len, size_t line0, uint32_t *line,
                          uint32_t *col, const char **msg) {
  size_t starts[2] = {0, 0}, l = 0;
  bool found[2] = {false, false};
  /* start offsets of line0 - 1 and line0 */
  for (size_t i = 0; i <= len && l <= line0; i++) {
    if (i == 0 || text[i - 1] == '\n') {
      if (l + 1 == line0) starts[0] = i, found[0] = true;
      if (l == line0) starts[1] = i, found[1] = true;
      l++;
    }
    if (i == len) break;
  }
  for (int k = 0; k < 2; k++) {
    if (!found[k]) continue;
    const char *s = text + starts[k], *e = memchr(s, '\n', len - starts[k]);
    if (!e) e = text + len;
    const char *hit = scan_line(s, e, msg);
    if (hit) {
      *line = (uint32_t)(line0 + (size_t)k); /* line0 - 1 + k, 1-based */
      *col = codepoints(s, (size_t)(hit - s)) + 1;
      return true;
    }
  }
  return false;
}
