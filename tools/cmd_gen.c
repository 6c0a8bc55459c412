/*
** cmd_gen.c — `window gen id-card|uscc [--birth DATE] [--region CODE]
** [--count N]`: print valid test numbers, one per line.
**
** Rule tests need 居民身份证号码 (GB 11643: real birth date, check digit) and
** 统一社会信用代码 (GB 32100 check character; its organisation code with the
** GB 11714 check character) that pass cn.id_card / cn.uscc.  Output is
** deterministic (sequence 001, 002, ...) so tests that use it are stable.
*/
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"

static int usage(void) {
  fprintf(stderr,
          "usage: window gen id-card|uscc [--birth YYYY-MM-DD] [--region CODE] [--count N]\n"
          "  id-card  18-digit 居民身份证号码 (default region 341522, birth 1990-01-01;\n"
          "           odd sequence numbers are male, even female)\n"
          "  uscc     统一社会信用代码 of an enterprise (91…) in the region\n");
  return 2;
}

static bool digits(const char *s, size_t n) {
  if (strlen(s) != n) return false;
  for (size_t i = 0; i < n; i++)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

static bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

/* YYYY-MM-DD of a real date, into YYYYMMDD. */
static bool birth_digits(const char *s, char out[9]) {
  int y, m, d;
  char tail;
  if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3) return false;
  static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1900 || y > 2099 || m < 1 || m > 12 || d < 1) return false;
  if (d > mdays[m - 1] + (m == 2 && leap(y))) return false;
  char tmp[40];
  snprintf(tmp, sizeof tmp, "%04d%02d%02d", y, m, d);
  memcpy(out, tmp, 9);
  return true;
}

static void id_card(const char *region, const char *birth, int seq) {
  static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  char s[19];
  snprintf(s, sizeof s, "%s%s%03d", region, birth, seq);
  int sum = 0;
  for (int i = 0; i < 17; i++) sum += (s[i] - '0') * w[i];
  s[17] = "10X98765432"[sum % 11];
  s[18] = '\0';
  printf("%s\n", s);
}

static void uscc(const char *region, int seq) {
  static const char set[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  static const int ow[8] = {3, 7, 9, 10, 5, 8, 4, 2};
  char s[19];
  /* 9 = registered by market regulation, 1 = enterprise; organisation code
  ** MA + 6 digits, then its GB 11714 check character */
  snprintf(s, sizeof s, "91%sMA%06d", region, seq);
  int sum = 0;
  for (int i = 0; i < 8; i++) {
    char ch = s[8 + i];
    sum += (ch >= 'A' ? ch - 'A' + 10 : ch - '0') * ow[i];
  }
  int c = 11 - sum % 11;
  s[16] = c == 10 ? 'X' : c == 11 ? '0' : (char)('0' + c);
  sum = 0;
  int wt = 1;
  for (int i = 0; i < 17; i++) {
    sum += (int)(strchr(set, s[i]) - set) * wt;
    wt = wt * 3 % 31;
  }
  int k = 31 - sum % 31;
  s[17] = set[k == 31 ? 0 : k];
  s[18] = '\0';
  printf("%s\n", s);
}

int wnd_cmd_gen(int argc, char **argv) {
  if (argc < 2) return usage();
  const char *kind = argv[1], *region = "341522";
  char birth[9] = "19900101";
  long count = 1;
  bool is_id = !strcmp(kind, "id-card"), is_uscc = !strcmp(kind, "uscc");
  if (!is_id && !is_uscc) return usage();
  for (int i = 2; i < argc; i++) {
    if (!strcmp(argv[i], "--region") && i + 1 < argc) {
      region = argv[++i];
      if (!digits(region, 6)) {
        fprintf(stderr, "window gen: --region takes a 6-digit 行政区划代码, not '%s'\n", region);
        return 2;
      }
    } else if (!strcmp(argv[i], "--birth") && i + 1 < argc && is_id) {
      if (!birth_digits(argv[++i], birth)) {
        fprintf(stderr, "window gen: --birth takes a real date YYYY-MM-DD (1900-2099), not '%s'\n",
                argv[i]);
        return 2;
      }
    } else if (!strcmp(argv[i], "--count") && i + 1 < argc) {
      char *end;
      count = strtol(argv[++i], &end, 10);
      if (*end || count < 1 || count > 999) {
        fprintf(stderr, "window gen: --count takes 1 to 999\n");
        return 2;
      }
    } else {
      return usage();
    }
  }
  for (long k = 1; k <= count; k++) {
    if (is_id) id_card(region, birth, (int)k);
    else uscc(region, (int)k);
  }
  return 0;
}
