/*
** submission.h — a submission (SPEC §4.1) as a value tree in its own
** arena, from JSON, YAML or builder calls.
*/
#ifndef WND_ENGINE_SUBMISSION_H
#define WND_ENGINE_SUBMISSION_H

#include "../core/env.h"
#include "../core/value.h"

#include <stdatomic.h>

struct wnd_submission {
  wnd_env *env;
  wnd__arena arena;   /* every node of `root` */
  wnd__value root;    /* a map */
  /* The submission digest of the decision record (record.c), computed on
  ** the first evaluation and kept: 0 not computed, 1 being written, 2
  ** ready.  Setters reset it (they are not called concurrently). */
  _Atomic int digest_state;
  char digest[72];
  /* submitted_at as a receipt instant (evaluate.c) for the UTC offset
  ** receipt_offset, and the record's received_at text (record.c) for one
  ** instant and offset: read and written once per submission, not per
  ** evaluation, behind the same 0/1/2 states; reset by the setters. */
  _Atomic int receipt_state;
  int32_t receipt_offset;
  int32_t receipt_nsec;
  int64_t receipt_sec;
  int receipt_kind;   /* 0 no submitted_at (absent or null), 1 an instant, 2 not a time */
  _Atomic int received_state;
  int32_t received_offset;
  int32_t received_nsec;
  int64_t received_sec;
  uint32_t received_len; /* strlen(received_at) */
  char received_at[40];  /* WND_TS_BUFSZ */
};

/* One-time caches in a const submission that several threads may be
** evaluating: the first to claim (state 0 -> 1) writes, then publishes
** (2); the others compute for themselves until it is ready. */
static inline bool wnd__sub_cache_ready(const _Atomic int *state) {
  return atomic_load_explicit((_Atomic int *)state, memory_order_acquire) == 2;
}
static inline bool wnd__sub_cache_claim(const _Atomic int *state) {
  int expected = 0;
  return atomic_compare_exchange_strong((_Atomic int *)state, &expected, 1);
}
static inline void wnd__sub_cache_publish(const _Atomic int *state) {
  atomic_store_explicit((_Atomic int *)state, 2, memory_order_release);
}

struct wnd_elicenses {
  wnd_env *env;
  wnd__arena arena;
  wnd__value map;     /* holder id -> list of license types */
};

/*
** Ask the memory system for a parsed submission's nodes before the
** evaluation walks them.  An evaluation touches most of the tree, but
** through dependent loads (root entries, then a child's entries, then key
** bytes), each a cache miss when the submission was parsed long before
** (a queue of pre-built submissions): requested together they arrive in
** parallel.  A hint only; never faults.
*/
WND_HIDDEN void wnd__submission_prefetch(const wnd_submission *s);
/* Lookup of a dotted path ("data.area_m2") in a map; NULL when absent. */
WND_HIDDEN const wnd__value *wnd__value_at(wnd__value root, const char *path, size_t len);
/*
** Copy-on-write set: a new root with `path` set to v, sharing every
** untouched node with the old one; maps on the way are created.
** Returns WND_OK, WND_ENOMEM or WND_EINVAL (empty segment).
*/
WND_HIDDEN int wnd__value_set(wnd__arena *a, wnd__value *root, const char *path,
                              size_t len, wnd__value v);
/* Parse JSON or YAML text into a value with the env's submission bounds. */
WND_HIDDEN int wnd__parse_document(wnd_env *env, wnd__arena *a, const char *text,
                                   size_t len, int format, wnd__value *out);

#endif
