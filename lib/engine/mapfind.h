/*
** mapfind.h — key lookups in a submission's maps for the decision steps,
** cheaper than a scan from the start with a memcmp call per candidate
** (keys compared with core/value.h's wnd__key_eq).
*/
#ifndef WND_ENGINE_MAPFIND_H
#define WND_ENGINE_MAPFIND_H

#include "../core/value.h"

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
