/*
** expr_fuzzer.c — bytes -> expression and JSON variable -> compile with
** lib/cel (internal API) -> evaluate -> write the value as JSON.
**
** Input layout: EXPR [ '\0' JSON ].  The bytes before the first NUL are
** the expression; the bytes after it are one JSON document bound to the
** variable `x` (null when absent or invalid JSON).  When the JSON is an
** object, each top-level key that is an identifier is also bound as a
** variable of that name (so `data.area_m2 > 10.0` or `applicant.kind`
** resolve), at most 16 of them.  `now` is a fixed timestamp, and a
** 2025-2027 calendar backs workdays.*.
**
** Compile is first checked (the engine's mode); when that reports errors
** the expression is compiled again in unchecked mode (undeclared
** variables, unknown functions and type mismatches become evaluation
** errors), so that the evaluator sees expressions the checker refuses.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cel/cel.h"
#include "core/strbuf.h"
#include "json/json.h"
#include "time/calendar.h"
#include "fuzz.h"

#define MAX_KEY_VARS 16
#define NOW_SEC 1795140000 /* 2026-11-20T10:00:00+08:00 */

static wnd__calendar *g_cal;
static int g_verbose; /* $WND_FUZZ_VERBOSE: print what each input did */

static int64_t day_of(int y, int m, int d) {
  /* days from civil (Howard Hinnant), proleptic Gregorian */
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  g_cal = wnd__calendar_new(&wnd__mem_default);
  if (!g_cal) abort();
  g_verbose = getenv("WND_FUZZ_VERBOSE") != NULL;
  for (int y = 2025; y <= 2027; y++) wnd__calendar_add_year(g_cal, y);
  /* A few holidays and a make-up working day, as in rules/calendars. */
  for (int d = 1; d <= 7; d++) wnd__calendar_set_off(g_cal, day_of(2026, 10, d));
  for (int d = 1; d <= 3; d++) wnd__calendar_set_off(g_cal, day_of(2026, 1, d));
  wnd__calendar_set_work(g_cal, day_of(2026, 1, 4));
  wnd__calendar_set_work(g_cal, day_of(2026, 10, 10));
  return 0;
}

static bool ident(const char *s, size_t n) {
  if (!n || n > 64) return false;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
              (i > 0 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

static volatile size_t g_sink;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *src = (const char *)data;
  const uint8_t *nul = memchr(data, 0, size);
  size_t elen = nul ? (size_t)(nul - data) : size;
  const char *json = nul ? (const char *)nul + 1 : NULL;
  size_t jlen = nul ? size - elen - 1 : 0;

  const wnd__mem *mem = &wnd__mem_default;
  wnd__arena arena;
  wnd__arena_init(&arena, mem, NULL, 0);

  wnd__value x = wnd__v_null();
  if (json) {
    wnd__json_error jerr;
    if (wnd__json_parse(&arena, json, jlen, NULL, &x, &jerr) != WND_OK) x = wnd__v_null();
  }

  wnd__cel_var vars[2 + MAX_KEY_VARS];
  wnd__value slots[2 + MAX_KEY_VARS];
  size_t nv = 0;
  vars[nv] = (wnd__cel_var){"x", WND_CT_DYN, (uint32_t)nv};
  slots[nv++] = x;
  vars[nv] = (wnd__cel_var){"now", WND_CT_TIMESTAMP, (uint32_t)nv};
  slots[nv++] = wnd__v_timestamp(NOW_SEC, 0);
  if (x.kind == WV_MAP) {
    for (uint32_t i = 0; i < x.n && nv < 2 + MAX_KEY_VARS; i++) {
      const wnd__mapent *e = &x.u.ents[i];
      if (e->key.kind != WV_STRING || !ident(e->key.u.s, e->key.n)) continue;
      if (!strcmp(e->key.u.s, "x") || !strcmp(e->key.u.s, "now")) continue;
      vars[nv] = (wnd__cel_var){e->key.u.s, WND_CT_DYN, (uint32_t)nv};
      slots[nv++] = e->val;
    }
  }

  wnd__cel_env env;
  memset(&env, 0, sizeof env);
  env.mem = mem;
  env.vars = vars;
  env.nvars = nv;
  wnd__cel_diags diags;
  wnd__cel_diags_init(&diags, mem);
  wnd__cel_program *prog = NULL;
  int cr = wnd__cel_compile(&env, src, elen, false, &prog, &diags);
  if (cr == WND_EINVALID) {
    for (size_t i = 0; i < diags.count; i++)
      g_sink += strlen(diags.items[i].message) + diags.items[i].offset;
    wnd__cel_diags_free(&diags);
    wnd__cel_diags_init(&diags, mem);
    env.unchecked = true;
    cr = wnd__cel_compile(&env, src, elen, false, &prog, &diags);
  }
  for (size_t i = 0; i < diags.count; i++)
    g_sink += strlen(diags.items[i].message) + diags.items[i].offset;

  if (g_verbose && cr != WND_OK)
    fprintf(stderr, "  compile: %s%s%s\n", wnd_errstr(cr), diags.count ? ": " : "",
            diags.count ? diags.items[0].message : "");
  if (cr == WND_OK && prog) {
    g_sink += (size_t)wnd__cel_program_type(prog);
    wnd__cel_ctx *ctx = NULL;
    if (wnd__cel_ctx_new(&ctx, mem, NULL) == WND_OK) {
      wnd__cel_activation act;
      memset(&act, 0, sizeof act);
      act.slots = slots;
      act.nslots = nv;
      act.now_sec = NOW_SEC;
      act.utc_offset = 8 * 3600;
      act.calendar = g_cal;
      wnd__value out;
      int er = wnd__cel_eval(prog, &act, ctx, &out);
      if (er == WND_OK) {
        wnd__strbuf sb;
        wnd__sb_init(&sb, mem);
        wnd__json_write(&sb, out);
        g_sink += sb.len;
        if (g_verbose) fprintf(stderr, "  value: %.*s\n", (int)(sb.len > 200 ? 200 : sb.len), sb.data ? sb.data : "");
        wnd__sb_free(&sb);
      } else if (er == WND_EEVAL || er == WND_ENOMEM) {
        if (out.kind == WV_ERROR && out.u.err) {
          g_sink += strlen(out.u.err->msg) + wnd__cel_error_offset(out.u.err);
          if (g_verbose) fprintf(stderr, "  eval error: %s\n", out.u.err->msg);
        }
      }
      g_sink += wnd__cel_ctx_cost(ctx);
      wnd__cel_ctx_free(ctx);
    }
    wnd__cel_program_free(prog);
  }
  wnd__cel_diags_free(&diags);
  wnd__arena_free(&arena);
  return 0;
}
