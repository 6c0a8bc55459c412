/*
** scratch.c — the per-catalog pool of evaluation scratch (see scratch.h).
*/
#include "scratch.h"

#include <stdatomic.h>
#include <string.h>

#define POOL_SLOTS 16

typedef struct pool {
  atomic_flag busy[POOL_SLOTS];
  wnd__scratch *s[POOL_SLOTS];
} pool;

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
  for (int i = 0; i < POOL_SLOTS; i++) scratch_free(m, pl->s[i]);
  wnd__free(m, pl);
}

bool wnd__scratch_pool_init(wnd_catalog *c) {
  pool *pl = wnd__calloc(&c->env->mem, 1, sizeof *pl);
  if (!pl) return false;
  for (int i = 0; i < POOL_SLOTS; i++) atomic_flag_clear(&pl->busy[i]);
  if (!wnd__catalog_add_finalizer(c, pool_free, (void *)&c->env->mem, pl)) {
    wnd__free(&c->env->mem, pl);
    return false;
  }
  c->scratch_pool = pl;
  return true;
}

int wnd__scratch_acquire(const wnd_catalog *c, wnd__scratch **out) {
  pool *pl = c->scratch_pool;
  for (int i = 0; pl && i < POOL_SLOTS; i++) {
    if (atomic_flag_test_and_set_explicit(&pl->busy[i], memory_order_acquire)) continue;
    if (!pl->s[i]) pl->s[i] = scratch_new(c);
    if (!pl->s[i]) {
      atomic_flag_clear_explicit(&pl->busy[i], memory_order_release);
      return WND_ENOMEM;
    }
    pl->s[i]->slot = i;
    *out = pl->s[i];
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
  wnd__arena_reset(&s->work);
  pool *pl = c->scratch_pool;
  atomic_flag_clear_explicit(&pl->busy[s->slot], memory_order_release);
}
