/*
** span.c — rule-file durations (see span.h).
*/
#include "span.h"

#include <stdio.h>
#include <string.h>

typedef struct unit_name {
  const char *text;
  wnd__unit unit;
} unit_name;

/* Longest spellings first where one is a prefix of another is irrelevant:
** the whole remaining text (minus trailing blanks) must match exactly. */
static const unit_name units[] = {
    {"workdays", WND_U_WORKDAYS},
    {"workday", WND_U_WORKDAYS},
    {"\u4e2a\u5de5\u4f5c\u65e5", WND_U_WORKDAYS}, /* 个工作日 */
    {"\u5de5\u4f5c\u65e5", WND_U_WORKDAYS},       /* 工作日 */
    {"days", WND_U_DAYS},
    {"day", WND_U_DAYS},
    {"\u65e5", WND_U_DAYS},                       /* 日 */
    {"\u5929", WND_U_DAYS},                       /* 天 */
    {"\u4e2a\u81ea\u7136\u65e5", WND_U_DAYS},     /* 个自然日 */
    {"\u81ea\u7136\u65e5", WND_U_DAYS},           /* 自然日 */
    {"hours", WND_U_HOURS},
    {"hour", WND_U_HOURS},
    {"\u5c0f\u65f6", WND_U_HOURS},                /* 小时 */
    {"\u4e2a\u5c0f\u65f6", WND_U_HOURS},          /* 个小时 */
    {"minutes", WND_U_MINUTES},
    {"minute", WND_U_MINUTES},
    {"\u5206\u949f", WND_U_MINUTES},              /* 分钟 */
    {"months", WND_U_MONTHS},
    {"month", WND_U_MONTHS},
    {"\u4e2a\u6708", WND_U_MONTHS},                /* 个月 */
    {"\u6708", WND_U_MONTHS},                      /* 月 */
};

static bool blank(char c) { return c == ' ' || c == '\t'; }

int wnd__span_parse(const char *s, size_t n, wnd__span *out, size_t *err_off) {
  size_t dummy;
  if (!err_off) err_off = &dummy;
  size_t i = 0, end = n;
  while (i < end && blank(s[i])) i++;
  while (end > i && blank(s[end - 1])) end--;
  if (i == end) {
    *err_off = i;
    return -1;
  }
  /* Number: digits only; stop accumulating past the limit (no overflow). */
  size_t start = i;
  int64_t v = 0;
  while (i < end && s[i] >= '0' && s[i] <= '9') {
    v = v * 10 + (s[i] - '0');
    if (v > WND_SPAN_MAX) {
      *err_off = i;
      return -1;
    }
    i++;
  }
  if (i == start) {
    *err_off = i; /* "-5 days", "five days", "days" */
    return -1;
  }
  size_t after_num = i;
  while (i < end && blank(s[i])) i++;
  if (i == end) {
    /* A bare number is only meaningful as 0 (SPEC: `0` means immediate). */
    if (v == 0 && after_num == end) {
      out->n = 0;
      out->unit = WND_U_DAYS;
      return 0;
    }
    *err_off = i;
    return -1;
  }
  size_t len = end - i;
  for (size_t k = 0; k < sizeof units / sizeof units[0]; k++) {
    size_t ul = strlen(units[k].text);
    if (ul == len && memcmp(s + i, units[k].text, len) == 0) {
      out->n = v;
      out->unit = units[k].unit;
      return 0;
    }
  }
  /* Point at the first byte after the longest known unit that matches a
  ** prefix ("7 days later" -> "later"), else at the unit itself. */
  size_t best = 0;
  for (size_t k = 0; k < sizeof units / sizeof units[0]; k++) {
    size_t ul = strlen(units[k].text);
    if (ul < len && memcmp(s + i, units[k].text, ul) == 0 && ul > best)
      best = ul;
  }
  *err_off = i + best;
  return -1;
}

/* Length in minutes of a natural span, saturating (n is bounded in
** practice, but spans may be built by code, not only parsed). */
static int64_t minutes(wnd__span s) {
  int64_t per = s.unit == WND_U_DAYS ? 1440 : s.unit == WND_U_HOURS ? 60 : 1;
  if (s.n > INT64_MAX / per) return INT64_MAX;
  if (s.n < INT64_MIN / per) return INT64_MIN;
  return s.n * per;
}

static int cmp64(int64_t a, int64_t b) { return (a > b) - (a < b); }

int wnd__span_cmp(wnd__span a, wnd__span b) {
  if (a.n == 0 || b.n == 0) return cmp64(a.n, b.n);
  bool aw = a.unit == WND_U_WORKDAYS, bw = b.unit == WND_U_WORKDAYS;
  if (aw != bw) return 2;
  if (aw) return cmp64(a.n, b.n);
  bool am = a.unit == WND_U_MONTHS, bm = b.unit == WND_U_MONTHS;
  if (am && bm) return cmp64(a.n, b.n);
  if (am || bm) {
    /* n months last between 28n and 31n days */
    wnd__span m = am ? a : b, o = am ? b : a;
    int64_t lo = minutes((wnd__span){m.n * 28, WND_U_DAYS});
    int64_t hi = minutes((wnd__span){m.n * 31, WND_U_DAYS});
    int64_t x = minutes(o);
    int r = x < lo ? -1 : x > hi ? 1 : 2;
    if (r == 2) return 2;
    return am ? -r : r;
  }
  return cmp64(minutes(a), minutes(b));
}

size_t wnd__span_format(char *buf, wnd__span s) {
  static const char *const names[] = {"workday", "day", "hour", "minute", "month"};
  unsigned u = (unsigned)s.unit;
  const char *name = u < 5 ? names[u] : "day";
  int k = snprintf(buf, 32, "%lld %s%s", (long long)s.n, name,
                   s.n == 1 ? "" : "s");
  return k < 0 ? 0 : (size_t)k;
}
