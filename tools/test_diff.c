/*
** test_diff.c — render a failed test as a readable multi-line diff.
**
** The library reports a failure as one line ("findings: expected [a, b],
** got [a, c]; deadlines.promised: expected ..."), which is stable for
** programs but hard to read in a terminal when findings lists are long.
** This splits it per key and, for lists, shows only the entries that differ.
*/
#include "test_diff.h"

#include <string.h>

/* Is [s, s+n) one of the ", "-separated entries of the list text l (no brackets)? */
static int list_has(const char *l, size_t ln, const char *s, size_t n) {
  size_t i = 0;
  while (i <= ln) {
    const char *e = strstr(l + i, ", ");
    size_t end = e && (size_t)(e - l) < ln ? (size_t)(e - l) : ln;
    if (end - i == n && !memcmp(l + i, s, n)) return 1;
    if (end == ln) break;
    i = end + 2;
  }
  return 0;
}

/* Entries of list a that list b lacks, each on a line with the marker. */
static void list_minus(FILE *out, char mark, const char *a, size_t an, const char *b,
                       size_t bn) {
  size_t i = 0;
  while (an && i <= an) {
    const char *e = strstr(a + i, ", ");
    size_t end = e && (size_t)(e - a) < an ? (size_t)(e - a) : an;
    if (!list_has(b, bn, a + i, end - i))
      fprintf(out, "      %c %.*s\n", mark, (int)(end - i), a + i);
    if (end == an) break;
    i = end + 2;
  }
}

static void one(FILE *out, const char *p, size_t n) {
  const char *ex = strstr(p, ": expected ");
  const char *got = ex ? strstr(ex, ", got ") : NULL;
  if (!ex || (size_t)(ex - p) >= n || !got || (size_t)(got - p) >= n) {
    fprintf(out, "    %.*s\n", (int)n, p);
    return;
  }
  const char *w = ex + 11, *g = got + 6;
  size_t wn = (size_t)(got - w), gn = (size_t)(p + n - g);
  fprintf(out, "    %.*s\n", (int)(ex - p), p);
  if (wn >= 2 && gn >= 2 && w[0] == '[' && g[0] == '[' && w[wn - 1] == ']' &&
      g[gn - 1] == ']') {
    list_minus(out, '-', w + 1, wn - 2, g + 1, gn - 2);
    list_minus(out, '+', g + 1, gn - 2, w + 1, wn - 2);
    if (wn == gn && !memcmp(w, g, wn)) fprintf(out, "      (same entries, other order)\n");
    return;
  }
  fprintf(out, "      expected: %.*s\n      got:      %.*s\n", (int)wn, w, (int)gn, g);
}

void test_diff_print(FILE *out, const char *message) {
  const char *p = message;
  while (*p) {
    const char *e = strstr(p, "; ");
    size_t n = e ? (size_t)(e - p) : strlen(p);
    one(out, p, n);
    p += n;
    if (e) p += 2;
  }
}
