/*
** The message helpers the evaluation uses instead of snprintf (issue 16):
** wnd__join gives snprintf's text, except that a cut never splits a UTF-8
** character (the message goes into result JSON); wnd__i64_text gives
** printf's %lld.
*/
#include <inttypes.h>
#include <stdio.h>

#include "../../lib/core/strbuf.h"
#include "eng.h"

Test(join, concatenates_like_snprintf) {
  char buf[64];
  size_t n = wnd__join(buf, sizeof buf, (const char *[]){"缺少：", "营业执照", ""}, 3);
  cr_assert_str_eq(buf, "缺少：营业执照");
  cr_assert_eq(n, strlen("缺少：营业执照"));
  cr_assert_eq(wnd__join(buf, sizeof buf, (const char *[]){"a", NULL, "b"}, 3), 2);
  cr_assert_str_eq(buf, "ab");
  cr_assert_eq(wnd__join(buf, sizeof buf, NULL, 0), 0);
  cr_assert_str_eq(buf, "");
}

Test(join, cuts_at_a_whole_character) {
  /* "ab" + 3-byte characters into 7 bytes: room for 6, and the second
  ** character would end at byte 8, so only "ab" and one character stay
  ** (snprintf would keep a broken first byte of the second). */
  char buf[7];
  size_t n = wnd__join(buf, sizeof buf, (const char *[]){"ab", "缺少"}, 2);
  cr_assert_eq(n, 5);
  cr_assert_str_eq(buf, "ab缺");
  char one[1];
  cr_assert_eq(wnd__join(one, sizeof one, (const char *[]){"x"}, 1), 0);
  cr_assert_eq(one[0], '\0');
  char exact[4];
  cr_assert_eq(wnd__join(exact, sizeof exact, (const char *[]){"a", "bc"}, 2), 3);
  cr_assert_str_eq(exact, "abc");
}

Test(join, integers_like_printf) {
  static const int64_t v[] = {0, 1, -1, 9, 10, 2026, -45, INT64_MAX, INT64_MIN};
  for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
    char got[24], want[32];
    snprintf(want, sizeof want, "%" PRId64, v[i]);
    cr_assert_str_eq(wnd__i64_text(got, v[i]), want);
  }
}
