/*
** schema.c — typed node access with diagnostics (see schema.h).
*/
#include "schema.h"

#include "intern.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../time/civil.h"

static void vreport(wnd__lctx *x, wnd_severity sev, uint32_t line, uint32_t col,
                    const char *code, const char *fmt, va_list ap) {
  char buf[900];
  vsnprintf(buf, sizeof buf, fmt, ap);
  wnd__diag_add(x->diags, sev, code, x->disp, line, col, "%s", buf);
}

void wnd__lerr(wnd__lctx *x, const wnd__ynode *n, const char *code,
               const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vreport(x, WND_SEV_ERROR, n ? n->line : 0, n ? n->col : 0, code, fmt, ap);
  va_end(ap);
}

void wnd__lwarn(wnd__lctx *x, const wnd__ynode *n, const char *code,
                const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vreport(x, WND_SEV_WARNING, n ? n->line : 0, n ? n->col : 0, code, fmt, ap);
  va_end(ap);
}

void wnd__lerr_at(wnd__lctx *x, wnd_severity sev, wnd__loc loc,
                  const char *code, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vreport(x, sev, loc.line, loc.col, code, fmt, ap);
  va_end(ap);
}

wnd__loc wnd__loc_of(const wnd__lctx *x, const wnd__ynode *n) {
  wnd__loc l = {x->rel, n ? n->line : 0, n ? n->col : 0};
  return l;
}

void wnd__lnomem(wnd__lctx *x) { x->status = WND_ENOMEM; }

const char *wnd__cat_strdup(wnd__lctx *x, const char *s) {
  const char *d = wnd__intern(x->cat, s, strlen(s));
  if (!d) wnd__lnomem(x);
  return d;
}

size_t wnd__edit_distance(const char *a, const char *b) {
  size_t la = strlen(a), lb = strlen(b);
  if (la > 63 || lb > 63) return 99;
  size_t row[64];
  for (size_t j = 0; j <= lb; j++) row[j] = j;
  for (size_t i = 1; i <= la; i++) {
    size_t prev = row[0];
    row[0] = i;
    for (size_t j = 1; j <= lb; j++) {
      size_t cur = row[j];
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      size_t v = prev + cost;
      if (row[j] + 1 < v) v = row[j] + 1;
      if (row[j - 1] + 1 < v) v = row[j - 1] + 1;
      row[j] = v;
      prev = cur;
    }
  }
  return row[lb];
}

static const char *kind_name(const wnd__ynode *n) {
  if (!n) return "nothing";
  switch (n->kind) {
    case YN_MAP: return "a mapping";
    case YN_SEQ: return "a sequence";
    default: return "a scalar";
  }
}

bool wnd__check_map(wnd__lctx *x, const wnd__ynode *n, const char *what,
                    const char *const *allowed) {
  if (!n || n->kind != YN_MAP) {
    wnd__lerr(x, n, "bad-type", "%s must be a mapping, found %s", what,
              kind_name(n));
    return false;
  }
  for (uint32_t i = 0; i < n->n; i++) {
    const wnd__ynode *k = n->u.pairs[i].key;
    bool ok = false;
    for (const char *const *a = allowed; *a && !ok; a++) ok = strcmp(k->u.s, *a) == 0;
    if (ok) continue;
    /* Distances only for an unknown key: every key of every item file
    ** passes here, and the distances were a tenth of loading. */
    const char *best = NULL;
    size_t bestd = (size_t)-1;
    for (const char *const *a = allowed; *a; a++) {
      size_t d = wnd__edit_distance(k->u.s, *a);
      if (d < bestd) {
        bestd = d;
        best = *a;
      }
    }
    size_t kl = strlen(k->u.s);
    if (best && bestd <= (kl > 6 ? kl / 3 : 2))
      wnd__lerr(x, k, "unknown-key", "unknown key '%s' in %s; did you mean '%s'?",
                k->u.s, what, best);
    else
      wnd__lerr(x, k, "unknown-key", "unknown key '%s' in %s", k->u.s, what);
  }
  return true;
}

const wnd__ynode *wnd__need(wnd__lctx *x, const wnd__ynode *map,
                            const char *key, const char *what) {
  const wnd__ynode *v = wnd__ymap_get(map, key);
  if (!v) wnd__lerr(x, map, "missing-key", "%s is missing the required key '%s'", what, key);
  return v;
}

static bool scalar(wnd__lctx *x, const wnd__ynode *n, const char *expect) {
  if (n && n->kind == YN_SCALAR) return true;
  wnd__lerr(x, n, "bad-type", "expected %s, found %s", expect, kind_name(n));
  return false;
}

bool wnd__get_str(wnd__lctx *x, const wnd__ynode *n, const char **out) {
  if (!scalar(x, n, "a string")) return false;
  if (n->n == 0 && n->style == YS_PLAIN) {
    wnd__lerr(x, n, "bad-value", "expected a string, found an empty value");
    return false;
  }
  *out = wnd__cat_strdup(x, n->u.s);
  return *out != NULL;
}

bool wnd__get_id(wnd__lctx *x, const wnd__ynode *n, const char **out) {
  if (!scalar(x, n, "an id")) return false;
  const char *s = n->u.s;
  bool ok = n->n > 0 && n->n <= 64;
  for (const char *p = s; ok && *p; p++)
    ok = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '-';
  if (!ok) {
    wnd__lerr(x, n, "bad-id", "'%s' is not a valid id (use a-z, 0-9, _ and -, at most 64)", s);
    return false;
  }
  *out = wnd__cat_strdup(x, s);
  return *out != NULL;
}

bool wnd__get_bool(wnd__lctx *x, const wnd__ynode *n, bool *out) {
  if (!scalar(x, n, "true or false")) return false;
  if (n->style == YS_PLAIN && strcmp(n->u.s, "true") == 0) {
    *out = true;
    return true;
  }
  if (n->style == YS_PLAIN && strcmp(n->u.s, "false") == 0) {
    *out = false;
    return true;
  }
  /* "true" in quotes is a string; say so, since it reads like the right answer */
  if (n->style != YS_PLAIN && (strcmp(n->u.s, "true") == 0 || strcmp(n->u.s, "false") == 0))
    wnd__lerr(x, n, "bad-value",
              "expected true or false, found the string \"%s\"; write %s without quotes",
              n->u.s, n->u.s);
  else
    wnd__lerr(x, n, "bad-value", "expected true or false, found '%s'", n->u.s);
  return false;
}

/* A quoted number is a string in YAML; say so, since "18" reads like the
** right answer.  *s is n's text. */
static void bad_number(wnd__lctx *x, const wnd__ynode *n, const char *what, const char *s) {
  char *end = NULL;
  if (n->style != YS_PLAIN && *s && (strtod(s, &end), *end == 0))
    wnd__lerr(x, n, "bad-value", "expected %s, found the string \"%s\"; write %s without quotes",
              what, s, s);
  else
    wnd__lerr(x, n, "bad-value", "expected %s, found '%s'", what, s);
}

bool wnd__get_int(wnd__lctx *x, const wnd__ynode *n, int64_t *out) {
  if (!scalar(x, n, "an integer")) return false;
  const char *s = n->u.s;
  char *end = NULL;
  errno = 0;
  long long v = strtoll(s, &end, 10);
  if (n->style != YS_PLAIN || !*s || *end || errno == ERANGE ||
      !((s[0] >= '0' && s[0] <= '9') || s[0] == '-')) {
    bad_number(x, n, "an integer", s);
    return false;
  }
  *out = v;
  return true;
}

bool wnd__get_double(wnd__lctx *x, const wnd__ynode *n, double *out) {
  if (!scalar(x, n, "a number")) return false;
  const char *s = n->u.s;
  char *end = NULL;
  errno = 0;
  double v = strtod(s, &end);
  if (n->style != YS_PLAIN || !*s || *end || errno == ERANGE || !isfinite(v) ||
      !((s[0] >= '0' && s[0] <= '9') || s[0] == '-' || s[0] == '.')) {
    bad_number(x, n, "a number", s);
    return false;
  }
  *out = v;
  return true;
}

int wnd__get_enum(wnd__lctx *x, const wnd__ynode *n, const char *const *names,
                  const char *what) {
  if (!scalar(x, n, what)) return -1;
  for (int i = 0; names[i]; i++)
    if (strcmp(n->u.s, names[i]) == 0) return i;
  char list[400] = "";
  size_t len = 0;
  for (int i = 0; names[i] && len < sizeof list - 40; i++)
    len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "", names[i]);
  wnd__lerr(x, n, "bad-value", "'%s' is not a valid %s (expected one of: %s)",
            n->u.s, what, list);
  return -1;
}

bool wnd__get_span(wnd__lctx *x, const wnd__ynode *n, wnd__span *out) {
  if (!scalar(x, n, "a duration")) return false;
  size_t off = 0;
  if (wnd__span_parse(n->u.s, n->n, out, &off) != 0) {
    /* "20　工作日" with a full-width space looks exactly like valid input */
    const char *fw = strstr(n->u.s, "\xe3\x80\x80") ? "; it contains a full-width space (U+3000): "
                     "delete it or type an ASCII space" : "";
    wnd__lerr(x, n, "bad-duration",
              "'%s' is not a duration (write e.g. \"10 workdays\", \"10个工作日\", "
              "\"7 days\", \"3个月\", \"20 minutes\", or 0)%s", n->u.s, fw);
    return false;
  }
  return true;
}

bool wnd__get_date(wnd__lctx *x, const wnd__ynode *n, int64_t *days) {
  if (!scalar(x, n, "a date")) return false;
  wnd__tsparse ts;
  if (wnd__ts_parse(n->u.s, n->n, 0, &ts) != 0 || !ts.date_only) {
    wnd__lerr(x, n, "bad-date", "'%s' is not a date (YYYY-MM-DD)", n->u.s);
    return false;
  }
  *days = wnd__local_day(ts.sec, 0);
  return true;
}

bool wnd__get_strlist(wnd__lctx *x, const wnd__ynode *n, wnd__strlist *out) {
  memset(out, 0, sizeof *out);
  if (n && n->kind == YN_SCALAR) {
    out->v = wnd__arena_alloc(&x->cat->arena, sizeof *out->v);
    out->locs = wnd__arena_alloc(&x->cat->arena, sizeof *out->locs);
    if (!out->v || !out->locs) {
      wnd__lnomem(x);
      return false;
    }
    if (!wnd__get_str(x, n, &out->v[0])) return false;
    out->locs[0] = wnd__loc_of(x, n);
    out->n = 1;
    return true;
  }
  if (!n || n->kind != YN_SEQ) {
    wnd__lerr(x, n, "bad-type", "expected a list of strings, found %s", kind_name(n));
    return false;
  }
  out->v = wnd__arena_calloc(&x->cat->arena, n->n ? n->n : 1, sizeof *out->v);
  out->locs = wnd__arena_calloc(&x->cat->arena, n->n ? n->n : 1, sizeof *out->locs);
  if (!out->v || !out->locs) {
    wnd__lnomem(x);
    return false;
  }
  bool ok = true;
  for (uint32_t i = 0; i < n->n; i++) {
    const char *s;
    if (!wnd__get_str(x, n->u.items[i], &s)) {
      ok = false;
      continue;
    }
    out->locs[out->n] = wnd__loc_of(x, n->u.items[i]);
    out->v[out->n++] = s;
  }
  return ok;
}

bool wnd__get_expr(wnd__lctx *x, const wnd__ynode *n, bool allow_bool,
                   wnd__expr *out) {
  memset(out, 0, sizeof *out);
  out->constant = -1;
  if (!scalar(x, n, "an expression")) return false;
  out->loc = wnd__loc_of(x, n);
  out->node = n;
  if (allow_bool && n->style == YS_PLAIN &&
      (strcmp(n->u.s, "true") == 0 || strcmp(n->u.s, "false") == 0)) {
    out->constant = n->u.s[0] == 't';
    out->text = n->u.s[0] == 't' ? "true" : "false";
    out->len = (uint32_t)strlen(out->text);
    return true;
  }
  if (n->n == 0) {
    wnd__lerr(x, n, "bad-value", "empty expression");
    return false;
  }
  out->text = wnd__cat_strdup(x, n->u.s);
  out->len = n->n;
  return out->text != NULL;
}

/* ---- material attributes (items and materials.yaml share them) --------- */

static const char *const FORMS[] = {"original", "copy", "electronic", "e_license", NULL};
static const char *const SOURCES[] = {"applicant", "government", "intermediary", NULL};

unsigned wnd__get_forms(wnd__lctx *x, const wnd__ynode *n) {
  unsigned mask = 0;
  if (n->kind == YN_SCALAR) {
    int f = wnd__get_enum(x, n, FORMS, "material form");
    return f < 0 ? 0 : 1u << f;
  }
  if (n->kind != YN_SEQ || n->n == 0) {
    wnd__lerr(x, n, "bad-type", "forms must be a non-empty list of original, copy, electronic, e_license");
    return 0;
  }
  for (uint32_t i = 0; i < n->n; i++) {
    int f = wnd__get_enum(x, n->u.items[i], FORMS, "material form");
    if (f >= 0) mask |= 1u << f;
  }
  return mask;
}

int wnd__get_source(wnd__lctx *x, const wnd__ynode *n) {
  return wnd__get_enum(x, n, SOURCES, "material source");
}
