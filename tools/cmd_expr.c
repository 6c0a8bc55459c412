/*
** cmd_expr.c — `window expr 'EXPR' [--var name=JSON ...]`: compile and
** evaluate one expression, print the value as JSON.
**
** Variables given with --var are dyn.  `now` is bound to the current
** clock unless a --var gives it (as a JSON string it stays a string: use
** timestamp(now) in that case).  Exit 0 with the value, 1 on a compile or
** evaluation error (printed as `window expr: LINE:COL: message`), 2 on
** usage errors.
*/
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cel/cel.h"
#include "core/strbuf.h"
#include "core/utf8.h"
#include "json/json.h"
#include "commands.h"

#define MAX_VARS 64

static void usage(FILE *f) {
  fprintf(f,
          "usage: window expr 'EXPR' [--var name=JSON ...]\n"
          "  Evaluate one expression and print its value as JSON.\n"
          "  --var name=JSON   bind a variable (type dyn) to a JSON value\n");
}

/* 1-based line and column (in code points) of byte offset off. */
static void position(const char *src, size_t len, uint32_t off, uint32_t *line, uint32_t *col) {
  if (off > len) off = (uint32_t)len;
  uint32_t ln = 1;
  size_t start = 0;
  for (size_t i = 0; i < off; i++)
    if (src[i] == '\n') {
      ln++;
      start = i + 1;
    }
  *line = ln;
  *col = wnd__utf8_column(src + start, off - start);
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

int wnd_cmd_expr(int argc, char **argv) {
  const char *expr = NULL;
  char *names[MAX_VARS];
  const char *json[MAX_VARS];
  size_t nvars = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      usage(stdout);
      return 0;
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
      for (size_t k = 0; k < nvars; k++)
        if (strlen(names[k]) == (size_t)(eq - spec) && !strncmp(names[k], spec, (size_t)(eq - spec))) {
          fprintf(stderr, "window expr: variable '%.*s' given twice\n", (int)(eq - spec), spec);
          return 2;
        }
      names[nvars] = (char *)spec;
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

  const wnd__mem *mem = &wnd__mem_default;
  int rc = 1;
  wnd__arena arena;
  wnd__arena_init(&arena, mem, NULL, 0);
  wnd__cel_var vars[MAX_VARS + 1];
  wnd__value slots[MAX_VARS + 1];
  char namebuf[MAX_VARS][128];
  bool have_now = false;
  for (size_t k = 0; k < nvars; k++) {
    size_t nl = (size_t)(json[k] - 1 - names[k]);
    if (nl >= sizeof namebuf[k]) {
      fprintf(stderr, "window expr: variable name too long\n");
      wnd__arena_free(&arena);
      return 2;
    }
    memcpy(namebuf[k], names[k], nl);
    namebuf[k][nl] = '\0';
    if (!strcmp(namebuf[k], "now")) have_now = true;
    wnd__json_error jerr;
    int jr = wnd__json_parse(&arena, json[k], strlen(json[k]), NULL, &slots[k], &jerr);
    if (jr != WND_OK) {
      fprintf(stderr, "window expr: --var %s: %u:%u: %s\n", namebuf[k], jerr.line, jerr.column,
              jr == WND_ENOMEM ? "out of memory" : jerr.msg);
      wnd__arena_free(&arena);
      return 2;
    }
    vars[k].name = namebuf[k];
    vars[k].type = WND_CT_DYN;
    vars[k].slot = (uint32_t)k;
  }
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  size_t nslots = nvars;
  if (!have_now) {
    vars[nslots].name = "now";
    vars[nslots].type = WND_CT_TIMESTAMP;
    vars[nslots].slot = (uint32_t)nslots;
    slots[nslots] = wnd__v_timestamp((int64_t)ts.tv_sec, (int32_t)ts.tv_nsec);
    nslots++;
  }

  wnd__cel_env env;
  memset(&env, 0, sizeof env);
  env.mem = mem;
  env.vars = vars;
  env.nvars = nslots;
  wnd__cel_diags diags;
  wnd__cel_diags_init(&diags, mem);
  wnd__cel_program *prog = NULL;
  wnd__cel_ctx *ctx = NULL;
  size_t len = strlen(expr);
  int cr = wnd__cel_compile(&env, expr, len, false, &prog, &diags);
  for (size_t i = 0; i < diags.count; i++) {
    const wnd__cel_diag *d = &diags.items[i];
    uint32_t line, col;
    position(expr, len, d->offset, &line, &col);
    fprintf(stderr, "window expr: %u:%u: %s: %s [%s]\n", line, col,
            d->severity == WND_SEV_ERROR ? "error" : "warning", d->message, d->code);
  }
  if (cr != WND_OK) {
    if (cr == WND_ENOMEM && !diags.count) fprintf(stderr, "window expr: out of memory\n");
    goto done;
  }
  if (wnd__cel_ctx_new(&ctx, mem, NULL) != WND_OK) {
    fprintf(stderr, "window expr: out of memory\n");
    goto done;
  }
  wnd__cel_activation act;
  memset(&act, 0, sizeof act);
  act.slots = slots;
  act.nslots = nslots;
  act.now_sec = (int64_t)ts.tv_sec;
  act.now_nsec = (int32_t)ts.tv_nsec;
  wnd__value out;
  int er = wnd__cel_eval(prog, &act, ctx, &out);
  if (er != WND_OK) {
    uint32_t off = wnd__cel_error_offset(out.u.err);
    if (off == UINT32_MAX) {
      fprintf(stderr, "window expr: %s\n", out.u.err->msg);
    } else {
      uint32_t line, col;
      position(expr, len, off, &line, &col);
      fprintf(stderr, "window expr: %u:%u: %s\n", line, col, out.u.err->msg);
    }
    goto done;
  }
  wnd__strbuf sb;
  wnd__sb_init(&sb, mem);
  wnd__json_write(&sb, out);
  if (sb.oom) {
    fprintf(stderr, "window expr: out of memory\n");
    wnd__sb_free(&sb);
    goto done;
  }
  fwrite(sb.data ? sb.data : "", 1, sb.len, stdout);
  fputc('\n', stdout);
  wnd__sb_free(&sb);
  rc = 0;
done:
  wnd__cel_ctx_free(ctx);
  wnd__cel_program_free(prog);
  wnd__cel_diags_free(&diags);
  wnd__arena_free(&arena);
  return rc;
}
