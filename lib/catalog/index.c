/*
** index.c — string-keyed lookup for catalog arrays (see index.h).
*/
#include "index.h"

#include <string.h>

/* FNV-1a: short keys, no adversary beyond the rule author. */
static uint32_t hash(const char *s) {
  uint32_t h = 2166136261u;
  for (; *s; s++) h = (h ^ (uint8_t)*s) * 16777619u;
  return h;
}

static const char *key_of(const wnd__index *ix, uint32_t i) {
  return *(const char *const *)(ix->base + (size_t)i * ix->stride + ix->key_offset);
}

bool wnd__index_init(wnd__index *ix, wnd__arena *a, const void *base, uint32_t n,
                     size_t stride, size_t key_offset) {
  memset(ix, 0, sizeof *ix);
  uint32_t size = 8;
  while (size < 2 * (uint64_t)n) {
    if (size > UINT32_MAX / 2) return false;
    size *= 2;
  }
  uint32_t *slots = wnd__arena_calloc(a, size, sizeof *slots);
  if (!slots) return false;
  ix->slots = slots;
  ix->mask = size - 1;
  ix->base = base;
  ix->stride = stride;
  ix->key_offset = key_offset;
  return true;
}

bool wnd__index_reserve(wnd__index *ix, wnd__arena *a, const void *base, uint32_t n,
                        size_t stride, size_t key_offset) {
  if (!ix->slots) return wnd__index_init(ix, a, base, n < 8 ? 8 : n, stride, key_offset);
  ix->base = base;
  if (2 * (uint64_t)n <= ix->mask + 1) return true;
  wnd__index bigger;
  if (!wnd__index_init(&bigger, a, base, n * 2, stride, key_offset)) return false;
  for (uint32_t s = 0; s <= ix->mask; s++)
    if (ix->slots[s]) wnd__index_add(&bigger, ix->slots[s] - 1);
  *ix = bigger;
  return true;
}

uint32_t wnd__index_add(wnd__index *ix, uint32_t i) {
  const char *key = key_of(ix, i);
  if (!ix->slots || !key) return WND__INDEX_NONE;
  for (uint32_t s = hash(key) & ix->mask;; s = (s + 1) & ix->mask) {
    uint32_t e = ix->slots[s];
    if (e == 0) {
      ix->slots[s] = i + 1;
      return WND__INDEX_NONE;
    }
    if (strcmp(key_of(ix, e - 1), key) == 0) return e - 1;
  }
}

uint32_t wnd__index_find(const wnd__index *ix, const char *key) {
  if (!ix->slots || !key) return WND__INDEX_NONE;
  for (uint32_t s = hash(key) & ix->mask;; s = (s + 1) & ix->mask) {
    uint32_t e = ix->slots[s];
    if (e == 0) return WND__INDEX_NONE;
    if (strcmp(key_of(ix, e - 1), key) == 0) return e - 1;
  }
}
