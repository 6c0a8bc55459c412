/*
** fixture.c — temporary catalogs for tests (see fixture.h).
*/
#define _GNU_SOURCE
#include "fixture.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The base catalog is tests/resources/base (FX_BASE_DIR, set by meson). */
char *fx_make(const fx_file *files, size_t n) { return tr_make(FX_BASE_DIR, files, n); }

void fx_remove(char *dir) { tr_remove(dir); }

char *fx_make_overlay(const char *name) { return tr_make_overlay(FX_BASE_DIR, name); }

int fx_load_env(wnd_env *env, const char *dir, wnd_catalog **cat, wnd_diags **diags,
                unsigned flags) {
  wnd_load_options lo = WND_LOAD_OPTIONS_INIT;
  lo.flags = flags;
  lo.today_set = true;
  lo.today = 20778; /* 2026-11-21 */
  return wnd_catalog_load(cat, diags, env, dir, &lo);
}

int fx_load(const char *dir, wnd_diags **diags, unsigned flags) {
  wnd_env *env = NULL;
  cr_assert_eq(wnd_env_new(&env, NULL), WND_OK);
  wnd_catalog *cat = NULL;
  int st = fx_load_env(env, dir, &cat, diags, flags);
  wnd_catalog_free(cat);
  wnd_env_free(env);
  return st;
}

const wnd_diag *fx_find(const wnd_diags *d, const char *code) {
  for (size_t i = 0; i < wnd_diags_count(d); i++)
    if (!strcmp(wnd_diags_get(d, i)->code, code)) return wnd_diags_get(d, i);
  return NULL;
}

void fx_dump(const wnd_diags *d) {
  for (size_t i = 0; i < wnd_diags_count(d); i++) {
    const wnd_diag *x = wnd_diags_get(d, i);
    fprintf(stderr, "  %s:%u:%u: %s [%s]\n", x->file, x->line, x->column, x->message, x->code);
  }
}

void fx_expect(const wnd_diags *d, const char *code, const char *file, unsigned line,
               unsigned col) {
  for (size_t i = 0; i < wnd_diags_count(d); i++) {
    const wnd_diag *x = wnd_diags_get(d, i);
    size_t fl = strlen(x->file), sl = strlen(file);
    if (!strcmp(x->code, code) && fl >= sl && !strcmp(x->file + fl - sl, file) &&
        x->line == line && x->column == col)
      return;
  }
  fx_dump(d);
  cr_assert_fail("expected [%s] at %s:%u:%u", code, file, line, col);
}
