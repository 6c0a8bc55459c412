/*
** yvalue.c — YAML nodes to values (see yvalue.h).
*/
#include "yvalue.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static bool is_int_text(const char *s) {
  if (*s == '-' || *s == '+') s++;
  if (!*s) return false;
  for (; *s; s++)
    if (*s < '0' || *s > '9') return false;
  return true;
}

static bool is_float_text(const char *s) {
  bool digits = false;
  if (*s == '-' || *s == '+') s++;
  while (*s >= '0' && *s <= '9') {
    s++;
    digits = true;
  }
  if (*s == '.') {
    s++;
    while (*s >= '0' && *s <= '9') {
      s++;
      digits = true;
    }
  }
  if (!digits) return false;
  if (*s == 'e' || *s == 'E') {
    s++;
    if (*s == '-' || *s == '+') s++;
    if (!(*s >= '0' && *s <= '9')) return false;
    while (*s >= '0' && *s <= '9') s++;
  }
  return *s == '\0';
}

int wnd__yscalar_value(const wnd__ynode *n, wnd__value *out) {
  const char *s = n->u.s;
  if (n->style != YS_PLAIN) {
    *out = wnd__v_string(s, n->n);
    return WND_OK;
  }
  if (n->n == 0 || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") ||
      !strcmp(s, "NULL")) {
    *out = wnd__v_null();
    return WND_OK;
  }
  if (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE")) {
    *out = wnd__v_bool(true);
    return WND_OK;
  }
  if (!strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "FALSE")) {
    *out = wnd__v_bool(false);
    return WND_OK;
  }
  if (is_int_text(s)) {
    errno = 0;
    long long v = strtoll(s, NULL, 10);
    if (errno == ERANGE) return WND_EINVALID;
    *out = wnd__v_int(v);
    return WND_OK;
  }
  if (is_float_text(s)) {
    errno = 0;
    double d = strtod(s, NULL);
    if (errno == ERANGE && isinf(d)) return WND_EINVALID;
    *out = wnd__v_double(d);
    return WND_OK;
  }
  *out = wnd__v_string(s, n->n);
  return WND_OK;
}

/* Strings are copied into `a`: the node tree is freed long before the
** values are (a catalog keeps enum values and tests; a submission its data). */
static int copy_string(wnd__arena *a, wnd__value *v) {
  if (v->kind != WV_STRING) return WND_OK;
  char *s = wnd__arena_strndup(a, v->u.s, v->n);
  if (!s) return WND_ENOMEM;
  v->u.s = s;
  return WND_OK;
}

int wnd__yvalue_ex(wnd__arena *a, const wnd__ynode *n, wnd__value *out,
                   const wnd__ynode **bad) {
  if (n->kind == YN_SCALAR) {
    int r = wnd__yscalar_value(n, out);
    if (r != WND_OK && bad) *bad = n;
    return r == WND_OK ? copy_string(a, out) : r;
  }
  if (n->kind == YN_SEQ) {
    wnd__value *items = wnd__arena_alloc(a, (n->n ? n->n : 1) * sizeof *items);
    if (!items) return WND_ENOMEM;
    for (uint32_t i = 0; i < n->n; i++) {
      int r = wnd__yvalue_ex(a, n->u.items[i], &items[i], bad);
      if (r != WND_OK) return r;
    }
    *out = wnd__v_list(items, n->n);
    return WND_OK;
  }
  wnd__mapent *ents = wnd__arena_alloc(a, (n->n ? n->n : 1) * sizeof *ents);
  if (!ents) return WND_ENOMEM;
  for (uint32_t i = 0; i < n->n; i++) {
    const wnd__ynode *k = n->u.pairs[i].key;
    /* Keys are strings whatever their look: `123: x` keys "123". */
    ents[i].key = wnd__v_string(k->u.s, k->n);
    if (copy_string(a, &ents[i].key) != WND_OK) return WND_ENOMEM;
    int r = wnd__yvalue_ex(a, n->u.pairs[i].val, &ents[i].val, bad);
    if (r != WND_OK) return r;
  }
  *out = wnd__v_map(ents, n->n);
  return WND_OK;
}
