/*
** diff_rules.h — semantic differences between two loaded catalogs, per
** item: what a reviewer signing a rule change needs to see (limits,
** materials, conditions, routing, fast track, windows), each with where
** it is on both sides.  Used by `window diff` (cmd_diff.c).
*/
#ifndef WND_TOOLS_DIFF_RULES_H
#define WND_TOOLS_DIFF_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "libwindow.h"

typedef struct diff_side {
  char *value;       /* text of the old/new value; NULL when absent */
  const char *file;  /* relative to its catalog (borrowed from the list); NULL when absent */
  uint32_t line, col; /* line 0: the file as a whole */
} diff_side;

typedef struct diff_change {
  char *target;      /* item code, bundle id, "windows.yaml" or "catalog.yaml" */
  const char *kind;  /* item, limit, department, window, field, material, condition,
                     ** routing, fast_track, bundle, defaults */
  char *key;         /* e.g. "promised_limit", "material business_license.tolerable" */
  diff_side old_, new_;
} diff_change;

typedef struct diff_list {
  diff_change *v;
  size_t n, cap;
  bool oom;
  wnd_rules *old_rules, *new_rules;  /* the changes' file names point into them */
} diff_list;

/* Compare two catalogs; false on no memory (the list is then incomplete). */
bool diff_catalogs(diff_list *out, const wnd_catalog *old_cat, const wnd_catalog *new_cat);
void diff_list_free(diff_list *l);

#endif
