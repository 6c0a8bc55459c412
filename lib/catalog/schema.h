/*
** schema.h — typed access to YAML nodes with diagnostics.  Each getter
** reports what is wrong with a node at the node's own line and column and
** returns false, so a loader can check one key, note the problem and go
** on to the next: every problem of a file is reported in one run.
*/
#ifndef WND_CATALOG_SCHEMA_H
#define WND_CATALOG_SCHEMA_H

#include "../core/diag.h"
#include "../yaml/ytree.h"
#include "model.h"

typedef struct wnd__lctx {
  wnd_catalog *cat;
  wnd_diags *diags;
  const wnd__ydoc *doc;
  const char *rel;     /* relative path, kept in the catalog arena */
  const char *disp;    /* path shown in diagnostics */
  int status;          /* WND_ENOMEM once an allocation failed */
} wnd__lctx;

WND_HIDDEN void wnd__lerr(wnd__lctx *x, const wnd__ynode *n, const char *code,
                          const char *fmt, ...) __attribute__((format(printf, 4, 5)));
WND_HIDDEN void wnd__lwarn(wnd__lctx *x, const wnd__ynode *n, const char *code,
                           const char *fmt, ...) __attribute__((format(printf, 4, 5)));
WND_HIDDEN void wnd__lerr_at(wnd__lctx *x, wnd_severity sev, wnd__loc loc,
                             const char *code, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
WND_HIDDEN wnd__loc wnd__loc_of(const wnd__lctx *x, const wnd__ynode *n);
WND_HIDDEN void wnd__lnomem(wnd__lctx *x);

/* Node must be a mapping whose keys are all in `allowed` (NULL-ended);
** unknown keys are reported with the nearest valid key. */
WND_HIDDEN bool wnd__check_map(wnd__lctx *x, const wnd__ynode *n,
                               const char *what, const char *const *allowed);
/* A required key that is absent: reported at the mapping. */
WND_HIDDEN const wnd__ynode *wnd__need(wnd__lctx *x, const wnd__ynode *map,
                                      const char *key, const char *what);

WND_HIDDEN bool wnd__get_str(wnd__lctx *x, const wnd__ynode *n, const char **out);
WND_HIDDEN bool wnd__get_id(wnd__lctx *x, const wnd__ynode *n, const char **out);
WND_HIDDEN bool wnd__get_bool(wnd__lctx *x, const wnd__ynode *n, bool *out);
WND_HIDDEN bool wnd__get_int(wnd__lctx *x, const wnd__ynode *n, int64_t *out);
WND_HIDDEN bool wnd__get_double(wnd__lctx *x, const wnd__ynode *n, double *out);
/* Index of the scalar in names (NULL-ended), or -1 with a diagnostic. */
WND_HIDDEN int wnd__get_enum(wnd__lctx *x, const wnd__ynode *n,
                             const char *const *names, const char *what);
WND_HIDDEN bool wnd__get_span(wnd__lctx *x, const wnd__ynode *n, wnd__span *out);
WND_HIDDEN bool wnd__get_date(wnd__lctx *x, const wnd__ynode *n, int64_t *days);
/* A scalar or a sequence of scalars. */
WND_HIDDEN bool wnd__get_strlist(wnd__lctx *x, const wnd__ynode *n,
                                 wnd__strlist *out);
/* An expression; when allow_bool, a YAML true/false is a constant. */
WND_HIDDEN bool wnd__get_expr(wnd__lctx *x, const wnd__ynode *n, bool allow_bool,
                              wnd__expr *out);
/* The catalog's copy of s, shared with every equal string (intern.c). */
WND_HIDDEN const char *wnd__cat_strdup(wnd__lctx *x, const char *s);

/* Bounded Levenshtein distance, for "did you mean" hints. */
WND_HIDDEN size_t wnd__edit_distance(const char *a, const char *b);

/* A material's forms (one or a list) and source, as bit mask / index. */
WND_HIDDEN unsigned wnd__get_forms(wnd__lctx *x, const wnd__ynode *n);
WND_HIDDEN int wnd__get_source(wnd__lctx *x, const wnd__ynode *n);

#endif
