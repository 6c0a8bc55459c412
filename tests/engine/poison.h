/*
** poison.h — an allocator that makes use-after-free visible without a
** sanitizer: a freed block is overwritten with 'X' (NUL-terminated, so a
** stale string reads as "XXX…" instead of running off the block) and kept
** in quarantine until poison_drain(), so nothing else reuses it.  A result
** that still points into a freed catalog then renders different JSON.
*/
#ifndef WND_TESTS_POISON_H
#define WND_TESTS_POISON_H

#include "libwindow.h"

extern const wnd_allocator poison_allocator;

/* Release every quarantined block (call once nothing can read them). */
void poison_drain(void);

#endif
