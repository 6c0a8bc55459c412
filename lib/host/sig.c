/*
** sig.c — host function signatures and names: checked once where they
** enter (registration, a plugin's table), compared when a declaration is
** bound, and printed in diagnostics.
*/
#include "host.h"

#include <stdio.h>
#include <string.h>

const char *wnd__host_type_name(int t) {
  switch (t) {
    case WND_TYPE_BOOL: return "bool";
    case WND_TYPE_INT: return "int";
    case WND_TYPE_DOUBLE: return "double";
    case WND_TYPE_STRING: return "string";
    default: return "?";
  }
}

static bool is_param_type(int t) { return t >= WND_TYPE_BOOL && t <= WND_TYPE_STRING; }

const char *wnd__host_sig_make(wnd__host_sig *out, wnd_type ret, const wnd_type *params,
                               size_t nparams) {
  memset(out, 0, sizeof *out);
  /* A string return would need an ownership rule for the host's buffer;
  ** SPEC §2.9 keeps returns to scalars. */
  if (ret != WND_TYPE_BOOL && ret != WND_TYPE_INT && ret != WND_TYPE_DOUBLE)
    return "the return type must be WND_TYPE_BOOL, WND_TYPE_INT or WND_TYPE_DOUBLE";
  if (nparams > WND_MAX_PARAMS) return "too many parameters (at most WND_MAX_PARAMS, 8)";
  if (nparams && !params) return "params is NULL but nparams is not 0";
  for (size_t i = 0; i < nparams; i++) {
    if (!is_param_type((int)params[i])) return "a parameter type is not a wnd_type";
    out->params[i] = (uint8_t)params[i];
  }
  out->ret = (uint8_t)ret;
  out->nparams = (uint8_t)nparams;
  return NULL;
}

void wnd__host_sig_of_decl(wnd__host_sig *out, const wnd__fndecl *f) {
  /* functions.yaml types are HT_BOOL..HT_STRING (0..3), in wnd_type order. */
  memset(out, 0, sizeof *out);
  uint32_t n = f->nparams < WND_MAX_PARAMS ? f->nparams : WND_MAX_PARAMS;
  for (uint32_t i = 0; i < n; i++) out->params[i] = (uint8_t)(f->params[i] + 1);
  out->nparams = (uint8_t)n;
  out->ret = (uint8_t)(f->ret + 1);
}

bool wnd__host_sig_eq(const wnd__host_sig *a, const wnd__host_sig *b) {
  if (a->ret != b->ret || a->nparams != b->nparams) return false;
  for (uint8_t i = 0; i < a->nparams; i++)
    if (a->params[i] != b->params[i]) return false;
  return true;
}

void wnd__host_sig_format(const wnd__host_sig *s, char *buf, size_t n) {
  size_t len = 0;
  if (n == 0) return;
  buf[0] = '\0';
  /* snprintf truncates safely; len only grows while there is room. */
#define PUT(...)                                                     \
  do {                                                               \
    int k = snprintf(buf + len, n - len, __VA_ARGS__);               \
    if (k < 0) return;                                               \
    len = (size_t)k < n - len ? len + (size_t)k : n - 1;             \
  } while (0)
  PUT("(");
  for (uint8_t i = 0; i < s->nparams; i++)
    PUT("%s%s", i ? ", " : "", wnd__host_type_name(s->params[i]));
  PUT(") -> %s", wnd__host_type_name(s->ret));
#undef PUT
}

static bool ident_start(char ch) {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_';
}
static bool ident_char(char ch) { return ident_start(ch) || (ch >= '0' && ch <= '9'); }

const char *wnd__host_name_check(const char *name) {
  if (!name || !*name) return "the name is empty";
  size_t len = strlen(name);
  if (len > WND__HOST_MAX_NAME) return "the name is longer than 128 bytes";
  /* Dotted CEL identifiers: segments [A-Za-z_][A-Za-z0-9_]*, at least two,
  ** so that `credit.dishonest(x)` parses as a global call. */
  bool dotted = false;
  for (const char *p = name; *p;) {
    if (!ident_start(*p)) return "each dot-separated part must be an identifier ([A-Za-z_][A-Za-z0-9_]*)";
    while (ident_char(*p)) p++;
    if (*p == '.') {
      dotted = true;
      p++;
      if (!*p) return "the name ends with a dot";
    } else if (*p) {
      return "the name may contain only letters, digits, '_' and '.'";
    }
  }
  if (!dotted) return "the name must be dotted, like credit.dishonest";
  if (!strncmp(name, "cn.", 3) || !strncmp(name, "workdays.", 9))
    return "cn.* and workdays.* are builtin namespaces";
  return NULL;
}

static wnd__cel_type cel_type(int t) {
  switch (t) {
    case WND_TYPE_BOOL: return WND_CT_BOOL;
    case WND_TYPE_INT: return WND_CT_INT;
    case WND_TYPE_DOUBLE: return WND_CT_DOUBLE;
    case WND_TYPE_STRING: return WND_CT_STRING;
    default: return WND_CT_DYN;
  }
}

void wnd__host_cel_decl(wnd__cel_hostfn *out, const char *name,
                        const wnd__host_callee *callee) {
  memset(out, 0, sizeof *out);
  out->name = name;
  out->nparams = callee->sig.nparams;
  for (uint8_t i = 0; i < callee->sig.nparams; i++)
    out->params[i] = cel_type(callee->sig.params[i]);
  out->ret = cel_type(callee->sig.ret);
  out->call = wnd__host_call;
  /* The trampoline only reads the callee; the cast drops const for the
  ** generic ud slot. */
  out->ud = (void *)(uintptr_t)callee;
}
