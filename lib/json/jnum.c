/*
** jnum.c — locale-independent number conversion (see jnum.h).
**
** Reading: the common case (at most 19 significant digits, value below
** 2^53, decimal exponent within +-22) is exact with one multiplication or
** division by an exactly representable power of ten (Clinger's fast path).
** Everything else goes to strtod in the locale-neutral form
** "[-]DIGITSe[-]EXP".  Digits beyond the 780th cannot change the rounding
** except through "is anything non-zero left", so they are replaced by one
** sticky '1' and the buffer stays on the stack (decimal halfway points of
** doubles have at most 767 significant digits).
*/
#include "jnum.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KEEP_DIGITS 780
#define EXP_SATURATE INT64_C(1000000000000000)

static const double pow10_exact[23] = {
    1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

static bool digit(char c) { return c >= '0' && c <= '9'; }

int wnd__jnum_to_double(const char *s, size_t n, double *out) {
  char buf[KEEP_DIGITS + 32];
  size_t i = 0, nd = 0;
  bool neg = false, sticky = false;
  int64_t e = 0;          /* value = digits(buf) * 10^e */
  uint64_t mant = 0;      /* first 19 significant digits */
  if (i < n && s[i] == '-') {
    neg = true;
    i++;
  }
  buf[0] = '-';
  char *d = buf + 1;
  for (; i < n && digit(s[i]); i++) {
    if (nd == 0 && s[i] == '0') continue;
    if (nd < KEEP_DIGITS) {
      if (nd < 19) mant = mant * 10 + (uint64_t)(s[i] - '0');
      d[nd++] = s[i];
    } else {
      e++;
      if (s[i] != '0') sticky = true;
    }
  }
  if (i < n && s[i] == '.') {
    for (i++; i < n && digit(s[i]); i++) {
      if (nd == 0 && s[i] == '0') {
        e--;
        continue;
      }
      if (nd < KEEP_DIGITS) {
        if (nd < 19) mant = mant * 10 + (uint64_t)(s[i] - '0');
        d[nd++] = s[i];
        e--;
      } else if (s[i] != '0') {
        sticky = true;
      }
    }
  }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    bool eneg = false;
    i++;
    if (i < n && (s[i] == '+' || s[i] == '-')) eneg = s[i++] == '-';
    int64_t x = 0;
    for (; i < n && digit(s[i]); i++)
      if (x < EXP_SATURATE) x = x * 10 + (s[i] - '0');
    e += eneg ? -x : x;
  }
  if (nd == 0) {
    *out = neg ? -0.0 : 0.0;
    return 0;
  }
  if (!sticky && nd <= 19 && mant <= (UINT64_C(1) << 53) && e >= -22 &&
      e <= 22) {
    double v = (double)mant;
    v = e >= 0 ? v * pow10_exact[e] : v / pow10_exact[-e];
    *out = neg ? -v : v;
    return 0;
  }
  if (sticky) {
    d[nd++] = '1';
    e--;
  }
  /* The exponent only needs to be big enough to over/underflow. */
  if (e > 100000) e = 100000;
  if (e < -100000) e = -100000;
  snprintf(d + nd, 16, "e%d", (int)e);
  double v = strtod(neg ? buf : buf + 1, NULL);
  if (isinf(v)) return -1;
  *out = v;
  return 0;
}

/* printf %g in this thread's locale -> '.'-separated, and check that it
** reads back to d. */
static size_t try_format(char *buf, double d, int prec, bool *exact) {
  char tmp[64];
  int k = snprintf(tmp, sizeof tmp, "%.*g", prec, d);
  if (k < 0 || (size_t)k >= sizeof tmp) k = 0;
  size_t o = 0;
  bool in_sep = false;
  for (int i = 0; i < k && o < WND_JNUM_BUFSZ - 4; i++) {
    char c = tmp[i];
    if (digit(c) || c == '-' || c == '+' || c == 'e') {
      buf[o++] = c;
      in_sep = false;
    } else if (!in_sep) { /* the locale's decimal separator, any length */
      buf[o++] = '.';
      in_sep = true;
    }
  }
  buf[o] = '\0';
  double back;
  *exact = o > 0 && wnd__jnum_to_double(buf, o, &back) == 0 && back == d;
  return o;
}

/*
** The usual double of a submission or result is a short decimal (an area
** of 911.4, a rate of 0.35, 740.0): m / 10^k with k <= 4.  Its text is the
** digits of m, without printf.  That text reads back to d exactly when
** (double)m / 10^k == d (both correctly rounded from the same rational,
** m < 2^53 and 10^k exact), and it is what "%.15g" prints, since d lies
** within half an ulp of m / 10^k, far inside half a 15-digit step.  The
** smallest such k gives no trailing zero; a trailing zero means the
** scaling rounded badly, and the general path decides.  Returns 0 when d
** is not such a decimal.
*/
static size_t short_decimal(char *buf, double d) {
  double a = fabs(d);
  if (!(a >= 1e-3 && a < 1e10)) return 0; /* fixed notation, m < 10^15 */
  for (int k = 0; k <= 4; k++) {
    /* a * 10^k + 0.5 < 2^53: the conversion truncates, which is floor */
    uint64_t m = (uint64_t)(a * pow10_exact[k] + 0.5);
    if ((double)m / pow10_exact[k] != a) continue;
    if (k && m % 10 == 0) return 0;
    /* the digits last first: k after the point (or one zero), the point,
    ** the integer part and the sign */
    char tmp[24], *e = tmp + sizeof tmp, *q = e;
    if (!k) *--q = '0';
    for (int i = 0; i < k; i++, m /= 10) *--q = (char)('0' + m % 10);
    *--q = '.';
    do {
      *--q = (char)('0' + m % 10);
      m /= 10;
    } while (m);
    if (d < 0) *--q = '-';
    size_t o = (size_t)(e - q);
    memcpy(buf, q, o);
    buf[o] = '\0';
    return o;
  }
  return 0;
}

size_t wnd__jnum_format_double(char *buf, double d) {
  if (!isfinite(d)) {
    memcpy(buf, "null", 5);
    return 4;
  }
  size_t fast = short_decimal(buf, d);
  if (fast) return fast;
  /* For normal doubles a k <= 15 digit shortest form is what "%.15g"
  ** prints (the double is within 1.1e-16 relative of it, well inside half
  ** a 15-digit step, and %g drops trailing zeros).  Subnormals have fewer
  ** bits, so their shortest form is searched from one digit up. */
  bool exact = false;
  size_t n = 0;
  int prec = (d != 0 && fabs(d) < DBL_MIN) ? 1 : 15;
  for (; prec <= 17 && !exact; prec++) n = try_format(buf, d, prec, &exact);
  /* "1e-07" -> "1e-7": drop exponent leading zeros. */
  char *e = memchr(buf, 'e', n);
  if (e) {
    char *p = e + 1;
    if (*p == '+' || *p == '-') p++;
    char *q = p;
    while (*q == '0' && q[1]) q++;
    if (q != p) {
      memmove(p, q, (size_t)(buf + n - q) + 1);
      n -= (size_t)(q - p);
    }
  } else if (!memchr(buf, '.', n)) {
    memcpy(buf + n, ".0", 3);
    n += 2;
  }
  return n;
}
