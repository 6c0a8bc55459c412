/*
** yvalue.h — a YAML node tree as a runtime value, with JSON-like typing
** of plain scalars (SPEC §4.4 "Numbers"): null/~, true/false, integers
** (int64; larger is an error, never a silent double), decimals and
** exponents as doubles; quoted and block scalars are always strings.
*/
#ifndef WND_YAML_YVALUE_H
#define WND_YAML_YVALUE_H

#include "../core/value.h"
#include "ytree.h"

/*
** Convert n into *out, allocating in a.  Returns WND_OK, WND_ENOMEM, or
** WND_EINVALID with *bad (when not NULL) set to the offending node (an
** integer out of range, a non-scalar mapping key).
*/
WND_HIDDEN int wnd__yvalue_ex(wnd__arena *a, const wnd__ynode *n, wnd__value *out,
                              const wnd__ynode **bad);
static inline int wnd__yvalue(wnd__arena *a, const wnd__ynode *n, wnd__value *out) {
  return wnd__yvalue_ex(a, n, out, NULL);
}
/* Type a single scalar; strings point into the node (not copied). */
WND_HIDDEN int wnd__yscalar_value(const wnd__ynode *n, wnd__value *out);

#endif
