/*
** intern.h — one copy of each distinct string of a catalog.
**
** Items repeat names, messages, labels and expression texts (every item
** that needs an ID card says 身份证 and the same message about it).  The
** loader copies every string it keeps through wnd__cat_strdup, which asks
** this table first: a string already kept is shared, so a province catalog
** holds each distinct text once.  Catalog strings are never written after
** loading (they are const everywhere), so sharing is safe.
**
** The table lives while the catalog loads; the strings are in the
** catalog's arena.
*/
#ifndef WND_CATALOG_INTERN_H
#define WND_CATALOG_INTERN_H

#include "model.h"

/* The catalog's copy of s[0..n), NUL-terminated; NULL on no memory. */
WND_HIDDEN const char *wnd__intern(wnd_catalog *c, const char *s, size_t n);
/* Drop the table (end of loading, or freeing a catalog mid-load). */
WND_HIDDEN void wnd__intern_free(wnd_catalog *c);

#endif
