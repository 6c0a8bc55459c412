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
/* Two runs, from the hint to the end and from the start to the hint,
** instead of one loop that wraps: a key that does not match costs a
** compare and an end test (5 instructions), not also a countdown and a
** wrap test (8); ~12 of ~32 lookups an evaluation miss and scan a whole
** map (an optional field left out, a material given by any_of). */
static inline const wnd__value *wnd__map_get_from(wnd__value map, const char *key, uint32_t len,
                                                  uint32_t *hint) {
  /* an empty map may have no entry array (ents NULL): NULL + 0 is undefined */
  if (map.kind != WV_MAP || !map.n) return NULL;
  const wnd__mapent *ents = map.u.ents, *end = ents + map.n;
  const wnd__mapent *start = *hint < map.n ? ents + *hint : ents, *e;
  for (e = start; e < end; e++)
    if (wnd__mapent_is(e, key, len)) goto found;
  for (e = ents; e < start; e++)
    if (wnd__mapent_is(e, key, len)) goto found;
  return NULL;
found:
  *hint = (uint32_t)(e - ents) + 1;
  return &e->val;
}

#endif
