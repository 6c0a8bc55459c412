/*
** mapfind.h — key lookups in a submission's maps for the decision steps,
** cheaper than a scan from the start with a memcmp call per candidate.
*/
#ifndef WND_ENGINE_MAPFIND_H
#define WND_ENGINE_MAPFIND_H

#include <string.h>

#include "../core/value.h"

/* n bytes of a and b equal, both at least n long.  Keys are short: two
** overlapping loads per side, all inside the n bytes, instead of a memcmp
** call.  (lib/cel/eval.c has the same for field selection; a shared copy
** belongs in core/value.h.) */
static inline bool wnd__key_eq(const char *a, const char *b, uint32_t n) {
  if (n >= 8 && n <= 16) {
    uint64_t a0, a1, b0, b1;
    memcpy(&a0, a, 8);
    memcpy(&b0, b, 8);
    memcpy(&a1, a + n - 8, 8);
    memcpy(&b1, b + n - 8, 8);
    return ((a0 ^ b0) | (a1 ^ b1)) == 0;
  }
  if (n >= 4 && n < 8) {
    uint32_t a0, a1, b0, b1;
    memcpy(&a0, a, 4);
    memcpy(&b0, b, 4);
    memcpy(&a1, a + n - 4, 4);
    memcpy(&b1, b + n - 4, 4);
    return ((a0 ^ b0) | (a1 ^ b1)) == 0;
  }
  return n == 0 || memcmp(a, b, n) == 0;
}

/*
** Key `key` of `map`, or NULL.  The search starts after the key found last
** (*hint) and wraps around: an item declares its fields and materials, and
** a submission usually lists them, in the same order, so the key is then
** the first one compared instead of the k-th of a scan from the start.  A
** submission's keys are unique (the JSON and YAML readers refuse
** duplicates, the builders replace), so where the search starts does not
** change what it finds.
*/
static inline const wnd__value *wnd__map_get_from(wnd__value map, const char *key, uint32_t len,
                                                  uint32_t *hint) {
  if (map.kind != WV_MAP || !map.n) return NULL;
  uint32_t n = map.n, i = *hint < n ? *hint : 0;
  const wnd__mapent *e = &map.u.ents[i];
  for (uint32_t left = n;;) {
    if (e->key.n == len && e->key.kind == WV_STRING && wnd__key_eq(e->key.u.s, key, len)) {
      *hint = (uint32_t)(e - map.u.ents) + 1;
      return &e->val;
    }
    if (!--left) return NULL;
    e = ++i == n ? (i = 0, map.u.ents) : e + 1;
  }
}

#endif
