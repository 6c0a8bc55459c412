/*
** cnid.c — 居民身份证号码, 统一社会信用代码, mobile numbers (see cnid.h).
*/
#include "cnid.h"

#include <string.h>


static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* Non-zero unless the 8 bytes at s are all ASCII digits: each byte's high nibble
** is 3 and adding 6 does not carry out of its low nibble (nothing carries
** from one byte into the next, so the byte order does not matter). */
static uint64_t not_digits(const char *s) {
  uint64_t w;
  memcpy(&w, s, 8);
  const uint64_t hi = UINT64_C(0xF0F0F0F0F0F0F0F0), threes = UINT64_C(0x3030303030303030);
  return ((w & hi) ^ threes) | (((w + UINT64_C(0x0606060606060606)) & hi) ^ threes);
}

static bool eight_digits(const char *s) { return not_digits(s) == 0; }

/* Sum of d_j * 2^(7-j) over the eight digits d_0..d_7 at s (already
** checked).  The ID number's weights are 2^(17-i) mod 11 (GB 11643), so
** its weighted sum is, mod 11, these digits read as a base-2 "number":
** adjacent bytes are combined in pairs (2a + b), pairs in fours (4p + q)
** and fours in one (16u + v), a shift, an add and a mask each, where the
** loop over 17 weights took a load and a multiply per digit.  Every
** intermediate lane holds at most 2295, so nothing carries into the next
** lane.  The lanes assume a little-endian load; elsewhere the plain sum. */
static uint32_t binary8(const char *s) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  uint64_t w;
  memcpy(&w, s, 8);
  w -= UINT64_C(0x3030303030303030);                             /* bytes 0..9 */
  w = ((w << 1) + (w >> 8)) & UINT64_C(0x00FF00FF00FF00FF);      /* 2a + b <= 27 */
  w = ((w << 2) + (w >> 16)) & UINT64_C(0x0000FFFF0000FFFF);     /* 4p + q <= 135 */
  return (uint32_t)(((w << 4) + (w >> 32)) & UINT64_C(0xFFFFFFFF)); /* <= 2295 */
#else
  uint32_t v = 0;
  for (int i = 0; i < 8; i++) v = 2 * v + (uint32_t)(s[i] - '0');
  return v;
#endif
}

/* The birth date YYYYMMDD at s (eight digits, already checked) as year,
** month and day: the digits paired into two-digit lanes (10a + b, at most
** 99: nothing carries) with one multiply, where the digit-by-digit sums
** took a multiply and an add each.  The lanes assume a little-endian load;
** elsewhere the plain sums. */
static void id_ymd(const char *s, uint32_t *y, uint32_t *m, uint32_t *d) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  uint64_t w;
  memcpy(&w, s, 8);
  w -= UINT64_C(0x3030303030303030);
  w = (w * 10 + (w >> 8)) & UINT64_C(0x00FF00FF00FF00FF); /* YY YY MM DD */
  *y = (uint32_t)(w & 0xFF) * 100 + (uint32_t)((w >> 16) & 0xFF);
  *m = (uint32_t)((w >> 32) & 0xFF);
  *d = (uint32_t)(w >> 48);
#else
  *y = (uint32_t)((s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0'));
  *m = (uint32_t)((s[4] - '0') * 10 + (s[5] - '0'));
  *d = (uint32_t)((s[6] - '0') * 10 + (s[7] - '0'));
#endif
}

/* Whether y-m-d is a real date from 1900 on (y has four digits), and then
** its day number in *days.  Counted from
** 1600-03-01 in unsigned arithmetic, so none of wnd__days_from_civil's
** range checks: the shape bounds the year. */
static bool id_days(uint32_t y, uint32_t m, uint32_t d, int64_t *days) {
  /* days in month m; days from March 1st to its first (the leap day last) */
  static const uint8_t days_in[13] = {0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  static const uint16_t month_start[13] = {0,   306, 337, 0,   31,  61, 92,
                                           122, 153, 184, 214, 245, 275};
  if (y < 1900 || m - 1 > 11) return false;
  if (d - 1 >= days_in[m] && !(m == 2 && d == 29 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
    return false;
  uint32_t yy = y - (m <= 2) - 1600; /* [299, 8399] */
  *days = (int64_t)(yy * 365 + yy / 4 - yy / 100 + yy / 400 + month_start[m] + d - 1) -
          135080; /* the days from 1600-03-01 to 1970-01-01 */
  return true;
}

/* Birth date of an 18-character ID number whose check character is right;
** false when the shape, the check or the date is wrong. */
static bool id_parse(const char *s, size_t n, wnd__cn_birth *out) {
  static const char check[11] = {'1', '0', 'X', '9', '8', '7',
                                 '6', '5', '4', '3', '2'};
  if (n != 18) return false;
  /* the shape first, sixteen bytes at a time */
  if ((not_digits(s) | not_digits(s + 8)) != 0 || !is_digit(s[16])) return false;
  /* sum of d_i * 2^(17-i) = 2 * (2 * (256 * first eight + next eight) + d_16) */
  uint32_t sum = 2 * (2 * ((binary8(s) << 8) + binary8(s + 8)) + (uint32_t)(s[16] - '0'));
  if (s[17] != check[sum % 11]) return false;
  uint32_t y, m, d;
  id_ymd(s + 6, &y, &m, &d);
  if (!id_days(y, m, d, &out->days)) return false;
  out->y = (int32_t)y;
  out->m = (uint8_t)m;
  out->d = (uint8_t)d;
  return true;
}

#define DIGITS "0123456789"
#define USCC_SET DIGITS "ABCDEFGHJKLMNPQRTUWXY" /* GB 32100: no I O S V Z */
const char *const wnd__cn_id_sets[18] = {
    DIGITS, DIGITS, DIGITS, DIGITS, DIGITS, DIGITS, DIGITS, DIGITS, DIGITS,
    DIGITS, DIGITS, DIGITS, DIGITS, DIGITS, DIGITS, DIGITS, DIGITS, DIGITS "X"};
const char *const wnd__cn_uscc_sets[18] = {
    USCC_SET, USCC_SET, DIGITS,   DIGITS,   DIGITS,   DIGITS,   DIGITS,   DIGITS,   USCC_SET,
    USCC_SET, USCC_SET, USCC_SET, USCC_SET, USCC_SET, USCC_SET, USCC_SET, USCC_SET, USCC_SET};

bool wnd__cn_id_birth(const char *s, size_t n, wnd__cn_birth *out) {
  return id_parse(s, n, out);
}

bool wnd__cn_id_card(const char *s, size_t n, int64_t today_days) {
  wnd__cn_birth b;
  return id_parse(s, n, &b) && b.days <= today_days;
}

int wnd__cn_birthdate(const char *s, size_t n, int64_t *days) {
  wnd__cn_birth b;
  if (!id_parse(s, n, &b)) return -1;
  *days = b.days;
  return 0;
}

int wnd__cn_gender(const char *s, size_t n, bool *female) {
  wnd__cn_birth b;
  if (!id_parse(s, n, &b)) return -1;
  *female = ((s[16] - '0') & 1) == 0;
  return 0;
}

/* Value + 128 of each GB 32100 character (0 for I O Z S V and the rest):
** one table load per character instead of a search of the 31-character
** set, and the high bit says it is in the set. */
#define U(c, v) [(unsigned char)(c)] = (v) + 128
static const unsigned char USCC_VALUE[256] = {
    U('0', 0),  U('1', 1),  U('2', 2),  U('3', 3),  U('4', 4),  U('5', 5),  U('6', 6),
    U('7', 7),  U('8', 8),  U('9', 9),  U('A', 10), U('B', 11), U('C', 12), U('D', 13),
    U('E', 14), U('F', 15), U('G', 16), U('H', 17), U('J', 18), U('K', 19), U('L', 20),
    U('M', 21), U('N', 22), U('P', 23), U('Q', 24), U('R', 25), U('T', 26), U('U', 27),
    U('W', 28), U('X', 29), U('Y', 30)};
#undef U

bool wnd__cn_uscc(const char *s, size_t n) {
  static const char set[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  if (n != 18) return false;
  /* the registration authority's six digits first: bytes 2..7 of the
  ** first eight (the mask is built in memory order, so either byte order).
  ** Only a byte >= 0xFA carries into its neighbour in not_digits, and such
  ** a byte fails the code wherever it is, so the mask changes no answer. */
  static const unsigned char region[8] = {0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
  uint64_t mask;
  memcpy(&mask, region, 8);
  if (not_digits(s) & mask) return false;
  /* sum of v_i * 3^i (GB 32100-2015 weighs position i by 3^i mod 31) by
  ** Horner's rule from the last position, over the table's v_i + 128 (so
  ** 128 * (3^17 - 1) / 2 too much); the AND of all entries keeps the high
  ** bit only when every character is in the set: one test at the end, none
  ** per character */
  uint64_t sum = 0;
  unsigned all = 128;
  for (int i = 16; i >= 0; i--) {
    unsigned t = USCC_VALUE[(unsigned char)s[i]];
    all &= t;
    sum = 3 * sum + t;
  }
  if (!all) return false;
  sum -= UINT64_C(128) * 64570081; /* (3^17 - 1) / 2 */
  int c = 31 - (int)(sum % 31);
  if (c == 31) c = 0;
  return s[17] == set[c];
}

bool wnd__cn_orgcode(const char *s, size_t n) {
  static const int w[8] = {3, 7, 9, 10, 5, 8, 4, 2};
  if (n != 9) return false;
  int sum = 0;
  for (int i = 0; i < 8; i++) {
    int v;
    if (is_digit(s[i]))
      v = s[i] - '0';
    else if (s[i] >= 'A' && s[i] <= 'Z')
      v = s[i] - 'A' + 10;
    else
      return false;
    sum += v * w[i];
  }
  int c = 11 - sum % 11;
  char want = c == 10 ? 'X' : c == 11 ? '0' : (char)('0' + c);
  return s[8] == want;
}

bool wnd__cn_mobile(const char *s, size_t n) {
  if (n != 11 || s[0] != '1' || s[1] < '3' || s[1] > '9') return false;
  return eight_digits(s + 2) && is_digit(s[10]);
}
