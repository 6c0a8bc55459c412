/*
** runner.c — run the CEL conformance cases (pinned in data/cases.jsonl,
** converted by cel2json.js)
** through lib/cel and report pass/fail/skip per suite.
**
** usage: cel-conformance CASES.jsonl [--all] [--verbose]
**
** Each line is {"suite","section","name","expr","check","types",
** "bindings","expect"|"error"|"skip"}.  Binding values and expected
** values are CEL literal expressions; they are evaluated by the same
** library and compared strictly (same kind, same value; NaN equals NaN).
**
** The suites of the issue (REQUIRED below) must have zero failures and at
** least 900 executed cases together, else the exit status is 1.  Other
** suites exercise extension libraries and protobuf features outside
** SPEC §3; with --all they run too, for information only.
**
** A case that expects an error passes when the error is found at compile
** time (our checker reports e.g. `1 + 1u` before evaluation, where cel-go
** runs the case unchecked) or at evaluation.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cel/cel.h"
#include "core/value.h"
#include "json/json.h"
#include "../cel/literal.h"

static const char *const REQUIRED[] = {"basic",    "comparisons", "conversions", "fields",
                                       "fp_math",  "integer_math", "lists",      "logic",
                                       "macros",   "parse",       "string",      "timestamps",
                                       NULL};
#define MIN_EXECUTED 900

typedef struct reason {
  char text[96];
  int count;
} reason;

typedef struct suite {
  char name[48];
  int pass, fail, skip;
  reason reasons[16];
  int nreasons;
  bool required;
} suite;

static suite suites[64];
static int nsuites;
static bool verbose;

static bool is_required(const char *s) {
  for (int i = 0; REQUIRED[i]; i++)
    if (!strcmp(REQUIRED[i], s)) return true;
  return false;
}

static suite *get_suite(const char *name) {
  for (int i = 0; i < nsuites; i++)
    if (!strcmp(suites[i].name, name)) return &suites[i];
  if (nsuites == 64) return &suites[63];
  suite *s = &suites[nsuites++];
  memset(s, 0, sizeof *s);
  snprintf(s->name, sizeof s->name, "%s", name);
  s->required = is_required(name);
  return s;
}

static void add_skip(suite *s, const char *why) {
  s->skip++;
  for (int i = 0; i < s->nreasons; i++)
    if (!strcmp(s->reasons[i].text, why)) {
      s->reasons[i].count++;
      return;
    }
  if (s->nreasons < 16) {
    snprintf(s->reasons[s->nreasons].text, sizeof s->reasons[0].text, "%s", why);
    s->reasons[s->nreasons++].count = 1;
  }
}

static const char *jstr(wnd__value obj, const char *key) {
  const wnd__value *v = wnd__map_get_str(obj, key, (uint32_t)strlen(key));
  return v && v->kind == WV_STRING ? v->u.s : NULL;
}

static wnd__cel_type type_of(const char *t) {
  static const struct {
    const char *n;
    wnd__cel_type t;
  } m[] = {{"bool", WND_CT_BOOL},     {"int", WND_CT_INT},         {"uint", WND_CT_UINT},
           {"double", WND_CT_DOUBLE}, {"string", WND_CT_STRING},   {"list", WND_CT_LIST},
           {"map", WND_CT_MAP},       {"null", WND_CT_NULL},       {"type", WND_CT_TYPE},
           {"timestamp", WND_CT_TIMESTAMP}, {"duration", WND_CT_DURATION}};
  for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
    if (!strcmp(m[i].n, t)) return m[i].t;
  return WND_CT_DYN;
}

#define MAX_VARS 32

static void run_case(wnd__value rec, wnd__cel_ctx *ctx, wnd__cel_ctx *lit, suite *s) {
  const char *name = jstr(rec, "name");
  const char *section = jstr(rec, "section");
  const char *expr = jstr(rec, "expr");
  const wnd__value *types = wnd__map_get_str(rec, "types", 5);
  const wnd__value *bind = wnd__map_get_str(rec, "bindings", 8);
  const char *expect = jstr(rec, "expect");
  bool want_error = wnd__map_get_str(rec, "error", 5) != NULL;

  wnd__cel_var vars[MAX_VARS];
  wnd__value slots[MAX_VARS];
  size_t nvars = 0;
  const char *why = NULL;
  if (types && types->kind == WV_MAP) {
    for (uint32_t i = 0; i < types->n && nvars < MAX_VARS; i++) {
      vars[nvars].name = types->u.ents[i].key.u.s;
      vars[nvars].type = type_of(types->u.ents[i].val.u.s);
      vars[nvars].slot = (uint32_t)nvars;
      slots[nvars] = wnd__v_error(NULL);
      nvars++;
    }
  }
  if (bind && bind->kind == WV_MAP) {
    for (uint32_t i = 0; i < bind->n; i++) {
      const char *vn = bind->u.ents[i].key.u.s;
      for (size_t k = 0; k < nvars; k++) {
        if (strcmp(vars[k].name, vn)) continue;
        if (!lit_eval(bind->u.ents[i].val.u.s, lit, &slots[k])) why = "binding does not evaluate";
      }
    }
  }
  /* unbound declared variables read as an error value */
  static const wnd__err unbound = {WE_INVALID, "unbound variable"};
  for (size_t k = 0; k < nvars; k++)
    if (slots[k].kind == WV_ERROR && !slots[k].u.err) slots[k] = wnd__v_error(&unbound);

  wnd__cel_env env;
  memset(&env, 0, sizeof env);
  env.vars = vars;
  env.nvars = nvars;
  const wnd__value *chk = wnd__map_get_str(rec, "check", 5);
  env.unchecked = chk && chk->kind == WV_BOOL && !chk->u.b;
  wnd__cel_diags d;
  wnd__cel_diags_init(&d, NULL);
  wnd__cel_program *p = NULL;
  int rc = wnd__cel_compile(&env, expr, strlen(expr), false, &p, &d);
  wnd__value got = wnd__v_null();
  bool ok = false;
  char detail[512] = "";
  if (why) {
    snprintf(detail, sizeof detail, "%s", why);
  } else if (rc != WND_OK) {
    ok = want_error;
    snprintf(detail, sizeof detail, "compile: %s at %u [%s]", d.count ? d.items[0].message : "?",
             d.count ? d.items[0].offset : 0, d.count ? d.items[0].code : "?");
  } else {
    wnd__cel_activation act;
    memset(&act, 0, sizeof act);
    act.slots = slots;
    act.nslots = nvars;
    wnd__cel_ctx_reset(ctx);
    int er = wnd__cel_eval(p, &act, ctx, &got);
    if (want_error) {
      ok = er != WND_OK;
    } else if (expect) {
      wnd__value want;
      if (!lit_eval(expect, lit, &want)) {
        snprintf(detail, sizeof detail, "expected value does not evaluate: %s", expect);
      } else {
        ok = er == WND_OK && lit_same(got, want);
      }
    }
  }
  if (ok) {
    s->pass++;
  } else {
    s->fail++;
    if (s->required || verbose) {
      printf("FAIL %s/%s/%s: %s\n  expected: %s\n  got: ", s->name, section, name, expr,
             want_error ? "an error" : (expect ? expect : "?"));
      if (rc == WND_OK) lit_show(stdout, got);
      printf("%s%s\n", detail[0] ? " " : "", detail);
    }
  }
  wnd__cel_program_free(p);
  wnd__cel_diags_free(&d);
  lit_release(lit);
}

int main(int argc, char **argv) {
  const char *path = NULL;
  bool all = false;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--all")) all = true;
    else if (!strcmp(argv[i], "--verbose")) verbose = true;
    else path = argv[i];
  }
  if (!path) {
    fprintf(stderr, "usage: cel-conformance CASES.jsonl [--all] [--verbose]\n");
    return 2;
  }
  FILE *f = fopen(path, "rb");
  if (!f) {
    perror(path);
    return 2;
  }
  wnd__cel_ctx *ctx = NULL, *lit = NULL;
  if (wnd__cel_ctx_new(&ctx, NULL, NULL) || wnd__cel_ctx_new(&lit, NULL, NULL)) {
    fprintf(stderr, "out of memory\n");
    return 2;
  }
  wnd__arena arena;
  wnd__arena_init(&arena, &wnd__mem_default, NULL, 0);
  char *line = NULL;
  size_t cap = 0;
  ssize_t n;
  while ((n = getline(&line, &cap, f)) > 0) {
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) n--;
    if (!n) continue;
    wnd__value rec;
    wnd__json_error jerr;
    if (wnd__json_parse(&arena, line, (size_t)n, NULL, &rec, &jerr) != WND_OK) {
      fprintf(stderr, "%s: bad line: %s\n", path, jerr.msg);
      return 2;
    }
    const char *sname = jstr(rec, "suite");
    suite *s = get_suite(sname ? sname : "?");
    const char *why = jstr(rec, "skip");
    if (why) add_skip(s, why);
    else if (!s->required && !all) add_skip(s, "suite outside SPEC §3 (extension libraries, protobuf); run with --all");
    else run_case(rec, ctx, lit, s);
    wnd__arena_reset(&arena);
  }
  free(line);
  fclose(f);

  /* A required suite with no case means the pinned data lost it (see
  ** tools/refresh-cel-spec): fail rather than pass on less. */
  int missing = 0;
  for (int i = 0; REQUIRED[i]; i++) {
    bool seen = false;
    for (int k = 0; k < nsuites; k++) seen |= !strcmp(suites[k].name, REQUIRED[i]);
    if (!seen) {
      printf("MISSING required suite %s in %s\n", REQUIRED[i], path);
      missing++;
    }
  }
  int total_req = 0, fail_req = 0;
  printf("\n%-16s %6s %6s %6s\n", "suite", "pass", "fail", "skip");
  for (int i = 0; i < nsuites; i++) {
    suite *s = &suites[i];
    printf("%-16s %6d %6d %6d%s\n", s->name, s->pass, s->fail, s->skip, s->required ? "" : "  (informational)");
    for (int k = 0; k < s->nreasons; k++)
      printf("    skipped %d: %s\n", s->reasons[k].count, s->reasons[k].text);
    if (s->required) {
      total_req += s->pass + s->fail;
      fail_req += s->fail;
    }
  }
  printf("\nrequired suites: %d executed, %d failed (need >= %d executed, 0 failed)\n", total_req,
         fail_req, MIN_EXECUTED);
  wnd__cel_ctx_free(ctx);
  wnd__cel_ctx_free(lit);
  wnd__arena_free(&arena);
  return (fail_req == 0 && missing == 0 && total_req >= MIN_EXECUTED) ? 0 : 1;
}
