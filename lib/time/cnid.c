/*
** cnid.c — 居民身份证号码, 统一社会信用代码, mobile numbers (see cnid.h).
*/
#include "cnid.h"

#include <string.h>

#include "civil.h"

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* Whether the 8 bytes at s are all ASCII digits: each byte's high nibble
** is 3 and adding 6 does not carry out of its low nibble (nothing carries
** from one byte into the next, so the byte order does not matter). */
static bool eight_digits(const char *s) {
  uint64_t w;
  memcpy(&w, s, 8);
  const uint64_t hi = UINT64_C(0xF0F0F0F0F0F0F0F0), threes = UINT64_C(0x3030303030303030);
  return (w & hi) == threes && ((w + UINT64_C(0x0606060606060606)) & hi) == threes;
}

/* Birth date of an 18-character ID number whose check character is right;
** -1 when the shape, the check or the date is wrong. */
static int id_parse(const char *s, size_t n, int64_t *birth) {
  static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static const char check[11] = {'1', '0', 'X', '9', '8', '7',
                                 '6', '5', '4', '3', '2'};
  if (n != 18) return -1;
  /* the shape first, sixteen bytes at a time: then the weighted sum is a
  ** loop without exits, which the compiler unrolls */
  if (!eight_digits(s) || !eight_digits(s + 8) || !is_digit(s[16])) return -1;
  int sum = 0;
  for (int i = 0; i < 17; i++) sum += (s[i] - '0') * w[i];
  if (s[17] != check[sum % 11]) return -1;
  int y = 0, m = 0, d = 0;
  for (int i = 6; i < 10; i++) y = y * 10 + (s[i] - '0');
  for (int i = 10; i < 12; i++) m = m * 10 + (s[i] - '0');
  for (int i = 12; i < 14; i++) d = d * 10 + (s[i] - '0');
  if (y < 1900 || !wnd__valid_date(y, m, d)) return -1;
  *birth = wnd__days_from_civil(y, m, d);
  return 0;
}

bool wnd__cn_id_card(const char *s, size_t n, int64_t today_days) {
  int64_t birth;
  if (id_parse(s, n, &birth) != 0) return false;
  return birth <= today_days;
}

int wnd__cn_birthdate(const char *s, size_t n, int64_t *days) {
  return id_parse(s, n, days);
}

int wnd__cn_gender(const char *s, size_t n, bool *female) {
  int64_t birth;
  if (id_parse(s, n, &birth) != 0) return -1;
  *female = ((s[16] - '0') & 1) == 0;
  return 0;
}

/* Value + 1 of each GB 32100 character (0 for I O Z S V and the rest): one
** table load per character instead of a search of the 31-character set. */
#define U(c, v) [(unsigned char)(c)] = (v) + 1
static const unsigned char USCC_VALUE[256] = {
    U('0', 0),  U('1', 1),  U('2', 2),  U('3', 3),  U('4', 4),  U('5', 5),  U('6', 6),
    U('7', 7),  U('8', 8),  U('9', 9),  U('A', 10), U('B', 11), U('C', 12), U('D', 13),
    U('E', 14), U('F', 15), U('G', 16), U('H', 17), U('J', 18), U('K', 19), U('L', 20),
    U('M', 21), U('N', 22), U('P', 23), U('Q', 24), U('R', 25), U('T', 26), U('U', 27),
    U('W', 28), U('X', 29), U('Y', 30)};
#undef U

bool wnd__cn_uscc(const char *s, size_t n) {
  static const char set[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  /* weight of position i: 3^i mod 31 (GB 32100-2015) */
  static const int w[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
  if (n != 18) return false;
  /* the registration authority's six digits first, then one table load
  ** and one test per character */
  for (int i = 2; i <= 7; i++)
    if (!is_digit(s[i])) return false;
  int sum = 0;
  for (int i = 0; i < 17; i++) {
    int v = USCC_VALUE[(unsigned char)s[i]] - 1;
    if (v < 0) return false;
    sum += v * w[i];
  }
  int c = 31 - sum % 31;
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
