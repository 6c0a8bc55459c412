/*
** resolve.c — references between files, checked once every file is
** loaded: departments and their parents, sections, windows, library
** materials in any_of, bundle items, duplicate item codes.  A dangling
** reference is reported where it is written.
*/
#include "loader.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "../core/strbuf.h"

typedef struct rctx {
  wnd_catalog *c;
  wnd_diags *d;
  const char *dir;
  char path[1024];
} rctx;

static const char *disp(rctx *r, const char *rel) {
  snprintf(r->path, sizeof r->path, "%s%s%s", r->dir,
           r->dir[0] && r->dir[strlen(r->dir) - 1] == '/' ? "" : "/", rel ? rel : "");
  return r->path;
}

/* Which kind of id a dangling-reference message is about, from its text. */
static int ref_kind(const char *fmt) {
  if (strstr(fmt, "section '")) return WND_REF_SECTION;
  if (strstr(fmt, "department '")) return WND_REF_DEPARTMENT;
  if (strstr(fmt, "window '")) return WND_REF_WINDOW;
  if (strstr(fmt, "item '")) return WND_REF_ITEM;
  return -1;
}

static void err(rctx *r, wnd__loc l, const char *code, const char *fmt, const char *a,
                const char *b) {
  char msg[600];
  snprintf(msg, sizeof msg, fmt, a ? a : "", b ? b : "");
  int k = strcmp(code, "dangling-reference") ? -1 : ref_kind(fmt);
  const char *near = k < 0 ? NULL : wnd__suggest_ref(r->c, (wnd__refkind)k, a, b);
  wnd__diag_add(r->d, WND_SEV_ERROR, code, disp(r, l.file), l.line, l.col, "%s%s%s%s", msg,
                near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
}

static int64_t bundle_index(const wnd__bundle *b, const char *code) {
  for (uint32_t i = 0; i < b->nitems; i++)
    if (!strcmp(b->items[i]->code, code)) return i;
  return -1;
}

/* A bundle's `after:` (SPEC §4.5 bundle steps): prerequisites as item
** indexes, and an evaluation order in which every item comes after its
** prerequisites (what cannot be ordered is a cycle).
** Returns false on no memory. */
static bool resolve_steps(rctx *r, wnd__bundle *b) {
  wnd__arena *a = &r->c->arena;
  uint32_t n = b->nitems ? b->nitems : 1;
  b->npre = wnd__arena_calloc(a, n, sizeof *b->npre);
  b->pre = wnd__arena_calloc(a, n, sizeof *b->pre);
  b->order = wnd__arena_calloc(a, n, sizeof *b->order);
  if (!b->npre || !b->pre || !b->order) return false;
  for (uint32_t s = 0; s < b->nsteps; s++) {
    const wnd__bundle_step *st = &b->steps[s];
    int64_t i = bundle_index(b, st->code);
    if (i < 0) {
      err(r, st->loc, "dangling-reference", "after: '%s' is not an item of bundle '%s'",
          st->code, b->id);
      continue;
    }
    uint32_t *pre = wnd__arena_calloc(a, st->pre.n ? st->pre.n : 1, sizeof *pre);
    if (!pre) return false;
    for (uint32_t k = 0; k < st->pre.n; k++) {
      int64_t p = bundle_index(b, st->pre.v[k]);
      if (p < 0) {
        err(r, st->pre.locs[k], "dangling-reference",
            "after: prerequisite '%s' is not an item of bundle '%s'", st->pre.v[k], b->id);
        continue;
      }
      if (p == i) {
        err(r, st->pre.locs[k], "dependency-cycle", "after: item '%s' cannot come after itself",
            st->code, NULL);
        continue;
      }
      pre[b->npre[i]++] = (uint32_t)p;
    }
    b->pre[i] = pre;
  }
  /* Repeatedly place every item whose prerequisites are placed (bundles
  ** hold a handful of items, so the quadratic pass is simplest). */
  uint32_t placed = 0;
  bool *done = wnd__arena_calloc(a, n, sizeof *done);
  if (!done) return false;
  for (bool progress = true; progress && placed < b->nitems;) {
    progress = false;
    for (uint32_t i = 0; i < b->nitems; i++) {
      if (done[i]) continue;
      bool ready = true;
      for (uint32_t k = 0; k < b->npre[i] && ready; k++) ready = done[b->pre[i][k]];
      if (!ready) continue;
      done[i] = true;
      b->order[placed++] = i;
      progress = true;
    }
  }
  for (uint32_t s = 0; s < b->nsteps && placed < b->nitems; s++) {
    int64_t i = bundle_index(b, b->steps[s].code);
    if (i >= 0 && !done[i])
      err(r, b->steps[s].loc, "dependency-cycle",
          "after: the prerequisites of '%s' form a cycle in bundle '%s'", b->steps[s].code,
          b->id);
  }
  for (uint32_t i = 0; i < b->nitems && placed < b->nitems; i++)
    if (!done[i]) b->order[placed++] = i; /* load fails anyway; keep order total */
  return true;
}

static void resolve_departments(rctx *r) {
  wnd_catalog *c = r->c;
  for (uint32_t i = 0; i < c->ndepartments; i++) {
    wnd__department *d = &c->departments[i];
    if (!d->parent_id) continue;
    d->parent = (wnd__department *)wnd__find_department(c, d->parent_id);
    if (!d->parent)
      err(r, d->parent_loc, "dangling-reference", "parent department '%s' is not defined",
          d->parent_id, NULL);
  }
  /* A parent chain must end: a cycle would make escalation loop. */
  for (uint32_t i = 0; i < c->ndepartments; i++) {
    const wnd__department *d = &c->departments[i];
    uint32_t steps = 0;
    for (const wnd__department *p = d->parent; p; p = p->parent)
      if (++steps > c->ndepartments) {
        err(r, d->parent_loc, "dangling-reference",
            "department '%s' is its own ancestor (parent cycle)", d->id, NULL);
        break;
      }
  }
}

static void resolve_windows(rctx *r) {
  wnd_catalog *c = r->c;
  for (uint32_t i = 0; i < c->nwindows; i++) {
    const wnd__window *w = &c->windows[i];
    for (uint32_t k = 0; k < w->departments.n; k++)
      if (!wnd__find_department(c, w->departments.v[k]))
        err(r, w->departments.locs[k], "dangling-reference",
            "window serves department '%s', which is not defined", w->departments.v[k], NULL);
    for (uint32_t k = 0; k < w->items.n; k++)
      if (!wnd__find_item(c, w->items.v[k]))
        err(r, w->items.locs[k], "dangling-reference",
            "window serves item '%s', which is not defined", w->items.v[k], NULL);
  }
}

static const wnd__material *item_material(const wnd__item *it, const char *id) {
  for (uint32_t i = 0; i < it->nmaterials; i++)
    if (strcmp(it->materials[i].id, id) == 0) return &it->materials[i];
  return NULL;
}

static void resolve_item(rctx *r, wnd__item *it) {
  wnd_catalog *c = r->c;
  if (it->department_id) {
    it->department = wnd__find_department(c, it->department_id);
    if (!it->department)
      err(r, it->department_loc, "dangling-reference", "department '%s' is not defined",
          it->department_id, NULL);
  }
  if (it->section_id && it->department) {
    it->section = wnd__find_section(it->department, it->section_id);
    if (!it->section)
      err(r, it->section_loc, "dangling-reference",
          "section '%s' is not a section of department '%s'", it->section_id,
          it->department_id);
  }
  if (it->window_id) {
    it->window = wnd__find_window(c, it->window_id);
    if (!it->window)
      err(r, it->window_loc, "dangling-reference", "window '%s' is not defined",
          it->window_id, NULL);
    else if (it->window->kind == WK_OUTPUT)
      err(r, it->window_loc, "bad-value", "window '%s' is an output window, not an intake window",
          it->window_id, NULL);
  }
  if (it->output_window_id) {
    it->output_window = wnd__find_window(c, it->output_window_id);
    if (!it->output_window)
      err(r, it->output_window_loc, "dangling-reference", "window '%s' is not defined",
          it->output_window_id, NULL);
  }
  for (uint32_t i = 0; i < it->nmaterials; i++) {
    const wnd__material *m = &it->materials[i];
    for (uint32_t k = 0; k < m->any_of.n; k++) {
      const char *id = m->any_of.v[k];
      const wnd__material *im = item_material(it, id);
      if (im == m) {
        err(r, m->any_of.locs[k], "dangling-reference", "material '%s' lists itself in any_of",
            id, NULL);
      } else if (im) {
        if (im->required.constant == 1)
          err(r, m->any_of.locs[k], "bad-value",
              "any_of member '%s' is itself required; make it `required: false`", id, NULL);
      } else if (!wnd__find_libmat(c, id)) {
        err(r, m->any_of.locs[k], "dangling-reference",
            "any_of member '%s' is neither a material of this item nor in the library", id, NULL);
      }
    }
  }
  for (uint32_t i = 0; i < it->nroutes; i++) {
    wnd__route *rt = &it->routes[i];
    const wnd__department *dept = it->department;
    if (rt->department_id) {
      rt->department = wnd__find_department(c, rt->department_id);
      if (!rt->department)
        err(r, rt->department_loc, "dangling-reference", "department '%s' is not defined",
            rt->department_id, NULL);
      dept = rt->department;
    }
    if (rt->escalate_id) {
      rt->escalate_to = wnd__find_department(c, rt->escalate_id);
      if (!rt->escalate_to)
        err(r, rt->escalate_loc, "dangling-reference", "department '%s' is not defined",
            rt->escalate_id, NULL);
      dept = rt->escalate_to;
    }
    if (rt->section_id && dept) {
      rt->section = wnd__find_section(dept, rt->section_id);
      if (!rt->section)
        err(r, rt->section_loc, "dangling-reference",
            "section '%s' is not a section of department '%s'", rt->section_id, dept->id);
    }
    if (rt->window_id) {
      rt->window = wnd__find_window(c, rt->window_id);
      if (!rt->window)
        err(r, rt->window_loc, "dangling-reference", "window '%s' is not defined",
            rt->window_id, NULL);
    }
  }
}

void wnd__resolve(wnd_catalog *c, wnd_diags *d, const char *dir) {
  rctx r = {c, d, dir, ""};
  resolve_departments(&r);
  /* The indexes find the first entry with a key, as the scans they replace
  ** did; a later duplicate is reported where it is written. */
  if (!wnd__index_init(&c->item_index, &c->arena, c->items, c->nitems, sizeof *c->items,
                       offsetof(wnd__item, code)) ||
      !wnd__index_init(&c->bundle_index, &c->arena, c->bundles, c->nbundles,
                       sizeof *c->bundles, offsetof(wnd__bundle, id))) {
    d->oom = true;
    return;
  }
  for (uint32_t i = 0; i < c->nbundles; i++) wnd__index_add(&c->bundle_index, i);
  for (uint32_t i = 0; i < c->nitems; i++) {
    wnd__item *it = &c->items[i];
    uint32_t k = wnd__index_add(&c->item_index, i);
    if (k != WND__INDEX_NONE) {
      char first[300];
      snprintf(first, sizeof first, "%s:%u", c->items[k].code_loc.file,
               (unsigned)c->items[k].code_loc.line);
      err(&r, it->code_loc, "duplicate-code", "item code '%s' is already used at %s",
          it->code, first);
    }
    resolve_item(&r, it);
  }
  resolve_windows(&r);
  for (uint32_t i = 0; i < c->nbundles; i++) {
    wnd__bundle *b = &c->bundles[i];
    b->items = wnd__arena_calloc(&c->arena, b->item_codes.n ? b->item_codes.n : 1,
                                 sizeof *b->items);
    if (!b->items) {
      d->oom = true;
      return;
    }
    for (uint32_t k = 0; k < b->item_codes.n; k++) {
      const wnd__item *it = wnd__find_item(c, b->item_codes.v[k]);
      if (!it)
        err(&r, b->item_codes.locs[k], "dangling-reference",
            "bundle item '%s' is not an item code of this catalog", b->item_codes.v[k], NULL);
      else
        b->items[b->nitems++] = it;
    }
    if (!resolve_steps(&r, b)) {
      d->oom = true;
      return;
    }
  }
}
