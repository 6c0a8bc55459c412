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
};

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
