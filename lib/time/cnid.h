/*
** cnid.h — Chinese identifiers checked by the builtin functions of
** SPEC §3 (cn.id_card, cn.uscc, cn.mobile, cn.birthdate, cn.gender).
** Algorithms and test vectors: docs/domain BRIEF §5.
**
** All functions take (pointer, length): the text need not be
** NUL-terminated, and an embedded NUL simply fails the character checks.
**
** wnd__cn_id_sets and wnd__cn_uscc_sets list the characters a valid ID
** number and credit code can have at each position (lib/cel answers a field
** pattern from its cn.* memo with them): a change to what is valid here
** changes them, and tests/time/test_cnid.c ties the two.
*/
#ifndef WND_TIME_CNID_H
#define WND_TIME_CNID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/mem.h"

/*
** 18-character 居民身份证号码 (GB 11643-1999): 17 digits and a check
** character from ISO 7064 MOD 11-2 (an upper-case 'X' for 10; lower-case
** 'x' is rejected because hall software is expected to normalise), with a
** real birth date (positions 7-14, YYYYMMDD) from 1900-01-01 up to and
** including today_days (a day number; INT64_MAX: no upper bound).  The
** address code is not checked against GB/T 2260 (the table changes).
*/
/* Per position, the characters a valid ID number (wnd__cn_id_birth) and a
** valid credit code (wnd__cn_uscc) can have there; every valid text is
** 18 bytes. */
WND_HIDDEN extern const char *const wnd__cn_id_sets[18];
WND_HIDDEN extern const char *const wnd__cn_uscc_sets[18];

WND_HIDDEN bool wnd__cn_id_card(const char *s, size_t n, int64_t today_days);
/*
** 18-character 统一社会信用代码 (GB 32100-2015): characters from
** 0-9 and A-Z without I, O, Z, S, V; positions 3-8 (登记管理机关行政区划码)
** digits; the GB 32100 check character (weights 3^(i-1) mod 31).  The
** embedded GB 11714 organisation-code check is deliberately not applied
** (SPEC asks for the GB 32100 check only); see wnd__cn_orgcode.
*/
WND_HIDDEN bool wnd__cn_uscc(const char *s, size_t n);
/* GB 11714 check of the 9-character 组织机构代码 at s (e.g. positions
** 9-17 of a credit code): 8 characters 0-9A-Z, check digit or 'X'. */
WND_HIDDEN bool wnd__cn_orgcode(const char *s, size_t n);
/* Mainland mobile number: ^1[3-9][0-9]{9}$ (BRIEF §5.3 default). */
WND_HIDDEN bool wnd__cn_mobile(const char *s, size_t n);
/* When s is a valid ID number (no upper bound on the birth date): 0 and
** the day number of the birth date; else -1. */
WND_HIDDEN int wnd__cn_birthdate(const char *s, size_t n, int64_t *days);
/* The birth date of a valid ID number, as a day number and as its digits
** say it (no day-count conversion needed to read them back). */
typedef struct wnd__cn_birth {
  int64_t days;
  int32_t y;
  uint8_t m, d;
} wnd__cn_birth;
/* When s is a valid ID number (no upper bound on the birth date): true
** and its birth date; else false. */
WND_HIDDEN bool wnd__cn_id_birth(const char *s, size_t n, wnd__cn_birth *out);
/* When s is a valid ID number: 0 and *female (17th digit even = female,
** odd = male); else -1. */
WND_HIDDEN int wnd__cn_gender(const char *s, size_t n, bool *female);

#endif
