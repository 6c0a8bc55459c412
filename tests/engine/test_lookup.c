/*
** test_lookup.c — the engine's key lookups (mapfind.h, core/value.h's
** wnd__key_eq): the fast paths against the plain answer.
*/
#include <string.h>

#include <criterion/criterion.h>

#include "../../lib/engine/mapfind.h"

/* wnd__key_eq reads two or four overlapping words per side up to 32 bytes
** and calls memcmp past that: every length up to 40 and a difference at
** every position must give memcmp's answer, with nothing read past n. */
Test(lookup, key_eq_is_memcmp) {
  char a[48], b[48];
  for (uint32_t n = 0; n <= 40; n++) {
    for (uint32_t i = 0; i < sizeof a; i++) a[i] = b[i] = (char)('a' + i % 26);
    a[n] = 'X'; /* past the n bytes: must not matter */
    b[n] = 'Y';
    cr_assert(wnd__key_eq(a, b, n), "equal %u bytes", n);
    for (uint32_t k = 0; k < n; k++) {
      b[k] ^= 0x20;
      cr_assert(!wnd__key_eq(a, b, n), "%u bytes, byte %u differs", n, k);
      b[k] ^= 0x20;
    }
  }
}

/* wnd__map_get_from searches from the hint to the end, then from the start
** to the hint: every key is found from every hint (also one past the end),
** with the hint moved past it, and an absent key is not found from any. */
Test(lookup, map_get_from_every_hint) {
  static const char *const keys[] = {"id_card", "business_license", "premises", "safety_manager_cert",
                                     "x", "property_certificate"};
  enum { N = sizeof keys / sizeof *keys };
  wnd__mapent ents[N];
  for (uint32_t i = 0; i < N; i++) {
    ents[i].key = wnd__v_string(keys[i], (uint32_t)strlen(keys[i]));
    ents[i].val = wnd__v_int(i);
  }
  wnd__value map = wnd__v_map(ents, N);
  for (uint32_t h = 0; h <= N + 1; h++) {
    for (uint32_t k = 0; k < N; k++) {
      uint32_t hint = h;
      const wnd__value *v = wnd__map_get_from(map, keys[k], (uint32_t)strlen(keys[k]), &hint);
      cr_assert(v == &ents[k].val, "key %u from hint %u", k, h);
      cr_assert_eq(hint, k + 1);
    }
    static const char *const absent[] = {"", "id_carD", "premises_proof", "safety_manager_cerx", "y"};
    for (uint32_t k = 0; k < sizeof absent / sizeof *absent; k++) {
      uint32_t hint = h;
      cr_assert_null(wnd__map_get_from(map, absent[k], (uint32_t)strlen(absent[k]), &hint),
                     "%s from hint %u", absent[k], h);
      cr_assert_eq(hint, h, "a miss leaves the hint");
    }
  }
  uint32_t hint = 3;
  cr_assert_null(wnd__map_get_from(wnd__v_map(NULL, 0), "x", 1, &hint));
  cr_assert_null(wnd__map_get_from(wnd__v_int(1), "x", 1, &hint));
  /* a key that is not a string never matches */
  ents[4].key = wnd__v_int(1);
  hint = 0;
  cr_assert_null(wnd__map_get_from(map, "x", 1, &hint));
}
