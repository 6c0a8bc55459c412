/*
** lint_tests.c — check an item's `tests:` at load (issue 17).
**
** A misspelt finding code, a subject or material that the item does not
** have, or a date the engine cannot read used to show up only as a failed
** test (or, for submission keys, as a test that passes for the wrong
** reason).  Everything a test names is checked against the item here, at
** the line and column of the offending YAML node, with a "did you mean".
*/
#include "loader.h"

#include <stdio.h>
#include <string.h>

#include "../time/civil.h"

#define MAXC 512 /* candidate names collected for one check */

typedef struct names {
  const char *v[MAXC];
  size_t n;
} names;

static void add(names *s, const char *v) {
  if (v && s->n < MAXC) s->v[s->n++] = v;
}

static bool has(const names *s, const char *v) {
  for (size_t i = 0; i < s->n; i++)
    if (!strcmp(s->v[i], v)) return true;
  return false;
}

/* The nearest candidate within a third of the word (at least 2 edits). */
static const char *nearest(const names *s, const char *v) {
  size_t best = (size_t)-1, lim = strlen(v) / 3 < 2 ? 2 : strlen(v) / 3;
  const char *hit = NULL;
  for (size_t i = 0; i < s->n; i++) {
    size_t d = wnd__edit_distance(v, s->v[i]);
    if (d < best) {
      best = d;
      hit = s->v[i];
    }
  }
  return best <= lim ? hit : NULL;
}

/* `where`: "item" for an item's tests, "bundle" for a bundle's. */
static void unknown_in(wnd__lctx *x, const char *scope, const wnd__ynode *n, bool warn,
                       const char *code, const char *what, const char *v, const names *s) {
  const char *near = nearest(s, v);
  char hint[200] = "";
  if (near) snprintf(hint, sizeof hint, "; did you mean '%s'?", near);
  if (warn) wnd__lwarn(x, n, code, "%s '%s' is not in this %s%s", what, v, scope, hint);
  else wnd__lerr(x, n, code, "%s '%s' is not in this %s%s", what, v, scope, hint);
}

static void unknown(wnd__lctx *x, const wnd__ynode *n, bool warn, const char *code,
                    const char *what, const char *v, const names *s) {
  unknown_in(x, "item", n, warn, code, what, v, s);
}

static const char *const DECISIONS[] = {"accepted", "accepted_with_gaps", "incomplete",
                                        "rejected", NULL};
static const char *const FLOWS[] = {"on_spot_completion", "on_spot_acceptance", "receipt",
                                    "none", NULL};
/* The engine's finding codes (SPEC §4.2, §4.5). */
static const char *const CODES[] = {
    "out_of_jurisdiction", "routing_undetermined", "field_missing", "field_invalid",
    "condition_failed", "condition_correctable", "condition_undetermined",
    "approval_condition_failed", "approval_condition_undetermined", "material_missing",
    "material_wrong_form", "material_insufficient_copies", "material_check_failed",
    "material_substituted", "material_by_commitment", "commitment_ineligible",
    "fast_track_ineligible", "fast_track_too_many_gaps", "fast_track_not_tolerable",
    "fast_track_disabled", "fast_track_no_due_date", "calendar_exhausted",
    "calendar_provisional", "prerequisite_not_accepted", "bundle_late", NULL};
static const char *const DECIDERS[] = {"window", "back_office", NULL};
static const char *const DEADLINES[] = {"promised", "statutory", "statutory_extended",
                                        "supplement", "notify", "transfer", "reply", "verify",
                                        NULL};
static const char *const TOP[] = {"item", "submitted_at", "channel", "fast_track", "applicant",
                                  "agent", "data", "materials", NULL};

static void add_all(names *s, const char *const *v) {
  for (; *v; v++) add(s, *v);
}

static void one_of(wnd__lctx *x, const wnd__ynode *n, const char *what,
                   const char *const *allowed) {
  if (n->kind != YN_SCALAR) return;
  names s = {.n = 0};
  add_all(&s, allowed);
  if (has(&s, n->u.s)) return;
  char list[300] = "";
  size_t used = 0;
  for (size_t i = 0; i < s.n; i++) {
    int w = snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", s.v[i]);
    if (w > 0 && (size_t)w < sizeof list - used) used += (size_t)w;
  }
  wnd__lerr(x, n, "test-bad-expect", "'%s' is not a %s; one of: %s", n->u.s, what, list);
}

static void material_ids(const wnd__item *it, names *s) {
  for (uint32_t i = 0; i < it->nmaterials; i++) {
    add(s, it->materials[i].id);
    for (uint32_t k = 0; k < it->materials[i].any_of.n; k++)
      add(s, it->materials[i].any_of.v[k]);
  }
}

static void finding_names(const wnd__item *it, names *codes, names *subjects) {
  add_all(codes, CODES);
  for (uint32_t i = 0; i < it->nmaterials; i++)
    for (uint32_t k = 0; k < it->materials[i].nchecks; k++)
      add(codes, it->materials[i].checks[k].code);
  add_all(subjects, TOP);
  add_all(subjects, DEADLINES); /* calendar_exhausted/calendar_provisional name a deadline */
  for (uint32_t i = 0; i < it->nfields; i++) add(subjects, it->fields[i].path);
  for (uint32_t i = 0; i < it->nconditions; i++) add(subjects, it->conditions[i].id);
  for (uint32_t i = 0; i < it->nroutes; i++) add(subjects, it->routes[i].subject);
  material_ids(it, subjects);
}

/* One "code:subject" (or bare "code") node. */
static void check_finding(wnd__lctx *x, const char *scope, const wnd__ynode *e,
                          const names *codes, const names *subjects) {
  if (e->kind != YN_SCALAR) return;
  char code[128];
  const char *colon = strchr(e->u.s, ':');
  size_t cl = colon ? (size_t)(colon - e->u.s) : strlen(e->u.s);
  if (cl >= sizeof code) return;
  memcpy(code, e->u.s, cl);
  code[cl] = '\0';
  if (!has(codes, code))
    unknown_in(x, scope, e, false, "test-bad-expect", "finding code", code, codes);
  if (colon && !has(subjects, colon + 1))
    unknown_in(x, scope, e, false, "test-bad-expect", "finding subject", colon + 1, subjects);
}

/* `extra`: more subjects (a bundle's item codes, which prerequisite
** findings name), or NULL. */
static void check_findings(wnd__lctx *x, const wnd__item *it, const wnd__ynode *list,
                           const names *extra) {
  if (list->kind != YN_SEQ) return;
  names codes = {.n = 0}, subjects = {.n = 0};
  finding_names(it, &codes, &subjects);
  for (size_t i = 0; extra && i < extra->n; i++) add(&subjects, extra->v[i]);
  for (uint32_t i = 0; i < list->n; i++)
    check_finding(x, "item", list->u.items[i], &codes, &subjects);
}

static const char *const SEVERITIES[] = {"error", "warning", "info", NULL};

static void check_severities(wnd__lctx *x, const wnd__item *it, const wnd__ynode *map) {
  if (map->kind != YN_MAP) return;
  names codes = {.n = 0}, subjects = {.n = 0};
  finding_names(it, &codes, &subjects);
  for (uint32_t i = 0; i < map->n; i++) {
    check_finding(x, "item", map->u.pairs[i].key, &codes, &subjects);
    one_of(x, map->u.pairs[i].val, "severity", SEVERITIES);
  }
}

/* `dues`: subjects the item has, dates the engine writes (YYYY-MM-DD). */
static void check_dues(wnd__lctx *x, const wnd__item *it, const wnd__ynode *map) {
  if (map->kind != YN_MAP) return;
  names codes = {.n = 0}, subjects = {.n = 0};
  finding_names(it, &codes, &subjects);
  for (uint32_t i = 0; i < map->n; i++) {
    const wnd__ynode *k = map->u.pairs[i].key, *v = map->u.pairs[i].val;
    if (k->kind == YN_SCALAR && !has(&subjects, k->u.s))
      unknown(x, k, false, "test-bad-expect", "finding subject", k->u.s, &subjects);
    if (v->kind != YN_SCALAR || !strcmp(v->u.s, "null") || !v->n) continue;
    int y, mo, d;
    char end;
    if (v->n != 10 || sscanf(v->u.s, "%4d-%2d-%2d%c", &y, &mo, &d, &end) != 3 || mo < 1 ||
        mo > 12 || d < 1 || d > 31)
      wnd__lerr(x, v, "test-bad-expect", "due date '%s' is not a date: write 2026-11-25",
                v->u.s);
  }
}

static void check_deadlines(wnd__lctx *x, const wnd__ynode *map) {
  if (map->kind != YN_MAP) return;
  for (uint32_t i = 0; i < map->n; i++) {
    const wnd__ynode *k = map->u.pairs[i].key, *v = map->u.pairs[i].val;
    one_of(x, k, "deadline", DEADLINES);
    if (v->kind != YN_SCALAR || !strcmp(v->u.s, "null") || !v->n) continue;
    wnd__tsparse tp;
    if (wnd__ts_parse(v->u.s, v->n, 0, &tp) != 0)
      wnd__lerr(x, v, "test-bad-expect",
                "deadline '%s' is not a date: write 2026-09-20 or 2026-09-20T17:00:00+08:00",
                v->u.s);
  }
}

/* `absent: [transfer, ...]`: deadlines the result must not hold (issue 13).
** A name that is also given a date under `deadlines:` can never pass. */
static void check_absent(wnd__lctx *x, const wnd__ynode *list, const wnd__ynode *deadlines) {
  if (list->kind != YN_SEQ) {
    wnd__lerr(x, list, "test-bad-expect",
              "absent: expect a list of deadline names, e.g. absent: [transfer]");
    return;
  }
  for (uint32_t i = 0; i < list->n; i++) {
    const wnd__ynode *n = list->u.items[i], *dated;
    if (n->kind != YN_SCALAR) {
      wnd__lerr(x, n, "test-bad-expect", "absent: expect a deadline name, e.g. transfer");
      continue;
    }
    one_of(x, n, "deadline", DEADLINES);
    if (deadlines && deadlines->kind == YN_MAP && (dated = wnd__ymap_get(deadlines, n->u.s)) &&
        dated->kind == YN_SCALAR && dated->n && strcmp(dated->u.s, "null"))
      wnd__lerr(x, n, "test-bad-expect",
                "deadline '%s' is listed in absent but expected as %s under deadlines", n->u.s,
                dated->u.s);
  }
}

/* Submission keys the item never reads make a test pass for the wrong
** reason (a misspelt material is simply "not brought"). */
static void check_submission(wnd__lctx *x, const wnd__item *it, const wnd__ynode *sub) {
  if (sub->kind != YN_MAP) return;
  names top = {.n = 0}, mats = {.n = 0};
  add_all(&top, TOP);
  material_ids(it, &mats);
  for (uint32_t i = 0; i < sub->n; i++) {
    const wnd__ynode *k = sub->u.pairs[i].key, *v = sub->u.pairs[i].val;
    if (!has(&top, k->u.s)) {
      unknown(x, k, true, "test-unknown-key", "submission key", k->u.s, &top);
      continue;
    }
    if (!strcmp(k->u.s, "materials") && v->kind == YN_MAP) {
      for (uint32_t j = 0; j < v->n; j++)
        if (!has(&mats, v->u.pairs[j].key->u.s))
          unknown(x, v->u.pairs[j].key, true, "test-unknown-key", "material",
                  v->u.pairs[j].key->u.s, &mats);
    } else if (v->kind == YN_MAP && (!strcmp(k->u.s, "applicant") || !strcmp(k->u.s, "agent") ||
                                     !strcmp(k->u.s, "data"))) {
      /* Only declared fields are checked, so only their names are known. */
      names fields = {.n = 0};
      size_t rl = strlen(k->u.s);
      for (uint32_t f = 0; f < it->nfields; f++) {
        const char *p = it->fields[f].path;
        if (!strncmp(p, k->u.s, rl) && p[rl] == '.') add(&fields, p + rl + 1);
      }
      if (!fields.n) continue;
      for (uint32_t j = 0; j < v->n; j++) {
        const char *name = v->u.pairs[j].key->u.s;
        bool prefix = false;
        for (size_t f = 0; f < fields.n && !prefix; f++) {
          size_t l = strlen(name);
          prefix = !strncmp(fields.v[f], name, l) && (!fields.v[f][l] || fields.v[f][l] == '.');
        }
        const char *near = prefix ? NULL : nearest(&fields, name);
        if (near)
          wnd__lwarn(x, v->u.pairs[j].key, "test-unknown-key",
                     "field '%s.%s' is not declared in this item; did you mean '%s.%s'?",
                     k->u.s, name, k->u.s, near);
      }
    }
  }
}

static void check_now(wnd__lctx *x, const wnd__ynode *t) {
  const wnd__ynode *v = wnd__ymap_get(t, "now");
  if (!v || v->kind != YN_SCALAR) return;
  wnd__tsparse tp;
  if (wnd__ts_parse(v->u.s, v->n, 0, &tp) != 0)
    wnd__lerr(x, v, "test-bad-expect", "now '%s' is not a time: write 2026-09-20T10:00:00+08:00",
              v->u.s);
}

/* The expectations about one item's result (an item test, or one entry of
** a bundle test's `items:`). */
static void check_item_expect(wnd__lctx *x, const wnd__item *it, const wnd__ynode *e,
                              const names *extra) {
  const wnd__ynode *v;
  if ((v = wnd__ymap_get(e, "decision"))) one_of(x, v, "decision", DECISIONS);
  if ((v = wnd__ymap_get(e, "flow"))) one_of(x, v, "flow", FLOWS);
  if ((v = wnd__ymap_get(e, "decided_by"))) one_of(x, v, "decider", DECIDERS);
  if ((v = wnd__ymap_get(e, "findings"))) check_findings(x, it, v, extra);
  if ((v = wnd__ymap_get(e, "warnings"))) check_findings(x, it, v, extra);
  if ((v = wnd__ymap_get(e, "deadlines"))) check_deadlines(x, v);
  if ((v = wnd__ymap_get(e, "absent"))) check_absent(x, v, wnd__ymap_get(e, "deadlines"));
  if ((v = wnd__ymap_get(e, "dues"))) check_dues(x, it, v);
  if ((v = wnd__ymap_get(e, "severities"))) check_severities(x, it, v);
}

void wnd__lint_item_tests(wnd__lctx *x, const wnd__item *it, const wnd__ynode *tests) {
  if (tests->kind != YN_SEQ) return;
  for (uint32_t i = 0; i < tests->n; i++) {
    const wnd__ynode *t = tests->u.items[i], *e, *v;
    if (t->kind != YN_MAP) continue;
    if ((v = wnd__ymap_get(t, "submission"))) check_submission(x, it, v);
    check_now(x, t);
    if ((e = wnd__ymap_get(t, "expect")) && e->kind == YN_MAP) check_item_expect(x, it, e, NULL);
  }
}

/* A bundle's tests (SPEC §2.8, §4.5): the bundle-level decision, deadlines
** and findings (bundle_late and prerequisite codes name items), and
** `items:` entries checked against the item each names.  The submission
** serves every item, so its keys are not checked against any one. */
void wnd__lint_bundle_tests(wnd__lctx *x, const wnd__bundle *bu, const wnd__ynode *tests) {
  if (tests->kind != YN_SEQ) return;
  names codes = {.n = 0}, subjects = {.n = 0}, members = {.n = 0};
  add_all(&codes, CODES);
  add_all(&subjects, DEADLINES);
  for (uint32_t k = 0; k < bu->item_codes.n; k++) {
    add(&subjects, bu->item_codes.v[k]);
    add(&members, bu->item_codes.v[k]);
  }
  for (uint32_t i = 0; i < tests->n; i++) {
    const wnd__ynode *t = tests->u.items[i], *e, *v;
    if (t->kind != YN_MAP) continue;
    check_now(x, t);
    if (!(e = wnd__ymap_get(t, "expect")) || e->kind != YN_MAP) continue;
    if ((v = wnd__ymap_get(e, "decision"))) one_of(x, v, "decision", DECISIONS);
    if ((v = wnd__ymap_get(e, "deadlines"))) check_deadlines(x, v);
    if ((v = wnd__ymap_get(e, "absent"))) check_absent(x, v, wnd__ymap_get(e, "deadlines"));
    for (const char *key = "findings"; key; key = strcmp(key, "findings") ? NULL : "warnings")
      if ((v = wnd__ymap_get(e, key)) && v->kind == YN_SEQ)
        for (uint32_t k = 0; k < v->n; k++) check_finding(x, "bundle", v->u.items[k], &codes, &subjects);
    if (!(v = wnd__ymap_get(e, "items")) || v->kind != YN_MAP) continue;
    for (uint32_t k = 0; k < v->n; k++) {
      const wnd__ynode *code = v->u.pairs[k].key, *ie = v->u.pairs[k].val;
      const wnd__item *it = NULL;
      for (uint32_t j = 0; j < x->cat->nitems && !it; j++)
        if (x->cat->items[j].code && !strcmp(x->cat->items[j].code, code->u.s))
          it = &x->cat->items[j];
      if (!has(&members, code->u.s) || !it)
        unknown_in(x, "bundle", code, false, "test-bad-expect", "item code", code->u.s, &members);
      else if (ie->kind == YN_MAP)
        check_item_expect(x, it, ie, &members);
    }
  }
}
