/*
** mem.h — the one allocator hook and the arena built on it.
**
** Every allocation in libwindow goes through a wnd__mem (the host's
** wnd_allocator, or the C library's realloc/free by default), so tests can
** fail allocation N and hosts can cap or account memory.  Most objects are
** built in arenas: a catalog, a submission and an evaluation each own one
** arena and free it whole, which gives every allocation exactly one owner.
*/
#ifndef WND_CORE_MEM_H
#define WND_CORE_MEM_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#include "libwindow.h"

#define WND_HIDDEN __attribute__((visibility("hidden")))

typedef struct wnd__mem {
  wnd_realloc_fn fn;
  void *ud;
} wnd__mem;

/* The default allocator: realloc/free from the C library. */
WND_HIDDEN extern const wnd__mem wnd__mem_default;

/* malloc-like; NULL on failure or when n == 0 overflowed. */
WND_HIDDEN void *wnd__alloc(const wnd__mem *m, size_t n);
/* calloc-like with overflow check on count * size. */
WND_HIDDEN void *wnd__calloc(const wnd__mem *m, size_t count, size_t size);
/* realloc-like; on failure the old block is untouched and NULL returned. */
WND_HIDDEN void *wnd__realloc(const wnd__mem *m, void *p, size_t n);
WND_HIDDEN void wnd__free(const wnd__mem *m, void *p);
WND_HIDDEN char *wnd__strndup(const wnd__mem *m, const char *s, size_t n);
WND_HIDDEN char *wnd__strdup(const wnd__mem *m, const char *s);

/*
** Grow a dynamic array held as (ptr, count, cap) by one slot.  Returns
** false on allocation failure or overflow, leaving the array untouched.
*/
WND_HIDDEN bool wnd__grow(const wnd__mem *m, void **ptr, size_t *cap,
                          size_t count, size_t elem);
#define WND_PUSH(m, arr, count, cap)                                        \
  ((count) < (cap) ||                                                       \
   wnd__grow((m), (void **)&(arr), &(cap), (count), sizeof(*(arr))))

/*
** Arena: bump allocation in chunks.  An optional first chunk supplied by
** the owner (for example a buffer on the evaluation stack) makes small
** evaluations allocation-free.  Memory is released only by
** wnd__arena_reset (frees every heap chunk, keeps the owner's first chunk),
** wnd__arena_rewind (see below) or wnd__arena_free.
*/
typedef struct wnd__chunk wnd__chunk;
typedef struct wnd__arena {
  const wnd__mem *mem;
  wnd__chunk *chunks;     /* heap chunks, newest first */
  char *cur, *end;        /* free space in the current chunk */
  char *inline_buf;       /* caller-owned first chunk, or NULL */
  size_t inline_size;
  size_t used;            /* bytes handed out since init/reset */
  size_t limit;           /* 0 = unlimited; else wnd__arena_alloc fails past it */
} wnd__arena;

WND_HIDDEN void wnd__arena_init(wnd__arena *a, const wnd__mem *m,
                                void *inline_buf, size_t inline_size);
/* 16-byte aligned; NULL on failure or when the arena limit is reached. */
WND_HIDDEN void *wnd__arena_alloc(wnd__arena *a, size_t n);
WND_HIDDEN void *wnd__arena_calloc(wnd__arena *a, size_t count, size_t size);
/* Copy n bytes and add a NUL. */
WND_HIDDEN char *wnd__arena_strndup(wnd__arena *a, const char *s, size_t n);
WND_HIDDEN void wnd__arena_reset(wnd__arena *a);
/* wnd__arena_reset without the call when nothing was handed out since the
** last reset (every allocation counts in `used`), which leaves the arena
** as a reset would: per-evaluation arenas are mostly untouched. */
static inline void wnd__arena_reset_used(wnd__arena *a) {
  if (a->used || a->chunks) wnd__arena_reset(a);
}
/* Forget every allocation but keep the newest (largest) heap chunk for the
** next ones: a loader parsing thousands of files reuses one arena instead
** of returning and re-faulting its memory for each file. */
WND_HIDDEN void wnd__arena_rewind(wnd__arena *a);
WND_HIDDEN void wnd__arena_free(wnd__arena *a);

#endif
