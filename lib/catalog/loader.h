/*
** loader.h — internal entry points of the catalog loader, one per file
** kind, plus the passes that run after every file is read.
*/
#ifndef WND_CATALOG_LOADER_H
#define WND_CATALOG_LOADER_H

#include "schema.h"

WND_HIDDEN void wnd__load_catalog_file(wnd__lctx *x, const wnd__ynode *root);
WND_HIDDEN void wnd__load_departments_file(wnd__lctx *x, const wnd__ynode *root);
WND_HIDDEN void wnd__load_windows_file(wnd__lctx *x, const wnd__ynode *root);
WND_HIDDEN void wnd__load_materials_file(wnd__lctx *x, const wnd__ynode *root);
WND_HIDDEN void wnd__load_calendar_file(wnd__lctx *x, const wnd__ynode *root);
WND_HIDDEN void wnd__load_functions_file(wnd__lctx *x, const wnd__ynode *root);
WND_HIDDEN void wnd__load_bundle_file(wnd__lctx *x, const wnd__ynode *root);
WND_HIDDEN void wnd__load_item_file(wnd__lctx *x, const wnd__ynode *root);
typedef enum {
  WND_REF_DEPARTMENT, WND_REF_SECTION, WND_REF_WINDOW, WND_REF_ITEM, WND_REF_LIBMAT
} wnd__refkind;
/* The defined id nearest to a misspelt reference, or NULL (suggest.c);
** `department` scopes sections. */
WND_HIDDEN const char *wnd__suggest_ref(const wnd_catalog *c, wnd__refkind kind,
                                        const char *word, const char *department);
/* Everything an item's tests name exists in the item (lint_tests.c). */
WND_HIDDEN void wnd__lint_item_tests(wnd__lctx *x, const wnd__item *it, const wnd__ynode *tests);
WND_HIDDEN void wnd__lint_bundle_tests(wnd__lctx *x, const wnd__bundle *bu,
                                       const wnd__ynode *tests);
WND_HIDDEN void wnd__load_tests(wnd__lctx *x, const wnd__ynode *n,
                                wnd__test **out, uint32_t *count);

/* Compile a field pattern with PCRE2 (UTF), errors at the column inside it. */
WND_HIDDEN void wnd__compile_pattern(wnd__lctx *x, const wnd__ynode *n, wnd__field *f);

/*
** Compile an expression against the submission variables (and, for an
** item, its declared fields), reporting problems at their exact column
** inside the YAML scalar.  `m_var` binds `m` (material checks).
*/
WND_HIDDEN void wnd__compile_expr(wnd__lctx *x, wnd__expr *e, const wnd__item *item,
                                  const char *what);
/* The same for an expression that gives a string (e_license_holder). */
WND_HIDDEN void wnd__compile_string_expr(wnd__lctx *x, wnd__expr *e, const wnd__item *item,
                                         const char *what);
WND_HIDDEN void wnd__compile_item(wnd__lctx *x, wnd__item *item);

/* After all files: references between files, then lint rules. */

WND_HIDDEN void wnd__resolve(wnd_catalog *c, wnd_diags *d, const char *dir);
WND_HIDDEN void wnd__lint(wnd_catalog *c, wnd_diags *d, const char *dir, int64_t today);

#endif
