/*
** exprfile.c — run expression test files (tests/cel/NAME.test, format in
** tests/cel/README.md) through lib/cel and report each case as TAP.
** tests/python/test_expr_files.py runs the same files through window.expr.
**
** usage: cel-exprfile [--faults] FILE.test...
**
** A case is evaluated as `window expr` does: variables are dyn values from
** JSON, `now` is a timestamp variable (a fixed default instant, so no case
** depends on the clock).  An expected value is a constant expression,
** evaluated by the library and compared strictly (same kind and value); an
** expected error is "LINE:COL: message" of the first error, compile-time or
** evaluation-time alike.  A malformed case fails with its file:line.
** With --faults each case is instead run again with every allocation
** failing in turn and with every smaller cost budget (exprfault.h).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cel/cel.h"
#include "core/utf8.h"
#include "json/json.h"
#include "exprfault.h"
#include "literal.h"

#define MAX_VARS 16
#define DEFAULT_NOW "2026-11-20T10:00:00+08:00"

typedef struct ecase {
  const char *file;
  int line;             /* line of the expression */
  char *expr;
  char *names[MAX_VARS];
  char *json[MAX_VARS];
  int nvars;
  char *now;            /* RFC 3339 text, NULL: DEFAULT_NOW */
  char *value;          /* "=> " expected value, or */
  char *error;          /* "!! " expected error */
  const char *bad;      /* why the case is malformed */
} ecase;

static int ntests, nfailed;
static bool faults;   /* --faults: report the fault sweep of each case */

static void report(const ecase *c, bool ok, const char *fmt, const char *a, const char *b) {
  ntests++;
  if (!ok) nfailed++;
  printf("%s %d - %s:%d: %s\n", ok ? "ok" : "not ok", ntests, c->file, c->line,
         c->expr ? c->expr : "(no expression)");
  if (!ok) {
    printf("# ");
    printf(fmt, a, b);
    printf("\n");
  }
}

/* "L:C: message" for byte offset off of src (no position when unknown). */
static void position_text(char *buf, size_t cap, const char *src, uint32_t off, const char *msg) {
  if (off == UINT32_MAX) {
    snprintf(buf, cap, "%s", msg);
    return;
  }
  uint32_t ln, col;
  wnd__utf8_position(src, strlen(src), off, &ln, &col);
  snprintf(buf, cap, "%u:%u: %s", ln, col, msg);
}

static void run(const ecase *c, wnd__cel_ctx *ctx, wnd__cel_ctx *lit) {
  if (c->bad) {
    report(c, false, "malformed case: %s%s", c->bad, "");
    return;
  }
  wnd__arena arena;
  wnd__arena_init(&arena, &wnd__mem_default, NULL, 0);
  wnd__cel_var vars[MAX_VARS + 1];
  wnd__value slots[MAX_VARS + 1];
  char got[512] = "";
  const char *problem = NULL;
  for (int k = 0; k < c->nvars && !problem; k++) {
    wnd__json_error jerr;
    if (wnd__json_parse(&arena, c->json[k], strlen(c->json[k]), NULL, &slots[k], &jerr) != WND_OK)
      problem = "a variable's JSON does not parse";
    vars[k].name = c->names[k];
    vars[k].type = WND_CT_DYN;
    vars[k].slot = (uint32_t)k;
  }
  /* now: a timestamp variable and the activation's receipt instant */
  char nowexpr[96];
  snprintf(nowexpr, sizeof nowexpr, "timestamp('%s')", c->now ? c->now : DEFAULT_NOW);
  size_t n = (size_t)c->nvars;
  if (!problem && !lit_eval(nowexpr, lit, &slots[n])) problem = "the now line is no RFC 3339 instant";
  vars[n].name = "now";
  vars[n].type = WND_CT_TIMESTAMP;
  vars[n].slot = (uint32_t)n;
  if (problem) {
    report(c, false, "malformed case: %s%s", problem, "");
    lit_release(lit);
    wnd__arena_free(&arena);
    return;
  }
  wnd__cel_env env;
  memset(&env, 0, sizeof env);
  env.mem = &wnd__mem_default;
  env.vars = vars;
  env.nvars = n + 1;
  wnd__cel_diags diags;
  wnd__cel_diags_init(&diags, NULL);
  wnd__cel_program *prog = NULL;
  wnd__value out = wnd__v_null();
  bool failed = false;
  fault_clean clean = {false, UINT32_MAX, NULL, wnd__v_null(), 0};
  wnd__cel_activation act;
  memset(&act, 0, sizeof act);
  act.slots = slots;
  act.nslots = n + 1;
  act.now_sec = slots[n].u.t.sec;
  act.now_nsec = slots[n].nsec;
  if (wnd__cel_compile(&env, c->expr, strlen(c->expr), false, &prog, &diags) != WND_OK) {
    failed = true;
    for (size_t i = 0; i < diags.count; i++)
      if (diags.items[i].severity == WND_SEV_ERROR) {
        position_text(got, sizeof got, c->expr, diags.items[i].offset, diags.items[i].message);
        clean.off = diags.items[i].offset;
        clean.msg = diags.items[i].message;
        break;
      }
  } else {
    if (wnd__cel_eval(prog, &act, ctx, &out) != WND_OK) {
      failed = true;
      position_text(got, sizeof got, c->expr, wnd__cel_error_offset(out.u.err),
                    out.u.err && out.u.err->msg ? out.u.err->msg : "?");
      clean.off = wnd__cel_error_offset(out.u.err);
      clean.msg = out.u.err ? out.u.err->msg : NULL;
    }
    clean.cost = wnd__cel_ctx_cost(ctx);
  }
  clean.failed = failed;
  clean.value = out;
  if (faults) {
    char why[256];
    const char *bad = fault_sweep(&env, &act, c->expr, &clean, why, sizeof why);
    report(c, bad == NULL, "fault sweep: %s%s", bad ? bad : "", "");
  } else if (c->error) {
    report(c, failed && !strcmp(got, c->error), "expected error \"%s\", got %s", c->error,
           failed ? got : "a value");
  } else if (failed) {
    report(c, false, "expected %s, got error \"%s\"", c->value, got);
  } else {
    wnd__value want;
    if (!lit_eval(c->value, lit, &want)) {
      report(c, false, "the expected value %s does not evaluate%s", c->value, "");
    } else {
      bool ok = lit_same(out, want);
      report(c, ok, "expected %s%s", c->value, "");
      if (!ok) {
        printf("# got ");
        lit_show(stdout, out);
        printf("\n");
      }
    }
  }
  wnd__cel_program_free(prog);
  wnd__cel_diags_free(&diags);
  lit_release(lit);
  wnd__cel_ctx_reset(ctx);
  wnd__arena_free(&arena);
}

static void clear(ecase *c) {
  free(c->expr);
  for (int k = 0; k < c->nvars; k++) {
    free(c->names[k]);
    free(c->json[k]);
  }
  free(c->now);
  free(c->value);
  free(c->error);
  const char *file = c->file;
  memset(c, 0, sizeof *c);
  c->file = file;
}

static char *dup(const char *s) {
  char *d = strdup(s);
  if (!d) {
    fprintf(stderr, "cel-exprfile: out of memory\n");
    exit(2);
  }
  return d;
}

/* One line of a case after its expression. */
static void add_line(ecase *c, char *s) {
  if (!strncmp(s, "=> ", 3) || !strncmp(s, "!! ", 3)) {
    if (c->value || c->error) c->bad = "more than one expectation";
    else if (s[0] == '=') c->value = dup(s + 3);
    else c->error = dup(s + 3);
  } else if (!strncmp(s, "now ", 4)) {
    if (c->now) c->bad = "now given twice";
    else c->now = dup(s + 4);
  } else if (!strncmp(s, "let ", 4)) {
    char *eq = strstr(s + 4, " = ");
    if (!eq || c->nvars == MAX_VARS) {
      c->bad = "a let line is 'let NAME = JSON' (at most 16)";
      return;
    }
    *eq = '\0';
    c->names[c->nvars] = dup(s + 4);
    c->json[c->nvars++] = dup(eq + 3);
  } else {
    c->bad = "a line after the expression starts with 'let ', 'now ', '=> ' or '!! '";
  }
}

static int run_file(const char *path, wnd__cel_ctx *ctx, wnd__cel_ctx *lit) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    perror(path);
    return 2;
  }
  ecase c;
  memset(&c, 0, sizeof c);
  c.file = path;
  char *line = NULL;
  size_t cap = 0;
  ssize_t len;
  int lineno = 0;
  for (;;) {
    len = getline(&line, &cap, f);
    lineno++;
    if (len > 0 && line[len - 1] == '\n') line[--len] = '\0';
    bool end = len < 0 || len == 0;
    if (end) {
      if (c.expr) {
        if (!c.bad && !c.value && !c.error) c.bad = "no expectation ('=> VALUE' or '!! ERROR')";
        run(&c, ctx, lit);
      }
      clear(&c);
      if (len < 0) break;
      continue;
    }
    if (line[0] == '#') continue;
    if (!c.expr) {
      c.expr = dup(line);
      c.line = lineno;
    } else {
      add_line(&c, line);
    }
  }
  free(line);
  fclose(f);
  return 0;
}

int main(int argc, char **argv) {
  int first = 1;
  if (argc > 1 && !strcmp(argv[1], "--faults")) {
    faults = true;
    first = 2;
  }
  if (argc <= first) {
    fprintf(stderr, "usage: cel-exprfile [--faults] FILE.test...\n");
    return 2;
  }
  wnd__cel_ctx *ctx = NULL, *lit = NULL;
  if (wnd__cel_ctx_new(&ctx, NULL, NULL) || wnd__cel_ctx_new(&lit, NULL, NULL)) {
    fprintf(stderr, "cel-exprfile: out of memory\n");
    return 2;
  }
  int rc = 0;
  for (int i = first; i < argc; i++)
    if (run_file(argv[i], ctx, lit)) rc = 2;
  printf("1..%d\n", ntests);
  wnd__cel_ctx_free(ctx);
  wnd__cel_ctx_free(lit);
  if (rc) return rc;
  return nfailed ? 1 : (ntests ? 0 : 1);
}
