/*
** cnid.c — 居民身份证号码, 统一社会信用代码, mobile numbers (see cnid.h).
*/
#include "cnid.h"

#include "civil.h"

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* Birth date of an 18-character ID number whose check character is right;
** -1 when the shape, the check or the date is wrong. */
static int id_parse(const char *s, size_t n, int64_t *birth) {
  static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static const char check[11] = {'1', '0', 'X', '9', '8', '7',
                                 '6', '5', '4', '3', '2'};
  if (n != 18) return -1;
  int sum = 0;
  for (int i = 0; i < 17; i++) {
    if (!is_digit(s[i])) return -1;
    sum += (s[i] - '0') * w[i];
  }
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

/* Value 0..30 of a GB 32100 character, or -1 (I O Z S V and the rest). */
static int uscc_value(char c) {
  static const char set[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  for (int i = 0; i < 31; i++)
    if (set[i] == c) return i;
  return -1;
}

bool wnd__cn_uscc(const char *s, size_t n) {
  static const char set[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  if (n != 18) return false;
  int sum = 0, w = 1;
  for (int i = 0; i < 17; i++) {
    int v = uscc_value(s[i]);
    if (v < 0) return false;
    if (i >= 2 && i <= 7 && !is_digit(s[i])) return false;
    sum += v * w;
    w = w * 3 % 31;
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
  for (size_t i = 2; i < 11; i++)
    if (!is_digit(s[i])) return false;
  return true;
}
