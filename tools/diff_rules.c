/*
** diff_rules.c — semantic differences between two catalogs (diff_rules.h).
**
** Items, materials, conditions, bundles and windows are matched by their
** ids, so moving an item to another file or reordering materials is not a
** change; routing rules are matched by position because their order is
** their meaning (the first matching rule wins).  Expressions compare as
** written: a reformatted expression shows as changed, which is what a
** reviewer wants to look at anyway.
*/
#include "diff_rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/catalog/model.h"
#include "../lib/core/strbuf.h"
#include "../lib/json/json.h"

static char *dup_n(const char *s, size_t n) {
  char *d = malloc(n + 1);
  if (!d) return NULL;
  memcpy(d, s, n);
  d[n] = '\0';
  return d;
}

static char *dup(const char *s) { return s ? dup_n(s, strlen(s)) : NULL; }

static bool same(const char *a, const char *b) {
  if (!a || !b) return a == b;
  return !strcmp(a, b);
}

static void side_set(diff_list *l, diff_side *s, const char *v, const wnd__loc *loc) {
  s->value = NULL;
  s->file = NULL;
  s->line = s->col = 0;
  if (v && !(s->value = dup(v))) l->oom = true;
  if (loc && loc->file) {
    s->file = loc->file;
    s->line = loc->line;
    s->col = loc->col;
  }
}

/* Record a change when o and n differ (NULL = absent). */
static void change(diff_list *l, const char *target, const char *kind, const char *key,
                   const char *o, const wnd__loc *ol, const char *n, const wnd__loc *nl) {
  if (same(o, n) || l->oom) return;
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 32;
    diff_change *v = realloc(l->v, cap * sizeof *v);
    if (!v) {
      l->oom = true;
      return;
    }
    l->v = v;
    l->cap = cap;
  }
  diff_change *c = &l->v[l->n++];
  c->kind = kind;
  c->target = dup(target);
  c->key = dup(key);
  side_set(l, &c->old_, o, ol);
  side_set(l, &c->new_, n, nl);
  if (!c->target || !c->key) l->oom = true;
}

/* The text of an expression; "true"/"false" for YAML booleans; NULL when
** absent.  Caller frees. */
static char *expr_text(diff_list *l, const wnd__expr *e) {
  char *s = NULL;
  if (e->text)
    s = dup_n(e->text, e->len);
  else if (e->constant >= 0)
    s = dup(e->constant ? "true" : "false");
  else
    return NULL;
  if (!s) l->oom = true;
  return s;
}

static void change_expr(diff_list *l, const char *target, const char *kind, const char *key,
                        const wnd__expr *o, const wnd__expr *n) {
  char *a = expr_text(l, o), *b = expr_text(l, n);
  change(l, target, kind, key, a, &o->loc, b, &n->loc);
  free(a);
  free(b);
}

static void change_int(diff_list *l, const char *target, const char *kind, const char *key,
                       int64_t o, const wnd__loc *ol, int64_t n, const wnd__loc *nl) {
  char a[32], b[32];
  snprintf(a, sizeof a, "%lld", (long long)o);
  snprintf(b, sizeof b, "%lld", (long long)n);
  change(l, target, kind, key, a, ol, b, nl);
}

static void change_bool(diff_list *l, const char *target, const char *kind, const char *key,
                        bool o, const wnd__loc *ol, bool n, const wnd__loc *nl) {
  change(l, target, kind, key, o ? "true" : "false", ol, n ? "true" : "false", nl);
}

static const char *span_text(char *buf, bool has, wnd__span s) {
  if (!has) return NULL;
  wnd__span_format(buf, s);
  return buf;
}

static void change_span(diff_list *l, const char *target, const char *kind, const char *key,
                        bool oh, wnd__span o, const wnd__loc *ol, bool nh, wnd__span n,
                        const wnd__loc *nl) {
  char a[32], b[32];
  change(l, target, kind, key, span_text(a, oh, o), ol, span_text(b, nh, n), nl);
}

/* A list as "a, b, c"; caller frees. */
static char *join(diff_list *l, const wnd__strlist *s) {
  size_t n = 1;
  for (uint32_t i = 0; i < s->n; i++) n += strlen(s->v[i]) + 2;
  char *out = malloc(n);
  if (!out) {
    l->oom = true;
    return NULL;
  }
  out[0] = '\0';
  for (uint32_t i = 0; i < s->n; i++) {
    if (i) strcat(out, ", ");
    strcat(out, s->v[i]);
  }
  return out;
}

static void change_list(diff_list *l, const char *target, const char *kind, const char *key,
                        const wnd__strlist *o, const wnd__loc *ol, const wnd__strlist *n,
                        const wnd__loc *nl) {
  char *a = join(l, o), *b = join(l, n);
  if (a && b)
    change(l, target, kind, key, a, o->n && o->locs ? &o->locs[0] : ol, b,
           n->n && n->locs ? &n->locs[0] : nl);
  free(a);
  free(b);
}

static const char *forms_text(char *buf, unsigned f) {
  static const char *const NAME[] = {"original", "copy", "electronic", "e_license"};
  buf[0] = '\0';
  if (!f) return "any";
  for (int i = 0; i < 4; i++)
    if (f & (1u << i)) {
      if (buf[0]) strcat(buf, "|");
      strcat(buf, NAME[i]);
    }
  return buf;
}

static const char *source_text(int s) {
  static const char *const NAME[] = {"applicant", "government", "intermediary"};
  return s >= 0 && s < 3 ? NAME[s] : NULL;
}

/* key = prefix + "." + attr, in a fixed buffer (ids are short). */
static const char *k(char *buf, size_t size, const char *prefix, const char *attr) {
  snprintf(buf, size, "%s.%s", prefix, attr);
  return buf;
}

/* The key's own position when it is written, else its rule's or item's. */
static const wnd__loc *at(const wnd__loc *key, const wnd__loc *rule) {
  return key->file && key->line ? key : rule;
}

static void diff_material(diff_list *l, const char *t, const wnd__material *o,
                          const wnd__material *n) {
  char p[160], key[512], a[64], b[64];
  snprintf(p, sizeof p, "material %s", o->id);
  const char *K = "material";
  change(l, t, K, k(key, sizeof key, p, "name"), o->name, &o->loc, n->name, &n->loc);
  change_expr(l, t, K, k(key, sizeof key, p, "required"), &o->required, &n->required);
  change_list(l, t, K, k(key, sizeof key, p, "any_of"), &o->any_of, &o->loc, &n->any_of,
              &n->loc);
  change(l, t, K, k(key, sizeof key, p, "forms"), forms_text(a, o->forms), &o->loc,
         forms_text(b, n->forms), &n->loc);
  change_int(l, t, K, k(key, sizeof key, p, "copies"), o->copies, &o->loc, n->copies, &n->loc);
  change(l, t, K, k(key, sizeof key, p, "source"), source_text(o->source), &o->loc,
         source_text(n->source), &n->loc);
  change(l, t, K, k(key, sizeof key, p, "e_license"), o->e_license, &o->loc, n->e_license,
         &n->loc);
  change_bool(l, t, K, k(key, sizeof key, p, "verify_only"), o->verify_only, &o->loc,
              n->verify_only, &n->loc);
  change_bool(l, t, K, k(key, sizeof key, p, "tolerable"), o->tolerable, &o->loc, n->tolerable,
              &n->loc);
  change_span(l, t, K, k(key, sizeof key, p, "supplement_within"), o->has_supplement,
              o->supplement_within, &o->supplement_loc, n->has_supplement, n->supplement_within,
              &n->supplement_loc);
  change_bool(l, t, K, k(key, sizeof key, p, "commitment"), o->commitment, &o->loc, n->commitment,
              &n->loc);
  change_span(l, t, K, k(key, sizeof key, p, "verify_within"), o->has_verify, o->verify_within,
              &o->loc, n->has_verify, n->verify_within, &n->loc);
  static const wnd__expr none = {0};
  change_expr(l, t, K, k(key, sizeof key, p, "e_license_holder"), o->holder ? o->holder : &none,
              n->holder ? n->holder : &none);
  uint32_t m = o->nchecks > n->nchecks ? o->nchecks : n->nchecks;
  for (uint32_t i = 0; i < m; i++) {
    char q[200];
    snprintf(q, sizeof q, "%s.checks[%u]", p, i);
    const wnd__mcheck *x = i < o->nchecks ? &o->checks[i] : NULL;
    const wnd__mcheck *y = i < n->nchecks ? &n->checks[i] : NULL;
    if (!x || !y) {
      char *e = expr_text(l, x ? &x->require : &y->require);
      change(l, t, K, q, x ? e : NULL, x ? &x->loc : &o->loc, y ? e : NULL, y ? &y->loc : &n->loc);
      free(e);
      continue;
    }
    change_expr(l, t, K, k(key, sizeof key, q, "require"), &x->require, &y->require);
    change(l, t, K, k(key, sizeof key, q, "message"), x->message, &x->loc, y->message, &y->loc);
    change(l, t, K, k(key, sizeof key, q, "code"), x->code, &x->loc, y->code, &y->loc);
  }
}

static const wnd__material *find_material(const wnd__item *it, const char *id) {
  for (uint32_t i = 0; i < it->nmaterials; i++)
    if (!strcmp(it->materials[i].id, id)) return &it->materials[i];
  return NULL;
}

static void diff_materials(diff_list *l, const char *t, const wnd__item *o, const wnd__item *n) {
  char key[160];
  for (uint32_t i = 0; i < o->nmaterials; i++) {
    const wnd__material *x = &o->materials[i], *y = find_material(n, x->id);
    snprintf(key, sizeof key, "material %s", x->id);
    if (y)
      diff_material(l, t, x, y);
    else
      change(l, t, "material", key, x->name, &x->loc, NULL, &n->loc);
  }
  for (uint32_t i = 0; i < n->nmaterials; i++) {
    const wnd__material *y = &n->materials[i];
    snprintf(key, sizeof key, "material %s", y->id);
    if (!find_material(o, y->id)) change(l, t, "material", key, NULL, &o->loc, y->name, &y->loc);
  }
}

/* A condition's name: its id, else its position. */
static const char *cond_name(char *buf, size_t size, const wnd__item *it, uint32_t i) {
  if (it->conditions[i].id) return it->conditions[i].id;
  snprintf(buf, size, "#%u", i + 1);
  return buf;
}

static const wnd__condition *find_condition(const wnd__item *it, const char *name) {
  char buf[16];
  for (uint32_t i = 0; i < it->nconditions; i++)
    if (!strcmp(cond_name(buf, sizeof buf, it, i), name)) return &it->conditions[i];
  return NULL;
}

static void diff_conditions(diff_list *l, const char *t, const wnd__item *o, const wnd__item *n) {
  char nb[16], p[160], key[512];
  const char *K = "condition";
  for (uint32_t i = 0; i < o->nconditions; i++) {
    const char *name = cond_name(nb, sizeof nb, o, i);
    const wnd__condition *x = &o->conditions[i], *y = find_condition(n, name);
    snprintf(p, sizeof p, "condition %s", name);
    if (!y) {
      char *e = expr_text(l, &x->require);
      change(l, t, K, p, e, &x->loc, NULL, &n->loc);
      free(e);
      continue;
    }
    change_expr(l, t, K, k(key, sizeof key, p, "when"), &x->when, &y->when);
    change_expr(l, t, K, k(key, sizeof key, p, "require"), &x->require, &y->require);
    change(l, t, K, k(key, sizeof key, p, "message"), x->message, &x->loc, y->message, &y->loc);
    change(l, t, K, k(key, sizeof key, p, "on_fail"), x->correct ? "correct" : "reject", &x->loc,
           y->correct ? "correct" : "reject", &y->loc);
    change(l, t, K, k(key, sizeof key, p, "stage"), x->approval ? "approval" : "acceptance",
           &x->loc, y->approval ? "approval" : "acceptance", &y->loc);
  }
  for (uint32_t i = 0; i < n->nconditions; i++) {
    const char *name = cond_name(nb, sizeof nb, n, i);
    if (find_condition(o, name)) continue;
    snprintf(p, sizeof p, "condition %s", name);
    char *e = expr_text(l, &n->conditions[i].require);
    change(l, t, K, p, NULL, &o->loc, e, &n->conditions[i].loc);
    free(e);
  }
}

static void diff_routes(diff_list *l, const char *t, const wnd__item *o, const wnd__item *n) {
  char p[64], key[128];
  const char *K = "routing";
  uint32_t m = o->nroutes > n->nroutes ? o->nroutes : n->nroutes;
  for (uint32_t i = 0; i < m; i++) {
    snprintf(p, sizeof p, "routing[%u]", i);
    const wnd__route *x = i < o->nroutes ? &o->routes[i] : NULL;
    const wnd__route *y = i < n->nroutes ? &n->routes[i] : NULL;
    if (!x || !y) {
      const wnd__route *r = x ? x : y;
      char *e = expr_text(l, &r->when);
      change(l, t, K, p, x ? (e ? e : "always") : NULL, x ? &x->loc : &o->loc,
             y ? (e ? e : "always") : NULL, y ? &y->loc : &n->loc);
      free(e);
      continue;
    }
    change_expr(l, t, K, k(key, sizeof key, p, "when"), &x->when, &y->when);
    change(l, t, K, k(key, sizeof key, p, "department"), x->department_id,
           at(&x->department_loc, &x->loc), y->department_id, at(&y->department_loc, &y->loc));
    change(l, t, K, k(key, sizeof key, p, "section"), x->section_id, at(&x->section_loc, &x->loc),
           y->section_id, at(&y->section_loc, &y->loc));
    change(l, t, K, k(key, sizeof key, p, "escalate_to"), x->escalate_id,
           at(&x->escalate_loc, &x->loc), y->escalate_id, at(&y->escalate_loc, &y->loc));
    change(l, t, K, k(key, sizeof key, p, "window"), x->window_id, at(&x->window_loc, &x->loc),
           y->window_id, at(&y->window_loc, &y->loc));
    change(l, t, K, k(key, sizeof key, p, "reject"), x->reject, &x->loc, y->reject, &y->loc);
  }
}

static void diff_fast_track(diff_list *l, const char *t, const wnd__fasttrack *o,
                            const wnd__fasttrack *n) {
  const char *K = "fast_track";
  const char *a = o->present ? (o->enabled ? "enabled" : "disabled") : NULL;
  const char *b = n->present ? (n->enabled ? "enabled" : "disabled") : NULL;
  change(l, t, K, "fast_track", a, &o->loc, b, &n->loc);
  if (!o->present || !n->present) return;
  change_int(l, t, K, "fast_track.max_gaps", o->max_gaps, &o->loc, n->max_gaps, &n->loc);
  change_expr(l, t, K, "fast_track.eligible", &o->eligible, &n->eligible);
  change_bool(l, t, K, "fast_track.issue_before_supplement", o->issue_before_supplement,
              &o->loc, n->issue_before_supplement, &n->loc);
}

static const wnd__field *find_field(const wnd__item *it, const char *path) {
  for (uint32_t i = 0; i < it->nfields; i++)
    if (!strcmp(it->fields[i].path, path)) return &it->fields[i];
  return NULL;
}

static const char *num_text(char *buf, bool has, double v) {
  if (!has) return NULL;
  snprintf(buf, 32, "%g", v);
  return buf;
}

/* A field's enum as JSON values ("[\"a\", 2]"); NULL when it has none.
** (enum_vals holds only the count: the values are in enum_values.) */
static char *enum_text(diff_list *l, const wnd__field *f) {
  if (!f->enum_vals.n) return NULL;
  wnd__strbuf b;
  wnd__sb_init(&b, &wnd__mem_default);
  wnd__sb_addc(&b, '[');
  for (uint32_t i = 0; i < f->enum_vals.n; i++) {
    if (i) wnd__sb_adds(&b, ", ");
    wnd__json_write(&b, f->enum_values[i]);
  }
  wnd__sb_addc(&b, ']');
  char *out = b.oom ? NULL : dup(b.data);
  wnd__sb_free(&b);
  if (!out) l->oom = true;
  return out;
}

/* Declared fields: what an application must carry and which values pass. */
static void diff_fields(diff_list *l, const char *t, const wnd__item *o, const wnd__item *n) {
  static const char *const FT[] = {"string", "int", "double", "bool", "timestamp", "list", "map"};
  char p[160], key[512], a[32], b[32];
  const char *K = "field";
  for (uint32_t i = 0; i < o->nfields; i++) {
    const wnd__field *x = &o->fields[i], *y = find_field(n, x->path);
    snprintf(p, sizeof p, "field %s", x->path);
    if (!y) {
      change(l, t, K, p, FT[x->type % 7], &x->loc, NULL, &n->loc);
      continue;
    }
    change(l, t, K, k(key, sizeof key, p, "type"), FT[x->type % 7], &x->loc, FT[y->type % 7],
           &y->loc);
    change_bool(l, t, K, k(key, sizeof key, p, "required"), x->required, &x->loc, y->required,
                &y->loc);
    char *ex = enum_text(l, x), *ey = enum_text(l, y);
    change(l, t, K, k(key, sizeof key, p, "enum"), ex, &x->loc, ey, &y->loc);
    free(ex);
    free(ey);
    change(l, t, K, k(key, sizeof key, p, "pattern"), x->pattern, &x->pattern_loc, y->pattern,
           &y->pattern_loc);
    change(l, t, K, k(key, sizeof key, p, "check"), x->check, &x->check_loc, y->check,
           &y->check_loc);
    change(l, t, K, k(key, sizeof key, p, "min"), num_text(a, x->has_min, x->min), &x->loc,
           num_text(b, y->has_min, y->min), &y->loc);
    change(l, t, K, k(key, sizeof key, p, "max"), num_text(a, x->has_max, x->max), &x->loc,
           num_text(b, y->has_max, y->max), &y->loc);
  }
  for (uint32_t i = 0; i < n->nfields; i++) {
    const wnd__field *y = &n->fields[i];
    snprintf(p, sizeof p, "field %s", y->path);
    if (!find_field(o, y->path)) change(l, t, K, p, NULL, &o->loc, FT[y->type % 7], &y->loc);
  }
}

static void diff_item(diff_list *l, const wnd__item *o, const wnd__item *n) {
  const char *t = o->code;
  static const char *const HANDLING[] = {"instant", "promised"};
  static const char *const AUTH[] = {"none", "accept", "decide"};
  change(l, t, "item", "name", o->name, &o->loc, n->name, &n->loc);
  change(l, t, "item", "type", o->type, &o->loc, n->type, &n->loc);
  change(l, t, "item", "handling", HANDLING[o->handling & 1], &o->loc, HANDLING[n->handling & 1],
         &n->loc);
  change(l, t, "item", "authorized", AUTH[o->authorized % 3], &o->loc, AUTH[n->authorized % 3],
         &n->loc);
  change_bool(l, t, "window", "comprehensive", o->comprehensive, &o->comprehensive_loc,
              n->comprehensive, &n->comprehensive_loc);
  change(l, t, "department", "department", o->department_id, &o->department_loc,
         n->department_id, &n->department_loc);
  change(l, t, "department", "section", o->section_id, &o->section_loc, n->section_id,
         &n->section_loc);
  change(l, t, "window", "window", o->window_id, &o->window_loc, n->window_id, &n->window_loc);
  change(l, t, "window", "output_window", o->output_window_id, &o->output_window_loc,
         n->output_window_id, &n->output_window_loc);
  change_span(l, t, "limit", "statutory_limit", o->has_statutory, o->statutory, &o->statutory_loc,
              n->has_statutory, n->statutory, &n->statutory_loc);
  change_span(l, t, "limit", "promised_limit", o->has_promised, o->promised, &o->promised_loc,
              n->has_promised, n->promised, &n->promised_loc);
  change_span(l, t, "limit", "statutory_extension", o->has_extension, o->extension, &o->loc,
              n->has_extension, n->extension, &n->loc);
  change(l, t, "item", "flow", o->flow ? wnd_flow_name((wnd_flow)o->flow) : NULL,
         at(&o->flow_loc, &o->loc), n->flow ? wnd_flow_name((wnd_flow)n->flow) : NULL,
         at(&n->flow_loc, &n->loc));
  change_expr(l, t, "item", "commitment_eligible", &o->commitment_eligible,
              &n->commitment_eligible);
  diff_fields(l, t, o, n);
  diff_conditions(l, t, o, n);
  diff_materials(l, t, o, n);
  diff_routes(l, t, o, n);
  diff_fast_track(l, t, &o->fast_track, &n->fast_track);
}

static const wnd__bundle_step *find_step(const wnd__bundle *b, const char *code) {
  for (uint32_t i = 0; i < b->nsteps; i++)
    if (!strcmp(b->steps[i].code, code)) return &b->steps[i];
  return NULL;
}

/* `after:` step order: the prerequisites of each item, by item code. */
static void diff_steps(diff_list *l, const wnd__bundle *o, const wnd__bundle *n) {
  static const wnd__strlist empty = {0};
  char key[200];
  for (int side = 0; side < 2; side++) {
    const wnd__bundle *a = side ? n : o, *b = side ? o : n;
    for (uint32_t i = 0; i < a->nsteps; i++) {
      const wnd__bundle_step *x = &a->steps[i], *y = find_step(b, x->code);
      if (side && y) continue; /* compared from the old side */
      snprintf(key, sizeof key, "after.%s", x->code);
      const wnd__bundle_step *os = side ? y : x, *ns = side ? x : y;
      change_list(l, o->id, "bundle", key, os ? &os->pre : &empty, os ? &os->loc : &o->loc,
                  ns ? &ns->pre : &empty, ns ? &ns->loc : &n->loc);
    }
  }
}

static void diff_bundles(diff_list *l, const wnd_catalog *o, const wnd_catalog *n) {
  for (uint32_t i = 0; i < o->nbundles; i++) {
    const wnd__bundle *x = &o->bundles[i], *y = wnd__find_bundle(n, x->id);
    if (!y) {
      change(l, x->id, "bundle", "bundle", x->name, &x->loc, NULL, NULL);
      continue;
    }
    change(l, x->id, "bundle", "name", x->name, &x->loc, y->name, &y->loc);
    change_list(l, x->id, "bundle", "items", &x->item_codes, &x->loc, &y->item_codes, &y->loc);
    change_span(l, x->id, "limit", "promised_limit", x->has_promised, x->promised, &x->loc,
                y->has_promised, y->promised, &y->loc);
    diff_steps(l, x, y);
  }
  for (uint32_t i = 0; i < n->nbundles; i++)
    if (!wnd__find_bundle(o, n->bundles[i].id))
      change(l, n->bundles[i].id, "bundle", "bundle", NULL, NULL, n->bundles[i].name,
             &n->bundles[i].loc);
}

/* Hall windows decide where items without an explicit window are taken. */
static void diff_windows(diff_list *l, const wnd_catalog *o, const wnd_catalog *n) {
  static const char *const KIND[] = {"comprehensive", "domain", "professional",
                                     "theme", "special", "output"};
  const char *t = "windows.yaml", *K = "window";
  char p[160], key[512];
  for (uint32_t i = 0; i < o->nwindows; i++) {
    const wnd__window *x = &o->windows[i], *y = wnd__find_window(n, x->id);
    snprintf(p, sizeof p, "window %s", x->id);
    if (!y) {
      change(l, t, K, p, x->name, &x->loc, NULL, NULL);
      continue;
    }
    change(l, t, K, k(key, sizeof key, p, "name"), x->name, &x->loc, y->name, &y->loc);
    change(l, t, K, k(key, sizeof key, p, "kind"), KIND[x->kind % 6], &x->loc, KIND[y->kind % 6],
           &y->loc);
    change_list(l, t, K, k(key, sizeof key, p, "serves.departments"), &x->departments, &x->loc,
                &y->departments, &y->loc);
    change_list(l, t, K, k(key, sizeof key, p, "serves.themes"), &x->themes, &x->loc, &y->themes,
                &y->loc);
    change_list(l, t, K, k(key, sizeof key, p, "serves.items"), &x->items, &x->loc, &y->items,
                &y->loc);
    change_int(l, t, K, k(key, sizeof key, p, "serves.frequency"), x->frequency, &x->loc,
               y->frequency, &y->loc);
    change_expr(l, t, K, k(key, sizeof key, p, "when"), &x->when, &y->when);
    change_int(l, t, K, k(key, sizeof key, p, "priority"), x->priority, &x->loc, y->priority,
               &y->loc);
  }
  for (uint32_t i = 0; i < n->nwindows; i++) {
    const wnd__window *y = &n->windows[i];
    snprintf(p, sizeof p, "window %s", y->id);
    if (!wnd__find_window(o, y->id)) change(l, t, K, p, NULL, NULL, y->name, &y->loc);
  }
}

/* catalog.yaml defaults apply to every item that does not set its own. */
static void diff_defaults(diff_list *l, const wnd_catalog *o, const wnd_catalog *n) {
  const wnd__defaults *x = &o->defaults, *y = &n->defaults;
  const wnd__loc at = {"catalog.yaml", 0, 0};
  const char *t = "catalog.yaml", *K = "defaults";
  change_span(l, t, K, "defaults.notify_within", true, x->notify_within, &at, true,
              y->notify_within, &at);
  change_span(l, t, K, "defaults.supplement_within", true, x->supplement_within, &at, true,
              y->supplement_within, &at);
  change_span(l, t, K, "defaults.transfer_within", true, x->transfer_within, &at, true,
              y->transfer_within, &at);
  change_int(l, t, K, "defaults.max_gaps", x->max_gaps, &at, y->max_gaps, &at);
}

bool diff_catalogs(diff_list *l, const wnd_catalog *o, const wnd_catalog *n) {
  diff_defaults(l, o, n);
  for (uint32_t i = 0; i < o->nitems; i++) {
    const wnd__item *x = &o->items[i], *y = wnd__find_item(n, x->code);
    if (y)
      diff_item(l, x, y);
    else
      change(l, x->code, "item", "item", x->name, &x->loc, NULL, NULL);
  }
  for (uint32_t i = 0; i < n->nitems; i++)
    if (!wnd__find_item(o, n->items[i].code))
      change(l, n->items[i].code, "item", "item", NULL, NULL, n->items[i].name, &n->items[i].loc);
  diff_bundles(l, o, n);
  diff_windows(l, o, n);
  return !l->oom;
}

void diff_list_free(diff_list *l) {
  for (size_t i = 0; i < l->n; i++) {
    free(l->v[i].target);
    free(l->v[i].key);
    free(l->v[i].old_.value);
    free(l->v[i].new_.value);
  }
  free(l->v);
  l->v = NULL;
  l->n = l->cap = 0;
}
