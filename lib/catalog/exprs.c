/*
** exprs.c — compile the expressions of rule files at load time.
**
** Every expression is parsed and type-checked against the submission
** variables and the item's declared fields, and its problems are reported
** at the exact line and column inside the YAML scalar.  Field patterns and
** `check` functions are compiled as expressions too (`path.matches("...")`,
** `cn.id_card(path)`), so regex limits, JIT and thread-safety live in one
** place: the expression engine.
*/
#include "loader.h"

#include <stdio.h>
#include <string.h>

#include "../cel/cel.h"
#include "../core/strbuf.h"
#include "progcache.h"
#include "vars.h"

static const wnd__cel_type FTYPE_CEL[] = {
    WND_CT_STRING, WND_CT_INT, WND_CT_DOUBLE, WND_CT_BOOL,
    WND_CT_TIMESTAMP, WND_CT_LIST, WND_CT_MAP};

typedef struct field_ctx {
  const wnd__item *item;
  wnd__pc_log *log;         /* lookups of this compile, for reuse; or NULL */
} field_ctx;

static bool under_submission_root(const char *p, size_t n) {
  return (n > 10 && !memcmp(p, "applicant.", 10)) || (n > 6 && !memcmp(p, "agent.", 6)) ||
         (n > 5 && !memcmp(p, "data.", 5));
}

static int item_field_type(const field_ctx *fc, const char *path, size_t n,
                           wnd__cel_type *out);

static int field_type(void *ud, const char *path, size_t n, wnd__cel_type *out) {
  const field_ctx *fc = ud;
  int r = item_field_type(fc, path, n, out);
  if (fc->log) wnd__pc_log_add(fc->log, path, n, r, *out);
  return r;
}

static int item_field_type(const field_ctx *fc, const char *path, size_t n,
                           wnd__cel_type *out) {
  if (!under_submission_root(path, n)) return 0;
  if (!fc->item) return 0; /* windows serve many items: no declarations */
  for (uint32_t i = 0; i < fc->item->nfields; i++) {
    const wnd__field *f = &fc->item->fields[i];
    size_t fl = strlen(f->path);
    if (fl == n && !memcmp(f->path, path, n)) {
      *out = FTYPE_CEL[f->type];
      return 1;
    }
    /* A declared "data.owner.name" makes "data.owner" a map. */
    if (fl > n && !memcmp(f->path, path, n) && f->path[n] == '.') {
      *out = WND_CT_MAP;
      return 1;
    }
  }
  return -1;
}

/* enum-mismatch (SPEC 0.2 §3): the declared field's string enum lacks val. */
static bool item_enum_lacks(void *ud, const char *path, size_t n, const char *val,
                             size_t vn, char *allowed, size_t cap) {
  const field_ctx *fc = ud;
  if (!fc->item) return false;
  for (uint32_t i = 0; i < fc->item->nfields; i++) {
    const wnd__field *f = &fc->item->fields[i];
    if (strlen(f->path) != n || memcmp(f->path, path, n)) continue;
    if (f->type != FT_STRING || !f->enum_vals.n) return false;
    size_t used = 0;
    allowed[0] = '\0';
    for (uint32_t k = 0; k < f->enum_vals.n; k++) {
      const wnd__value *e = &f->enum_values[k];
      if (e->kind != WV_STRING) return false;
      if (e->n == vn && !memcmp(e->u.s, val, vn)) return false;
      int w = snprintf(allowed + used, cap - used, "%s%.*s", k ? ", " : "", (int)e->n, e->u.s);
      if (w > 0 && (size_t)w < cap - used) used += (size_t)w;
    }
    return true;
  }
  return false;
}

static bool field_enum_lacks(void *ud, const char *path, size_t n, const char *val,
                             size_t vn, char *allowed, size_t cap) {
  const field_ctx *fc = ud;
  if (fc->log) wnd__pc_log_enum(fc->log, path, n, val, vn);
  return item_enum_lacks(ud, path, n, val, vn, allowed, cap);
}

/* The cache's replay of an enum question (the message is not needed). */
static bool enum_lacks_probe(void *ud, const char *path, size_t n, const char *val, size_t vn) {
  char allowed[8];
  return item_enum_lacks(ud, path, n, val, vn, allowed, sizeof allowed);
}

static void free_program(void *ud, void *p) {
  (void)ud;
  wnd__cel_program_free(p);
}

/* Host functions declared in functions.yaml and bound at load. */
static size_t host_fns(const wnd_catalog *c, const wnd__cel_hostfn **out) {
  *out = c->hostfns;
  return c->nhostfns;
}

static int compile_text(wnd__lctx *x, const char *src, size_t len, const wnd__item *item,
                        bool expect_bool, bool material_check, wnd__cel_program **prog,
                        wnd__cel_diags *cd) {
  unsigned flags = (expect_bool ? 1u : 0u) | (material_check ? 2u : 0u);
  field_ctx probe = {item, NULL};
  /* The enum questions (string literals compared with a field) are
  ** logged and replayed like field types, so field patterns and
  ** expressions with literals are compiled once per catalog too. */
  wnd__cel_program *same =
      wnd__progcache_find(x->cat, src, len, flags, field_type, enum_lacks_probe, &probe);
  if (same) {
    *prog = same;
    return WND_OK;
  }
  wnd__pc_log log;
  log.n = 0;
  log.overflow = false;
  log.used = 0;
  field_ctx fc = {item, &log};
  size_t ndiags = cd->count;
  wnd__cel_env env;
  memset(&env, 0, sizeof env);
  env.mem = &x->cat->env->mem;
  env.limits = &x->cat->env->limits;
  env.vars = wnd__submission_vars(material_check, &env.nvars);
  env.field_type = field_type;
  env.field_ud = &fc;
  env.field_enum_lacks = field_enum_lacks;
  env.rule_file = true;
  env.nfns = host_fns(x->cat, &env.fns);
  env.arena = &x->cat->arena;
  int st = wnd__cel_compile(&env, src, len, expect_bool, prog, cd);
  if (st == WND_OK && !wnd__catalog_add_finalizer(x->cat, free_program, NULL, *prog)) {
    wnd__cel_program_free(*prog);
    *prog = NULL;
    st = WND_ENOMEM;
  }
  if (st == WND_OK && cd->count == ndiags &&
      !wnd__progcache_add(x->cat, src, len, flags, &log, *prog))
    st = WND_ENOMEM;
  if (st == WND_ENOMEM) wnd__lnomem(x);
  return st;
}

/* For undeclared-field: the declared field nearest to the path quoted in
** the checker's message ("field 'data.x' is not declared..."), or NULL. */
static const char *near_field(const wnd__item *item, const wnd__cel_diag *d) {
  const char *q = strchr(d->message, '\''), *e = q ? strchr(q + 1, '\'') : NULL;
  if (!item || !e || strcmp(d->code, "undeclared-field") || e - q - 1 >= 200) return NULL;
  char path[200];
  memcpy(path, q + 1, (size_t)(e - q - 1));
  path[e - q - 1] = '\0';
  size_t best = (size_t)-1, lim = strlen(path) / 4 < 2 ? 2 : strlen(path) / 4;
  const char *hit = NULL;
  for (uint32_t i = 0; i < item->nfields; i++) {
    size_t dist = wnd__edit_distance(path, item->fields[i].path);
    if (dist < best) best = dist, hit = item->fields[i].path;
  }
  return best <= lim ? hit : NULL;
}

static void report_item(wnd__lctx *x, const wnd__item *item, const wnd__cel_diag *d,
                        uint32_t line, uint32_t col, const char *what) {
  const char *near = near_field(item, d);
  wnd__diag_add(x->diags, d->severity, d->code, x->disp, line, col, "%s: %s%s%s%s", what,
                d->message, near ? "; did you mean '" : "", near ? near : "",
                near ? "'?" : "");
}

static void report(wnd__lctx *x, const wnd__cel_diag *d, uint32_t line, uint32_t col,
                   const char *what) {
  report_item(x, NULL, d, line, col, what);
}

static void compile_any(wnd__lctx *x, wnd__expr *e, const wnd__item *item,
                        const char *what, bool material_check, bool expect_bool) {
  if (!e->text || e->constant >= 0) return;
  if (e->len > x->cat->env->limits.max_expr_bytes) {
    wnd__lerr_at(x, WND_SEV_ERROR, e->loc, "expr-limit",
                 "%s: expression is %u bytes; the limit is %u", what, e->len,
                 (unsigned)x->cat->env->limits.max_expr_bytes);
    return;
  }
  wnd__cel_diags cd;
  wnd__cel_diags_init(&cd, &x->cat->env->mem);
  compile_text(x, e->text, e->len, item, expect_bool, material_check, &e->prog, &cd);
  for (size_t i = 0; i < cd.count; i++) {
    uint32_t line = e->loc.line, col = e->loc.col;
    if (e->node) wnd__yscalar_pos(x->doc, e->node, cd.items[i].offset, &line, &col);
    report_item(x, item, &cd.items[i], line, col, what);
  }
  wnd__cel_diags_free(&cd);
}

static void compile_expr(wnd__lctx *x, wnd__expr *e, const wnd__item *item,
                         const char *what, bool material_check) {
  compile_any(x, e, item, what, material_check, true);
}

void wnd__compile_expr(wnd__lctx *x, wnd__expr *e, const wnd__item *item,
                       const char *what) {
  compile_expr(x, e, item, what, false);
}

void wnd__compile_string_expr(wnd__lctx *x, wnd__expr *e, const wnd__item *item,
                              const char *what) {
  compile_any(x, e, item, what, false, false);
}

void wnd__compile_pattern(wnd__lctx *x, const wnd__ynode *n, wnd__field *f) {
  if (n->n > x->cat->env->limits.max_pattern_bytes) {
    wnd__lerr(x, n, "invalid-pattern", "pattern is %u bytes; the limit is %u",
              (unsigned)n->n, (unsigned)x->cat->env->limits.max_pattern_bytes);
    return;
  }
  f->pattern_loc = wnd__loc_of(x, n);
  f->pattern_node = n;
}

/* Build `path.matches("<pattern escaped>")`, remembering where each byte
** of the pattern went so an error offset maps back into the YAML scalar. */
static void compile_field_pattern(wnd__lctx *x, const wnd__item *item, wnd__field *f) {
  const wnd__mem *m = &x->cat->env->mem;
  wnd__strbuf sb;
  wnd__sb_init(&sb, m);
  wnd__sb_adds(&sb, f->path);
  wnd__sb_adds(&sb, ".matches(\"");
  size_t start = sb.len, plen = strlen(f->pattern);
  uint32_t *map = wnd__calloc(m, plen * 2 + 8, sizeof *map);
  if (!map) {
    wnd__sb_free(&sb);
    return wnd__lnomem(x);
  }
  for (size_t i = 0; i < plen; i++) {
    char ch = f->pattern[i];
    map[sb.len - start] = (uint32_t)i;
    if (ch == '\\' || ch == '"') {
      wnd__sb_addc(&sb, '\\');
      map[sb.len - start] = (uint32_t)i;
      wnd__sb_addc(&sb, ch);
    } else if (ch == '\n') {
      wnd__sb_adds(&sb, "\\n");
      map[sb.len - start - 1] = (uint32_t)i;
    } else {
      wnd__sb_addc(&sb, ch);
    }
  }
  size_t end = sb.len;
  wnd__sb_adds(&sb, "\")");
  size_t len;
  char *src = wnd__sb_take(&sb, &len);
  if (!src) {
    wnd__free(m, map);
    return wnd__lnomem(x);
  }
  wnd__cel_diags cd;
  wnd__cel_diags_init(&cd, m);
  compile_text(x, src, len, item, true, false, &f->regex_prog, &cd);
  for (size_t i = 0; i < cd.count; i++) {
    uint32_t off = cd.items[i].offset, line = f->pattern_loc.line, col = f->pattern_loc.col;
    size_t poff = 0;
    if (off >= start && off < end) poff = map[off - start];
    if (off >= end) poff = plen;
    if (f->pattern_node) wnd__yscalar_pos(x->doc, f->pattern_node, poff, &line, &col);
    report(x, &cd.items[i], line, col, "pattern");
  }
  wnd__cel_diags_free(&cd);
  wnd__free(m, src);
  wnd__free(m, map);
}

static void compile_field_check(wnd__lctx *x, const wnd__item *item, wnd__field *f) {
  char buf[400];
  int n = snprintf(buf, sizeof buf, "%s(%s)", f->check, f->path);
  if (n < 0 || (size_t)n >= sizeof buf) {
    wnd__lerr_at(x, WND_SEV_ERROR, f->check_loc, "bad-value", "check name is too long");
    return;
  }
  wnd__cel_diags cd;
  wnd__cel_diags_init(&cd, &x->cat->env->mem);
  compile_text(x, buf, (size_t)n, item, true, false, &f->check_prog, &cd);
  for (size_t i = 0; i < cd.count; i++) {
    if (cd.items[i].severity != WND_SEV_ERROR) continue;
    wnd__diag_add(x->diags, WND_SEV_ERROR, cd.items[i].code, x->disp, f->check_loc.line,
                  f->check_loc.col, "check '%s' must name a bool function of one argument: %s",
                  f->check, cd.items[i].message);
  }
  wnd__cel_diags_free(&cd);
}

/* Resolve a field path to its activation slot once, so evaluation does not
** parse paths. */
static void resolve_field_path(wnd__field *f) {
  static const struct { const char *root; int slot; } roots[] = {
      {"applicant.", SLOT_APPLICANT}, {"agent.", SLOT_AGENT}, {"data.", SLOT_DATA}};
  f->slot = -1;
  for (size_t i = 0; i < sizeof roots / sizeof roots[0]; i++) {
    size_t l = strlen(roots[i].root);
    if (!strncmp(f->path, roots[i].root, l)) {
      f->slot = roots[i].slot;
      f->sub = f->path + l;
      f->sublen = (uint32_t)strlen(f->sub);
      f->nested = memchr(f->sub, '.', f->sublen) != NULL;
    }
  }
}

/* Whether text may name the `materials` variable: any occurrence of the
** word counts (in a string literal or a longer name too), so a false
** answer is sure. */
static bool names_materials(const char *s, size_t n) {
  for (size_t i = 0; s && i + 9 <= n; i++)
    if (s[i] == 'm' && !memcmp(s + i, "materials", 9)) return true;
  return false;
}

static bool expr_names_materials(const wnd__expr *e) {
  return e->text && names_materials(e->text, e->len);
}

/* Whether any expression evaluated for the item may read `materials`
** (SPEC §4.4 converts the dates of every submitted material entry; if
** nothing can read them but a check's `m`, decide.c converts only that
** entry). */
static bool item_names_materials(const wnd_catalog *c, const wnd__item *it) {
  for (uint32_t i = 0; i < c->nwindows; i++)
    if (expr_names_materials(&c->windows[i].when)) return true;
  for (uint32_t i = 0; i < it->nfields; i++) {
    const wnd__field *f = &it->fields[i];
    if (names_materials(f->path, strlen(f->path)) ||
        (f->check && names_materials(f->check, strlen(f->check))))
      return true;
  }
  for (uint32_t i = 0; i < it->nconditions; i++)
    if (expr_names_materials(&it->conditions[i].when) ||
        expr_names_materials(&it->conditions[i].require))
      return true;
  for (uint32_t i = 0; i < it->nmaterials; i++) {
    const wnd__material *m = &it->materials[i];
    if (expr_names_materials(&m->required) || (m->holder && expr_names_materials(m->holder)))
      return true;
    for (uint32_t k = 0; k < m->nchecks; k++)
      if (expr_names_materials(&m->checks[k].require)) return true;
  }
  for (uint32_t i = 0; i < it->nroutes; i++)
    if (expr_names_materials(&it->routes[i].when)) return true;
  return expr_names_materials(&it->fast_track.eligible) ||
         expr_names_materials(&it->commitment_eligible);
}

void wnd__compile_item(wnd__lctx *x, wnd__item *it) {
  for (uint32_t i = 0; i < it->nroutes; i++) {
    char subject[32];
    snprintf(subject, sizeof subject, "routing:%u", (unsigned)(i + 1));
    it->routes[i].subject = wnd__cat_strdup(x, subject);
  }
  for (uint32_t i = 0; i < it->nfields; i++) {
    wnd__field *f = &it->fields[i];
    resolve_field_path(f);
    if (f->pattern && f->pattern_node) compile_field_pattern(x, it, f);
    f->pattern_node = NULL;
    if (f->check) compile_field_check(x, it, f);
  }
  for (uint32_t i = 0; i < it->nconditions; i++) {
    compile_expr(x, &it->conditions[i].when, it, "condition when", false);
    compile_expr(x, &it->conditions[i].require, it, "condition require", false);
  }
  for (uint32_t i = 0; i < it->nmaterials; i++) {
    wnd__material *m = &it->materials[i];
    compile_expr(x, &m->required, it, "material required", false);
    if (m->holder == &m->holder_own)
      compile_any(x, &m->holder_own, it, "material e_license_holder", false, false);
    for (uint32_t k = 0; k < m->nchecks; k++)
      compile_expr(x, &m->checks[k].require, it, "material check", true);
  }
  compile_expr(x, &it->fast_track.eligible, it, "fast_track eligible", false);
  compile_expr(x, &it->commitment_eligible, it, "commitment_eligible", false);
  for (uint32_t i = 0; i < it->nroutes; i++)
    compile_expr(x, &it->routes[i].when, it, "routing when", false);
  it->dates_lazy = !item_names_materials(x->cat, it);
}
