/*
** main.c — a hall program that gives its rules a credit blacklist lookup.
**
** The rules (catalog/) call `credit.dishonest(applicant.credit_code)`, a
** function declared in catalog/functions.yaml but implemented here, in C,
** by the hall: it could query the local public credit platform (信用平台);
** this example keeps a fixed list.  The program
**
**   1. loads the catalog once without registering anything, to show the
**      diagnostic a hall gets when a declared function has no provider;
**   2. registers credit.dishonest (and elicense.available, the reserved
**      e-license lookup) on an environment, then loads the catalog;
**   3. evaluates four applicants and prints each decision and finding.
**
**   host-credit [CATALOG_DIR]       (default: ./catalog)
**
** Exit status 0 when every decision is the one expected, so `meson test`
** runs it as a check.  Only the public API (libwindow.h) is used.
*/
#include <libwindow.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* ---- the host functions ----------------------------------------------- */

/* 失信被执行人: organisations the credit platform lists (made-up codes). */
static const char *const BLACKLIST[] = {
    "91350100MA2XXXXX1X",
    "91350102MA3XXXXX2X",
};

/*
** credit.dishonest(string) -> bool.  libwindow calls it through libffi
** with exactly the signature registered below: C bool, const char *.
** The string is NUL-terminated UTF-8, valid only during the call.  It may
** be called from several evaluating threads at once, so it only reads
** immutable data.  When it cannot answer, it says so with wnd_host_fail:
** the expression then errors and the engine reports the condition as
** undetermined instead of treating the applicant as honest.
*/
static bool credit_dishonest(const char *credit_code) {
  if (strlen(credit_code) != 18) {
    wnd_host_fail("not an 18-character unified social credit code");
    return false; /* ignored after wnd_host_fail */
  }
  for (size_t i = 0; i < sizeof BLACKLIST / sizeof BLACKLIST[0]; i++)
    if (!strcmp(credit_code, BLACKLIST[i])) return true;
  return false;
}

/*
** elicense.available(holder_id, license_type) -> bool: the 电子证照 lookup.
** A required material with `e_license:` that the applicant did not bring
** is satisfied when this returns true (finding material_substituted).
*/
static bool elicense_available(const char *holder_id, const char *license_type) {
  return !strcmp(holder_id, "91350100MA2YYYYY2Y") && !strcmp(license_type, "营业执照");
}

static int register_functions(wnd_env *env) {
  static const wnd_type one_string[] = {WND_TYPE_STRING};
  static const wnd_type two_strings[] = {WND_TYPE_STRING, WND_TYPE_STRING};
  /* Casting to wnd_fnptr is how C stores "some function"; libwindow casts
  ** it back only through the cif built from the signature given here. */
  int st = wnd_env_register_function(env, "credit.dishonest", (wnd_fnptr)credit_dishonest,
                                     WND_TYPE_BOOL, one_string, 1);
  if (st == WND_OK)
    st = wnd_env_register_function(env, "elicense.available", (wnd_fnptr)elicense_available,
                                   WND_TYPE_BOOL, two_strings, 2);
  if (st != WND_OK) fprintf(stderr, "register: %s\n", wnd_env_errmsg(env));
  return st;
}

/* ---- output ------------------------------------------------------------- */

static void print_diags(const wnd_diags *d) {
  for (size_t i = 0; i < wnd_diags_count(d); i++) {
    const wnd_diag *x = wnd_diags_get(d, i);
    printf("  %s:%u:%u: %s: %s [%s]\n", x->file, x->line, x->column,
           x->severity == WND_SEV_ERROR ? "error" : "warning", x->message, x->code);
  }
}

static void print_result(const wnd_result *r) {
  printf("  decision: %s\n", wnd_decision_name(wnd_result_decision(r)));
  for (size_t i = 0; i < wnd_result_finding_count(r); i++) {
    const wnd_finding *f = wnd_result_finding(r, i);
    printf("  - %s (%s): %s\n", f->code, f->subject ? f->subject : "-", f->message);
  }
}

/* ---- steps ------------------------------------------------------------ */

/* Step 1: nobody provides credit.dishonest, so the catalog does not load. */
static bool load_without_provider(const char *dir) {
  wnd_env *env = NULL;
  if (wnd_env_new(&env, NULL) != WND_OK) return false;
  wnd_catalog *cat = NULL;
  wnd_diags *d = NULL;
  int st = wnd_catalog_load(&cat, &d, env, dir, NULL);
  printf("1. load without registering credit.dishonest: %s\n", wnd_errstr(st));
  print_diags(d);
  wnd_diags_free(d);
  wnd_catalog_free(cat);
  wnd_env_free(env);
  return st == WND_EINVALID;
}

typedef struct applicant {
  const char *label;
  const char *credit_code;
  bool brings_license;
  wnd_decision expected;
} applicant;

static bool evaluate(wnd_env *env, const wnd_catalog *cat, const applicant *a) {
  wnd_submission *s = NULL;
  if (wnd_submission_new(&s, env) != WND_OK) return false;
  int st = wnd_submission_set_string(s, "applicant.name", a->label);
  if (st == WND_OK) st = wnd_submission_set_string(s, "applicant.credit_code", a->credit_code);
  if (st == WND_OK) st = wnd_submission_set_string(s, "data.change", "经营场所");
  if (st == WND_OK) st = wnd_submission_add_material(s, "application_form", "original", 1);
  if (st == WND_OK && a->brings_license)
    st = wnd_submission_add_material(s, "business_license", "original", 1);
  wnd_result *r = NULL;
  if (st == WND_OK) {
    wnd_eval_options eo = WND_EVAL_OPTIONS_INIT;
    eo.now_set = true;
    eo.now_sec = 1794967200; /* 2026-11-18 10:00 +08:00: a fixed day for the demo */
    st = wnd_evaluate(&r, cat, "DEMO-XK-0001", s, &eo);
  }
  bool ok = false;
  printf("\n%s (%s)\n", a->label, a->credit_code);
  if (st == WND_OK) {
    print_result(r);
    ok = wnd_result_decision(r) == a->expected;
    if (!ok) printf("  UNEXPECTED: wanted %s\n", wnd_decision_name(a->expected));
  } else {
    printf("  evaluation failed: %s\n", wnd_errstr(st));
  }
  wnd_result_free(r);
  wnd_submission_free(s);
  return ok;
}

int main(int argc, char **argv) {
  const char *dir = argc > 1 ? argv[1] : "catalog";
  bool ok = load_without_provider(dir);

  /* Step 2: register, then load.  Registration happens once, before any
  ** catalog is loaded and before any evaluating thread starts. */
  wnd_env *env = NULL;
  if (wnd_env_new(&env, NULL) != WND_OK || register_functions(env) != WND_OK) {
    wnd_env_free(env);
    return 1;
  }
  wnd_catalog *cat = NULL;
  wnd_diags *d = NULL;
  int st = wnd_catalog_load(&cat, &d, env, dir, NULL);
  printf("\n2. load with credit.dishonest registered: %s\n", wnd_errstr(st));
  print_diags(d);
  wnd_diags_free(d);
  if (st != WND_OK) {
    wnd_env_free(env);
    return 1;
  }

  /* Step 3: evaluate.  A loaded catalog may be shared by many threads. */
  printf("\n3. evaluations\n");
  static const applicant applicants[] = {
      {"示范餐饮有限公司", "91350100MA2YYYYY2Y", true, WND_ACCEPTED},
      {"失信餐饮有限公司", "91350100MA2XXXXX1X", true, WND_REJECTED},
      /* no paper licence, but the e-license library has it */
      {"示范餐饮有限公司", "91350100MA2YYYYY2Y", false, WND_ACCEPTED},
      /* the lookup cannot answer: condition undetermined, so 补正 */
      {"编码有误的公司", "91350100", true, WND_INCOMPLETE},
  };
  for (size_t i = 0; i < sizeof applicants / sizeof applicants[0]; i++)
    ok = evaluate(env, cat, &applicants[i]) && ok;

  wnd_catalog_free(cat); /* catalogs before their environment */
  wnd_env_free(env);
  return ok ? 0 : 1;
}
