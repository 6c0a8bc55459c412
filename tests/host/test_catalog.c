/*
** test_catalog.c — binding functions.yaml declarations to host functions
** when a catalog loads: credit.dishonest called from an item's condition,
** the diagnostics for unprovided functions and signature mismatches, the
** e-license provider, and allocation failure during a load with bindings.
*/
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hfix.h"

static const char *const BLACKLIST[] = {"91350100MA2XXXXX1X", "110101199003074578"};

static bool dishonest(const char *code) {
  for (size_t i = 0; i < sizeof BLACKLIST / sizeof BLACKLIST[0]; i++)
    if (!strcmp(code, BLACKLIST[i])) return true;
  return false;
}
static int64_t dishonest_int(const char *code) { return dishonest(code); }
static bool two_strings(const char *a, const char *b) { return a && b; }
static bool elicense(const char *holder, const char *type) {
  return !strcmp(holder, "91350100MA2YYYYY2Y") && !strcmp(type, "营业执照");
}

static const wnd_type STR1[] = {WND_TYPE_STRING};
static const wnd_type STR2[] = {WND_TYPE_STRING, WND_TYPE_STRING};

static wnd_env *env_with_dishonest(void) {
  wnd_env *env = NULL;
  cr_assert_eq(wnd_env_new(&env, NULL), WND_OK);
  cr_assert_eq(wnd_env_register_function(env, "credit.dishonest", (wnd_fnptr)dishonest,
                                         WND_TYPE_BOOL, STR1, 1), WND_OK);
  return env;
}

/* Load the base catalog (or `dir`) through env; expect `code` at
** functions.yaml line/col with `part` in the message (code NULL: clean). */
static void load_expect(wnd_env *env, const char *dir, const char *code, unsigned line,
                        unsigned col, const char *part) {
  wnd_catalog *cat = NULL;
  wnd_diags *d = NULL;
  int st = hx_load(env, dir, &cat, &d);
  if (!code) {
    if (st != WND_OK) hx_dump(d);
    cr_assert_eq(st, WND_OK);
  } else {
    cr_assert_eq(st, WND_EINVALID);
    cr_assert_null(cat);
    const wnd_diag *x = hx_find(d, code);
    if (!x) hx_dump(d);
    cr_assert(x, "no [%s]", code);
    cr_assert_eq(x->severity, WND_SEV_ERROR);
    size_t fl = strlen(x->file);
    cr_assert(fl > 15 && !strcmp(x->file + fl - 15, "/functions.yaml"), "%s", x->file);
    cr_assert(!strncmp(x->file, dir, strlen(dir)), "%s", x->file);
    cr_assert_eq(x->line, line, "line %u", x->line);
    cr_assert_eq(x->column, col, "column %u", x->column);
    cr_assert(strstr(x->message, part), "message '%s' lacks '%s'", x->message, part);
    /* the call site is not reported again as an unknown function */
    cr_assert_eq(hx_count(d, "unknown-function"), 0);
    cr_assert_eq(wnd_diags_count_severity(d, WND_SEV_ERROR), 1);
  }
  wnd_diags_free(d);
  wnd_catalog_free(cat);
}

Test(catalog, condition_calls_a_c_host_function) {
  wnd_env *env = env_with_dishonest();
  char *dir = hx_make(NULL, 0);
  wnd_catalog *cat = NULL;
  wnd_diags *d = NULL;
  int st = hx_load(env, dir, &cat, &d);
  if (st != WND_OK) hx_dump(d);
  cr_assert_eq(st, WND_OK);
  cr_assert_eq(wnd_diags_count_severity(d, WND_SEV_ERROR), 0);
  cr_assert_eq(cat->nhostfns, 1);
  cr_assert_str_eq(cat->hostfns[0].name, "credit.dishonest");
  cr_assert_not_null(cat->functions[0].binding);

  wnd__value v;
  char msg[256];
  cr_assert_eq(hx_eval_condition(cat, "91350100MA2YYYYY2Y", &v, msg, sizeof msg), WND_OK);
  cr_assert(v.kind == WV_BOOL && v.u.b, "an honest applicant passes");
  cr_assert_eq(hx_eval_condition(cat, "91350100MA2XXXXX1X", &v, msg, sizeof msg), WND_OK);
  cr_assert(v.kind == WV_BOOL && !v.u.b, "a dishonest applicant fails");
  cr_assert_eq(hx_eval_condition(cat, "110101199003074578", &v, msg, sizeof msg), WND_OK);
  cr_assert(v.kind == WV_BOOL && !v.u.b);
  wnd_diags_free(d);
  wnd_catalog_free(cat);
  wnd_env_free(env);
  hx_remove(dir);
}

Test(catalog, two_catalogs_share_one_registration) {
  wnd_env *env = env_with_dishonest();
  char *dir = hx_make(NULL, 0);
  wnd_catalog *a = NULL, *b = NULL;
  cr_assert_eq(hx_load(env, dir, &a, NULL), WND_OK);
  cr_assert_eq(hx_load(env, dir, &b, NULL), WND_OK);
  wnd_catalog_free(a);
  wnd__value v;
  char msg[256];
  cr_assert_eq(hx_eval_condition(b, "91350100MA2XXXXX1X", &v, msg, sizeof msg), WND_OK);
  cr_assert(v.kind == WV_BOOL && !v.u.b);
  wnd_catalog_free(b);
  wnd_env_free(env);
  hx_remove(dir);
}

Test(catalog, declared_but_not_registered) {
  wnd_env *env = NULL;
  cr_assert_eq(wnd_env_new(&env, NULL), WND_OK);
  char *dir = hx_make(NULL, 0);
  load_expect(env, dir, "function-unprovided", 2, 5, "the host did not register it");
  wnd_env_free(env);
  hx_remove(dir);
}

Test(catalog, return_type_mismatch) {
  wnd_env *env = NULL;
  cr_assert_eq(wnd_env_new(&env, NULL), WND_OK);
  cr_assert_eq(wnd_env_register_function(env, "credit.dishonest", (wnd_fnptr)dishonest_int,
                                         WND_TYPE_INT, STR1, 1), WND_OK);
  char *dir = hx_make(NULL, 0);
  load_expect(env, dir, "function-signature-mismatch", 2, 5,
              "declared as (string) -> bool but the host registered it as (string) -> int");
  wnd_env_free(env);
  hx_remove(dir);
}

Test(catalog, parameter_mismatch) {
  wnd_env *env = NULL;
  cr_assert_eq(wnd_env_new(&env, NULL), WND_OK);
  cr_assert_eq(wnd_env_register_function(env, "credit.dishonest", (wnd_fnptr)two_strings,
                                         WND_TYPE_BOOL, STR2, 2), WND_OK);
  char *dir = hx_make(NULL, 0);
  load_expect(env, dir, "function-signature-mismatch", 2, 5, "(string, string) -> bool");
  wnd_env_free(env);
  hx_remove(dir);
}

Test(catalog, mismatch_reported_at_the_declaration) {
  /* the second declaration is the faulty one: its own line */
  wnd_env *env = env_with_dishonest();
  char *dir = hx_make_overlay("fn-level");
  load_expect(env, dir, "function-unprovided", 6, 5, "'credit.level'");
  wnd_env_free(env);
  hx_remove(dir);
}

Test(catalog, undeclared_function_is_left_to_the_compiler) {
  wnd_env *env = env_with_dishonest();
  char *dir = hx_make_overlay("host-undeclared");
  wnd_catalog *cat = NULL;
  wnd_diags *d = NULL;
  cr_assert_eq(hx_load(env, dir, &cat, &d), WND_EINVALID);
  cr_assert_eq(hx_count(d, "unknown-function"), 1);
  cr_assert_eq(hx_count(d, "function-unprovided"), 0);
  cr_assert_eq(wnd_diags_count_severity(d, WND_SEV_ERROR), 1);
  wnd_diags_free(d);
  wnd_env_free(env);
  hx_remove(dir);
}

Test(catalog, registered_but_undeclared_is_not_callable) {
  wnd_env *env = env_with_dishonest();
  cr_assert_eq(wnd_env_register_function(env, "credit.extra", (wnd_fnptr)dishonest,
                                         WND_TYPE_BOOL, STR1, 1), WND_OK);
  char *dir = hx_make(NULL, 0);
  wnd_catalog *cat = NULL;
  cr_assert_eq(hx_load(env, dir, &cat, NULL), WND_OK);
  cr_assert_eq(cat->nhostfns, 1);
  wnd__value v;
  char msg[256];
  cr_assert_eq(hx_eval(cat, "credit.extra(\"x\")", &v, msg, sizeof msg), WND_EINVALID);
  cr_assert(strstr(msg, "unknown-function"), "%s", msg);
  wnd_catalog_free(cat);
  wnd_env_free(env);
  hx_remove(dir);
}

/* ---- elicense.available ------------------------------------------------- */

Test(catalog, elicense_registered_without_declaration) {
  wnd_env *env = env_with_dishonest();
  char *dir = hx_make(NULL, 0);
  wnd_catalog *cat = NULL;
  cr_assert_eq(hx_load(env, dir, &cat, NULL), WND_OK);
  cr_assert_null(cat->elicense, "no provider: no substitution");
  wnd_catalog_free(cat);

  cr_assert_eq(wnd_env_register_function(env, "elicense.available", (wnd_fnptr)elicense,
                                         WND_TYPE_BOOL, STR2, 2), WND_OK);
  cr_assert_eq(hx_load(env, dir, &cat, NULL), WND_OK);
  const wnd__cel_hostfn *h = cat->elicense;
  cr_assert_not_null(h);
  cr_assert_str_eq(h->name, "elicense.available");
  cr_assert_eq(cat->nhostfns, 1, "not callable from expressions without a declaration");
  wnd__value args[2] = {wnd__v_string("91350100MA2YYYYY2Y", 18),
                        wnd__v_string("营业执照", 12)};
  wnd__value out = wnd__v_null();
  const char *msg = NULL;
  cr_assert_eq(h->call(h->ud, args, 2, &out, &msg), 0);
  cr_assert(out.kind == WV_BOOL && out.u.b);
  args[1] = wnd__v_string("居民身份证", 15);
  cr_assert_eq(h->call(h->ud, args, 2, &out, &msg), 0);
  cr_assert(out.kind == WV_BOOL && !out.u.b);
  wnd_catalog_free(cat);
  wnd_env_free(env);
  hx_remove(dir);
}

Test(catalog, elicense_declared_and_registered) {
  wnd_env *env = env_with_dishonest();
  cr_assert_eq(wnd_env_register_function(env, "elicense.available", (wnd_fnptr)elicense,
                                         WND_TYPE_BOOL, STR2, 2), WND_OK);
  char *dir = hx_make_overlay("fn-elicense");
  wnd_catalog *cat = NULL;
  cr_assert_eq(hx_load(env, dir, &cat, NULL), WND_OK);
  cr_assert_eq(cat->nhostfns, 2);
  cr_assert_eq(cat->elicense, &cat->hostfns[1]);
  wnd__value v;
  char msg[256];
  cr_assert_eq(hx_eval(cat, "elicense.available(\"91350100MA2YYYYY2Y\", \"营业执照\")", &v,
                       msg, sizeof msg), WND_OK, "%s", msg);
  cr_assert(v.kind == WV_BOOL && v.u.b);
  wnd_catalog_free(cat);
  wnd_env_free(env);
  hx_remove(dir);
}

/* ---- allocation failure ------------------------------------------------- */

typedef struct failing {
  long countdown;
  long live;
} failing;

static void *failing_realloc(void *ud, void *p, size_t n) {
  failing *f = ud;
  if (n == 0) {
    if (p) f->live--;
    free(p);
    return NULL;
  }
  if (f->countdown == 0) return NULL;
  if (f->countdown > 0) f->countdown--;
  void *q = realloc(p, n);
  if (q && !p) f->live++;
  return q;
}

Test(catalog, allocation_failure_during_load, .timeout = 60) {
  char *dir = hx_make_overlay("fn-oom");
  bool succeeded = false;
  for (long k = 0; k < 20000 && !succeeded; k++) {
    failing f = {-1, 0};
    wnd_allocator a = {failing_realloc, &f};
    wnd_env_options eo = WND_ENV_OPTIONS_INIT;
    eo.allocator = &a;
    wnd_env *env = NULL;
    cr_assert_eq(wnd_env_new(&env, &eo), WND_OK);
    cr_assert_eq(wnd_env_register_function(env, "credit.dishonest", (wnd_fnptr)dishonest,
                                           WND_TYPE_BOOL, STR1, 1), WND_OK);
    cr_assert_eq(wnd_env_register_function(env, "elicense.available", (wnd_fnptr)elicense,
                                           WND_TYPE_BOOL, STR2, 2), WND_OK);
    cr_assert_eq(wnd_env_allow_plugin_dir(env, hx_plugin_dir()), WND_OK);
    f.countdown = k;
    wnd_catalog *cat = NULL;
    wnd_diags *d = NULL;
    int st = hx_load(env, dir, &cat, &d);
    f.countdown = -1;
    /* credit.plugged is not in the plugin: the load can only fail */
    cr_assert(st == WND_EINVALID || st == WND_ENOMEM, "k=%ld: status %d", k, st);
    if (st == WND_EINVALID) {
      cr_assert_not_null(hx_find(d, "function-unprovided"));
      succeeded = true;
    }
    wnd_diags_free(d);
    wnd_catalog_free(cat);
    wnd_env_free(env);
    cr_assert_eq(f.live, 0, "leak after failing allocation %ld", k);
  }
  cr_assert(succeeded);
  hx_remove(dir);
}
