/*
** hfix.c — temporary catalogs and expression evaluation for the host
** tests (see hfix.h).
*/
#define _GNU_SOURCE
#include "hfix.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/vars.h"

/* The base catalog is tests/resources/host (HX_BASE_DIR, set by meson),
** shared with the Python tests. */
char *hx_make(const hx_file *files, size_t n) { return tr_make(HX_BASE_DIR, files, n); }

char *hx_make_functions(const char *functions) {
  hx_file f = {"functions.yaml", functions};
  return hx_make(&f, 1);
}

char *hx_make_overlay(const char *name) { return tr_make_overlay(HX_BASE_DIR, name); }

void hx_remove(char *dir) { tr_remove(dir); }

int hx_load(wnd_env *env, const char *dir, wnd_catalog **cat, wnd_diags **diags) {
  wnd_load_options lo = WND_LOAD_OPTIONS_INIT;
  lo.today_set = true;
  lo.today = 20778; /* 2026-11-21 */
  return wnd_catalog_load(cat, diags, env, dir, &lo);
}

const wnd_diag *hx_find(const wnd_diags *d, const char *code) {
  for (size_t i = 0; i < wnd_diags_count(d); i++)
    if (!strcmp(wnd_diags_get(d, i)->code, code)) return wnd_diags_get(d, i);
  return NULL;
}

size_t hx_count(const wnd_diags *d, const char *code) {
  size_t n = 0;
  for (size_t i = 0; i < wnd_diags_count(d); i++)
    if (!strcmp(wnd_diags_get(d, i)->code, code)) n++;
  return n;
}

void hx_dump(const wnd_diags *d) {
  for (size_t i = 0; i < wnd_diags_count(d); i++) {
    const wnd_diag *x = wnd_diags_get(d, i);
    fprintf(stderr, "  %s:%u:%u: %s [%s]\n", x->file, x->line, x->column, x->message, x->code);
  }
}

const char *hx_plugin_dir(void) { return HOST_PLUGIN_DIR; }

static int run(const wnd__cel_program *p, const wnd__cel_activation *act, wnd__value *out,
               char *msg, size_t msgn) {
  wnd__cel_ctx *ctx = NULL;
  cr_assert_eq(wnd__cel_ctx_new(&ctx, NULL, NULL), WND_OK);
  int st = wnd__cel_eval(p, act, ctx, out);
  if (msgn) msg[0] = 0;
  if (st == WND_EEVAL && msgn) snprintf(msg, msgn, "%s", out->u.err->msg);
  /* Scalars need no memory: *out stays valid after the ctx is freed. */
  if (out->kind == WV_ERROR || out->kind == WV_STRING) *out = wnd__v_null();
  wnd__cel_ctx_free(ctx);
  return st;
}

int hx_eval(const wnd_catalog *c, const char *expr, wnd__value *out, char *msg, size_t msgn) {
  wnd__cel_env env;
  memset(&env, 0, sizeof env);
  env.fns = c->hostfns;
  env.nfns = c->nhostfns;
  wnd__cel_diags d;
  wnd__cel_diags_init(&d, NULL);
  wnd__cel_program *p = NULL;
  int st = wnd__cel_compile(&env, expr, strlen(expr), false, &p, &d);
  if (st != WND_OK) {
    if (msgn) snprintf(msg, msgn, "%s: %s", d.count ? d.items[0].code : "?",
                       d.count ? d.items[0].message : "?");
    wnd__cel_diags_free(&d);
    return st;
  }
  wnd__cel_diags_free(&d);
  wnd__cel_activation act;
  memset(&act, 0, sizeof act);
  st = run(p, &act, out, msg, msgn);
  wnd__cel_program_free(p);
  return st;
}

int hx_eval_condition(const wnd_catalog *c, const char *code, wnd__value *out, char *msg,
                      size_t msgn) {
  const wnd__item *it = wnd__find_item(c, "A-1");
  cr_assert(it && it->nconditions == 1 && it->conditions[0].require.prog);
  wnd__mapent ent = {wnd__v_string("credit_code", 11),
                     wnd__v_string(code, (uint32_t)strlen(code))};
  wnd__value slots[SLOT_COUNT];
  for (size_t i = 0; i < SLOT_COUNT; i++) slots[i] = wnd__v_null();
  slots[SLOT_APPLICANT] = wnd__v_map(&ent, 1);
  wnd__cel_activation act;
  memset(&act, 0, sizeof act);
  act.slots = slots;
  act.nslots = SLOT_COUNT;
  return run(it->conditions[0].require.prog, &act, out, msg, msgn);
}
