/*
** vars.h — the variables every rule expression sees (SPEC §3) and the
** activation slots they occupy.
*/
#ifndef WND_CATALOG_VARS_H
#define WND_CATALOG_VARS_H

#include "../cel/cel.h"

enum {
  SLOT_APPLICANT,
  SLOT_AGENT,
  SLOT_DATA,
  SLOT_MATERIALS,
  SLOT_CHANNEL,
  SLOT_FAST_TRACK,
  SLOT_NOW,
  SLOT_ITEM,
  SLOT_M,      /* material checks only */
  SLOT_COUNT
};

/* Declarations for the compiler; `m` only when material_check. */
WND_HIDDEN const wnd__cel_var *wnd__submission_vars(bool material_check, size_t *n);

#endif
