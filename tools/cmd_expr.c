/*
** cmd_expr.c — `window expr 'EXPR' [--catalog DIR] [--now T] [--var name=JSON ...]`:
** compile and evaluate one expression through the public API
** (wnd_expr_*), print the value as JSON.
**
** Variables given with --var are dyn.  `now` is the clock, or --now T,
** unless a --var gives it (as a JSON string it stays a string: use
** timestamp(now) in that case).  With --catalog the expression sees the
** catalog's calendar (workdays.*), timezone (now.getHours() is local time)
** and host functions; a --now without an offset is then in the catalog's
** timezone.  Without a catalog it is plain CEL in UTC and --now needs an
** RFC 3339 offset.  Exit 0 with the value, 1 on a compile or evaluation
** error (printed as `window expr: LINE:COL: message`), 2 on usage errors
** and catalogs that do not load.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libwindow.h>

#include "cli_util.h"
#include "commands.h"
#include "cli_limits.h"

#define MAX_VARS 64

static void usage(FILE *f) {
  fprintf(f,
          "usage: window expr 'EXPR' [--catalog DIR] [--now T] [--var name=JSON ...]\n"
          "  Evaluate one expression and print its value as JSON.\n"
          "  --catalog DIR     see the catalog's calendar, timezone and host functions\n"
          "  --now T           bind now to T (RFC 3339; a day or no offset: catalog zone)\n"
          "  --var name=JSON   bind a variable (type dyn) to a JSON value\n");
}

static bool valid_name(const char *s, size_t n) {
  if (!n) return false;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
              (i > 0 && ((c >= '0' && c <= '9') || c == '.'));
    if (!ok) return false;
  }
  return true;
}

/* Append "name":json to the object text in *buf, leaving room for a '}'
** (names are plain: valid_name allows no quotes or backslashes). */
static bool add_var(char **buf, size_t *len, const char *name, size_t nl, const char *json) {
  size_t jl = strlen(json), need = *len + nl + jl + 8;
  char *p = realloc(*buf, need);
  if (!p) return false;
  *buf = p;
  *len += (size_t)snprintf(p + *len, need - *len, "%s\"%.*s\":%s", *len > 1 ? "," : "",
                           (int)nl, name, json);
  return true;
}

/* Print the compile diagnostics as `window expr: L:C: severity: msg [code]`. */
static void print_diags(const wnd_diags *d) {
  for (size_t i = 0; i < wnd_diags_count(d); i++) {
    const wnd_diag *x = wnd_diags_get(d, i);
    fprintf(stderr, "window expr: %u:%u: %s: %s [%s]\n", x->line, x->column,
            x->severity == WND_SEV_ERROR ? "error" : "warning", x->message, x->code);
  }
}

/* Print the failure of the last call: its place inside the expression when known. */
static void print_error(wnd_env *env) {
  const wnd_error *e = wnd_error_last();
  if (e && e->file && e->line)
    fprintf(stderr, "window expr: %u:%u: %s\n", e->line, e->column, wnd_env_errmsg(env));
  else
    fprintf(stderr, "window expr: %s\n", wnd_env_errmsg(env));
}

/* --now without a catalog: read as CEL's timestamp() reads it, through the
** same public API, so there is one parser for instants. */
static bool plain_instant(wnd_env *env, const char *t, int64_t *sec) {
  const char *vars[] = {"t"};
  wnd_expr_options o = WND_EXPR_OPTIONS_INIT;
  o.vars = vars;
  o.nvars = 1;
  wnd_expr *e = NULL;
  const char *src = "int(timestamp(t))";
  size_t tl = strlen(t);
  char *vj = malloc(tl + 16), *out = NULL;
  bool ok = false;
  if (vj && strspn(t, "0123456789-+:TZtz.") == tl &&
      wnd_expr_compile(&e, env, NULL, src, strlen(src), &o, NULL) == WND_OK) {
    snprintf(vj, tl + 16, "{\"t\":\"%s\"}", t);
    if (wnd_expr_eval_json(e, vj, NULL, &out) == WND_OK) {
      char *end;
      long long v = strtoll(out, &end, 10);
      ok = *end == '\0';
      *sec = v;
    }
  }
  wnd_free(env, out);
  wnd_expr_free(e);
  free(vj);
  return ok;
}

int wnd_cmd_expr(int argc, char **argv) {
  const char *expr = NULL, *dir = NULL, *now = NULL;
  const char *names[MAX_VARS];
  size_t nlen[MAX_VARS];
  const char *json[MAX_VARS];
  size_t nvars = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      usage(stdout);
      return 0;
    }
    if (!strcmp(a, "--catalog") || !strcmp(a, "--now")) {
      if (i + 1 >= argc) {
        fprintf(stderr, "window expr: %s needs a value\n", a);
        return 2;
      }
      *(a[2] == 'c' ? &dir : &now) = argv[++i];
      continue;
    }
    if (!strcmp(a, "--var") || !strncmp(a, "--var=", 6)) {
      const char *spec = a[5] == '=' ? a + 6 : (i + 1 < argc ? argv[++i] : NULL);
      const char *eq = spec ? strchr(spec, '=') : NULL;
      if (!eq || !valid_name(spec, (size_t)(eq - spec))) {
        fprintf(stderr, "window expr: --var needs name=JSON\n");
        usage(stderr);
        return 2;
      }
      if (nvars == MAX_VARS) {
        fprintf(stderr, "window expr: at most %d --var options\n", MAX_VARS);
        return 2;
      }
      size_t nl = (size_t)(eq - spec);
      for (size_t k = 0; k < nvars; k++)
        if (nlen[k] == nl && !strncmp(names[k], spec, nl)) {
          fprintf(stderr, "window expr: variable '%.*s' given twice\n", (int)nl, spec);
          return 2;
        }
      names[nvars] = spec;
      nlen[nvars] = nl;
      json[nvars] = eq + 1;
      nvars++;
      continue;
    }
    if (a[0] == '-' && a[1] == '-') {
      fprintf(stderr, "window expr: unknown option '%s'\n", a);
      usage(stderr);
      return 2;
    }
    if (expr) {
      fprintf(stderr, "window expr: more than one expression\n");
      usage(stderr);
      return 2;
    }
    expr = a;
  }
  if (!expr) {
    usage(stderr);
    return 2;
  }

  int rc = 2;
  wnd_env *env = NULL;
  wnd_catalog *cat = NULL;
  wnd_expr *e = NULL;
  wnd_diags *diags = NULL;
  char *vj = NULL, *out = NULL;
  char *declared[MAX_VARS];
  size_t ndeclared = 0, vlen = 1;
  if (wnd_env_new(&env, cli_env_options()) != WND_OK) {
    fprintf(stderr, "window expr: out of memory\n");
    return 2;
  }
  if (dir && cli_load("expr", env, dir, &cat) != WND_OK) goto done;
  wnd_expr_eval_options eo = WND_EXPR_EVAL_OPTIONS_INIT;
  if (now) {
    eo.now_set = true;
    if (cat ? !cli_parse_instant(cat, now, &eo.now_sec) : !plain_instant(env, now, &eo.now_sec)) {
      fprintf(stderr, "window expr: --now '%s' is not a time%s\n", now,
              cat ? "" : " with an offset (2026-11-20T10:00:00+08:00)");
      goto done;
    }
  }
  vj = malloc(4);
  if (!vj) goto oom;
  strcpy(vj, "{");
  for (size_t k = 0; k < nvars; k++) {
    declared[k] = malloc(nlen[k] + 1);
    if (!declared[k]) goto oom;
    ndeclared++;
    memcpy(declared[k], names[k], nlen[k]);
    declared[k][nlen[k]] = '\0';
    if (!add_var(&vj, &vlen, names[k], nlen[k], json[k])) goto oom;
  }
  strcat(vj, "}"); /* add_var leaves room for it */

  wnd_expr_options co = WND_EXPR_OPTIONS_INIT;
  co.vars = (const char *const *)declared;
  co.nvars = ndeclared;
  rc = 1;
  int st = wnd_expr_compile(&e, env, cat, expr, strlen(expr), &co, &diags);
  print_diags(diags);
  if (st != WND_OK) {
    if (!wnd_diags_count(diags)) print_error(env);
    goto done;
  }
  st = wnd_expr_eval_json(e, vj, &eo, &out);
  if (st == WND_EINVALID) rc = 2;
  if (st != WND_OK) {
    print_error(env);
    goto done;
  }
  printf("%s\n", out);
  rc = 0;
  goto done;
oom:
  fprintf(stderr, "window expr: out of memory\n");
done:
  wnd_free(env, out);
  wnd_diags_free(diags);
  wnd_expr_free(e);
  wnd_catalog_free(cat);
  wnd_env_free(env);
  for (size_t k = 0; k < ndeclared; k++) free(declared[k]);
  free(vj);
  return rc;
}
