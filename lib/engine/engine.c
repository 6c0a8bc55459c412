/*
** engine.c — the engine holder: one catalog directory, reloadable.
**
** Readers take a reference on the current snapshot under a mutex held for
** a few instructions (load the pointer, bump its count); the count itself
** is atomic so releases need no lock.  The lock-free "load pointer, then
** increment" is wrong: a reload could free the snapshot in between
** (RELIABILITY §7).  Evaluations count themselves in `inflight`, hosts
** that called wnd_engine_acquire in `refs`; an evaluation never frees a
** snapshot.  It is freed by the reloader, which waits for the evaluations
** in flight on it (retire below), or, when a host still holds it then, by
** that host's last wnd_engine_release.
*/
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <string.h>
#include <time.h>

#include "../catalog/model.h"

typedef struct snapshot {
  wnd_catalog *cat;
  atomic_long refs;       /* host holds; the engine's own counts as one */
  atomic_long inflight;   /* wnd_engine_evaluate calls running on it */
} snapshot;

struct wnd_engine {
  wnd_env *env;
  char *dir;
  wnd_load_options opts;
  bool has_opts;
  pthread_mutex_t lock;
  snapshot *cur;
  uint64_t generation;
};

static void snap_release(wnd_engine *e, snapshot *s) {
  if (atomic_fetch_sub_explicit(&s->refs, 1, memory_order_acq_rel) == 1) {
    wnd_catalog_free(s->cat);
    wnd__free(&e->env->mem, s);
  }
}

/*
** Free a replaced snapshot on the reloading thread, never inside an
** evaluation: freeing a catalog of 10,000 items takes milliseconds (100,000:
** about 50 ms), thousands of evaluations' worth, and an evaluation must not
** pay for it.  (Until round 4 the reloader waited only ~50 ms and then left
** the free to the last holder; on two busy cores an evaluation preempted
** that long then freed the catalog itself and took 100 ms.)  Evaluations
** in flight on the old snapshot end in microseconds, or a few scheduler
** slices when preempted, and none can start on it after the swap, so the
** wait ends.  Host holds (wnd_engine_acquire) are not waited for: a host
** may hold a snapshot across a reload, even on this very thread; its last
** release frees it.
*/
#define RETIRE_SLEEP_NS (50 * 1000)

static void retire(wnd_engine *e, snapshot *old) {
  while (atomic_load_explicit(&old->inflight, memory_order_acquire) > 0) {
    struct timespec pause = {0, RETIRE_SLEEP_NS};
    nanosleep(&pause, NULL);
  }
  snap_release(e, old);
}

static int load(wnd_engine *e, wnd_diags **diags, snapshot **out) {
  wnd_catalog *cat = NULL;
  int st = wnd_catalog_load(&cat, diags, e->env, e->dir, e->has_opts ? &e->opts : NULL);
  if (st != WND_OK) return st;
  snapshot *s = wnd__alloc(&e->env->mem, sizeof *s);
  if (!s) {
    wnd_catalog_free(cat);
    return wnd__env_error(e->env, WND_ENOMEM, "out of memory");
  }
  s->cat = cat;
  cat->engine_snapshot = s; /* set before the snapshot is published */
  atomic_init(&s->refs, 1);
  atomic_init(&s->inflight, 0);
  *out = s;
  return WND_OK;
}

int wnd_engine_new(wnd_engine **out, wnd_diags **diags, wnd_env *env, const char *dir,
                   const wnd_load_options *opts) {
  if (diags) *diags = NULL;
  if (!out) return wnd__fail(WND_EINVAL, "wnd_engine_new: out is NULL");
  *out = NULL;
  if (!env || !dir) return wnd__fail(WND_EINVAL, "wnd_engine_new: env or dir is NULL");
  wnd_engine *e = wnd__calloc(&env->mem, 1, sizeof *e);
  if (!e) return wnd__env_error(env, WND_ENOMEM, "out of memory");
  e->env = env;
  e->dir = wnd__strdup(&env->mem, dir);
  if (opts) {
    /* A version-1 caller's struct ends before `threads`: copy only what it
    ** has (the rest stays zero, the default). */
    size_t n = opts->version == 1 ? offsetof(wnd_load_options, threads) : sizeof *opts;
    memcpy(&e->opts, opts, n);
    e->has_opts = true;
  }
  if (!e->dir || pthread_mutex_init(&e->lock, NULL) != 0) {
    wnd__free(&env->mem, e->dir);
    wnd__free(&env->mem, e);
    return wnd__env_error(env, WND_ENOMEM, "out of memory");
  }
  int st = load(e, diags, &e->cur);
  if (st != WND_OK) {
    pthread_mutex_destroy(&e->lock);
    wnd__free(&env->mem, e->dir);
    wnd__free(&env->mem, e);
    return st;
  }
  e->generation = 0;
  wnd__env_retain(env); /* released by wnd_engine_free */
  *out = e;
  return WND_OK;
}

int wnd_engine_reload(wnd_engine *e, wnd_diags **diags) {
  if (diags) *diags = NULL;
  if (!e) return wnd__fail(WND_EINVAL, "wnd_engine_reload: e is NULL");
  snapshot *fresh = NULL;
  int st = load(e, diags, &fresh);
  if (st != WND_OK) return st; /* the current snapshot stays */
  pthread_mutex_lock(&e->lock);
  snapshot *old = e->cur;
  e->cur = fresh;
  e->generation++;
  pthread_mutex_unlock(&e->lock);
  retire(e, old);
  return WND_OK;
}

/* The current snapshot, counted in refs (a host hold) or in inflight (an
** evaluation).  Under the lock, so a reload cannot retire it in between. */
static snapshot *acquire(wnd_engine *e, bool evaluation) {
  pthread_mutex_lock(&e->lock);
  snapshot *s = e->cur;
  atomic_fetch_add_explicit(evaluation ? &s->inflight : &s->refs, 1, memory_order_relaxed);
  pthread_mutex_unlock(&e->lock);
  return s;
}

const wnd_catalog *wnd_engine_acquire(wnd_engine *e) {
  if (!e) return NULL;
  return acquire(e, false)->cat;
}

void wnd_engine_release(wnd_engine *e, const wnd_catalog *cat) {
  if (!e || !cat) return;
  snapshot *s = ((wnd_catalog *)cat)->engine_snapshot;
  if (s) snap_release(e, s);
}

int wnd_engine_evaluate(wnd_result **out, wnd_engine *e, const char *code,
                        const wnd_submission *sub, const wnd_eval_options *opts) {
  if (!out) return wnd__fail(WND_EINVAL, "wnd_engine_evaluate: out is NULL");
  *out = NULL;
  if (!e) return wnd__fail(WND_EINVAL, "wnd_engine_evaluate: e is NULL");
  snapshot *s = acquire(e, true);
  int st = wnd_evaluate(out, s->cat, code, sub, opts);
  /* The engine's own reference is held until the reloader has seen this
  ** decrement (retire), so this is never the last use. */
  atomic_fetch_sub_explicit(&s->inflight, 1, memory_order_release);
  return st;
}

uint64_t wnd_engine_generation(const wnd_engine *e) {
  if (!e) return 0;
  pthread_mutex_lock((pthread_mutex_t *)&e->lock);
  uint64_t g = e->generation;
  pthread_mutex_unlock((pthread_mutex_t *)&e->lock);
  return g;
}

void wnd_engine_free(wnd_engine *e) {
  if (!e) return;
  wnd__mem mem = e->env->mem;
  snap_release(e, e->cur);
  pthread_mutex_destroy(&e->lock);
  wnd__free(&mem, e->dir);
  wnd_env *env = e->env;
  wnd__free(&mem, e);
  wnd__env_release(env);
}
