/*
** load_files.c — loaders for the catalog-wide files: catalog.yaml,
** departments.yaml, windows.yaml, materials.yaml, calendars/<year>.yaml,
** functions.yaml and bundles/<id>.yaml (SPEC §2.2-2.9).  Items have their
** own file (load_item.c).  References between files are resolved later
** (resolve.c), once everything is loaded.
*/
#include "loader.h"

#include <stddef.h>
#include <string.h>

#include "../time/calendar.h"
#include "../time/civil.h"

/* Index an array of `n` entries read from one file (it never moves). */
#define INDEX_ARRAY(x, ix, arr, n, T)                                                      \
  wnd__index_init(&(ix), &(x)->cat->arena, (arr), (n), sizeof(T), offsetof(T, id))

/* The entry of this file already holding `id`, or NULL. */
#define FIRST_WITH_ID(ix, arr, id) \
  (wnd__index_find(&(ix), (id)) == WND__INDEX_NONE ? NULL : &(arr)[wnd__index_find(&(ix), (id))])

#define ALLOC_ARRAY(x, n, T) \
  ((T *)wnd__arena_calloc(&(x)->cat->arena, (n) ? (n) : 1, sizeof(T)))

/* ---- catalog.yaml ------------------------------------------------------ */

void wnd__load_catalog_file(wnd__lctx *x, const wnd__ynode *root) {
  static const char *const top[] = {"catalog", "defaults", NULL};
  static const char *const ckeys[] = {"id", "name", "version", "timezone", NULL};
  static const char *const dkeys[] = {"notify_within", "supplement_within",
                                      "transfer_within", "max_gaps", NULL};
  wnd_catalog *c = x->cat;
  if (!wnd__check_map(x, root, "catalog.yaml", top)) return;
  const wnd__ynode *cat = wnd__need(x, root, "catalog", "catalog.yaml");
  if (cat && wnd__check_map(x, cat, "catalog", ckeys)) {
    const wnd__ynode *n;
    if ((n = wnd__need(x, cat, "id", "catalog"))) wnd__get_id(x, n, &c->id);
    if ((n = wnd__need(x, cat, "name", "catalog"))) wnd__get_str(x, n, &c->name);
    if ((n = wnd__ymap_get(cat, "version"))) wnd__get_str(x, n, &c->version);
    if ((n = wnd__ymap_get(cat, "timezone"))) {
      if (n->kind != YN_SCALAR || wnd__offset_parse(n->u.s, n->n, &c->offset) != 0)
        wnd__lerr(x, n, "bad-value",
                  "timezone must be a fixed UTC offset such as \"+08:00\"");
    }
  }
  const wnd__ynode *d = wnd__ymap_get(root, "defaults");
  if (d && wnd__check_map(x, d, "defaults", dkeys)) {
    const wnd__ynode *n;
    if ((n = wnd__ymap_get(d, "notify_within")))
      wnd__get_span(x, n, &c->defaults.notify_within);
    if ((n = wnd__ymap_get(d, "supplement_within")))
      wnd__get_span(x, n, &c->defaults.supplement_within);
    if ((n = wnd__ymap_get(d, "transfer_within")))
      wnd__get_span(x, n, &c->defaults.transfer_within);
    if ((n = wnd__ymap_get(d, "max_gaps")) &&
        wnd__get_int(x, n, &c->defaults.max_gaps) && c->defaults.max_gaps < 0)
      wnd__lerr(x, n, "bad-value", "max_gaps must not be negative");
  }
}

/* ---- departments.yaml -------------------------------------------------- */

/* The length of a catalog text (0 for NULL), kept beside it so that a
** result copies the text without measuring it again.  A text comes from
** one YAML scalar, whose length is a uint32_t. */
static uint32_t text_len(const char *s) { return s ? (uint32_t)strlen(s) : 0; }

static const char *const LEVELS[] = {"province", "city", "county", "town",
                                     "village", NULL};

void wnd__load_departments_file(wnd__lctx *x, const wnd__ynode *root) {
  static const char *const top[] = {"departments", NULL};
  static const char *const keys[] = {"id", "name", "level", "parent", "sections", NULL};
  static const char *const skeys[] = {"id", "name", NULL};
  if (!wnd__check_map(x, root, "departments.yaml", top)) return;
  const wnd__ynode *list = wnd__need(x, root, "departments", "departments.yaml");
  if (!list) return;
  if (list->kind != YN_SEQ) {
    wnd__lerr(x, list, "bad-type", "departments must be a list");
    return;
  }
  wnd_catalog *c = x->cat;
  c->departments = ALLOC_ARRAY(x, list->n, wnd__department);
  if (!c->departments ||
      !INDEX_ARRAY(x, c->department_index, c->departments, list->n, wnd__department))
    return wnd__lnomem(x);
  for (uint32_t i = 0; i < list->n; i++) {
    const wnd__ynode *e = list->u.items[i], *n;
    if (!wnd__check_map(x, e, "a department", keys)) continue;
    wnd__department *d = &c->departments[c->ndepartments];
    d->loc = wnd__loc_of(x, e);
    d->level = LEVEL_COUNTY;
    if (!(n = wnd__need(x, e, "id", "a department")) || !wnd__get_id(x, n, &d->id))
      continue;
    const wnd__department *first = FIRST_WITH_ID(c->department_index, c->departments, d->id);
    if (first)
      wnd__lerr(x, n, "duplicate-id", "duplicate department id '%s' (first at line %u)", d->id,
                (unsigned)first->loc.line);
    if ((n = wnd__need(x, e, "name", "a department"))) wnd__get_str(x, n, &d->name);
    if ((n = wnd__ymap_get(e, "level"))) {
      int lv = wnd__get_enum(x, n, LEVELS, "level");
      if (lv >= 0) d->level = lv;
    }
    if ((n = wnd__ymap_get(e, "parent"))) {
      wnd__get_id(x, n, &d->parent_id);
      d->parent_loc = wnd__loc_of(x, n);
    }
    const wnd__ynode *secs = wnd__ymap_get(e, "sections");
    if (secs) {
      if (secs->kind != YN_SEQ) {
        wnd__lerr(x, secs, "bad-type", "sections must be a list");
      } else {
        d->sections = ALLOC_ARRAY(x, secs->n, wnd__section);
        if (!d->sections) return wnd__lnomem(x);
        for (uint32_t j = 0; j < secs->n; j++) {
          const wnd__ynode *s = secs->u.items[j];
          if (!wnd__check_map(x, s, "a section", skeys)) continue;
          wnd__section *sec = &d->sections[d->nsections];
          sec->loc = wnd__loc_of(x, s);
          if (!(n = wnd__need(x, s, "id", "a section")) || !wnd__get_id(x, n, &sec->id))
            continue;
          for (uint32_t k = 0; k < d->nsections; k++)
            if (strcmp(d->sections[k].id, sec->id) == 0)
              wnd__lerr(x, n, "duplicate-id", "duplicate section id '%s' in department '%s'",
                        sec->id, d->id);
          if ((n = wnd__need(x, s, "name", "a section"))) wnd__get_str(x, n, &sec->name);
          sec->id_len = text_len(sec->id);
          d->nsections++;
        }
      }
    }
    d->id_len = text_len(d->id);
    d->name_len = text_len(d->name);
    wnd__index_add(&c->department_index, c->ndepartments);
    c->ndepartments++;
  }
}

/* ---- windows.yaml ------------------------------------------------------ */

static const char *const WINKINDS[] = {"comprehensive", "domain", "professional",
                                       "theme", "special", "output", NULL};
static const char *const FREQS[] = {"high", "low", NULL};

static unsigned get_freqs(wnd__lctx *x, const wnd__ynode *n) {
  unsigned mask = 0;
  if (n->kind == YN_SCALAR) {
    int f = wnd__get_enum(x, n, FREQS, "frequency");
    return f < 0 ? 0 : 1u << f;
  }
  if (n->kind != YN_SEQ) {
    wnd__lerr(x, n, "bad-type", "frequency must be high, low or a list of them");
    return 0;
  }
  for (uint32_t i = 0; i < n->n; i++) {
    int f = wnd__get_enum(x, n->u.items[i], FREQS, "frequency");
    if (f >= 0) mask |= 1u << f;
  }
  return mask;
}

void wnd__load_windows_file(wnd__lctx *x, const wnd__ynode *root) {
  static const char *const top[] = {"windows", NULL};
  static const char *const keys[] = {"id", "name", "kind", "serves", "when", "priority", NULL};
  static const char *const skeys[] = {"frequency", "departments", "themes", "items", NULL};
  if (!wnd__check_map(x, root, "windows.yaml", top)) return;
  const wnd__ynode *list = wnd__need(x, root, "windows", "windows.yaml");
  if (!list) return;
  if (list->kind != YN_SEQ) {
    wnd__lerr(x, list, "bad-type", "windows must be a list");
    return;
  }
  wnd_catalog *c = x->cat;
  c->windows = ALLOC_ARRAY(x, list->n, wnd__window);
  if (!c->windows || !INDEX_ARRAY(x, c->window_index, c->windows, list->n, wnd__window))
    return wnd__lnomem(x);
  for (uint32_t i = 0; i < list->n; i++) {
    const wnd__ynode *e = list->u.items[i], *n;
    if (!wnd__check_map(x, e, "a window", keys)) continue;
    wnd__window *w = &c->windows[c->nwindows];
    w->loc = wnd__loc_of(x, e);
    w->order = c->nwindows;
    if (!(n = wnd__need(x, e, "id", "a window")) || !wnd__get_id(x, n, &w->id)) continue;
    const wnd__window *first = FIRST_WITH_ID(c->window_index, c->windows, w->id);
    if (first)
      wnd__lerr(x, n, "duplicate-id", "duplicate window id '%s' (first at line %u)", w->id,
                (unsigned)first->loc.line);
    if ((n = wnd__need(x, e, "name", "a window"))) wnd__get_str(x, n, &w->name);
    if ((n = wnd__need(x, e, "kind", "a window"))) {
      int k = wnd__get_enum(x, n, WINKINDS, "window kind");
      if (k >= 0) w->kind = k;
    }
    if ((n = wnd__ymap_get(e, "priority"))) wnd__get_int(x, n, &w->priority);
    if ((n = wnd__ymap_get(e, "when")) && wnd__get_expr(x, n, false, &w->when))
      wnd__compile_expr(x, &w->when, NULL, "window when");
    const wnd__ynode *sv = wnd__ymap_get(e, "serves");
    if (sv && wnd__check_map(x, sv, "serves", skeys)) {
      w->serves_set = true;
      if ((n = wnd__ymap_get(sv, "frequency"))) w->frequency = get_freqs(x, n);
      if ((n = wnd__ymap_get(sv, "departments"))) wnd__get_strlist(x, n, &w->departments);
      if ((n = wnd__ymap_get(sv, "themes"))) wnd__get_strlist(x, n, &w->themes);
      if ((n = wnd__ymap_get(sv, "items"))) wnd__get_strlist(x, n, &w->items);
    }
    w->id_len = text_len(w->id);
    wnd__index_add(&c->window_index, c->nwindows);
    c->nwindows++;
  }
}

/* ---- materials.yaml and material attributes ------------------------------ */

void wnd__load_materials_file(wnd__lctx *x, const wnd__ynode *root) {
  static const char *const top[] = {"materials", NULL};
  static const char *const keys[] = {"id", "name", "forms", "copies", "source",
                                     "e_license", "verify_only", "commitment",
                                     "verify_within", "e_license_holder", NULL};
  if (!wnd__check_map(x, root, "materials.yaml", top)) return;
  const wnd__ynode *list = wnd__need(x, root, "materials", "materials.yaml");
  if (!list) return;
  if (list->kind != YN_SEQ) {
    wnd__lerr(x, list, "bad-type", "materials must be a list");
    return;
  }
  wnd_catalog *c = x->cat;
  c->libmats = ALLOC_ARRAY(x, list->n, wnd__libmat);
  if (!c->libmats || !INDEX_ARRAY(x, c->libmat_index, c->libmats, list->n, wnd__libmat))
    return wnd__lnomem(x);
  for (uint32_t i = 0; i < list->n; i++) {
    const wnd__ynode *e = list->u.items[i], *n;
    if (!wnd__check_map(x, e, "a library material", keys)) continue;
    wnd__libmat *m = &c->libmats[c->nlibmats];
    m->loc = wnd__loc_of(x, e);
    m->source = -1;
    m->verify_only = -1;
    if (!(n = wnd__need(x, e, "id", "a library material")) || !wnd__get_id(x, n, &m->id))
      continue;
    const wnd__libmat *first = FIRST_WITH_ID(c->libmat_index, c->libmats, m->id);
    if (first)
      wnd__lerr(x, n, "duplicate-id", "duplicate material id '%s' (first at line %u)", m->id,
                (unsigned)first->loc.line);
    if ((n = wnd__need(x, e, "name", "a library material"))) wnd__get_str(x, n, &m->name);
    if ((n = wnd__ymap_get(e, "forms"))) m->forms = wnd__get_forms(x, n);
    if ((n = wnd__ymap_get(e, "copies")) && wnd__get_int(x, n, &m->copies) && m->copies < 1) {
      wnd__lerr(x, n, "bad-value", "copies must be at least 1");
      m->copies = 1;
    }
    if ((n = wnd__ymap_get(e, "source"))) m->source = wnd__get_source(x, n);
    if ((n = wnd__ymap_get(e, "e_license"))) wnd__get_str(x, n, &m->e_license);
    bool b;
    if ((n = wnd__ymap_get(e, "verify_only")) && wnd__get_bool(x, n, &b)) m->verify_only = b;
    m->commitment = -1;
    if ((n = wnd__ymap_get(e, "commitment")) && wnd__get_bool(x, n, &b)) m->commitment = b;
    if ((n = wnd__ymap_get(e, "verify_within")))
      m->has_verify = wnd__get_span(x, n, &m->verify_within);
    /* Compiled once here, shared by every item that uses the entry. */
    if ((n = wnd__ymap_get(e, "e_license_holder")) && wnd__get_expr(x, n, false, &m->holder))
      wnd__compile_string_expr(x, &m->holder, NULL, "material e_license_holder");
    wnd__index_add(&c->libmat_index, c->nlibmats);
    c->nlibmats++;
  }
}

/* ---- calendars/<year>.yaml -------------------------------------------------- */

void wnd__load_calendar_file(wnd__lctx *x, const wnd__ynode *root) {
  static const char *const top[] = {"calendar", NULL};
  static const char *const keys[] = {"year", "holidays", "workdays", "provisional",
                                     "basis", NULL};
  static const char *const hkeys[] = {"name", "from", "to", NULL};
  static const char *const wkeys[] = {"name", "date", NULL};
  if (!wnd__check_map(x, root, "a calendar file", top)) return;
  const wnd__ynode *cal = wnd__need(x, root, "calendar", "a calendar file");
  if (!cal || !wnd__check_map(x, cal, "calendar", keys)) return;
  const wnd__ynode *n = wnd__need(x, cal, "year", "calendar");
  int64_t year;
  if (!n || !wnd__get_int(x, n, &year)) return;
  if (year < 1900 || year > 2200) {
    wnd__lerr(x, n, "bad-value", "calendar year %lld is out of range", (long long)year);
    return;
  }
  wnd_catalog *c = x->cat;
  int r = wnd__calendar_add_year(c->calendar, (int)year);
  if (r == WND_ENOMEM) return wnd__lnomem(x);
  if (r != 0) {
    wnd__lerr(x, n, "duplicate-id", "calendar year %lld is defined twice", (long long)year);
    return;
  }
  bool provisional = false;
  if ((n = wnd__ymap_get(cal, "provisional"))) wnd__get_bool(x, n, &provisional);
  if ((n = wnd__ymap_get(cal, "basis")) && n->kind != YN_SCALAR)
    wnd__lerr(x, n, "bad-type", "basis must be text");
  int *years = wnd__arena_alloc(&c->arena, (c->nyears + 1) * sizeof *years);
  bool *prov = wnd__arena_alloc(&c->arena, (c->nyears + 1) * sizeof *prov);
  if (!years || !prov) return wnd__lnomem(x);
  if (c->nyears) {
    memcpy(years, c->years, c->nyears * sizeof *years);
    memcpy(prov, c->provisional, c->nyears * sizeof *prov);
  }
  prov[c->nyears] = provisional;
  c->any_provisional |= provisional;
  years[c->nyears++] = (int)year;
  c->years = years;
  c->provisional = prov;

  const wnd__ynode *hol = wnd__ymap_get(cal, "holidays");
  if (hol && hol->kind != YN_SEQ) wnd__lerr(x, hol, "bad-type", "holidays must be a list");
  for (uint32_t i = 0; hol && hol->kind == YN_SEQ && i < hol->n; i++) {
    const wnd__ynode *h = hol->u.items[i];
    if (!wnd__check_map(x, h, "a holiday", hkeys)) continue;
    int64_t from, to;
    const wnd__ynode *fn = wnd__need(x, h, "from", "a holiday");
    const wnd__ynode *tn = wnd__need(x, h, "to", "a holiday");
    if ((n = wnd__ymap_get(h, "name")) && n->kind != YN_SCALAR)
      wnd__lerr(x, n, "bad-type", "a holiday name must be a string");
    if (!fn || !tn || !wnd__get_date(x, fn, &from) || !wnd__get_date(x, tn, &to)) continue;
    if (to < from) {
      wnd__lerr(x, tn, "bad-date", "holiday ends before it starts");
      continue;
    }
    for (int64_t d = from; d <= to; d++) {
      if (wnd__calendar_set_off(c->calendar, d) != 0) {
        wnd__lerr(x, d == from ? fn : tn, "bad-date",
                  "holiday date is outside the calendar year %lld", (long long)year);
        break;
      }
    }
  }
  const wnd__ynode *wd = wnd__ymap_get(cal, "workdays");
  if (wd && wd->kind != YN_SEQ) wnd__lerr(x, wd, "bad-type", "workdays must be a list");
  for (uint32_t i = 0; wd && wd->kind == YN_SEQ && i < wd->n; i++) {
    const wnd__ynode *w = wd->u.items[i];
    if (!wnd__check_map(x, w, "a make-up workday", wkeys)) continue;
    int64_t day;
    const wnd__ynode *dn = wnd__need(x, w, "date", "a make-up workday");
    if (!dn || !wnd__get_date(x, dn, &day)) continue;
    int wdw = wnd__weekday(day);
    if (wdw != 0 && wdw != 6)
      wnd__lwarn(x, dn, "bad-date", "make-up workday %s is not a Saturday or Sunday", dn->u.s);
    if (wnd__calendar_set_work(c->calendar, day) != 0)
      wnd__lerr(x, dn, "bad-date", "make-up workday is outside the calendar year %lld",
                (long long)year);
  }
}

/* ---- functions.yaml ---------------------------------------------------- */

static const char *const HTYPES[] = {"bool", "int", "double", "string", NULL};

void wnd__load_functions_file(wnd__lctx *x, const wnd__ynode *root) {
  static const char *const top[] = {"functions", NULL};
  static const char *const keys[] = {"name", "params", "returns", "library", NULL};
  if (!wnd__check_map(x, root, "functions.yaml", top)) return;
  const wnd__ynode *list = wnd__need(x, root, "functions", "functions.yaml");
  if (!list) return;
  if (list->kind != YN_SEQ) {
    wnd__lerr(x, list, "bad-type", "functions must be a list");
    return;
  }
  wnd_catalog *c = x->cat;
  c->functions = ALLOC_ARRAY(x, list->n, wnd__fndecl);
  if (!c->functions) return wnd__lnomem(x);
  for (uint32_t i = 0; i < list->n; i++) {
    const wnd__ynode *e = list->u.items[i], *n;
    if (!wnd__check_map(x, e, "a function", keys)) continue;
    wnd__fndecl *f = &c->functions[c->nfunctions];
    f->loc = wnd__loc_of(x, e);
    if (!(n = wnd__need(x, e, "name", "a function")) || !wnd__get_str(x, n, &f->name)) continue;
    bool ok = true;
    for (const char *p = f->name; *p; p++)
      if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '.' ||
            (*p >= 'A' && *p <= 'Z')))
        ok = false;
    if (!ok || f->name[0] == '.' || !strchr(f->name, '.')) {
      wnd__lerr(x, n, "bad-value",
                "function name '%s' must be dotted, like credit.dishonest", f->name);
      continue;
    }
    if (strncmp(f->name, "cn.", 3) == 0 || strncmp(f->name, "workdays.", 9) == 0) {
      wnd__lerr(x, n, "bad-value", "'%s' is a builtin namespace; choose another name", f->name);
      continue;
    }
    for (uint32_t k = 0; k < c->nfunctions; k++)
      if (strcmp(c->functions[k].name, f->name) == 0)
        wnd__lerr(x, n, "duplicate-id", "function '%s' is declared twice", f->name);
    const wnd__ynode *ps = wnd__ymap_get(e, "params");
    if (ps && ps->kind != YN_SEQ) {
      wnd__lerr(x, ps, "bad-type", "params must be a list of types");
    } else if (ps) {
      if (ps->n > 8) wnd__lerr(x, ps, "bad-value", "at most 8 parameters are supported");
      for (uint32_t j = 0; j < ps->n && j < 8; j++) {
        int t = wnd__get_enum(x, ps->u.items[j], HTYPES, "parameter type");
        if (t >= 0) f->params[f->nparams++] = (uint8_t)t;
      }
    }
    if ((n = wnd__need(x, e, "returns", "a function"))) {
      int t = wnd__get_enum(x, n, HTYPES, "return type");
      if (t == HT_STRING) wnd__lerr(x, n, "bad-value", "returns must be bool, int or double");
      else if (t >= 0) f->ret = (uint8_t)t;
    }
    if ((n = wnd__ymap_get(e, "library"))) {
      if (n->kind == YN_SCALAR) {
        bool bare = n->n > 0 && n->n <= 64;
        for (const char *p = n->u.s; bare && *p; p++)
          bare = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_';
        if (!bare)
          wnd__lerr(x, n, "bad-value",
                    "library must be a bare name ([a-z0-9_]+), never a path: '%s'", n->u.s);
        else
          wnd__get_str(x, n, &f->library);
      } else {
        wnd__lerr(x, n, "bad-type", "library must be a name");
      }
    }
    c->nfunctions++;
  }
}

/* ---- bundles/<id>.yaml ---------------------------------------------------- */

/* `after: {code: [prerequisite codes]}` as written; resolve.c checks the
** codes against the bundle's items and refuses cycles. */
static void load_after(wnd__lctx *x, const wnd__ynode *n, wnd__bundle *bu) {
  if (n->kind != YN_MAP) {
    wnd__lerr(x, n, "bad-type", "after must map an item code to a list of prerequisite codes");
    return;
  }
  bu->steps = ALLOC_ARRAY(x, n->n, wnd__bundle_step);
  if (!bu->steps) return wnd__lnomem(x);
  for (uint32_t i = 0; i < n->n; i++) {
    const wnd__ynode *k = n->u.pairs[i].key, *v = n->u.pairs[i].val;
    wnd__bundle_step *st = &bu->steps[bu->nsteps];
    st->loc = wnd__loc_of(x, k);
    if (!wnd__get_str(x, k, &st->code) || !wnd__get_strlist(x, v, &st->pre)) continue;
    bu->nsteps++;
  }
}

void wnd__load_bundle_file(wnd__lctx *x, const wnd__ynode *root) {
  static const char *const top[] = {"bundle", "tests", NULL};
  static const char *const keys[] = {"id", "name", "items", "promised_limit", "after", NULL};
  if (!wnd__check_map(x, root, "a bundle file", top)) return;
  const wnd__ynode *b = wnd__need(x, root, "bundle", "a bundle file");
  if (!b || !wnd__check_map(x, b, "bundle", keys)) return;
  wnd_catalog *c = x->cat;
  if (!WND_PUSH(&c->env->mem, c->bundles, c->nbundles, c->bundles_cap) ||
      !wnd__index_reserve(&c->bundle_index, &c->arena, c->bundles, c->nbundles + 1,
                          sizeof *c->bundles, offsetof(wnd__bundle, id)))
    return wnd__lnomem(x);
  wnd__bundle *bu = &c->bundles[c->nbundles];
  memset(bu, 0, sizeof *bu);
  bu->loc = wnd__loc_of(x, b);
  const wnd__ynode *n;
  if (!(n = wnd__need(x, b, "id", "bundle")) || !wnd__get_id(x, n, &bu->id)) return;
  const wnd__bundle *first = FIRST_WITH_ID(c->bundle_index, c->bundles, bu->id);
  if (first)
    wnd__lerr(x, n, "duplicate-id", "duplicate bundle id '%s' (also in %s)", bu->id,
              first->loc.file);
  if ((n = wnd__need(x, b, "name", "bundle"))) wnd__get_str(x, n, &bu->name);
  if ((n = wnd__need(x, b, "items", "bundle"))) {
    wnd__get_strlist(x, n, &bu->item_codes);
    if (bu->item_codes.n == 0) wnd__lerr(x, n, "bad-value", "a bundle needs at least one item");
  }
  if ((n = wnd__ymap_get(b, "promised_limit")))
    bu->has_promised = wnd__get_span(x, n, &bu->promised);
  if ((n = wnd__ymap_get(b, "after"))) load_after(x, n, bu);
  if ((n = wnd__ymap_get(root, "tests"))) {
    wnd__load_tests(x, n, &bu->tests, &bu->ntests);
    wnd__lint_bundle_tests(x, bu, n); /* every item is loaded before any bundle */
  }
  wnd__index_add(&c->bundle_index, c->nbundles);
  c->nbundles++;
}
