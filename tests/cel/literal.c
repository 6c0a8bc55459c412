/*
** literal.c — strict comparison of CEL values and constant expressions as
** expected values (see literal.h).
*/
#include "literal.h"

#include <string.h>

#include "core/strbuf.h"
#include "json/json.h"

bool lit_same(wnd__value a, wnd__value b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case WV_NULL: return true;
    case WV_BOOL: return a.u.b == b.u.b;
    case WV_INT: return a.u.i == b.u.i;
    case WV_UINT: return a.u.u == b.u.u;
    case WV_DOUBLE: return a.u.d == b.u.d || (a.u.d != a.u.d && b.u.d != b.u.d);
    case WV_STRING: return a.n == b.n && !memcmp(a.u.s, b.u.s, a.n);
    case WV_TYPE: return !strcmp(a.u.s, b.u.s);
    case WV_TIMESTAMP: case WV_DURATION:
      return a.u.t.sec == b.u.t.sec && a.nsec == b.nsec;
    case WV_LIST:
      if (a.n != b.n) return false;
      for (uint32_t i = 0; i < a.n; i++)
        if (!lit_same(a.u.items[i], b.u.items[i])) return false;
      return true;
    case WV_MAP:
      if (a.n != b.n) return false;
      for (uint32_t i = 0; i < a.n; i++) {
        bool found = false;
        for (uint32_t j = 0; j < b.n && !found; j++)
          found = lit_same(a.u.ents[i].key, b.u.ents[j].key) && lit_same(a.u.ents[i].val, b.u.ents[j].val);
        if (!found) return false;
      }
      return true;
    default: return false;
  }
}

void lit_show(FILE *f, wnd__value v) {
  wnd__strbuf sb;
  wnd__sb_init(&sb, &wnd__mem_default);
  if (v.kind == WV_ERROR) {
    fprintf(f, "error(%s)", v.u.err && v.u.err->msg ? v.u.err->msg : "?");
  } else {
    wnd__json_write(&sb, v);
    fprintf(f, "%s:%s", v.kind == WV_DOUBLE ? "double" : v.kind == WV_UINT ? "uint" : v.kind == WV_INT ? "int" : "", sb.data ? sb.data : "");
  }
  wnd__sb_free(&sb);
}

/*
** Compile and evaluate a constant expression (bindings, expectations).
** Its value may point into the program (string constants), so programs
** are kept until the case ends (lit_release).
*/
static wnd__cel_program *lits[64];
static size_t nlits;

bool lit_eval(const char *src, wnd__cel_ctx *ctx, wnd__value *out) {
  if (nlits == 64) return false;
  wnd__cel_env env;
  memset(&env, 0, sizeof env);
  wnd__cel_diags d;
  wnd__cel_diags_init(&d, NULL);
  wnd__cel_program *p = NULL;
  int rc = wnd__cel_compile(&env, src, strlen(src), false, &p, &d);
  wnd__cel_diags_free(&d);
  if (rc != WND_OK) return false;
  lits[nlits++] = p;
  wnd__cel_activation act;
  memset(&act, 0, sizeof act);
  return wnd__cel_eval(p, &act, ctx, out) == WND_OK;
}

void lit_release(wnd__cel_ctx *ctx) {
  for (size_t i = 0; i < nlits; i++) wnd__cel_program_free(lits[i]);
  nlits = 0;
  wnd__cel_ctx_reset(ctx);
}

