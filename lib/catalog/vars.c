/*
** vars.c — the rule-expression variables (see vars.h).
*/
#include "vars.h"

static const wnd__cel_var VARS[] = {
    {"applicant", WND_CT_MAP, SLOT_APPLICANT},
    {"agent", WND_CT_MAP, SLOT_AGENT},
    {"data", WND_CT_MAP, SLOT_DATA},
    {"materials", WND_CT_MAP, SLOT_MATERIALS},
    {"channel", WND_CT_DYN, SLOT_CHANNEL},
    {"fast_track", WND_CT_BOOL, SLOT_FAST_TRACK},
    {"now", WND_CT_TIMESTAMP, SLOT_NOW},
    {"item", WND_CT_MAP, SLOT_ITEM},
    {"m", WND_CT_MAP, SLOT_M},
};

const wnd__cel_var *wnd__submission_vars(bool material_check, size_t *n) {
  *n = material_check ? SLOT_COUNT : SLOT_COUNT - 1;
  return VARS;
}
