/*
** hfix.h — helpers for the host-function tests: small catalogs written to
** temporary directories (the approach of tests/catalog/fixture.c), loading,
** and compiling/evaluating expressions against a catalog's bound
** functions through the expression API (lib/cel/cel.h).
*/
#ifndef WND_TESTS_HFIX_H
#define WND_TESTS_HFIX_H

#include <stdbool.h>
#include <stddef.h>

#include "catalog/model.h"
#include "cel/cel.h"
#include "libwindow.h"
#include "../resources/tree.h"

typedef tr_file hx_file;  /* path relative to the catalog; text NULL removes it */

/* The base catalog (one item whose condition calls credit.dishonest on
** applicant.credit_code) overlaid with `files`.  malloc'd path. */
char *hx_make(const hx_file *files, size_t n);
void hx_remove(char *dir);

/* A catalog whose functions.yaml is `functions` (base item kept). */
char *hx_make_functions(const char *functions);
/* The host base with the overlay tests/resources/overlays/NAME laid over it. */
char *hx_make_overlay(const char *name);

int hx_load(wnd_env *env, const char *dir, wnd_catalog **cat, wnd_diags **diags);
const wnd_diag *hx_find(const wnd_diags *d, const char *code);
size_t hx_count(const wnd_diags *d, const char *code);
void hx_dump(const wnd_diags *d);

/* The directory the test plugins are built in (set by meson). */
const char *hx_plugin_dir(void);

/*
** Compile `expr` against the catalog's bound functions (no variables) and
** evaluate it.  Returns WND_OK (value in *out), WND_EEVAL (error message
** copied to msg), or the compile status (first diagnostic in msg).
*/
int hx_eval(const wnd_catalog *c, const char *expr, wnd__value *out, char *msg, size_t msgn);

/* Evaluate the require expression of the base item's condition with
** applicant.credit_code = code.  Same returns as hx_eval. */
int hx_eval_condition(const wnd_catalog *c, const char *code, wnd__value *out, char *msg,
                      size_t msgn);

#endif
