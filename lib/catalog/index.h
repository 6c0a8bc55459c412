/*
** index.h — lookup of catalog entries by their string key (item code,
** bundle id) in constant expected time.  A province-size catalog holds
** tens of thousands of items; a linear scan per lookup made resolving
** references quadratic and every evaluation by code O(items).
**
** The index is an open-addressing table of entry numbers over an array
** that does not move once loading has finished; the key is read from each
** entry at `key_offset`.  Its slots live in the catalog arena.
*/
#ifndef WND_CATALOG_INDEX_H
#define WND_CATALOG_INDEX_H

#include <stddef.h>
#include <stdint.h>

#include "../core/mem.h"

#define WND__INDEX_NONE UINT32_MAX

typedef struct wnd__index {
  uint32_t *slots;          /* entry number + 1; 0 is empty */
  uint32_t mask;            /* slot count - 1; the table is unused while slots is NULL */
  const char *base;         /* the indexed array */
  size_t stride, key_offset;
} wnd__index;

/* Size the table for n entries of `base` (twice as many slots, a power of
** two).  False on no memory, leaving the index unused. */
WND_HIDDEN bool wnd__index_init(wnd__index *ix, wnd__arena *a, const void *base, uint32_t n,
                                size_t stride, size_t key_offset);
/* Make room for n entries of an array that grows (and may move) while it
** is read: points the index at `base` and, when n passes half the slots,
** re-inserts every entry into a table twice the size (the old one stays
** in the arena: geometric, so at most as many slots again).  The first
** call initialises the index.  False on no memory. */
WND_HIDDEN bool wnd__index_reserve(wnd__index *ix, wnd__arena *a, const void *base, uint32_t n,
                                   size_t stride, size_t key_offset);
/* Add entry i.  Returns WND__INDEX_NONE when its key was new, else the
** number of the entry already holding it (which stays the one found).
** Entries with a NULL key are not indexed. */
WND_HIDDEN uint32_t wnd__index_add(wnd__index *ix, uint32_t i);
/* The entry number holding key, or WND__INDEX_NONE. */
WND_HIDDEN uint32_t wnd__index_find(const wnd__index *ix, const char *key);

#endif
