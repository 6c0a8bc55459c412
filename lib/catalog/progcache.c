/*
** progcache.c — one compile per distinct expression (see progcache.h).
*/
#include "progcache.h"

#include <string.h>

#include "vars.h"

typedef struct pc_entry {
  uint32_t hash;
  unsigned flags;
  const char *text;
  size_t len;
  wnd__pc_lookup *lookups;
  uint32_t nlookups;
  uint32_t item;            /* the catalog's item count when last asked for */
  struct wnd__cel_program *prog;
} pc_entry;

typedef struct wnd__progcache {
  wnd__arena arena;         /* entries, texts, lookup paths */
  pc_entry **slots;         /* open addressing, at most half full */
  uint32_t mask, count;
  uint32_t nmemo;           /* programs given a memo number so far */
} wnd__progcache;

static uint32_t hash_text(const char *s, size_t n, unsigned flags) {
  uint32_t h = 2166136261u ^ flags;
  for (size_t i = 0; i < n; i++) h = (h ^ (uint8_t)s[i]) * 16777619u;
  return h;
}

static bool same_answers(const pc_entry *e, wnd__pc_field_fn fn, wnd__pc_enum_fn enum_fn,
                         void *ud) {
  for (uint32_t i = 0; i < e->nlookups; i++) {
    const wnd__pc_lookup *l = &e->lookups[i];
    if (l->is_enum) {
      if (enum_fn(ud, l->path, l->n, l->val, l->vn)) return false;
      continue;
    }
    wnd__cel_type t = WND_CT_DYN;
    int r = fn(ud, l->path, l->n, &t);
    if (r != l->found || (r == 1 && (uint8_t)t != l->type)) return false;
  }
  return true;
}

/* A program found again while the same item compiles runs from several
** places of that item (a condition and a material's `required` both ask
** `has(agent.name)`): number it for the engine's table of answers
** (wnd__cel_program_head), unless it reads `m`, which changes between a
** material's checks.  The item is told by the catalog's item count, which
** grows when an item has compiled (windows.yaml compiles before the items
** and counts with the first one: a window's `when` runs in every
** evaluation too).  A program found again from another item only is not
** numbered: keeping its answer would cost without paying.  Numbers
** go round 1..65535; the engine's table tells programs of one number apart. */
static void found_again(struct wnd__progcache *pc, const wnd_catalog *c, pc_entry *e) {
  if (e->item == c->nitems && !wnd__cel_program_memo(e->prog) &&
      wnd__cel_program_set_memo(e->prog, (uint16_t)(pc->nmemo % 65535u + 1), 1ull << SLOT_M))
    pc->nmemo++;
  e->item = c->nitems;
}

struct wnd__cel_program *wnd__progcache_find(const wnd_catalog *c, const char *src, size_t len,
                                             unsigned flags, wnd__pc_field_fn fn,
                                             wnd__pc_enum_fn enum_fn, void *ud) {
  struct wnd__progcache *pc = c->progcache;
  if (!pc || !pc->slots) return NULL;
  uint32_t h = hash_text(src, len, flags);
  for (uint32_t s = h & pc->mask; pc->slots[s]; s = (s + 1) & pc->mask) {
    pc_entry *e = pc->slots[s];
    if (e->hash == h && e->flags == flags && e->len == len && !memcmp(e->text, src, len) &&
        same_answers(e, fn, enum_fn, ud)) {
      found_again(pc, c, e);
      return e->prog;
    }
  }
  return NULL;
}

/* Copy s[0..n) into the log's buffer; NULL (and not reusable) when full. */
static const char *log_copy(wnd__pc_log *log, const char *s, size_t n) {
  if (log->overflow || n >= sizeof log->paths - log->used) {
    log->overflow = true;
    return NULL;
  }
  char *copy = log->paths + log->used;
  memcpy(copy, s, n);
  copy[n] = '\0';
  log->used += n + 1;
  return copy;
}

void wnd__pc_log_add(wnd__pc_log *log, const char *path, size_t n, int found,
                     wnd__cel_type type) {
  if (log->n == WND__PC_MAX_LOOKUPS) log->overflow = true;
  const char *copy = log_copy(log, path, n);
  if (!copy) return;
  log->v[log->n++] = (wnd__pc_lookup){copy, (uint32_t)n, (int8_t)found,
                                      (uint8_t)(found == 1 ? type : WND_CT_DYN), false, NULL, 0};
}

void wnd__pc_log_enum(wnd__pc_log *log, const char *path, size_t n, const char *val,
                      size_t vn) {
  if (log->n == WND__PC_MAX_LOOKUPS) log->overflow = true;
  const char *p = log_copy(log, path, n), *v = p ? log_copy(log, val, vn) : NULL;
  if (!v) return;
  log->v[log->n++] = (wnd__pc_lookup){p, (uint32_t)n, 0, WND_CT_DYN, true, v, (uint32_t)vn};
}

static bool grow(wnd__progcache *pc, const wnd__mem *m) {
  uint32_t size = pc->slots ? (pc->mask + 1) * 2 : 256;
  if (size == 0) return false;
  pc_entry **slots = wnd__calloc(m, size, sizeof *slots);
  if (!slots) return false;
  for (uint32_t i = 0; pc->slots && i <= pc->mask; i++) {
    pc_entry *e = pc->slots[i];
    if (!e) continue;
    uint32_t s = e->hash & (size - 1);
    while (slots[s]) s = (s + 1) & (size - 1);
    slots[s] = e;
  }
  wnd__free(m, pc->slots);
  pc->slots = slots;
  pc->mask = size - 1;
  return true;
}

bool wnd__progcache_add(wnd_catalog *c, const char *src, size_t len, unsigned flags,
                        const wnd__pc_log *log, struct wnd__cel_program *prog) {
  if (log->overflow) return true; /* not reusable; nothing to remember */
  const wnd__mem *m = &c->env->mem;
  wnd__progcache *pc = c->progcache;
  if (!pc) {
    pc = wnd__calloc(m, 1, sizeof *pc);
    if (!pc) return false;
    wnd__arena_init(&pc->arena, m, NULL, 0);
    c->progcache = pc;
  }
  if ((pc->count + 1) * 2 > (pc->slots ? pc->mask + 1 : 0) && !grow(pc, m)) return false;
  pc_entry *e = wnd__arena_calloc(&pc->arena, 1, sizeof *e);
  char *text = wnd__arena_strndup(&pc->arena, src, len);
  wnd__pc_lookup *lk = wnd__arena_calloc(&pc->arena, log->n ? log->n : 1, sizeof *lk);
  if (!e || !text || !lk) return false;
  for (uint32_t i = 0; i < log->n; i++) {
    lk[i] = log->v[i];
    lk[i].path = wnd__arena_strndup(&pc->arena, log->v[i].path, log->v[i].n);
    if (!lk[i].path) return false;
    if (lk[i].is_enum && !(lk[i].val = wnd__arena_strndup(&pc->arena, log->v[i].val,
                                                          log->v[i].vn)))
      return false;
  }
  *e = (pc_entry){hash_text(src, len, flags), flags, text, len, lk, log->n, c->nitems, prog};
  uint32_t s = e->hash & pc->mask;
  while (pc->slots[s]) s = (s + 1) & pc->mask;
  pc->slots[s] = e;
  pc->count++;
  return true;
}

void wnd__progcache_free(wnd_catalog *c) {
  wnd__progcache *pc = c->progcache;
  if (!pc) return;
  const wnd__mem *m = &c->env->mem;
  wnd__arena_free(&pc->arena);
  wnd__free(m, pc->slots);
  wnd__free(m, pc);
  c->progcache = NULL;
}
