/*
** rules.c — a catalog's rules as a read-only tree for tools (wnd_rules in
** libwindow.h): `window diff`, `window test --coverage` and `window stats`
** read items, materials, checks, conditions, routing rules, fast track,
** bundles and windows through it instead of the model's structs.
**
** Every attribute is rendered once, when the snapshot is built, as the
** canonical text a reviewer reads ("20 workdays", "original|copy", an
** expression as written), with the place it is written.  The snapshot
** lives in its own arena, so its layout is free to change with the model
** and reading it is thread-safe.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/strbuf.h"
#include "../json/json.h"
#include "model.h"
#include "serves.h"

#define MAX_ATTRS 16

typedef struct rattr {
  const char *key;    /* static */
  const char *value;  /* arena text, or NULL when absent */
  wnd__loc loc;
} rattr;

typedef struct ridx {
  const char *id;
  uint32_t i;
} ridx;

typedef struct rgroup {
  const char *kind;
  struct wnd_rule *v;
  uint32_t n;
  ridx *by_id;        /* the entries of v with an id, sorted by id */
  uint32_t nby_id;
} rgroup;

struct wnd_rule {
  const char *kind, *id;
  wnd__loc loc;
  const struct wnd_rule *parent;
  rattr *attrs;
  uint32_t nattrs;
  rgroup *groups;
  uint32_t ngroups;
};

struct wnd_rules {
  wnd__arena arena;
  struct wnd_rule root;
  bool oom;
};

/* The node being filled: attributes collect here, then move to the arena. */
typedef struct builder {
  wnd_rules *rs;
  struct wnd_rule *node;
  rattr tmp[MAX_ATTRS];
  uint32_t n;
  const char *last_file, *last_copy;  /* file names repeat: copy each run once */
} builder;

static const char *text(builder *b, const char *s, size_t n) {
  char *d = wnd__arena_strndup(&b->rs->arena, s, n);
  if (!d) b->rs->oom = true;
  return d;
}

static const wnd__loc NOWHERE = {NULL, 0, 0};

/* A place with its file name copied into the snapshot (the catalog's own
** copy dies with the catalog). */
static wnd__loc own_loc(builder *b, const wnd__loc *loc) {
  if (!loc || !loc->file) return NOWHERE;
  if (loc->file != b->last_file) {
    b->last_copy = text(b, loc->file, strlen(loc->file));
    b->last_file = loc->file;
  }
  return (wnd__loc){b->last_copy, loc->line, loc->col};
}

static void attr(builder *b, const char *key, const char *value, const wnd__loc *loc) {
  if (b->n == MAX_ATTRS) abort(); /* a programming error: raise MAX_ATTRS */
  b->tmp[b->n++] = (rattr){key, value, own_loc(b, loc)};
}

/* Copied, so a snapshot does not depend on its catalog's lifetime. */
static void attr_s(builder *b, const char *key, const char *value, const wnd__loc *loc) {
  attr(b, key, value ? text(b, value, strlen(value)) : NULL, loc);
}

static void attr_i(builder *b, const char *key, int64_t v, const wnd__loc *loc) {
  char buf[32];
  int n = snprintf(buf, sizeof buf, "%lld", (long long)v);
  attr(b, key, text(b, buf, (size_t)n), loc);
}

static void attr_b(builder *b, const char *key, bool v, const wnd__loc *loc) {
  attr(b, key, v ? "true" : "false", loc);
}

static void attr_span(builder *b, const char *key, bool has, wnd__span s, const wnd__loc *loc) {
  char buf[32];
  if (!has) {
    attr(b, key, NULL, loc);
    return;
  }
  size_t n = wnd__span_format(buf, s);
  attr(b, key, text(b, buf, n), loc);
}

/* An expression as written; "true"/"false" for a YAML boolean; absent
** when not written.  Its place is the expression's own. */
static void attr_expr(builder *b, const char *key, const wnd__expr *e) {
  const char *v = NULL;
  if (e->text)
    v = text(b, e->text, e->len);
  else if (e->constant >= 0)
    v = e->constant ? "true" : "false";
  attr(b, key, v, &e->loc);
}

/* A list as "a, b, c" at the place of its first entry (else `loc`). */
static void attr_list(builder *b, const char *key, const wnd__strlist *l, const wnd__loc *loc) {
  wnd__strbuf sb;
  wnd__sb_init(&sb, b->rs->arena.mem);
  for (uint32_t i = 0; i < l->n; i++) {
    if (i) wnd__sb_adds(&sb, ", ");
    wnd__sb_adds(&sb, l->v[i]);
  }
  if (sb.oom) b->rs->oom = true;
  attr(b, key, text(b, sb.data ? sb.data : "", sb.len), l->n && l->locs ? &l->locs[0] : loc);
  wnd__sb_free(&sb);
}

/* Where a key is written when it is, else where its rule is. */
static const wnd__loc *at(const wnd__loc *key, const wnd__loc *rule) {
  return key->file && key->line ? key : rule;
}

/* Start node `n` of kind `kind`; its attributes follow, then done(). */
static void begin(builder *b, struct wnd_rule *n, const struct wnd_rule *parent, const char *kind,
                  const char *id, const wnd__loc *loc) {
  n->kind = kind;
  n->id = id ? text(b, id, strlen(id)) : NULL;
  n->loc = own_loc(b, loc);
  n->parent = parent;
  b->node = n;
  b->n = 0;
}

static void done(builder *b) {
  struct wnd_rule *n = b->node;
  n->attrs = wnd__arena_calloc(&b->rs->arena, b->n ? b->n : 1, sizeof *n->attrs);
  if (!n->attrs) {
    b->rs->oom = true;
    return;
  }
  memcpy(n->attrs, b->tmp, b->n * sizeof *b->tmp);
  n->nattrs = b->n;
}

/* Groups of children, one per kind, in the order given. */
static bool groups(builder *b, struct wnd_rule *n, uint32_t ngroups) {
  n->groups = wnd__arena_calloc(&b->rs->arena, ngroups, sizeof *n->groups);
  if (!n->groups) return !(b->rs->oom = true);
  n->ngroups = ngroups;
  return true;
}

static struct wnd_rule *group(builder *b, struct wnd_rule *n, uint32_t g, const char *kind,
                              uint32_t count) {
  rgroup *gr = &n->groups[g];
  gr->kind = kind;
  gr->v = wnd__arena_calloc(&b->rs->arena, count ? count : 1, sizeof *gr->v);
  if (!gr->v) {
    b->rs->oom = true;
    return NULL;
  }
  gr->n = count;
  return gr->v;
}

/* ---- one builder per kind ------------------------------------------------ */

static const char *const FORM_NAMES[] = {"original", "copy", "electronic", "e_license"};
static const char *const SOURCE_NAMES[] = {"applicant", "government", "intermediary"};
static const char *const FIELD_TYPES[] = {"string", "int",  "double", "bool",
                                          "timestamp", "list", "map"};
static const char *const WINDOW_KINDS[] = {"comprehensive", "domain", "professional",
                                           "theme",         "special", "output"};
static const char *const FLOW_NAMES[] = {NULL, "on_spot_completion", "on_spot_acceptance",
                                         "receipt"};

static void forms_attr(builder *b, unsigned f, const wnd__loc *loc) {
  char buf[64] = "";
  for (int i = 0; i < 4; i++)
    if (f & (1u << i)) {
      if (buf[0]) strcat(buf, "|");
      strcat(buf, FORM_NAMES[i]);
    }
  attr_s(b, "forms", f ? buf : "any", loc);
}

static void build_check(builder *b, struct wnd_rule *n, const struct wnd_rule *p,
                        const wnd__mcheck *c) {
  begin(b, n, p, "check", NULL, &c->loc);
  attr_expr(b, "require", &c->require);
  attr_s(b, "message", c->message, &c->loc);
  attr_s(b, "code", c->code, &c->loc);
  done(b);
}

static void build_material(builder *b, struct wnd_rule *n, const struct wnd_rule *p,
                           const wnd__material *m) {
  static const wnd__expr none = {0};
  const wnd__loc *l = &m->loc;
  begin(b, n, p, "material", m->id, l);
  attr_s(b, "name", m->name, l);
  attr_expr(b, "required", &m->required);
  attr_list(b, "any_of", &m->any_of, l);
  forms_attr(b, m->forms, l);
  attr_i(b, "copies", m->copies, l);
  attr_s(b, "source", m->source >= 0 && m->source < 3 ? SOURCE_NAMES[m->source] : NULL, l);
  attr_s(b, "e_license", m->e_license, l);
  attr_b(b, "verify_only", m->verify_only, l);
  attr_b(b, "tolerable", m->tolerable, l);
  attr_span(b, "supplement_within", m->has_supplement, m->supplement_within, &m->supplement_loc);
  attr_b(b, "commitment", m->commitment, l);
  attr_span(b, "verify_within", m->has_verify, m->verify_within, l);
  attr_expr(b, "e_license_holder", m->holder ? m->holder : &none);
  done(b);
  if (!groups(b, n, 1)) return;
  struct wnd_rule *v = group(b, n, 0, "check", m->nchecks);
  for (uint32_t i = 0; v && i < m->nchecks; i++) build_check(b, &v[i], n, &m->checks[i]);
}

static void build_condition(builder *b, struct wnd_rule *n, const struct wnd_rule *p,
                            const wnd__condition *c) {
  begin(b, n, p, "condition", c->id, &c->loc);
  attr_expr(b, "when", &c->when);
  attr_expr(b, "require", &c->require);
  attr_s(b, "message", c->message, &c->loc);
  attr(b, "on_fail", c->correct ? "correct" : "reject", &c->loc);
  attr(b, "stage", c->approval ? "approval" : "acceptance", &c->loc);
  done(b);
}

static void build_route(builder *b, struct wnd_rule *n, const struct wnd_rule *p,
                        const wnd__route *r) {
  begin(b, n, p, "route", r->subject, &r->loc);
  attr_expr(b, "when", &r->when);
  attr_s(b, "department", r->department_id, at(&r->department_loc, &r->loc));
  attr_s(b, "section", r->section_id, at(&r->section_loc, &r->loc));
  attr_s(b, "escalate_to", r->escalate_id, at(&r->escalate_loc, &r->loc));
  attr_s(b, "window", r->window_id, at(&r->window_loc, &r->loc));
  attr_s(b, "reject", r->reject, &r->loc);
  done(b);
}

static void build_fast_track(builder *b, struct wnd_rule *n, const struct wnd_rule *p,
                             const wnd__fasttrack *f) {
  begin(b, n, p, "fast_track", NULL, &f->loc);
  attr_b(b, "enabled", f->enabled, &f->loc);
  attr_i(b, "max_gaps", f->max_gaps, &f->loc);
  attr_expr(b, "eligible", &f->eligible);
  attr_b(b, "issue_before_supplement", f->issue_before_supplement, &f->loc);
  done(b);
}

/* A field's enum as JSON values ("[\"a\", 2]"); absent when it has none. */
static void enum_attr(builder *b, const wnd__field *f) {
  if (!f->enum_vals.n) {
    attr(b, "enum", NULL, &f->loc);
    return;
  }
  wnd__strbuf sb;
  wnd__sb_init(&sb, b->rs->arena.mem);
  wnd__sb_addc(&sb, '[');
  for (uint32_t i = 0; i < f->enum_vals.n; i++) {
    if (i) wnd__sb_adds(&sb, ", ");
    wnd__json_write(&sb, f->enum_values[i]);
  }
  wnd__sb_addc(&sb, ']');
  if (sb.oom) b->rs->oom = true;
  attr(b, "enum", sb.oom ? NULL : text(b, sb.data, sb.len), &f->loc);
  wnd__sb_free(&sb);
}

static void num_attr(builder *b, const char *key, bool has, double v, const wnd__loc *loc) {
  char buf[32];
  if (!has) {
    attr(b, key, NULL, loc);
    return;
  }
  int n = snprintf(buf, sizeof buf, "%g", v);
  attr(b, key, text(b, buf, (size_t)n), loc);
}

static void build_field(builder *b, struct wnd_rule *n, const struct wnd_rule *p,
                        const wnd__field *f) {
  begin(b, n, p, "field", f->path, &f->loc);
  attr(b, "type", FIELD_TYPES[f->type % 7], &f->loc);
  attr_b(b, "required", f->required, &f->loc);
  enum_attr(b, f);
  attr_s(b, "pattern", f->pattern, &f->pattern_loc);
  attr_s(b, "check", f->check, &f->check_loc);
  num_attr(b, "min", f->has_min, f->min, &f->loc);
  num_attr(b, "max", f->has_max, f->max, &f->loc);
  done(b);
}

static void build_item(builder *b, struct wnd_rule *n, const struct wnd_rule *p,
                       const wnd__item *it) {
  static const char *const HANDLING[] = {"instant", "promised"};
  static const char *const AUTH[] = {"none", "accept", "decide"};
  const wnd__loc *l = &it->loc;
  begin(b, n, p, "item", it->code, l);
  attr_s(b, "name", it->name, l);
  attr_s(b, "type", it->type, l);
  attr(b, "handling", HANDLING[it->handling & 1], l);
  attr(b, "authorized", AUTH[it->authorized % 3], l);
  attr_b(b, "comprehensive", it->comprehensive, &it->comprehensive_loc);
  attr_s(b, "exclusion_reason", it->exclusion_reason, l);
  attr_s(b, "department", it->department_id, &it->department_loc);
  attr_s(b, "section", it->section_id, &it->section_loc);
  attr_s(b, "window", it->window_id, &it->window_loc);
  attr_s(b, "output_window", it->output_window_id, &it->output_window_loc);
  attr_span(b, "statutory_limit", it->has_statutory, it->statutory, &it->statutory_loc);
  attr_span(b, "promised_limit", it->has_promised, it->promised, &it->promised_loc);
  attr_span(b, "statutory_extension", it->has_extension, it->extension, l);
  attr(b, "flow", FLOW_NAMES[it->flow & 3], at(&it->flow_loc, l));
  attr_expr(b, "commitment_eligible", &it->commitment_eligible);
  done(b);
  if (!groups(b, n, 5)) return;
  struct wnd_rule *v = group(b, n, 0, "field", it->nfields);
  for (uint32_t i = 0; v && i < it->nfields; i++) build_field(b, &v[i], n, &it->fields[i]);
  v = group(b, n, 1, "condition", it->nconditions);
  for (uint32_t i = 0; v && i < it->nconditions; i++)
    build_condition(b, &v[i], n, &it->conditions[i]);
  v = group(b, n, 2, "material", it->nmaterials);
  for (uint32_t i = 0; v && i < it->nmaterials; i++)
    build_material(b, &v[i], n, &it->materials[i]);
  v = group(b, n, 3, "route", it->nroutes);
  for (uint32_t i = 0; v && i < it->nroutes; i++) build_route(b, &v[i], n, &it->routes[i]);
  bool ft = it->fast_track.present;
  v = group(b, n, 4, "fast_track", ft ? 1 : 0);
  if (v && ft) build_fast_track(b, v, n, &it->fast_track);
}

static void build_bundle(builder *b, struct wnd_rule *n, const struct wnd_rule *p,
                         const wnd__bundle *bu) {
  begin(b, n, p, "bundle", bu->id, &bu->loc);
  attr_s(b, "name", bu->name, &bu->loc);
  attr_list(b, "items", &bu->item_codes, &bu->loc);
  attr_span(b, "promised_limit", bu->has_promised, bu->promised, &bu->loc);
  done(b);
  if (!groups(b, n, 1)) return;
  struct wnd_rule *v = group(b, n, 0, "step", bu->nsteps);
  for (uint32_t i = 0; v && i < bu->nsteps; i++) {
    const wnd__bundle_step *s = &bu->steps[i];
    begin(b, &v[i], n, "step", s->code, &s->loc);
    attr_list(b, "after", &s->pre, &s->loc);
    done(b);
  }
}

static void build_window(builder *b, struct wnd_rule *n, const struct wnd_rule *p,
                         const wnd__window *w) {
  const wnd__loc *l = &w->loc;
  begin(b, n, p, "window", w->id, l);
  attr_s(b, "name", w->name, l);
  attr(b, "kind", WINDOW_KINDS[w->kind % 6], l);
  attr_list(b, "serves.departments", &w->departments, l);
  attr_list(b, "serves.themes", &w->themes, l);
  attr_list(b, "serves.items", &w->items, l);
  attr_i(b, "serves.frequency", w->frequency, l);
  attr_expr(b, "when", &w->when);
  attr_i(b, "priority", w->priority, l);
  done(b);
}

static void build_department(builder *b, struct wnd_rule *n, const struct wnd_rule *p,
                             const wnd__department *d) {
  begin(b, n, p, "department", d->id, &d->loc);
  attr_s(b, "name", d->name, &d->loc);
  attr_s(b, "parent", d->parent_id, at(&d->parent_loc, &d->loc));
  done(b);
  if (!groups(b, n, 1)) return;
  struct wnd_rule *v = group(b, n, 0, "section", d->nsections);
  for (uint32_t i = 0; v && i < d->nsections; i++) {
    begin(b, &v[i], n, "section", d->sections[i].id, &d->sections[i].loc);
    attr_s(b, "name", d->sections[i].name, &d->sections[i].loc);
    done(b);
  }
}

static void build_defaults(builder *b, struct wnd_rule *n, const struct wnd_rule *p,
                           const wnd__defaults *d) {
  /* catalog.yaml as a whole: its keys carry no position in the model */
  const wnd__loc l = {"catalog.yaml", 0, 0};
  begin(b, n, p, "defaults", NULL, &l);
  attr_span(b, "notify_within", true, d->notify_within, &l);
  attr_span(b, "supplement_within", true, d->supplement_within, &l);
  attr_span(b, "transfer_within", true, d->transfer_within, &l);
  attr_i(b, "max_gaps", d->max_gaps, &l);
  done(b);
}

static void build_root(builder *b, const wnd_catalog *c) {
  struct wnd_rule *n = &b->rs->root;
  begin(b, n, NULL, "catalog", c->id, NULL);
  attr_s(b, "name", c->name, NULL);
  attr_s(b, "version", c->version, NULL);
  done(b);
  if (!groups(b, n, 5)) return;
  struct wnd_rule *v = group(b, n, 0, "defaults", 1);
  if (v) build_defaults(b, v, n, &c->defaults);
  v = group(b, n, 1, "department", c->ndepartments);
  for (uint32_t i = 0; v && i < c->ndepartments; i++)
    build_department(b, &v[i], n, &c->departments[i]);
  v = group(b, n, 2, "window", c->nwindows);
  for (uint32_t i = 0; v && i < c->nwindows; i++) build_window(b, &v[i], n, &c->windows[i]);
  v = group(b, n, 3, "item", c->nitems);
  for (uint32_t i = 0; v && i < c->nitems; i++) build_item(b, &v[i], n, &c->items[i]);
  v = group(b, n, 4, "bundle", c->nbundles);
  for (uint32_t i = 0; v && i < c->nbundles; i++) build_bundle(b, &v[i], n, &c->bundles[i]);
}

/* ---- lookup by id: each group sorted once --------------------------------- */

static int by_id(const void *a, const void *b) {
  const ridx *x = a, *y = b;
  int c = strcmp(x->id, y->id);
  return c ? c : (x->i > y->i) - (x->i < y->i);
}

/* Document order breaks ties, so a lookup finds the first of equal ids. */
static void index_group(wnd_rules *rs, rgroup *g) {
  g->by_id = wnd__arena_calloc(&rs->arena, g->n ? g->n : 1, sizeof *g->by_id);
  if (!g->by_id) {
    rs->oom = true;
    return;
  }
  for (uint32_t i = 0; i < g->n; i++)
    if (g->v[i].id) g->by_id[g->nby_id++] = (ridx){g->v[i].id, i};
  qsort(g->by_id, g->nby_id, sizeof *g->by_id, by_id);
}

static void index_all(wnd_rules *rs, struct wnd_rule *n) {
  for (uint32_t g = 0; g < n->ngroups && !rs->oom; g++) {
    index_group(rs, &n->groups[g]);
    for (uint32_t i = 0; i < n->groups[g].n; i++) index_all(rs, &n->groups[g].v[i]);
  }
}

/* ---- public API ------------------------------------------------------------ */

int wnd_rules_new(wnd_rules **out, const wnd_catalog *cat) {
  if (out) *out = NULL;
  if (!out || !cat) return wnd__fail(WND_EINVAL, "wnd_rules_new: a NULL argument");
  wnd_rules *rs = wnd__calloc(&cat->env->mem, 1, sizeof *rs);
  if (!rs) return wnd__fail(WND_ENOMEM, "wnd_rules_new: out of memory");
  wnd__arena_init(&rs->arena, &cat->env->mem, NULL, 0);
  builder b;
  memset(&b, 0, sizeof b);
  b.rs = rs;
  build_root(&b, cat);
  if (!rs->oom) index_all(rs, &rs->root);
  if (rs->oom) {
    wnd_rules_free(rs);
    return wnd__fail(WND_ENOMEM, "wnd_rules_new: out of memory");
  }
  *out = rs;
  return WND_OK;
}

void wnd_rules_free(wnd_rules *rs) {
  if (!rs) return;
  const wnd__mem *m = rs->arena.mem;
  wnd__arena_free(&rs->arena);
  wnd__free(m, rs);
}

const wnd_rule *wnd_rules_root(const wnd_rules *rs) { return rs ? &rs->root : NULL; }

const char *wnd_rule_kind(const wnd_rule *r) { return r ? r->kind : NULL; }
const char *wnd_rule_id(const wnd_rule *r) { return r ? r->id : NULL; }
const wnd_rule *wnd_rule_parent(const wnd_rule *r) { return r ? r->parent : NULL; }

static const rattr *find_attr(const wnd_rule *r, const char *key) {
  for (uint32_t i = 0; r && key && i < r->nattrs; i++)
    if (!strcmp(r->attrs[i].key, key)) return &r->attrs[i];
  return NULL;
}

int wnd_rule_loc(const wnd_rule *r, const char *key, wnd_loc *out) {
  if (!r || !out) return wnd__fail(WND_EINVAL, "wnd_rule_loc: a NULL argument");
  const wnd__loc *l = &r->loc;
  if (key) {
    const rattr *a = find_attr(r, key);
    if (!a) return wnd__fail(WND_ENOTFOUND, "wnd_rule_loc: a %s has no attribute '%s'", r->kind, key);
    l = &a->loc;
  }
  out->file = l->file;
  out->line = l->file ? l->line : 0;
  out->column = l->file ? l->col : 0;
  return WND_OK;
}

size_t wnd_rule_attr_count(const wnd_rule *r) { return r ? r->nattrs : 0; }

const char *wnd_rule_attr_key(const wnd_rule *r, size_t i) {
  return r && i < r->nattrs ? r->attrs[i].key : NULL;
}

const char *wnd_rule_attr(const wnd_rule *r, const char *key) {
  const rattr *a = find_attr(r, key);
  return a ? a->value : NULL;
}

static const rgroup *find_group(const wnd_rule *r, const char *kind) {
  for (uint32_t g = 0; r && kind && g < r->ngroups; g++)
    if (!strcmp(r->groups[g].kind, kind)) return &r->groups[g];
  return NULL;
}

size_t wnd_rule_count(const wnd_rule *r, const char *kind) {
  const rgroup *g = find_group(r, kind);
  return g ? g->n : 0;
}

const wnd_rule *wnd_rule_child(const wnd_rule *r, const char *kind, size_t i) {
  const rgroup *g = find_group(r, kind);
  return g && i < g->n ? &g->v[i] : NULL;
}

const wnd_rule *wnd_rule_find(const wnd_rule *r, const char *kind, const char *id) {
  const rgroup *g = find_group(r, kind);
  if (!g || !id) return NULL;
  size_t lo = 0, hi = g->nby_id;
  while (lo < hi) { /* the first entry whose id is not below `id` */
    size_t mid = lo + (hi - lo) / 2;
    if (strcmp(g->by_id[mid].id, id) < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo < g->nby_id && !strcmp(g->by_id[lo].id, id)) return &g->v[g->by_id[lo].i];
  return NULL;
}

bool wnd_catalog_window_serves(const wnd_catalog *cat, const char *window_id,
                               const char *item_code) {
  const wnd__window *w = cat && window_id ? wnd__find_window(cat, window_id) : NULL;
  const wnd__item *it = cat && item_code ? wnd__find_item(cat, item_code) : NULL;
  return w && it && wnd__window_serves(w, it);
}
