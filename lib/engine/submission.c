/*
** submission.c — submissions from text and from builder calls, and the
** e-license stand-in map.  JSON goes through the strict one-pass reader
** (lib/json); YAML through the bounded event tree with anchors, aliases
** and tags refused (citizen data never needs them).
*/
#include "submission.h"

#include <string.h>

#include "../core/utf8.h"
#include "../json/json.h"
#include "../yaml/ytree.h"
#include "../yaml/yvalue.h"

const wnd__value *wnd__value_at(wnd__value root, const char *path, size_t len) {
  const wnd__value *cur = &root;
  /* memchr finds each '.' without a per-byte loop; most declared paths are
  ** one segment below their variable ("kind" of applicant.kind). */
  for (;;) {
    const char *dot = len ? memchr(path, '.', len) : NULL;
    size_t seg = dot ? (size_t)(dot - path) : len;
    cur = wnd__map_get_str(*cur, path, (uint32_t)seg);
    if (!cur || !dot) return cur;
    path = dot + 1;
    len -= seg + 1;
  }
}

void wnd__submission_prefetch(const wnd_submission *s) {
  /* The newest arena chunk runs from its header to `cur`; a parsed
  ** submission of ordinary size is that one chunk (strings, then the
  ** entry arrays, the root's last).  Capped: a huge submission is walked
  ** in parts anyway. */
  const char *p = (const char *)s->arena.chunks, *end = s->arena.cur;
  if (!p || !end || end < p || end - p > 16384) return;
  /* Eight lines a step: the loop's compare and add were half of the
  ** instructions of a one-line step (~50 lines for a 3 KB submission). */
  for (; end - p > 448; p += 512) {
    __builtin_prefetch(p);
    __builtin_prefetch(p + 64);
    __builtin_prefetch(p + 128);
    __builtin_prefetch(p + 192);
    __builtin_prefetch(p + 256);
    __builtin_prefetch(p + 320);
    __builtin_prefetch(p + 384);
    __builtin_prefetch(p + 448);
  }
  for (; p < end; p += 64) __builtin_prefetch(p);
}

static int set_in(wnd__arena *a, wnd__value map, const char *path, size_t len, wnd__value v,
                  wnd__value *out) {
  size_t j = 0;
  while (j < len && path[j] != '.') j++;
  if (j == 0) return WND_EINVAL;
  wnd__value child = v;
  const wnd__value *old = map.kind == WV_MAP ? wnd__map_get_str(map, path, (uint32_t)j) : NULL;
  if (j < len) {
    wnd__value base = old && old->kind == WV_MAP ? *old : wnd__v_map(NULL, 0);
    int st = set_in(a, base, path + j + 1, len - j - 1, v, &child);
    if (st != WND_OK) return st;
  }
  uint32_t n = map.kind == WV_MAP ? map.n : 0;
  uint32_t nn = old ? n : n + 1;
  wnd__mapent *ents = wnd__arena_alloc(a, nn * sizeof *ents);
  if (!ents) return WND_ENOMEM;
  if (n) memcpy(ents, map.u.ents, n * sizeof *ents);
  if (old) {
    size_t k = (size_t)((const char *)old - (const char *)map.u.ents) / sizeof *ents;
    ents[k].val = child;
  } else {
    char *k = wnd__arena_strndup(a, path, j);
    if (!k) return WND_ENOMEM;
    ents[n].key = wnd__v_string(k, (uint32_t)j);
    ents[n].val = child;
  }
  *out = wnd__v_map(ents, nn);
  return WND_OK;
}

int wnd__value_set(wnd__arena *a, wnd__value *root, const char *path, size_t len,
                   wnd__value v) {
  if (len == 0 || path[len - 1] == '.') return WND_EINVAL;
  wnd__value nr;
  int st = set_in(a, *root, path, len, v, &nr);
  if (st == WND_OK) *root = nr;
  return st;
}

int wnd__parse_document(wnd_env *env, wnd__arena *a, const char *text, size_t len,
                        int format, wnd__value *out) {
  const wnd_limits *lim = &env->limits;
  if (format == WND_FORMAT_AUTO) {
    size_t i = 0;
    while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r'))
      i++;
    format = i < len && text[i] == '{' ? WND_FORMAT_JSON : WND_FORMAT_YAML;
  }
  if (len > lim->max_submission_bytes)
    return wnd__env_error(env, WND_ELIMIT, "submission is %zu bytes; the limit is %zu", len,
                          lim->max_submission_bytes);
  if (format == WND_FORMAT_JSON) {
    wnd__json_limits jl = {lim->max_submission_bytes, lim->max_submission_depth,
                           lim->max_submission_nodes};
    wnd__json_error err;
    int st = wnd__json_parse(a, text, len, &jl, out, &err);
    if (st == WND_ENOMEM) return wnd__env_error(env, st, "out of memory");
    if (st != WND_OK)
      return wnd__env_error(env, st, "line %u, column %u: %s", (unsigned)err.line,
                            (unsigned)err.column, err.msg);
    return WND_OK;
  }
  wnd__ylimits yl = {lim->max_submission_bytes, lim->max_submission_depth,
                     lim->max_submission_nodes, 0, true};
  wnd_diags *d = wnd__diags_new(&env->mem);
  if (!d) return wnd__env_error(env, WND_ENOMEM, "out of memory");
  wnd__ydoc doc;
  int st = wnd__yparse(&doc, &env->mem, "submission", text, len, &yl, d);
  if (st == WND_OK && !doc.root) {
    st = wnd__env_error(env, WND_EINVALID, "line 1, column 1: the submission is empty");
  } else if (st == WND_OK) {
    const wnd__ynode *bad = NULL;
    st = wnd__yvalue_ex(a, doc.root, out, &bad);
    if (st == WND_EINVALID)
      wnd__env_error(env, st, "line %u, column %u: number out of range", bad ? bad->line : 0,
                     bad ? bad->col : 0);
    else if (st == WND_ENOMEM)
      wnd__env_error(env, st, "out of memory");
  } else if (st == WND_ENOMEM) {
    wnd__env_error(env, st, "out of memory");
  } else {
    const wnd_diag *x = wnd_diags_get(d, 0);
    if (x)
      wnd__env_error(env, st, "line %u, column %u: %s", x->line, x->column, x->message);
    else
      wnd__env_error(env, st, "invalid YAML");
  }
  wnd__ydoc_free(&doc);
  wnd_diags_free(d);
  return st;
}

/* The submission lives at the start of its own arena's first chunk: one
** allocation (and one free) per submission instead of two, and the parsed
** nodes that follow it share its cache lines.  The arena is built on the
** stack, the submission allocated from it, and the arena then moved into
** the submission (the chunks do not move). */
static int new_sub(wnd_submission **out, wnd_env *env) {
  wnd__arena a;
  wnd__arena_init(&a, &env->mem, NULL, 0);
  wnd_submission *s = wnd__arena_calloc(&a, 1, sizeof *s);
  if (!s) return wnd__env_error(env, WND_ENOMEM, "out of memory");
  s->env = wnd__env_retain(env); /* released by wnd_submission_free */
  s->arena = a;
  s->root = wnd__v_map(NULL, 0);
  *out = s;
  return WND_OK;
}

int wnd_submission_new(wnd_submission **out, wnd_env *env) {
  if (!out) return wnd__fail(WND_EINVAL, "wnd_submission_new: out is NULL");
  *out = NULL;
  if (!env) return wnd__fail(WND_EINVAL, "wnd_submission_new: env is NULL");
  return new_sub(out, env);
}

int wnd_submission_parse(wnd_submission **out, wnd_env *env, const char *text, size_t len,
                         int format) {
  if (!out) return wnd__fail(WND_EINVAL, "wnd_submission_parse: out is NULL");
  *out = NULL;
  if (!env || (!text && len))
    return wnd__fail(WND_EINVAL, "wnd_submission_parse: env or text is NULL");
  if (format < WND_FORMAT_AUTO || format > WND_FORMAT_YAML)
    return wnd__env_error(env, WND_EINVAL, "unknown submission format %d", format);
  wnd__env_clear_error(env);
  wnd_submission *s = NULL; /* set on WND_OK; gcc -O3 cannot see that */
  int st = new_sub(&s, env);
  if (st != WND_OK) return st;
  st = wnd__parse_document(env, &s->arena, text ? text : "", len, format, &s->root);
  if (st == WND_OK && s->root.kind != WV_MAP)
    st = wnd__env_error(env, WND_EINVALID, "line 1, column 1: a submission must be an object");
  if (st != WND_OK) {
    wnd_submission_free(s);
    return st;
  }
  *out = s;
  return WND_OK;
}

void wnd_submission_free(wnd_submission *s) {
  if (!s) return;
  /* s is inside its arena (new_sub): take what is needed out first. */
  wnd_env *env = s->env;
  wnd__arena a = s->arena;
  wnd__arena_free(&a);
  wnd__env_release(env);
}

static int set(wnd_submission *s, const char *path, wnd__value v, const char *fn) {
  if (!s || !path) return wnd__fail(WND_EINVAL, "%s: s or path is NULL", fn);
  /* Setting recurses once per segment: keep it within the depth a parsed
  ** submission may have. */
  size_t len = strlen(path), segments = 1;
  for (size_t i = 0; i < len; i++) segments += path[i] == '.';
  if (segments > s->env->limits.max_submission_depth)
    return wnd__env_error(s->env, WND_ELIMIT, "path has %zu segments; the limit is %u",
                          segments, (unsigned)s->env->limits.max_submission_depth);
  int st = wnd__value_set(&s->arena, &s->root, path, len, v);
  atomic_store_explicit(&s->digest_state, 0, memory_order_relaxed);
  atomic_store_explicit(&s->receipt_state, 0, memory_order_relaxed);
  atomic_store_explicit(&s->received_state, 0, memory_order_relaxed);
  if (st == WND_EINVAL) return wnd__env_error(s->env, st, "invalid path '%s'", path);
  if (st == WND_ENOMEM) return wnd__env_error(s->env, st, "out of memory");
  return st;
}

int wnd_submission_set_string(wnd_submission *s, const char *path, const char *value) {
  if (!s || !value)
    return wnd__fail(WND_EINVAL, "wnd_submission_set_string: s or value is NULL");
  size_t n = strlen(value);
  if (wnd__utf8_check(value, n) != n)
    return wnd__env_error(s->env, WND_EINVALID, "value of '%s' is not valid UTF-8", path);
  char *c = wnd__arena_strndup(&s->arena, value, n);
  if (!c) return wnd__env_error(s->env, WND_ENOMEM, "out of memory");
  return set(s, path, wnd__v_string(c, (uint32_t)n), "wnd_submission_set_string");
}

int wnd_submission_set_int(wnd_submission *s, const char *path, int64_t value) {
  return set(s, path, wnd__v_int(value), "wnd_submission_set_int");
}

int wnd_submission_set_double(wnd_submission *s, const char *path, double value) {
  if (s && (value != value || value - value != 0))
    return wnd__env_error(s->env, WND_EINVALID, "value of '%s' is not a finite number", path);
  return set(s, path, wnd__v_double(value), "wnd_submission_set_double");
}

int wnd_submission_set_bool(wnd_submission *s, const char *path, bool value) {
  return set(s, path, wnd__v_bool(value), "wnd_submission_set_bool");
}

int wnd_submission_set_null(wnd_submission *s, const char *path) {
  return set(s, path, wnd__v_null(), "wnd_submission_set_null");
}

int wnd_submission_set_json(wnd_submission *s, const char *path, const char *json, size_t len) {
  if (!s || !json) return wnd__fail(WND_EINVAL, "wnd_submission_set_json: s or json is NULL");
  wnd__value v;
  int st = wnd__parse_document(s->env, &s->arena, json, len, WND_FORMAT_JSON, &v);
  if (st != WND_OK) return st;
  return set(s, path, v, "wnd_submission_set_json");
}

int wnd_submission_add_material(wnd_submission *s, const char *id, const char *form,
                                int64_t copies) {
  if (!s || !id) return wnd__fail(WND_EINVAL, "wnd_submission_add_material: s or id is NULL");
  if (!*id || strchr(id, '.'))
    return wnd__env_error(s->env, WND_EINVAL, "material id '%s' is empty or has a '.'", id);
  if (!form) form = "original";
  if (copies < 1) copies = 1;
  size_t idl = strlen(id), fl = strlen(form);
  char *fc = wnd__arena_strndup(&s->arena, form, fl);
  wnd__mapent *e = wnd__arena_alloc(&s->arena, 2 * sizeof *e);
  if (!fc || !e) return wnd__env_error(s->env, WND_ENOMEM, "out of memory");
  e[0].key = wnd__v_string("form", 4);
  e[0].val = wnd__v_string(fc, (uint32_t)fl);
  e[1].key = wnd__v_string("copies", 6);
  e[1].val = wnd__v_int(copies);
  char path[512];
  if (idl > sizeof path - 11)
    return wnd__env_error(s->env, WND_EINVAL, "material id of %zu bytes is too long", idl);
  memcpy(path, "materials.", 10);
  memcpy(path + 10, id, idl + 1);
  return set(s, path, wnd__v_map(e, 2), "wnd_submission_add_material");
}

int wnd_elicenses_parse(wnd_elicenses **out, wnd_env *env, const char *text, size_t len) {
  if (!out) return wnd__fail(WND_EINVAL, "wnd_elicenses_parse: out is NULL");
  *out = NULL;
  if (!env || !text) return wnd__fail(WND_EINVAL, "wnd_elicenses_parse: env or text is NULL");
  wnd_elicenses *e = wnd__calloc(&env->mem, 1, sizeof *e);
  if (!e) return wnd__env_error(env, WND_ENOMEM, "out of memory");
  e->env = wnd__env_retain(env); /* released by wnd_elicenses_free */
  wnd__arena_init(&e->arena, &env->mem, NULL, 0);
  int st = wnd__parse_document(env, &e->arena, text, len, WND_FORMAT_AUTO, &e->map);
  if (st == WND_OK && e->map.kind != WV_MAP)
    st = wnd__env_error(env, WND_EINVALID, "e-licenses must map holder ids to lists of types");
  for (uint32_t i = 0; st == WND_OK && i < e->map.n; i++)
    if (e->map.u.ents[i].val.kind != WV_LIST)
      st = wnd__env_error(env, WND_EINVALID, "e-licenses of '%s' must be a list",
                          e->map.u.ents[i].key.u.s);
  if (st != WND_OK) {
    wnd_elicenses_free(e);
    return st;
  }
  *out = e;
  return WND_OK;
}

void wnd_elicenses_free(wnd_elicenses *e) {
  if (!e) return;
  wnd__mem mem = e->env->mem;
  wnd__arena_free(&e->arena);
  wnd_env *env = e->env;
  wnd__free(&mem, e);
  wnd__env_release(env);
}

const char *wnd_submission_get_string(const wnd_submission *s, const char *path) {
  if (!s || !path) return NULL;
  const wnd__value *v = wnd__value_at(s->root, path, strlen(path));
  return v && v->kind == WV_STRING ? v->u.s : NULL;
}
