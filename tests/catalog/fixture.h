/*
** fixture.h — build small catalogs in temporary directories for loader
** and engine tests: a valid base catalog, with files replaced, added or
** removed per test.
*/
#ifndef WND_TESTS_FIXTURE_H
#define WND_TESTS_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>

#include "libwindow.h"
#include "../resources/tree.h"

typedef tr_file fx_file;  /* path relative to the catalog; text NULL removes it */

/* Create a catalog directory: the base files overlaid with `files`.
** Returns a malloc'd path; fx_remove() deletes the tree and frees it. */
char *fx_make(const fx_file *files, size_t n);
void fx_remove(char *dir);
/* The base with the overlay tests/resources/overlays/NAME laid over it. */
char *fx_make_overlay(const char *name);

/* Load `dir` with lint day 2026-11-21 through env; returns the status. */
int fx_load_env(wnd_env *env, const char *dir, wnd_catalog **cat, wnd_diags **diags,
                unsigned flags);
/* Load, keep only the diagnostics (catalog and env are freed). */
int fx_load(const char *dir, wnd_diags **diags, unsigned flags);

/* The first diagnostic with this code, or NULL. */
const wnd_diag *fx_find(const wnd_diags *d, const char *code);
/* Assert a diagnostic with code at file suffix, line, column exists. */
void fx_expect(const wnd_diags *d, const char *code, const char *file, unsigned line,
               unsigned col);
/* Print every diagnostic (for test failure context). */
void fx_dump(const wnd_diags *d);

#endif
