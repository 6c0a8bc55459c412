/*
** intern.c — one copy of each distinct catalog string (see intern.h).
*/
#include "intern.h"

#include <string.h>

typedef struct slot {
  const char *s;    /* NULL: empty */
  uint32_t n, hash;
} slot;

typedef struct wnd__intern_table {
  slot *slots;      /* open addressing, at most half full */
  uint32_t mask, count;
} wnd__intern_table;

/* Eight bytes a step (catalog strings are mostly long messages and
** labels; byte-at-a-time FNV was 3 % of loading), folded to 32 bits.
** Only equality within one load depends on it. */
static uint32_t hash_bytes(const char *s, size_t n) {
  uint64_t h = 0x9E3779B97F4A7C15u ^ n;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    memcpy(&w, s + i, 8);
    h = (h ^ w) * 0xFF51AFD7ED558CCDu;
    h ^= h >> 32;
  }
  uint64_t w = 0;
  if (i < n) memcpy(&w, s + i, n - i);
  h = (h ^ w) * 0xC4CEB9FE1A85EC53u;
  h ^= h >> 29;
  return (uint32_t)h;
}

static bool grow(wnd__intern_table *t, const wnd__mem *m) {
  uint32_t size = t->slots ? (t->mask + 1) * 2 : 1024;
  if (size == 0) return false;
  slot *slots = wnd__calloc(m, size, sizeof *slots);
  if (!slots) return false;
  for (uint32_t i = 0; t->slots && i <= t->mask; i++) {
    if (!t->slots[i].s) continue;
    uint32_t k = t->slots[i].hash & (size - 1);
    while (slots[k].s) k = (k + 1) & (size - 1);
    slots[k] = t->slots[i];
  }
  wnd__free(m, t->slots);
  t->slots = slots;
  t->mask = size - 1;
  return true;
}

const char *wnd__intern(wnd_catalog *c, const char *s, size_t n) {
  const wnd__mem *m = &c->env->mem;
  wnd__intern_table *t = c->interned;
  if (n > UINT32_MAX) return wnd__arena_strndup(&c->arena, s, n);
  if (!t) {
    t = wnd__calloc(m, 1, sizeof *t);
    if (!t) return NULL;
    c->interned = t;
  }
  if ((t->count + 1) * 2 > (t->slots ? t->mask + 1 : 0) && !grow(t, m)) return NULL;
  uint32_t h = hash_bytes(s, n), k = h & t->mask;
  for (; t->slots[k].s; k = (k + 1) & t->mask) {
    const slot *e = &t->slots[k];
    if (e->hash == h && e->n == n && !memcmp(e->s, s, n)) return e->s;
  }
  char *copy = wnd__arena_strndup(&c->arena, s, n);
  if (!copy) return NULL;
  t->slots[k] = (slot){copy, (uint32_t)n, h};
  t->count++;
  return copy;
}

void wnd__intern_free(wnd_catalog *c) {
  wnd__intern_table *t = c->interned;
  if (!t) return;
  wnd__free(&c->env->mem, t->slots);
  wnd__free(&c->env->mem, t);
  c->interned = NULL;
}
