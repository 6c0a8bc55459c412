/*
** failalloc.h — an allocator hook (wnd__mem realloc signature) that fails
** exactly one allocation, the fail_at-th, and counts live blocks, for
** allocation-failure sweeps: run with fail_at = 1, 2, ... until a run no
** longer reaches it (`failed` stays false); `live` must end at 0.
*/
#ifndef WND_TEST_FAILALLOC_H
#define WND_TEST_FAILALLOC_H

#include <stdbool.h>
#include <stdlib.h>

typedef struct failalloc {
  long count;     /* allocations so far */
  long fail_at;   /* the allocation that fails */
  long live;      /* blocks currently allocated */
  bool failed;    /* the failure was injected */
} failalloc;

static inline void *failalloc_realloc(void *ud, void *ptr, size_t size) {
  failalloc *f = ud;
  if (size == 0) {
    if (ptr) f->live--;
    free(ptr);
    return NULL;
  }
  if (++f->count == f->fail_at) {
    f->failed = true;
    return NULL;
  }
  void *p = realloc(ptr, size);
  if (p && !ptr) f->live++;
  return p;
}

#endif
