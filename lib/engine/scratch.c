/*
** scratch.c — the per-catalog pool of evaluation scratch (see scratch.h).
*/
#include "scratch.h"

#include <stdatomic.h>
#include <string.h>

#define POOL_SLOTS 16

/* Each slot's flag and pointer on a cache line of its own: threads that
** evaluate side by side claim different slots, and with the flags packed
** in one line every claim and release (two atomic writes an evaluation)
** pulled that line away from the other core. */
typedef struct slot {
  atomic_flag busy;
  wnd__scratch *s;
  /* padding, not _Alignas: the pool comes from the allocator hook, which
  ** promises malloc's alignment only; 64-byte strides keep each slot's
  ** 16 used bytes inside one line whatever the block's 16-byte offset */
  char pad[64 - 2 * sizeof(void *)];
} slot;
_Static_assert(sizeof(slot) == 64, "one slot per cache line");

typedef struct pool {
  slot at[POOL_SLOTS];
} pool;

/* The slot this thread claimed last: tried first, so a thread keeps its
** slot (and its warm scratch) instead of every thread probing slot 0. */
static _Thread_local unsigned last_slot;

static wnd__scratch *scratch_new(const wnd_catalog *c) {
  const wnd__mem *m = &c->env->mem;
  wnd__scratch *s = wnd__alloc(m, sizeof *s);
  if (!s) return NULL;
  memset(s, 0, offsetof(wnd__scratch, buf));
  if (wnd__cel_ctx_new(&s->cel, m, &c->env->limits) != WND_OK) {
    wnd__free(m, s);
    return NULL;
  }
  wnd__arena_init(&s->work, m, s->buf, sizeof s->buf);
  return s;
}

static void scratch_free(const wnd__mem *m, wnd__scratch *s) {
  if (!s) return;
  wnd__cel_ctx_free(s->cel);
  wnd__arena_free(&s->work);
  wnd__free(m, s);
}

static void pool_free(void *ud, void *p) {
  const wnd__mem *m = ud;
  pool *pl = p;
  for (int i = 0; i < POOL_SLOTS; i++) scratch_free(m, pl->at[i].s);
  wnd__free(m, pl);
}

bool wnd__scratch_pool_init(wnd_catalog *c) {
  pool *pl = wnd__calloc(&c->env->mem, 1, sizeof *pl);
  if (!pl) return false;
  for (int i = 0; i < POOL_SLOTS; i++) atomic_flag_clear(&pl->at[i].busy);
  if (!wnd__catalog_add_finalizer(c, pool_free, (void *)&c->env->mem, pl)) {
    wnd__free(&c->env->mem, pl);
    return false;
  }
  c->scratch_pool = pl;
  return true;
}

int wnd__scratch_acquire(const wnd_catalog *c, wnd__scratch **out) {
  pool *pl = c->scratch_pool;
  /* read once and written only when it changes: each access to a
  ** thread-local of a shared library is a call (__tls_get_addr) */
  unsigned last = last_slot;
  for (unsigned k = 0; pl && k < POOL_SLOTS; k++) {
    unsigned i = (last + k) % POOL_SLOTS;
    slot *sl = &pl->at[i];
    if (atomic_flag_test_and_set_explicit(&sl->busy, memory_order_acquire)) continue;
    if (!sl->s) sl->s = scratch_new(c);
    if (!sl->s) {
      atomic_flag_clear_explicit(&sl->busy, memory_order_release);
      return WND_ENOMEM;
    }
    sl->s->slot = (int)i;
    if (i != last) last_slot = i;
    *out = sl->s;
    return WND_OK;
  }
  wnd__scratch *s = scratch_new(c);
  if (!s) return WND_ENOMEM;
  s->slot = -1;
  *out = s;
  return WND_OK;
}

void wnd__scratch_release(const wnd_catalog *c, wnd__scratch *s) {
  if (s->slot < 0) {
    scratch_free(&c->env->mem, s);
    return;
  }
  wnd__cel_ctx_reset(s->cel);
  wnd__arena_reset_used(&s->work); /* most evaluations convert nothing */
  pool *pl = c->scratch_pool;
  atomic_flag_clear_explicit(&pl->at[s->slot].busy, memory_order_release);
}
