/*
** diff_rules.c — semantic differences between two catalogs (diff_rules.h).
**
** Items, materials, conditions, bundles and windows are matched by their
** ids, so moving an item to another file or reordering materials is not a
** change; routing rules are matched by position because their order is
** their meaning (the first matching rule wins).  Expressions compare as
** written: a reformatted expression shows as changed, which is what a
** reviewer wants to look at anyway.  Both catalogs are read through the
** public rules snapshot (wnd_rules_new), whose attributes are already the
** text shown here.
*/
#include "diff_rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static void side_set(diff_list *l, diff_side *s, const char *v, const wnd_loc *loc) {
  s->value = NULL;
  s->file = NULL;
  s->line = s->col = 0;
  if (v && !(s->value = dup(v))) l->oom = true;
  if (loc && loc->file) {
    s->file = loc->file;
    s->line = loc->line;
    s->col = loc->column;
  }
}

/* Record a change when o and n differ (NULL = absent). */
static void change(diff_list *l, const char *target, const char *kind, const char *key,
                   const char *o, const wnd_loc *ol, const char *n, const wnd_loc *nl) {
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

/* Where a rule (attr NULL) or one of its attributes is; NULL for no rule. */
static const wnd_loc *loc_of(wnd_loc *buf, const wnd_rule *r, const char *attr) {
  if (!r || wnd_rule_loc(r, attr, buf) != WND_OK) return NULL;
  return buf;
}

/* Attribute `attr` of two rules, reported under `key`. */
static void attr_change(diff_list *l, const char *t, const char *kind, const char *key,
                        const wnd_rule *o, const wnd_rule *n, const char *attr) {
  wnd_loc a, b;
  change(l, t, kind, key, wnd_rule_attr(o, attr), loc_of(&a, o, attr), wnd_rule_attr(n, attr),
         loc_of(&b, n, attr));
}

/* Every attribute of two rules of one kind, as "prefix.attr" (or "attr"
** with no prefix), except `skip`. */
static void attrs_change(diff_list *l, const char *t, const char *kind, const char *prefix,
                         const wnd_rule *o, const wnd_rule *n, const char *skip) {
  char key[512];
  for (size_t i = 0; i < wnd_rule_attr_count(o); i++) {
    const char *a = wnd_rule_attr_key(o, i);
    if (skip && !strcmp(a, skip)) continue;
    snprintf(key, sizeof key, "%s%s%s", prefix ? prefix : "", prefix ? "." : "", a);
    attr_change(l, t, kind, key, o, n, a);
  }
}

/* A rule only one side has: `attr` of it against nothing, at `other`. */
static void one_side(diff_list *l, const char *t, const char *kind, const char *key,
                     const wnd_rule *o, const wnd_rule *n, const char *attr,
                     const wnd_rule *other) {
  const wnd_rule *r = o ? o : n;
  wnd_loc a, b;
  const char *v = wnd_rule_attr(r, attr);
  change(l, t, kind, key, o ? v : NULL, loc_of(&a, o ? o : other, NULL), n ? v : NULL,
         loc_of(&b, n ? n : other, NULL));
}

static void diff_material(diff_list *l, const char *t, const wnd_rule *o, const wnd_rule *n) {
  char p[160], q[200];
  snprintf(p, sizeof p, "material %s", wnd_rule_id(o));
  const char *K = "material";
  attrs_change(l, t, K, p, o, n, NULL);
  size_t no = wnd_rule_count(o, "check"), nn = wnd_rule_count(n, "check");
  for (size_t i = 0; i < (no > nn ? no : nn); i++) {
    snprintf(q, sizeof q, "%s.checks[%zu]", p, i);
    const wnd_rule *x = wnd_rule_child(o, "check", i), *y = wnd_rule_child(n, "check", i);
    if (!x || !y)
      one_side(l, t, K, q, x, y, "require", x ? n : o);
    else
      attrs_change(l, t, K, q, x, y, NULL);
  }
}

static void diff_materials(diff_list *l, const char *t, const wnd_rule *o, const wnd_rule *n) {
  char key[160];
  for (size_t i = 0; i < wnd_rule_count(o, "material"); i++) {
    const wnd_rule *x = wnd_rule_child(o, "material", i);
    const wnd_rule *y = wnd_rule_find(n, "material", wnd_rule_id(x));
    snprintf(key, sizeof key, "material %s", wnd_rule_id(x));
    if (y)
      diff_material(l, t, x, y);
    else
      one_side(l, t, "material", key, x, NULL, "name", n);
  }
  for (size_t i = 0; i < wnd_rule_count(n, "material"); i++) {
    const wnd_rule *y = wnd_rule_child(n, "material", i);
    snprintf(key, sizeof key, "material %s", wnd_rule_id(y));
    if (!wnd_rule_find(o, "material", wnd_rule_id(y)))
      one_side(l, t, "material", key, NULL, y, "name", o);
  }
}

/* A condition's name: its id, else its position. */
static const char *cond_name(char *buf, size_t size, const wnd_rule *item, size_t i) {
  const char *id = wnd_rule_id(wnd_rule_child(item, "condition", i));
  if (id) return id;
  snprintf(buf, size, "#%zu", i + 1);
  return buf;
}

static const wnd_rule *find_condition(const wnd_rule *item, const char *name) {
  char buf[32];
  for (size_t i = 0; i < wnd_rule_count(item, "condition"); i++)
    if (!strcmp(cond_name(buf, sizeof buf, item, i), name))
      return wnd_rule_child(item, "condition", i);
  return NULL;
}

static void diff_conditions(diff_list *l, const char *t, const wnd_rule *o, const wnd_rule *n) {
  char nb[32], p[160];
  const char *K = "condition";
  for (size_t i = 0; i < wnd_rule_count(o, "condition"); i++) {
    const char *name = cond_name(nb, sizeof nb, o, i);
    const wnd_rule *x = wnd_rule_child(o, "condition", i), *y = find_condition(n, name);
    snprintf(p, sizeof p, "condition %s", name);
    if (y)
      attrs_change(l, t, K, p, x, y, NULL);
    else
      one_side(l, t, K, p, x, NULL, "require", n);
  }
  for (size_t i = 0; i < wnd_rule_count(n, "condition"); i++) {
    const char *name = cond_name(nb, sizeof nb, n, i);
    if (find_condition(o, name)) continue;
    snprintf(p, sizeof p, "condition %s", name);
    one_side(l, t, K, p, NULL, wnd_rule_child(n, "condition", i), "require", o);
  }
}

static void diff_routes(diff_list *l, const char *t, const wnd_rule *o, const wnd_rule *n) {
  char p[64];
  const char *K = "routing";
  size_t no = wnd_rule_count(o, "route"), nn = wnd_rule_count(n, "route");
  for (size_t i = 0; i < (no > nn ? no : nn); i++) {
    snprintf(p, sizeof p, "routing[%zu]", i);
    const wnd_rule *x = wnd_rule_child(o, "route", i), *y = wnd_rule_child(n, "route", i);
    if (x && y) {
      attrs_change(l, t, K, p, x, y, NULL);
      continue;
    }
    const char *when = wnd_rule_attr(x ? x : y, "when");
    wnd_loc a, b;
    change(l, t, K, p, x ? (when ? when : "always") : NULL, loc_of(&a, x ? x : o, NULL),
           y ? (when ? when : "always") : NULL, loc_of(&b, y ? y : n, NULL));
  }
}

static const char *ft_state(const wnd_rule *ft) {
  if (!ft) return NULL;
  const char *e = wnd_rule_attr(ft, "enabled");
  return e && !strcmp(e, "true") ? "enabled" : "disabled";
}

static void diff_fast_track(diff_list *l, const char *t, const wnd_rule *o, const wnd_rule *n) {
  const char *K = "fast_track";
  const wnd_rule *x = wnd_rule_child(o, K, 0), *y = wnd_rule_child(n, K, 0);
  wnd_loc a, b;
  change(l, t, K, "fast_track", ft_state(x), loc_of(&a, x, NULL), ft_state(y), loc_of(&b, y, NULL));
  if (x && y) attrs_change(l, t, K, "fast_track", x, y, "enabled");
}

/* Declared fields: what an application must carry and which values pass. */
static void diff_fields(diff_list *l, const char *t, const wnd_rule *o, const wnd_rule *n) {
  char p[160];
  const char *K = "field";
  for (size_t i = 0; i < wnd_rule_count(o, "field"); i++) {
    const wnd_rule *x = wnd_rule_child(o, "field", i);
    const wnd_rule *y = wnd_rule_find(n, "field", wnd_rule_id(x));
    snprintf(p, sizeof p, "field %s", wnd_rule_id(x));
    if (y)
      attrs_change(l, t, K, p, x, y, NULL);
    else
      one_side(l, t, K, p, x, NULL, "type", n);
  }
  for (size_t i = 0; i < wnd_rule_count(n, "field"); i++) {
    const wnd_rule *y = wnd_rule_child(n, "field", i);
    snprintf(p, sizeof p, "field %s", wnd_rule_id(y));
    if (!wnd_rule_find(o, "field", wnd_rule_id(y))) one_side(l, t, K, p, NULL, y, "type", o);
  }
}

static void diff_item(diff_list *l, const wnd_rule *o, const wnd_rule *n) {
  /* The item's own keys in report order, each with the kind it is shown as. */
  static const char *const KEYS[][2] = {
      {"name", "item"},          {"type", "item"},
      {"handling", "item"},      {"authorized", "item"},
      {"comprehensive", "window"}, {"department", "department"},
      {"section", "department"}, {"window", "window"},
      {"output_window", "window"}, {"statutory_limit", "limit"},
      {"promised_limit", "limit"}, {"statutory_extension", "limit"},
      {"flow", "item"},          {"commitment_eligible", "item"},
  };
  const char *t = wnd_rule_id(o);
  for (size_t i = 0; i < sizeof KEYS / sizeof KEYS[0]; i++)
    attr_change(l, t, KEYS[i][1], KEYS[i][0], o, n, KEYS[i][0]);
  diff_fields(l, t, o, n);
  diff_conditions(l, t, o, n);
  diff_materials(l, t, o, n);
  diff_routes(l, t, o, n);
  diff_fast_track(l, t, o, n);
}

/* `after:` step order: the prerequisites of each item, by item code.  A
** step only one side has compares with an empty list at the other bundle. */
static void diff_steps(diff_list *l, const wnd_rule *o, const wnd_rule *n) {
  char key[200];
  const char *t = wnd_rule_id(o);
  for (int side = 0; side < 2; side++) {
    const wnd_rule *a = side ? n : o, *b = side ? o : n;
    for (size_t i = 0; i < wnd_rule_count(a, "step"); i++) {
      const wnd_rule *x = wnd_rule_child(a, "step", i);
      const wnd_rule *y = wnd_rule_find(b, "step", wnd_rule_id(x));
      if (side && y) continue; /* compared from the old side */
      snprintf(key, sizeof key, "after.%s", wnd_rule_id(x));
      const wnd_rule *os = side ? y : x, *ns = side ? x : y;
      wnd_loc p, q;
      change(l, t, "bundle", key, os ? wnd_rule_attr(os, "after") : "",
             os ? loc_of(&p, os, "after") : loc_of(&p, o, NULL),
             ns ? wnd_rule_attr(ns, "after") : "",
             ns ? loc_of(&q, ns, "after") : loc_of(&q, n, NULL));
    }
  }
}

static void diff_bundles(diff_list *l, const wnd_rule *o, const wnd_rule *n) {
  for (size_t i = 0; i < wnd_rule_count(o, "bundle"); i++) {
    const wnd_rule *x = wnd_rule_child(o, "bundle", i);
    const char *id = wnd_rule_id(x);
    const wnd_rule *y = wnd_rule_find(n, "bundle", id);
    if (!y) {
      one_side(l, id, "bundle", "bundle", x, NULL, "name", NULL);
      continue;
    }
    attr_change(l, id, "bundle", "name", x, y, "name");
    attr_change(l, id, "bundle", "items", x, y, "items");
    attr_change(l, id, "limit", "promised_limit", x, y, "promised_limit");
    diff_steps(l, x, y);
  }
  for (size_t i = 0; i < wnd_rule_count(n, "bundle"); i++) {
    const wnd_rule *y = wnd_rule_child(n, "bundle", i);
    if (!wnd_rule_find(o, "bundle", wnd_rule_id(y)))
      one_side(l, wnd_rule_id(y), "bundle", "bundle", NULL, y, "name", NULL);
  }
}

/* Hall windows decide where items without an explicit window are taken. */
static void diff_windows(diff_list *l, const wnd_rule *o, const wnd_rule *n) {
  const char *t = "windows.yaml", *K = "window";
  char p[160];
  for (size_t i = 0; i < wnd_rule_count(o, "window"); i++) {
    const wnd_rule *x = wnd_rule_child(o, "window", i);
    const wnd_rule *y = wnd_rule_find(n, "window", wnd_rule_id(x));
    snprintf(p, sizeof p, "window %s", wnd_rule_id(x));
    if (y)
      attrs_change(l, t, K, p, x, y, NULL);
    else
      one_side(l, t, K, p, x, NULL, "name", NULL);
  }
  for (size_t i = 0; i < wnd_rule_count(n, "window"); i++) {
    const wnd_rule *y = wnd_rule_child(n, "window", i);
    snprintf(p, sizeof p, "window %s", wnd_rule_id(y));
    if (!wnd_rule_find(o, "window", wnd_rule_id(y))) one_side(l, t, K, p, NULL, y, "name", NULL);
  }
}

bool diff_catalogs(diff_list *l, const wnd_catalog *oc, const wnd_catalog *nc) {
  if (wnd_rules_new(&l->old_rules, oc) != WND_OK || wnd_rules_new(&l->new_rules, nc) != WND_OK)
    return false;
  const wnd_rule *o = wnd_rules_root(l->old_rules), *n = wnd_rules_root(l->new_rules);
  /* catalog.yaml defaults apply to every item that does not set its own. */
  attrs_change(l, "catalog.yaml", "defaults", "defaults", wnd_rule_child(o, "defaults", 0),
               wnd_rule_child(n, "defaults", 0), NULL);
  for (size_t i = 0; i < wnd_rule_count(o, "item"); i++) {
    const wnd_rule *x = wnd_rule_child(o, "item", i);
    const wnd_rule *y = wnd_rule_find(n, "item", wnd_rule_id(x));
    if (y)
      diff_item(l, x, y);
    else
      one_side(l, wnd_rule_id(x), "item", "item", x, NULL, "name", NULL);
  }
  for (size_t i = 0; i < wnd_rule_count(n, "item"); i++) {
    const wnd_rule *y = wnd_rule_child(n, "item", i);
    if (!wnd_rule_find(o, "item", wnd_rule_id(y)))
      one_side(l, wnd_rule_id(y), "item", "item", NULL, y, "name", NULL);
  }
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
  wnd_rules_free(l->old_rules);
  wnd_rules_free(l->new_rules);
  l->v = NULL;
  l->old_rules = l->new_rules = NULL;
  l->n = l->cap = 0;
}
