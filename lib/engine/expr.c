/*
** expr.c — the public expression API (wnd_expr_*): compile one expression
** of the rule language once, evaluate it with variables given as JSON.
**
** Without a catalog the expression is plain CEL in UTC.  With one it sees
** what a rule file sees besides the submission: the catalog's working-day
** calendar (workdays.*), its timezone (timestamp accessors without a zone
** argument read local time) and its bound host functions.  The expression
** keeps a reference on the catalog (and on the env), so they may be freed
** in any order.
*/
#include "expr.h"

#include <string.h>

#include "../core/diag.h"
#include "../core/strbuf.h"
#include "../json/json.h"

void wnd_expr_free(wnd_expr *e) {
  if (!e) return;
  const wnd__mem *m = &e->env->mem;
  wnd__expr_pool_free(e);
  wnd__cel_program_free(e->prog);
  wnd__arena_free(&e->arena);
  wnd_catalog_free(e->cat); /* drops the reference taken at compile */
  wnd_env *env = e->env;
  wnd__free(m, e);
  wnd__env_release(env); /* last: m points into it */
}

/* Copy the declared names into the arena; false on no memory. */
static bool copy_names(wnd_expr *e, const wnd_expr_options *o) {
  size_t n = o ? o->nvars : 0;
  e->names = n ? wnd__arena_calloc(&e->arena, n, sizeof *e->names) : NULL;
  e->name_lens = n ? wnd__arena_calloc(&e->arena, n, sizeof *e->name_lens) : NULL;
  if (n && (!e->names || !e->name_lens)) return false;
  for (size_t i = 0; i < n; i++) {
    size_t len = strlen(o->vars[i]);
    char *s = wnd__arena_strndup(&e->arena, o->vars[i], len);
    if (!s) return false;
    e->names[i] = s;
    e->name_lens[i] = (uint32_t)len;
    if (!strcmp(s, "now")) e->user_now = true;
  }
  e->nnames = (uint32_t)n;
  return true;
}

/* Turn the compiler's diagnostics into public ones at line:column. */
static bool export_diags(const wnd_expr *e, const wnd__cel_diags *cd, wnd_diags *d) {
  for (size_t i = 0; i < cd->count; i++) {
    const wnd__cel_diag *x = &cd->items[i];
    uint32_t line, col;
    wnd__expr_position(e, x->offset, &line, &col);
    size_t before = d->count;
    wnd__diag_add(d, x->severity, x->code, "", line, col, "%s", x->message);
    if (d->count > before) d->items[before].offset = x->offset;
  }
  return !d->oom && !cd->oom;
}

static int check_options(wnd_env *env, const wnd_expr_options *o) {
  if (!o) return WND_OK;
  if (o->version != WND_EXPR_OPTIONS_VERSION)
    return wnd__env_error(env, WND_EINVAL, "wnd_expr_compile: options version %d, expected %d",
                          o->version, WND_EXPR_OPTIONS_VERSION);
  if (o->nvars > 4096 || (o->nvars && !o->vars))
    return wnd__env_error(env, WND_EINVAL, "wnd_expr_compile: bad variable list");
  for (size_t i = 0; i < o->nvars; i++) {
    if (!o->vars[i] || !o->vars[i][0])
      return wnd__env_error(env, WND_EINVAL, "wnd_expr_compile: variable %zu has no name", i);
    for (size_t k = 0; k < i; k++)
      if (!strcmp(o->vars[i], o->vars[k]))
        return wnd__env_error(env, WND_EINVAL, "wnd_expr_compile: variable '%s' declared twice",
                              o->vars[i]);
  }
  return WND_OK;
}

int wnd_expr_compile(wnd_expr **out, wnd_env *env, const wnd_catalog *cat, const char *text,
                     size_t len, const wnd_expr_options *opts, wnd_diags **diags) {
  if (out) *out = NULL;
  if (diags) *diags = NULL;
  if (!out || !env || (!text && len))
    return env ? wnd__env_error(env, WND_EINVAL, "wnd_expr_compile: a NULL argument")
               : wnd__fail(WND_EINVAL, "wnd_expr_compile: a NULL argument");
  if (cat && cat->env != env)
    return wnd__env_error(env, WND_EINVAL, "wnd_expr_compile: the catalog belongs to another env");
  int st = check_options(env, opts);
  if (st != WND_OK) return st;
  const wnd__mem *m = &env->mem;
  wnd_expr *e = wnd__calloc(m, 1, sizeof *e);
  if (!e) return wnd__env_error(env, WND_ENOMEM, "out of memory");
  e->env = wnd__env_retain(env); /* released by wnd_expr_free */
  e->cat = wnd__catalog_retain(cat); /* released by wnd_expr_free */
  wnd__arena_init(&e->arena, m, NULL, 0);
  e->text = wnd__arena_strndup(&e->arena, text ? text : "", len);
  e->len = len;
  wnd__cel_var *vars = NULL;
  wnd__cel_diags cd;
  wnd__cel_diags_init(&cd, m);
  if (!e->text || !copy_names(e, opts)) goto nomem;
  vars = wnd__calloc(m, (size_t)e->nnames + 1, sizeof *vars);
  if (!vars) goto nomem;
  for (uint32_t i = 0; i < e->nnames; i++) {
    vars[i].name = e->names[i];
    vars[i].type = WND_CT_DYN;
    vars[i].slot = i;
  }
  size_t nv = e->nnames;
  if (!e->user_now) {
    vars[nv].name = "now";
    vars[nv].type = WND_CT_TIMESTAMP;
    vars[nv].slot = (uint32_t)nv;
    nv++;
  }
  wnd__cel_env ce;
  memset(&ce, 0, sizeof ce);
  ce.mem = m;
  ce.limits = &env->limits;
  ce.vars = vars;
  ce.nvars = nv;
  if (cat) {
    ce.rule_file = true;
    ce.fns = cat->hostfns;
    ce.nfns = cat->nhostfns;
  }
  st = wnd__cel_compile(&ce, e->text, len, false, &e->prog, &cd);
  wnd__free(m, vars);
  vars = NULL;
  if (diags && cd.count) {
    *diags = wnd__diags_new(m);
    if (!*diags || !export_diags(e, &cd, *diags)) goto nomem;
  }
  if (st != WND_OK) {
    if (st == WND_ENOMEM) goto nomem;
    if (st == WND_EINVALID && cd.count) {
      uint32_t line, col;
      wnd__expr_position(e, cd.items[0].offset, &line, &col);
      wnd__env_error(env, st, "%s [%s]", cd.items[0].message, cd.items[0].code);
      wnd__error_at("<expr>", line, col);
    } else {
      wnd__env_error(env, st, "the expression does not compile");
    }
    wnd__cel_diags_free(&cd);
    wnd_expr_free(e);
    return st;
  }
  wnd__cel_diags_free(&cd);
  if (!wnd__expr_pool_init(e)) {
    if (diags) {
      wnd_diags_free(*diags);
      *diags = NULL;
    }
    wnd_expr_free(e);
    return wnd__env_error(env, WND_ENOMEM, "out of memory");
  }
  *out = e;
  return WND_OK;
nomem:
  wnd__free(m, vars);
  wnd__cel_diags_free(&cd);
  if (diags) {
    wnd_diags_free(*diags);
    *diags = NULL;
  }
  wnd_expr_free(e);
  return wnd__env_error(env, WND_ENOMEM, "out of memory");
}

/* Text handed to the caller starts TEXT_HEADER bytes into its block; the
** header holds the env it was allocated from, with a reference, so the
** text can be freed after the env and the expression are gone. */
#define TEXT_HEADER 16
_Static_assert(sizeof(wnd_env *) <= TEXT_HEADER, "the header holds the env pointer");

void wnd_free(wnd_env *env, void *p) {
  (void)env; /* the text knows its own env */
  if (!p) return;
  char *block = (char *)p - TEXT_HEADER;
  wnd_env *owner;
  memcpy(&owner, block, sizeof owner);
  wnd__free(&owner->mem, block);
  wnd__env_release(owner);
}

/* Parse vars_json into slots[0..nnames); undeclared names are refused. */
static int bind_vars(const wnd_expr *e, wnd__arena *a, const char *vars_json,
                     wnd__value *slots) {
  for (uint32_t i = 0; i < e->nnames; i++)
    slots[i] = wnd__v_null();
  if (!vars_json) return WND_OK;
  wnd__value v;
  wnd__json_error jerr;
  int st = wnd__json_parse(a, vars_json, strlen(vars_json), NULL, &v, &jerr);
  if (st == WND_ENOMEM) return wnd__env_error(e->env, st, "out of memory");
  if (st != WND_OK)
    return wnd__env_error(e->env, WND_EINVALID, "variables: line %u, column %u: %s", jerr.line,
                          jerr.column, jerr.msg);
  if (v.kind != WV_MAP)
    return wnd__env_error(e->env, WND_EINVALID,
                          "variables: expected a JSON object {\"name\": value, ...}");
  for (uint32_t k = 0; k < v.n; k++) {
    const wnd__mapent *ent = &v.u.ents[k];
    uint32_t i = 0;
    while (i < e->nnames && (ent->key.kind != WV_STRING || strlen(e->names[i]) != ent->key.n ||
                             memcmp(e->names[i], ent->key.u.s, ent->key.n)))
      i++;
    if (i == e->nnames)
      return wnd__env_error(e->env, WND_EINVALID,
                            "variables: '%.*s' is not a declared variable of the expression",
                            (int)(ent->key.kind == WV_STRING ? ent->key.n : 0),
                            ent->key.kind == WV_STRING ? ent->key.u.s : "");
    slots[i] = ent->val;
  }
  return WND_OK;
}

int wnd_expr_eval_json(const wnd_expr *e, const char *vars_json,
                       const wnd_expr_eval_options *opts, char **out_json) {
  if (out_json) *out_json = NULL;
  if (!e || !out_json) return wnd__fail(WND_EINVAL, "wnd_expr_eval_json: a NULL argument");
  if (opts && opts->version != WND_EXPR_EVAL_OPTIONS_VERSION)
    return wnd__env_error(e->env, WND_EINVAL, "wnd_expr_eval_json: options version %d, expected %d",
                          opts->version, WND_EXPR_EVAL_OPTIONS_VERSION);
  const wnd__mem *m = &e->env->mem;
  wnd__expr_scratch *s = wnd__expr_acquire(e);
  if (!s) return wnd__env_error(e->env, WND_ENOMEM, "out of memory");
  wnd__arena a; /* the parsed variables */
  wnd__arena_init(&a, m, NULL, 0);
  wnd__value v;
  s->bound = 0; /* the slots now hold this call's variables */
  int st = bind_vars(e, &a, vars_json, s->slots);
  if (st == WND_OK) st = wnd__expr_run(e, s, opts, &v);
  if (st != WND_OK) goto done;
  wnd__strbuf sb;
  wnd__sb_init(&sb, m);
  static const char header[TEXT_HEADER];
  wnd__sb_add(&sb, header, sizeof header); /* the owner, set below */
  wnd__json_write(&sb, v);
  size_t n;
  char *block = sb.oom ? NULL : wnd__sb_take(&sb, &n);
  if (!block) {
    wnd__sb_free(&sb);
    st = wnd__env_error(e->env, WND_ENOMEM, "out of memory");
    goto done;
  }
  wnd_env *owner = wnd__env_retain(e->env);
  memcpy(block, &owner, sizeof owner);
  *out_json = block + TEXT_HEADER;
done:
  wnd__expr_release(e, s);
  wnd__arena_free(&a);
  return st;
}
