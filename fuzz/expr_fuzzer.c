/*
** expr_fuzzer.c — bytes -> expression and JSON variable -> compile with
** the public expression API (wnd_expr_compile) -> evaluate to JSON.
**
** Input layout: EXPR [ '\0' JSON ].  The bytes before the first NUL are
** the expression; the bytes after it are one JSON document bound to the
** variable `x` (null when absent or invalid JSON).  When the JSON is an
** object whose every key the expression names, the object itself is also
** tried as the variables (so `data.area_m2 > 10.0` or `applicant.kind`
** resolve).  Variables declared: `x` and every identifier of the
** expression that is not a member name, a function or its namespace, or
** `now` (at most 16), all of type dyn.  `now` is a fixed timestamp; the shipped rules/ catalog
** gives the +08:00 timezone and the working-day calendar behind
** workdays.*.
**
** The public API compiles checked only: expressions the checker refuses
** (unknown functions, type mismatches between literals) stop at compile,
** where the diagnostics are read.  Declaring every free identifier as dyn
** keeps most expressions past the checker and into the evaluator.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "libwindow.h"

#define MAX_VARS 16
#define NOW_SEC 1795140000 /* 2026-11-20T10:00:00+08:00 */

static wnd_env *g_env;
static wnd_catalog *g_cat;
static int g_verbose; /* $WND_FUZZ_VERBOSE: print what each input did */

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  g_verbose = getenv("WND_FUZZ_VERBOSE") != NULL;
  if (wnd_env_new(&g_env, NULL) != WND_OK) abort();
  if (wnd_catalog_load(&g_cat, NULL, g_env, WND_FUZZ_SOURCE_ROOT "/rules", NULL) != WND_OK) {
    fprintf(stderr, "expr_fuzzer: cannot load %s/rules: %s\n", WND_FUZZ_SOURCE_ROOT,
            wnd_env_errmsg(g_env));
    abort();
  }
  return 0;
}

static bool ident_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool ident_char(char c) { return ident_start(c) || (c >= '0' && c <= '9'); }

static bool reserved(const char *s, size_t n) {
  static const char *const WORDS[] = {"true", "false", "null", "in", "now", "x"};
  for (size_t i = 0; i < sizeof WORDS / sizeof WORDS[0]; i++)
    if (strlen(WORDS[i]) == n && !memcmp(WORDS[i], s, n)) return true;
  return false;
}

/* Whether s[k..n) is ". name (": the identifier before it is a function
** namespace (cn.age(...), workdays.add(...), host functions), not data. */
static bool namespace_call(const char *s, size_t k, size_t n) {
  if (k >= n || s[k] != '.') return false;
  size_t j = k + 1;
  if (j >= n || !ident_start(s[j])) return false;
  while (j < n && ident_char(s[j])) j++;
  return j < n && s[j] == '(';
}

/* The free identifiers of the expression: not after '.', not before '(',
** not a namespace of functions, not inside a string literal (a rough scan:
** quotes toggle). */
static size_t free_idents(const char *s, size_t n, char names[][65], size_t max) {
  size_t count = 0;
  char quote = 0;
  for (size_t i = 0; i < n && count < max;) {
    char c = s[i];
    if (quote) {
      if (c == '\\') i++;
      else if (c == quote) quote = 0;
      i++;
      continue;
    }
    if (c == '"' || c == '\'') {
      quote = c;
      i++;
      continue;
    }
    if (!ident_start(c) || (i > 0 && ident_char(s[i - 1]))) {
      i++;
      continue;
    }
    size_t j = i;
    while (j < n && ident_char(s[j])) j++;
    size_t k = j;
    while (k < n && (s[k] == ' ' || s[k] == '\t' || s[k] == '\n')) k++;
    size_t b = i;
    while (b > 0 && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\n')) b--;
    bool member = b > 0 && s[b - 1] == '.';
    bool call = (k < n && s[k] == '(') || namespace_call(s, k, n);
    bool dup = false;
    for (size_t m = 0; m < count; m++)
      dup |= strlen(names[m]) == j - i && !memcmp(names[m], s + i, j - i);
    if (!member && !call && !dup && j - i <= 64 && !reserved(s + i, j - i)) {
      memcpy(names[count], s + i, j - i);
      names[count++][j - i] = '\0';
    }
    i = j;
  }
  return count;
}

static volatile size_t g_sink;

/* Evaluate with vars_json; true unless the variables were refused. */
static bool eval(const wnd_expr *e, const char *vars_json) {
  wnd_expr_eval_options eo = WND_EXPR_EVAL_OPTIONS_INIT;
  eo.now_set = true;
  eo.now_sec = NOW_SEC;
  char *out = NULL;
  int er = wnd_expr_eval_json(e, vars_json, &eo, &out);
  if (er == WND_OK) {
    g_sink += strlen(out);
    if (g_verbose) fprintf(stderr, "  value: %.200s\n", out);
  } else {
    const wnd_error *err = wnd_error_last();
    if (err) g_sink += strlen(err->message) + err->column;
    if (g_verbose) fprintf(stderr, "  eval: %s: %s\n", wnd_errstr(er), err ? err->message : "");
  }
  /* The value API must agree with the JSON one: the same outcome, and for
  ** a bool or an int the same value.  (Not where the JSON call refused the
  ** variables: a variable set may hold names an expression did not
  ** declare, by design, while wnd_expr_eval_json refuses them.) */
  wnd_expr_vars *vars = NULL;
  int vr = er == WND_EINVALID ? WND_EINVALID
                               : wnd_expr_vars_new(&vars, g_env, vars_json,
                                                   vars_json ? strlen(vars_json) : 0);
  if (vr == WND_OK) {
    wnd_expr_value v = WND_EXPR_VALUE_INIT;
    int xr = wnd_expr_eval(e, vars, &eo, &v);
    if (xr != WND_ENOMEM && er != WND_ENOMEM && xr != er) {
      fprintf(stderr, "wnd_expr_eval gave %s, wnd_expr_eval_json %s\n", wnd_errstr(xr), wnd_errstr(er));
      abort();
    }
    if (xr == WND_OK && er == WND_OK) {
      char want[32] = "";
      if (v.kind == WND_EXPR_BOOL) snprintf(want, sizeof want, "%s", v.b ? "true" : "false");
      if (v.kind == WND_EXPR_INT) snprintf(want, sizeof want, "%lld", (long long)v.i);
      if (want[0] && strcmp(want, out) != 0) {
        fprintf(stderr, "wnd_expr_eval gave %s, wnd_expr_eval_json %s\n", want, out);
        abort();
      }
    }
    wnd_expr_value_clear(&v);
    wnd_expr_vars_free(vars);
  }
  wnd_free(g_env, out);
  return er != WND_EINVALID;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *src = (const char *)data;
  const uint8_t *nul = memchr(data, 0, size);
  size_t elen = nul ? (size_t)(nul - data) : size;
  const char *json = nul ? (const char *)nul + 1 : NULL;
  size_t jlen = nul ? size - elen - 1 : 0;

  char names[MAX_VARS][65];
  const char *vars[MAX_VARS + 1] = {"x"};
  size_t nv = 1 + free_idents(src, elen, names, MAX_VARS);
  for (size_t i = 1; i < nv; i++) vars[i] = names[i - 1];
  wnd_expr_options xo = WND_EXPR_OPTIONS_INIT;
  xo.vars = vars;
  xo.nvars = nv;

  wnd_diags *diags = NULL;
  wnd_expr *e = NULL;
  int cr = wnd_expr_compile(&e, g_env, g_cat, src, elen, &xo, &diags);
  for (size_t i = 0; i < wnd_diags_count(diags); i++) {
    const wnd_diag *d = wnd_diags_get(diags, i);
    g_sink += strlen(d->message) + d->offset + d->line + d->column;
  }
  if (g_verbose && cr != WND_OK)
    fprintf(stderr, "  compile: %s%s%s\n", wnd_errstr(cr), wnd_diags_count(diags) ? ": " : "",
            wnd_diags_count(diags) ? wnd_diags_get(diags, 0)->message : "");
  wnd_diags_free(diags);
  if (cr != WND_OK) return 0;

  /* {"x": JSON}: the text of the input, NUL-terminated; bad JSON is null. */
  char *vj = json ? malloc(jlen + 16) : NULL;
  bool bound = false;
  if (vj) {
    memcpy(vj, "{\"x\": ", 6);
    memcpy(vj + 6, json, jlen);
    memcpy(vj + 6 + jlen, "}", 2);
    bound = strlen(vj) == jlen + 7 && eval(e, vj); /* an inner NUL is bad JSON */
    /* The object's own keys as variables, when the expression names them all. */
    memcpy(vj, json, jlen);
    vj[jlen] = '\0';
    if (jlen && json[0] == '{' && strlen(vj) == jlen) (void)eval(e, vj);
  }
  if (!bound) (void)eval(e, NULL);
  free(vj);
  wnd_expr_free(e);
  return 0;
}
