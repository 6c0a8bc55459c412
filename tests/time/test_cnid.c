/*
** test_cnid.c — ID numbers, credit codes, mobile numbers (lib/time/cnid.h)
** with the vectors of BRIEF §5.
*/
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "time/civil.h"
#include "time/cnid.h"

#define NOBOUND INT64_MAX

static bool id(const char *s) { return wnd__cn_id_card(s, strlen(s), NOBOUND); }
static bool uscc(const char *s) { return wnd__cn_uscc(s, strlen(s)); }
static bool mob(const char *s) { return wnd__cn_mobile(s, strlen(s)); }

Test(cnid, id_card_brief_vectors) {
  cr_assert(id("11010519491231002X"));
  cr_assert(id("440524188001010014") == false); /* check ok, but born 1880 < 1900 */
  cr_assert(id("120223198902021249"));
  cr_assert(!id("130402198207290622"));
}

Test(cnid, id_card_rules) {
  cr_assert(!id("11010519491231002x"));   /* lower-case x */
  cr_assert(!id("11010519491231002"));    /* 17 */
  cr_assert(!id("11010519491231002X0"));  /* 19 */
  cr_assert(!id("1101051949123100 X"));
  cr_assert(!id(""));
  cr_assert(!wnd__cn_id_card("11010519491231002X", 17, NOBOUND));
  /* an embedded NUL fails the digit check */
  cr_assert(!wnd__cn_id_card("110105\0" "9491231002X", 18, NOBOUND));
}

/* Build a valid ID number for a birth date and sequence. */
static void make_id(char out[19], const char *birth8, const char *seq3) {
  static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  memcpy(out, "341522", 6);
  memcpy(out + 6, birth8, 8);
  memcpy(out + 14, seq3, 3);
  int s = 0;
  for (int i = 0; i < 17; i++) s += (out[i] - '0') * w[i];
  out[17] = "10X98765432"[s % 11];
  out[18] = 0;
}

Test(cnid, id_card_birth_dates) {
  char b[19];
  make_id(b, "19990230", "123");
  cr_assert(!id(b));                       /* Feb 30 */
  make_id(b, "19000229", "123");
  cr_assert(!id(b));                       /* 1900 is not leap */
  make_id(b, "20000229", "123");
  cr_assert(id(b));
  make_id(b, "19001301", "123");
  cr_assert(!id(b));
  make_id(b, "19000101", "123");
  cr_assert(id(b));
  make_id(b, "18991231", "123");
  cr_assert(!id(b));
  /* future dates: bounded by today */
  make_id(b, "20261120", "123");
  int64_t today = wnd__days_from_civil(2026, 11, 20);
  cr_assert(wnd__cn_id_card(b, 18, today));
  cr_assert(!wnd__cn_id_card(b, 18, today - 1));
  cr_assert(wnd__cn_id_card(b, 18, NOBOUND));
  make_id(b, "99991231", "123");
  cr_assert(!wnd__cn_id_card(b, 18, today));
  cr_assert(wnd__cn_id_card(b, 18, NOBOUND));
}

Test(cnid, birthdate_and_gender) {
  int64_t days;
  bool female;
  cr_assert_eq(wnd__cn_birthdate("11010519491231002X", 18, &days), 0);
  cr_assert_eq(days, wnd__days_from_civil(1949, 12, 31));
  cr_assert_eq(wnd__cn_gender("11010519491231002X", 18, &female), 0);
  cr_assert(female); /* 17th digit 2: even */
  char b[19];
  make_id(b, "19850612", "131");
  cr_assert_eq(wnd__cn_gender(b, 18, &female), 0);
  cr_assert(!female);
  make_id(b, "20991231", "000");
  cr_assert_eq(wnd__cn_birthdate(b, 18, &days), 0); /* no today bound here */
  cr_assert_eq(wnd__cn_birthdate("130402198207290622", 18, &days), -1);
  cr_assert_eq(wnd__cn_gender("130402198207290622", 18, &female), -1);
  cr_assert_eq(wnd__cn_birthdate("abc", 3, &days), -1);
}

Test(cnid, uscc_brief_vectors) {
  cr_assert(uscc("91110000101623741K"));
  cr_assert(uscc("911101066976941872"));
  cr_assert(uscc("91350100M000100Y43"));
  cr_assert(!uscc("91310115MA1H8R7C6D"));
  cr_assert(!uscc("91350211M0000XUF46"));
}

Test(cnid, uscc_rules) {
  cr_assert(!uscc("91110000101623741k"));  /* lower case */
  cr_assert(!uscc("91110000101623741"));
  cr_assert(!uscc("91110000101623741KK"));
  cr_assert(!uscc(""));
  /* forbidden letters I O Z S V anywhere, even with a matching check */
  const char forbidden[] = "IOZSV";
  for (int i = 0; i < 5; i++) {
    char b[19] = "91350100M000100Y43";
    b[8] = forbidden[i];
    cr_assert(!uscc(b), "%s", b);
    memcpy(b, "91350100M000100Y43", 19);
    b[17] = forbidden[i];
    cr_assert(!uscc(b), "%s", b);
  }
  /* positions 3-8 must be digits: find a letter code with a right check */
  char b[19] = "91A50100M000100Y4?";
  static const char set[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  int found = 0;
  for (int c = 0; c < 31; c++) {
    b[17] = set[c];
    found += uscc(b);
  }
  cr_assert_eq(found, 0);
  /* exactly one check character is right for any 17-char body */
  memcpy(b, "91350100M000100Y4?", 19);
  found = 0;
  for (int c = 0; c < 31; c++) {
    b[17] = set[c];
    found += uscc(b);
  }
  cr_assert_eq(found, 1);
}

Test(cnid, orgcode) {
  cr_assert(wnd__cn_orgcode("101623741", 9));  /* inside 91110000101623741K */
  cr_assert(wnd__cn_orgcode("697694187", 9));
  cr_assert(!wnd__cn_orgcode("101623742", 9));
  cr_assert(!wnd__cn_orgcode("10162374", 8));
  cr_assert(!wnd__cn_orgcode("1016237a1", 9));
}

Test(cnid, mobile) {
  cr_assert(mob("13800138000"));
  cr_assert(mob("19912345678"));
  cr_assert(mob("16212345678"));
  cr_assert(!mob("12812345678"));
  cr_assert(!mob("10012345678"));
  cr_assert(!mob("23800138000"));
  cr_assert(!mob("1380013800"));
  cr_assert(!mob("138001380001"));
  cr_assert(!mob("1380013800a"));
  cr_assert(!mob("+8613800138000"));
  cr_assert(!mob("138 0013 8000"));
  cr_assert(!mob("10648000000000")); /* IoT, 13+ digits */
  cr_assert(!mob(""));
}

/* The shape of an ID number is checked eight bytes at a time: a byte that
** is not a digit at any of the first 17 positions (just below '0', just
** above '9', a letter, bytes whose high nibble is 3 or whose low nibble
** is a digit's, NUL, high bytes) makes the number invalid; every digit at
** every position, with the check character recomputed, keeps it valid. */
Test(cnid, id_card_shape_at_every_position) {
  static const char weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static const char check[] = "10X98765432";
  const char bad[] = {'/', ':', ';', '?', 'X', 'x', ' ', '\0', '\x80', '\xb0', '\xb5', '\xf0',
                      '\x39' + 0x10, '\x30' - 0x10, '\x3f'};
  for (int i = 0; i < 17; i++) {
    for (size_t k = 0; k < sizeof bad; k++) {
      char s[19];
      memcpy(s, "11010519491231002X", 19);
      s[i] = bad[k];
      int64_t days;
      cr_assert_eq(wnd__cn_birthdate(s, 18, &days), -1, "position %d byte %#x", i,
                   (unsigned)(unsigned char)bad[k]);
    }
    /* outside the birth date, any digit keeps the number valid once the
    ** check character follows it */
    if (i >= 6 && i < 14) continue;
    for (char dgt = '0'; dgt <= '9'; dgt++) {
      char s[19];
      memcpy(s, "11010519491231002X", 19);
      s[i] = dgt;
      int sum = 0;
      for (int j = 0; j < 17; j++) sum += (s[j] - '0') * weights[j];
      s[17] = check[sum % 11];
      int64_t days;
      cr_assert_eq(wnd__cn_birthdate(s, 18, &days), 0, "%s", s);
      cr_assert_eq(days, wnd__days_from_civil(1949, 12, 31));
    }
  }
}

/* Mobile numbers: the nine digits after the prefix are checked eight
** bytes at a time; a non-digit at any of them fails, every digit passes. */
Test(cnid, mobile_shape_at_every_position) {
  const char bad[] = {'/', ':', '?', 'a', ' ', '\0', '\x80', '\xb5'};
  cr_assert(wnd__cn_mobile("13800138000", 11));
  for (int i = 2; i < 11; i++) {
    char s[12];
    memcpy(s, "13800138000", 12);
    for (size_t k = 0; k < sizeof bad; k++) {
      s[i] = bad[k];
      cr_assert(!wnd__cn_mobile(s, 11), "position %d byte %#x", i, (unsigned)(unsigned char)bad[k]);
    }
    for (char d = '0'; d <= '9'; d++) {
      s[i] = d;
      cr_assert(wnd__cn_mobile(s, 11), "%s", s);
    }
  }
}

/* A credit code's positions 3..8 are digits even where letters are
** allowed elsewhere: a letter there fails whatever the check character. */
Test(cnid, uscc_letters_only_outside_the_region_code) {
  static const char set[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  for (int i = 2; i <= 7; i++) {
    char s[19];
    memcpy(s, "911101066976941872", 19);
    s[i] = 'A';
    bool any = false;
    for (int c = 0; c < 31; c++) {
      s[17] = set[c];
      any |= wnd__cn_uscc(s, 18);
    }
    cr_assert(!any, "letter at position %d", i);
  }
}

/* The reference check character of the 17 digits at s (GB 11643's weights). */
static char ref_check(const char *s) {
  static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; i++) sum += (s[i] - '0') * w[i];
  return "10X98765432"[sum % 11];
}

/* The weighted sum is computed eight digits at a time (cnid.c binary8):
** over pseudo-random numbers with a fixed birth date, exactly the
** reference check character is accepted, and every other one of the 11
** (and 'x') is refused, so each check value 0..10 is seen with every
** digit at every position. */
Test(cnid, id_card_every_check_character) {
  static const char checks[] = "0123456789Xx";
  uint64_t r = 88172645463325252u;
  int seen[11] = {0};
  for (int k = 0; k < 20000; k++) {
    char s[19];
    for (int i = 0; i < 17; i++) {
      r ^= r << 13, r ^= r >> 7, r ^= r << 17;
      s[i] = (char)('0' + (int)(r % 10));
    }
    memcpy(s + 6, k & 1 ? "20000229" : "19991231", 8);
    if (k % 3 == 0) memset(s, k % 2 ? '9' : '0', 6); /* extremes of the sum */
    if (k % 5 == 0) memset(s + 14, k % 2 ? '9' : '0', 3);
    char want = ref_check(s);
    seen[want == 'X' ? 10 : want - '0']++;
    for (const char *c = checks; *c; c++) {
      s[17] = *c;
      int64_t days;
      cr_assert_eq(wnd__cn_birthdate(s, 18, &days) == 0, *c == want, "%.18s", s);
    }
  }
  for (int v = 0; v < 11; v++) cr_assert(seen[v] > 0, "check value %d", v);
  char max[19] = "99999999999999999";
  memcpy(max + 6, "19991231", 8);
  max[17] = ref_check(max);
  cr_assert(id(max));
}

/* Dates are checked without the calendar functions (cnid.c id_date_ok):
** the last day of every month and the day after it, leap days of
** century years, month and day 00, the first year accepted. */
Test(cnid, id_card_every_month_end) {
  static const int last[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  static const int years[] = {1900, 1901, 1904, 1999, 2000, 2023, 2024, 2100, 2400, 9999};
  for (size_t k = 0; k < sizeof years / sizeof years[0]; k++) {
    int y = years[k];
    bool leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    for (int m = 0; m <= 13; m++) {
      for (int d = 0; d <= 32; d++) {
        char b[19], date[9];
        snprintf(date, sizeof date, "%04d%02d%02d", y, m, d);
        make_id(b, date, "123");
        int dim = m >= 1 && m <= 12 ? last[m - 1] + (m == 2 && leap) : 0;
        bool valid = d >= 1 && d <= dim;
        int64_t days;
        cr_assert_eq(wnd__cn_birthdate(b, 18, &days) == 0, valid, "%s", b);
        if (valid) cr_assert_eq(days, wnd__days_from_civil(y, m, d), "%s", b);
      }
    }
  }
  char b[19];
  make_id(b, "18991231", "999");
  cr_assert(!id(b));
  make_id(b, "00000101", "000");
  cr_assert(!id(b));
}

/* Every date from 1900 to 2200, and every 1 March and 28 February after:
** the number's day count (cnid.c counts from 1600-03-01) is the calendar's. */
Test(cnid, id_card_every_day) {
  int64_t from = wnd__days_from_civil(1900, 1, 1), to = wnd__days_from_civil(2200, 12, 31);
  for (int64_t day = from; day <= to; day++) {
    int64_t y;
    int m, d;
    wnd__civil_from_days(day, &y, &m, &d);
    char b[19], date[9];
    snprintf(date, sizeof date, "%04d%02d%02d", (int)y, m, d);
    make_id(b, date, "123");
    wnd__cn_birth out;
    cr_assert(wnd__cn_id_birth(b, 18, &out), "%s", b);
    cr_assert_eq(out.days, day, "%s", b);
  }
  for (int y = 2201; y <= 9999; y++) {
    static const char *const md[] = {"0228", "0301", "1231"};
    for (int k = 0; k < 3; k++) {
      char b[19], date[9];
      snprintf(date, sizeof date, "%04d%s", y, md[k]);
      make_id(b, date, "123");
      int64_t days;
      cr_assert_eq(wnd__cn_birthdate(b, 18, &days), 0, "%s", b);
      cr_assert_eq(days, wnd__days_from_civil(y, k == 2 ? 12 : k + 2, k == 1 ? 1 : k == 2 ? 31 : 28), "%s", b);
    }
  }
}

/* 15-digit numbers (the first generation's) are not accepted. */
Test(cnid, id_card_fifteen_digits) {
  cr_assert(!id("110105491231002"));
  cr_assert(!id("11010549123100"));
  int64_t days;
  cr_assert_eq(wnd__cn_birthdate("110105491231002", 15, &days), -1);
}

/* wnd__cn_id_birth gives the date as the number spells it. */
Test(cnid, id_birth_fields) {
  wnd__cn_birth b;
  cr_assert(wnd__cn_id_birth("11010519491231002X", 18, &b));
  cr_assert_eq(b.days, wnd__days_from_civil(1949, 12, 31));
  cr_assert_eq(b.y, 1949);
  cr_assert_eq(b.m, 12);
  cr_assert_eq(b.d, 31);
  cr_assert(!wnd__cn_id_birth("11010519491231002x", 18, &b));
  cr_assert(!wnd__cn_id_birth("11010519491231002X", 17, &b));
}

/* The reference GB 32100 check character of the 17 characters at s. */
static char ref_uscc_check(const char *s) {
  static const char set[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  static const int w[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
  int sum = 0;
  for (int i = 0; i < 17; i++) sum += (int)(strchr(set, s[i]) - set) * w[i];
  return set[(31 - sum % 31) % 31];
}

/* The credit code's sum is taken by Horner's rule over offset table
** entries (cnid.c): over pseudo-random codes, exactly the reference check
** character of the 31 is accepted; a character outside the set at any
** position fails with every check character. */
Test(cnid, uscc_every_check_character) {
  static const char set[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  static const char bad[] = {'I', 'O', 'Z', 'S', 'V', 'a', 'y', '\0', ' ', '/', ':', '\x80', '\xff'};
  uint64_t r = 0x9E3779B97F4A7C15u;
  for (int k = 0; k < 5000; k++) {
    char s[19] = {0};
    for (int i = 0; i < 17; i++) {
      r ^= r << 13, r ^= r >> 7, r ^= r << 17;
      s[i] = i >= 2 && i <= 7 ? (char)('0' + (int)(r % 10)) : set[r % 31];
    }
    if (k % 7 == 0) memset(s, 'Y', 2), memset(s + 8, 'Y', 9); /* the largest sum */
    char want = ref_uscc_check(s);
    for (int c = 0; c < 31; c++) {
      s[17] = set[c];
      cr_assert_eq(wnd__cn_uscc(s, 18), set[c] == want, "%.18s", s);
    }
    if (k % 50 == 0) {
      for (int i = 0; i < 17; i++) {
        char t[19];
        memcpy(t, s, 19);
        t[i] = bad[(size_t)k / 50 % sizeof bad];
        for (int c = 0; c < 31; c++) {
          t[17] = set[c];
          cr_assert(!wnd__cn_uscc(t, 18), "position %d", i);
        }
      }
    }
  }
}

/* Every valid ID number and credit code holds at each position only the
** characters wnd__cn_id_sets / wnd__cn_uscc_sets list there (lib/cel
** answers a field pattern from them): each byte value at each of the
** first 17 positions of a valid text, with every check character. */
static bool in_set(const char *set, unsigned char c) {
  return c && strchr(set, c) != NULL;
}

static void sets_hold(const char *valid, bool uscc) {
  const char *const *sets = uscc ? wnd__cn_uscc_sets : wnd__cn_id_sets;
  size_t seen = 0;
  for (int p = 0; p < 17; p++)
    for (int b = 0; b < 256; b++)
      for (int c = 0; c < 256; c++) {
        char t[18];
        memcpy(t, valid, 18);
        t[p] = (char)b;
        t[17] = (char)c;
        wnd__cn_birth birth;
        if (!(uscc ? wnd__cn_uscc(t, 18) : wnd__cn_id_birth(t, 18, &birth))) continue;
        seen++;
        for (int i = 0; i < 18; i++)
          cr_assert(in_set(sets[i], (unsigned char)t[i]), "%.18s: byte %d (0x%02x) not in the set",
                    t, i, (unsigned char)t[i]);
      }
  cr_assert_gt(seen, 100, "%.18s: the sweep found %zu valid texts", valid, seen);
}

Test(cnid, valid_texts_hold_only_the_listed_characters) {
  sets_hold("11010519491231002X", false);
  sets_hold("91350100M000100Y43", true);
}
