/*
** scratch.h — per-evaluation working memory, pooled per catalog.
**
** An evaluation needs an expression context (arena, PCRE2 match data, cost
** meter) and a work arena for converted values.  Creating them per call
** would cost several allocations; a catalog keeps a fixed set of slots,
** each claimed with one atomic test-and-set, so concurrent evaluations
** never wait on each other and never share a slot.  When all slots are
** busy the evaluation builds a private scratch and frees it afterwards.
*/
#ifndef WND_ENGINE_SCRATCH_H
#define WND_ENGINE_SCRATCH_H

#include "../catalog/model.h"
#include "../cel/cel.h"

/* Entries of a scratch's table of program answers (a power of two). */
#define WND__MEMO_SLOTS 16

typedef struct wnd__scratch {
  wnd__cel_ctx *cel;
  wnd__arena work;
  int slot;            /* -1: private, freed on release */
  /* The `item` variable's map (decide.c bind) for the item evaluated
  ** last with this scratch: catalog strings, the same every time, and a
  ** scratch belongs to one catalog. */
  const void *item_for;
  wnd__mapent item_map[4];
  size_t catalog_sizes[2]; /* with item_map: the result's sizes of catalog id and version */
  /* The windows that serve windows_for (route.c): bit i for window i of a
  ** catalog of at most 64 windows (wnd__window_serves looks only at the
  ** window and the item); larger catalogs ask each time. */
  const void *windows_for;
  uint64_t serving;
  /* The item wnd_evaluate found last with this scratch (evaluate.c): a
  ** caller evaluating one item again and again pays a strcmp instead of
  ** hashing the code and probing the index. */
  const wnd__item *last_item;
  /* The answers of programs that run from several places of one item
  ** (evalctx.h), at their memo number (cel.h) modulo the table's size.
  ** An entry is good for the evaluation numbered `gen` only: each
  ** evaluation takes the next number (memo_gen) instead of clearing. */
  uint32_t memo_gen;
  struct wnd__memo {
    const void *prog;
    uint32_t gen;      /* >= 1 once written */
    int16_t plain;     /* the answer 0 or 1 of a bool value; -1: st and v */
    int16_t st;        /* when not plain: the run's status, WND_OK or WND_EEVAL */
    wnd__value v;      /* and its value (strings and errors live in `cel`) */
  } memo[WND__MEMO_SLOTS];
  char buf[8192];      /* first chunk of `work` */
} wnd__scratch;

/* Set up a catalog's scratch pool; false on no memory. */
WND_HIDDEN bool wnd__scratch_pool_init(wnd_catalog *c);
WND_HIDDEN int wnd__scratch_acquire(const wnd_catalog *c, wnd__scratch **out);
WND_HIDDEN void wnd__scratch_release(const wnd_catalog *c, wnd__scratch *s);

#endif
