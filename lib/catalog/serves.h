/*
** serves.h — window selection criteria (see serves.c).
*/
#ifndef WND_CATALOG_SERVES_H
#define WND_CATALOG_SERVES_H

#include "model.h"

/* Every `serves` criterion matches the item (ignores `when`). */
WND_HIDDEN bool wnd__window_serves(const wnd__window *w, const wnd__item *it);
/* The item's output window, else the first `kind: output` one, or NULL. */
WND_HIDDEN const wnd__window *wnd__output_window(const wnd_catalog *c, const wnd__item *it);

#endif
