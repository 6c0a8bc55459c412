/*
** load_item.c — one service item per file (SPEC §2.7): the item's
** identity and limits, declared fields, conditions, materials, fast track,
** routing and tests.  Cross-file references are resolved in resolve.c.
*/
#include "loader.h"

#include <string.h>

#include "../yaml/yvalue.h"

#define ALLOC_ARRAY(x, n, T) \
  ((T *)wnd__arena_calloc(&(x)->cat->arena, (n) ? (n) : 1, sizeof(T)))

static const char *const ITEM_TYPES[] = {"行政许可", "行政给付", "行政确认", "行政裁决",
                                         "行政奖励", "行政征收", "行政检查", "其他行政权力",
                                         "公共服务", NULL};
static const char *const HANDLING[] = {"instant", "promised", NULL};
static const char *const AUTH[] = {"none", "accept", "decide", NULL};
static const char *const FREQ[] = {"high", "low", NULL};
/* In wnd_flow order, from WND_FLOW_ON_SPOT_COMPLETION. */
static const char *const FLOWS[] = {"on_spot_completion", "on_spot_acceptance", "receipt", NULL};
static const char *const FTYPES[] = {"string", "int", "double", "bool", "timestamp",
                                     "list", "map", NULL};

static void load_header(wnd__lctx *x, const wnd__ynode *h, wnd__item *it) {
  static const char *const keys[] = {
      "code", "name", "type", "department", "section", "handling", "frequency",
      "themes", "authorized", "window", "output_window", "statutory_limit",
      "promised_limit", "comprehensive", "exclusion_reason", "fee", "basis",
      "flow", "statutory_extension", "commitment_eligible", NULL};
  if (!wnd__check_map(x, h, "item", keys)) return;
  const wnd__ynode *n;
  if ((n = wnd__need(x, h, "code", "item"))) {
    wnd__get_str(x, n, &it->code);
    it->code_loc = wnd__loc_of(x, n);
  }
  if ((n = wnd__need(x, h, "name", "item"))) wnd__get_str(x, n, &it->name);
  if ((n = wnd__need(x, h, "type", "item")) && wnd__get_enum(x, n, ITEM_TYPES, "item type") >= 0)
    wnd__get_str(x, n, &it->type);
  if ((n = wnd__need(x, h, "department", "item"))) {
    wnd__get_id(x, n, &it->department_id);
    it->department_loc = wnd__loc_of(x, n);
  }
  if ((n = wnd__ymap_get(h, "section"))) {
    wnd__get_id(x, n, &it->section_id);
    it->section_loc = wnd__loc_of(x, n);
  }
  it->handling = HANDLING_PROMISED;
  if ((n = wnd__need(x, h, "handling", "item"))) {
    int v = wnd__get_enum(x, n, HANDLING, "handling");
    if (v >= 0) it->handling = v;
  }
  it->frequency = FREQ_LOW;
  if ((n = wnd__ymap_get(h, "frequency"))) {
    int v = wnd__get_enum(x, n, FREQ, "frequency");
    if (v >= 0) it->frequency = 1u << v;
  }
  if ((n = wnd__ymap_get(h, "themes"))) wnd__get_strlist(x, n, &it->themes);
  it->authorized = AUTH_NONE;
  if ((n = wnd__ymap_get(h, "authorized"))) {
    int v = wnd__get_enum(x, n, AUTH, "front-desk authority");
    if (v >= 0) it->authorized = v;
  }
  it->flow = WND_FLOW_NONE;
  if ((n = wnd__ymap_get(h, "flow"))) {
    int v = wnd__get_enum(x, n, FLOWS, "service flow");
    if (v >= 0) it->flow = WND_FLOW_ON_SPOT_COMPLETION + v;
    it->flow_loc = wnd__loc_of(x, n);
  }
  if ((n = wnd__ymap_get(h, "statutory_extension")))
    it->has_extension = wnd__get_span(x, n, &it->extension);
  if ((n = wnd__ymap_get(h, "commitment_eligible")))
    wnd__get_expr(x, n, true, &it->commitment_eligible);
  if ((n = wnd__ymap_get(h, "window"))) {
    wnd__get_id(x, n, &it->window_id);
    it->window_loc = wnd__loc_of(x, n);
  }
  if ((n = wnd__ymap_get(h, "output_window"))) {
    wnd__get_id(x, n, &it->output_window_id);
    it->output_window_loc = wnd__loc_of(x, n);
  }
  if ((n = wnd__need(x, h, "statutory_limit", "item"))) {
    it->has_statutory = wnd__get_span(x, n, &it->statutory);
    it->statutory_loc = wnd__loc_of(x, n);
  }
  if ((n = wnd__need(x, h, "promised_limit", "item"))) {
    it->has_promised = wnd__get_span(x, n, &it->promised);
    it->promised_loc = wnd__loc_of(x, n);
  }
  it->comprehensive = true;
  if ((n = wnd__ymap_get(h, "comprehensive"))) {
    wnd__get_bool(x, n, &it->comprehensive);
    it->comprehensive_loc = wnd__loc_of(x, n);
  }
  if ((n = wnd__ymap_get(h, "exclusion_reason"))) wnd__get_str(x, n, &it->exclusion_reason);
  if ((n = wnd__ymap_get(h, "fee"))) wnd__get_str(x, n, &it->fee);
  if ((n = wnd__ymap_get(h, "basis"))) wnd__get_str(x, n, &it->basis);
}

static bool valid_field_path(const char *p) {
  const char *roots[] = {"applicant.", "agent.", "data."};
  for (size_t i = 0; i < 3; i++) {
    size_t l = strlen(roots[i]);
    if (strncmp(p, roots[i], l) != 0) continue;
    const char *s = p + l;
    if (!*s) return false;
    /* segments of [A-Za-z_][A-Za-z0-9_]* separated by dots, at most 16 */
    bool start = true;
    int segments = 1;
    for (; *s; s++) {
      if (*s == '.') {
        if (start || ++segments > 16) return false;
        start = true;
        continue;
      }
      bool alpha = (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_';
      bool digit = *s >= '0' && *s <= '9';
      if (start ? !alpha : !(alpha || digit)) return false;
      start = false;
    }
    return !start;
  }
  return false;
}

static void load_fields(wnd__lctx *x, const wnd__ynode *fs, wnd__item *it) {
  static const char *const keys[] = {"type", "enum", "pattern", "check", "label",
                                     "required", "min", "max", NULL};
  if (fs->kind != YN_MAP) {
    wnd__lerr(x, fs, "bad-type", "fields must be a mapping of path to declaration");
    return;
  }
  it->fields = ALLOC_ARRAY(x, fs->n, wnd__field);
  if (!it->fields) return wnd__lnomem(x);
  for (uint32_t i = 0; i < fs->n; i++) {
    const wnd__ynode *k = fs->u.pairs[i].key, *e = fs->u.pairs[i].val, *n;
    if (!valid_field_path(k->u.s)) {
      wnd__lerr(x, k, "bad-value",
                "field path '%s' must start with applicant., agent. or data. "
                "followed by at most 16 dot-separated identifiers", k->u.s);
      continue;
    }
    if (!wnd__check_map(x, e, "a field declaration", keys)) continue;
    wnd__field *f = &it->fields[it->nfields];
    f->loc = wnd__loc_of(x, k);
    f->path = wnd__cat_strdup(x, k->u.s);
    if (!f->path) return;
    if ((n = wnd__need(x, e, "type", "a field declaration"))) {
      int t = wnd__get_enum(x, n, FTYPES, "field type");
      if (t < 0) continue;
      f->type = t;
    } else {
      continue;
    }
    if ((n = wnd__ymap_get(e, "required"))) wnd__get_bool(x, n, &f->required);
    if ((n = wnd__ymap_get(e, "label"))) wnd__get_str(x, n, &f->label);
    if ((n = wnd__ymap_get(e, "enum"))) {
      if (n->kind != YN_SEQ || n->n == 0) {
        wnd__lerr(x, n, "bad-type", "enum must be a non-empty list");
      } else {
        f->enum_values = ALLOC_ARRAY(x, n->n, wnd__value);
        if (!f->enum_values) return wnd__lnomem(x);
        for (uint32_t j = 0; j < n->n; j++) {
          const wnd__ynode *v = n->u.items[j];
          wnd__value val;
          if (v->kind != YN_SCALAR ||
              wnd__yvalue(&x->cat->arena, v, &val) != WND_OK) {
            wnd__lerr(x, v, "bad-value", "enum values must be scalars");
            continue;
          }
          bool fits = (f->type == FT_STRING && val.kind == WV_STRING) ||
                      (f->type == FT_INT && val.kind == WV_INT) ||
                      (f->type == FT_DOUBLE && (val.kind == WV_DOUBLE || val.kind == WV_INT)) ||
                      (f->type == FT_BOOL && val.kind == WV_BOOL);
          if (!fits) {
            wnd__lerr(x, v, "bad-value", "enum value '%s' does not have the field's type %s",
                      v->u.s, FTYPES[f->type]);
            continue;
          }
          if (f->type == FT_DOUBLE && val.kind == WV_INT) val = wnd__v_double((double)val.u.i);
          f->enum_values[f->enum_vals.n++] = val;
        }
      }
    }
    if ((n = wnd__ymap_get(e, "pattern"))) {
      if (f->type != FT_STRING)
        wnd__lerr(x, n, "bad-value", "pattern applies to string fields only");
      else if (wnd__get_str(x, n, &f->pattern))
        wnd__compile_pattern(x, n, f);
    }
    if ((n = wnd__ymap_get(e, "check"))) {
      if (wnd__get_str(x, n, &f->check)) f->check_loc = wnd__loc_of(x, n);
    }
    if ((n = wnd__ymap_get(e, "min"))) {
      if (f->type != FT_INT && f->type != FT_DOUBLE)
        wnd__lerr(x, n, "bad-value", "min applies to int and double fields only");
      else
        f->has_min = wnd__get_double(x, n, &f->min);
    }
    if ((n = wnd__ymap_get(e, "max"))) {
      if (f->type != FT_INT && f->type != FT_DOUBLE)
        wnd__lerr(x, n, "bad-value", "max applies to int and double fields only");
      else
        f->has_max = wnd__get_double(x, n, &f->max);
    }
    if (f->has_min && f->has_max && f->min > f->max)
      wnd__lerr(x, e, "limit-order", "min is greater than max");
    it->nfields++;
  }
}

static void load_conditions(wnd__lctx *x, const wnd__ynode *cs, wnd__item *it) {
  static const char *const keys[] = {"id", "when", "require", "message", "on_fail",
                                     "stage", NULL};
  static const char *const ONFAIL[] = {"reject", "correct", NULL};
  static const char *const STAGES[] = {"acceptance", "approval", NULL};
  if (cs->kind != YN_SEQ) {
    wnd__lerr(x, cs, "bad-type", "conditions must be a list");
    return;
  }
  it->conditions = ALLOC_ARRAY(x, cs->n, wnd__condition);
  if (!it->conditions) return wnd__lnomem(x);
  for (uint32_t i = 0; i < cs->n; i++) {
    const wnd__ynode *e = cs->u.items[i], *n;
    if (!wnd__check_map(x, e, "a condition", keys)) continue;
    wnd__condition *c = &it->conditions[it->nconditions];
    c->loc = wnd__loc_of(x, e);
    if (!(n = wnd__need(x, e, "id", "a condition")) || !wnd__get_id(x, n, &c->id)) continue;
    for (uint32_t k = 0; k < it->nconditions; k++)
      if (strcmp(it->conditions[k].id, c->id) == 0)
        wnd__lerr(x, n, "duplicate-id", "duplicate condition id '%s'", c->id);
    if ((n = wnd__ymap_get(e, "when"))) wnd__get_expr(x, n, true, &c->when);
    if ((n = wnd__need(x, e, "require", "a condition"))) wnd__get_expr(x, n, true, &c->require);
    if ((n = wnd__ymap_get(e, "message"))) wnd__get_str(x, n, &c->message);
    if ((n = wnd__ymap_get(e, "stage"))) c->approval = wnd__get_enum(x, n, STAGES, "stage") == 1;
    if ((n = wnd__ymap_get(e, "on_fail"))) {
      if (c->approval)
        /* An approval condition never refuses acceptance (SPEC §4.5), so
        ** saying what its failure does is a mistake, not a default. */
        wnd__lerr(x, n, "bad-value",
                  "on_fail does not apply to a condition with stage: approval (it only warns)");
      else
        c->correct = wnd__get_enum(x, n, ONFAIL, "on_fail") == 1;
    }
    it->nconditions++;
  }
}

static void load_checks(wnd__lctx *x, const wnd__ynode *cs, wnd__material *m) {
  static const char *const keys[] = {"require", "message", "code", NULL};
  if (cs->kind != YN_SEQ) {
    wnd__lerr(x, cs, "bad-type", "checks must be a list");
    return;
  }
  m->checks = ALLOC_ARRAY(x, cs->n, wnd__mcheck);
  if (!m->checks) return wnd__lnomem(x);
  for (uint32_t i = 0; i < cs->n; i++) {
    const wnd__ynode *e = cs->u.items[i], *n;
    if (!wnd__check_map(x, e, "a material check", keys)) continue;
    wnd__mcheck *k = &m->checks[m->nchecks];
    k->loc = wnd__loc_of(x, e);
    k->code = "material_check_failed";
    if ((n = wnd__need(x, e, "require", "a material check"))) wnd__get_expr(x, n, false, &k->require);
    if ((n = wnd__ymap_get(e, "message"))) wnd__get_str(x, n, &k->message);
    if ((n = wnd__ymap_get(e, "code"))) {
      const char *code;
      if (wnd__get_id(x, n, &code)) k->code = code;
    }
    m->nchecks++;
  }
}

static void load_materials(wnd__lctx *x, const wnd__ynode *ms, wnd__item *it) {
  static const char *const keys[] = {"use", "id", "name", "forms", "copies", "source",
                                     "e_license", "verify_only", "required", "any_of",
                                     "tolerable", "supplement_within", "checks",
                                     "commitment", "verify_within", "e_license_holder", NULL};
  if (ms->kind != YN_SEQ) {
    wnd__lerr(x, ms, "bad-type", "materials must be a list");
    return;
  }
  it->materials = ALLOC_ARRAY(x, ms->n, wnd__material);
  if (!it->materials) return wnd__lnomem(x);
  for (uint32_t i = 0; i < ms->n; i++) {
    const wnd__ynode *e = ms->u.items[i], *n;
    if (!wnd__check_map(x, e, "a material", keys)) continue;
    wnd__material *m = &it->materials[it->nmaterials];
    m->loc = wnd__loc_of(x, e);
    m->source = -1;
    const char *use = NULL;
    if ((n = wnd__ymap_get(e, "use")) && wnd__get_id(x, n, &use)) {
      m->use = wnd__find_libmat(x->cat, use);
      if (!m->use) {
        const char *near = wnd__suggest_ref(x->cat, WND_REF_LIBMAT, use, NULL);
        wnd__lerr(x, n, "dangling-reference",
                  "material '%s' is not in the material library (materials.yaml)%s%s%s", use,
                  near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
        continue;
      }
    }
    if ((n = wnd__ymap_get(e, "id"))) {
      if (!wnd__get_id(x, n, &m->id)) continue;
    } else if (m->use) {
      m->id = m->use->id;
    } else if (!use) {
      wnd__lerr(x, e, "missing-key", "a material needs an 'id' or a library 'use'");
      continue;
    } else {
      continue;
    }
    m->idlen = (uint32_t)strlen(m->id);
    for (uint32_t k = 0; k < it->nmaterials; k++)
      if (strcmp(it->materials[k].id, m->id) == 0)
        wnd__lerr(x, n ? n : e, "duplicate-id", "duplicate material id '%s' in this item", m->id);
    /* Library values first, then the item's overrides. */
    if (m->use) {
      m->name = m->use->name;
      m->forms = m->use->forms;
      m->copies = m->use->copies;
      m->source = m->use->source;
      m->e_license = m->use->e_license;
      m->verify_only = m->use->verify_only == 1;
      m->commitment = m->use->commitment == 1;
      m->has_verify = m->use->has_verify;
      m->verify_within = m->use->verify_within;
      if (m->use->holder.text) m->holder = &m->use->holder;
    }
    if ((n = wnd__ymap_get(e, "name"))) wnd__get_str(x, n, &m->name);
    if (!m->name) wnd__lerr(x, e, "missing-key", "material '%s' needs a name", m->id);
    if ((n = wnd__ymap_get(e, "forms"))) m->forms = wnd__get_forms(x, n);
    if ((n = wnd__ymap_get(e, "copies")) && wnd__get_int(x, n, &m->copies) && m->copies < 1)
      wnd__lerr(x, n, "bad-value", "copies must be at least 1");
    if (m->copies < 1) m->copies = 1;
    if ((n = wnd__ymap_get(e, "source"))) m->source = wnd__get_source(x, n);
    if ((n = wnd__ymap_get(e, "e_license"))) wnd__get_str(x, n, &m->e_license);
    if ((n = wnd__ymap_get(e, "verify_only"))) wnd__get_bool(x, n, &m->verify_only);
    if ((n = wnd__ymap_get(e, "commitment"))) wnd__get_bool(x, n, &m->commitment);
    if ((n = wnd__ymap_get(e, "verify_within")))
      m->has_verify = wnd__get_span(x, n, &m->verify_within);
    if ((n = wnd__ymap_get(e, "e_license_holder")) &&
        wnd__get_expr(x, n, false, &m->holder_own))
      m->holder = &m->holder_own;
    m->required.constant = 1;
    m->required.text = "true";
    m->required.len = 4;
    m->required.loc = m->loc;
    if ((n = wnd__ymap_get(e, "required"))) wnd__get_expr(x, n, true, &m->required);
    if ((n = wnd__ymap_get(e, "any_of"))) {
      if (wnd__get_strlist(x, n, &m->any_of) && m->any_of.n == 0)
        wnd__lerr(x, n, "bad-value", "any_of must list at least one material");
    }
    if ((n = wnd__ymap_get(e, "tolerable"))) wnd__get_bool(x, n, &m->tolerable);
    if ((n = wnd__ymap_get(e, "supplement_within"))) {
      m->has_supplement = wnd__get_span(x, n, &m->supplement_within);
      m->supplement_loc = wnd__loc_of(x, n);
    }
    if ((n = wnd__ymap_get(e, "checks"))) load_checks(x, n, m);
    it->nmaterials++;
  }
}

static void load_fast_track(wnd__lctx *x, const wnd__ynode *f, wnd__item *it) {
  static const char *const keys[] = {"enabled", "max_gaps", "eligible",
                                     "issue_before_supplement", NULL};
  if (!wnd__check_map(x, f, "fast_track", keys)) return;
  wnd__fasttrack *ft = &it->fast_track;
  ft->present = true;
  ft->enabled = true;
  ft->max_gaps = -1;
  ft->loc = wnd__loc_of(x, f);
  const wnd__ynode *n;
  if ((n = wnd__ymap_get(f, "enabled"))) wnd__get_bool(x, n, &ft->enabled);
  if ((n = wnd__ymap_get(f, "max_gaps")) && wnd__get_int(x, n, &ft->max_gaps) && ft->max_gaps < 0) {
    wnd__lerr(x, n, "bad-value", "max_gaps must not be negative");
    ft->max_gaps = -1;
  }
  if ((n = wnd__ymap_get(f, "eligible"))) wnd__get_expr(x, n, true, &ft->eligible);
  if ((n = wnd__ymap_get(f, "issue_before_supplement")))
    wnd__get_bool(x, n, &ft->issue_before_supplement);
}

static void load_routing(wnd__lctx *x, const wnd__ynode *rs, wnd__item *it) {
  static const char *const keys[] = {"when", "department", "section", "window",
                                     "escalate_to", "reject", NULL};
  if (rs->kind != YN_SEQ) {
    wnd__lerr(x, rs, "bad-type", "routing must be a list of rules");
    return;
  }
  it->routes = ALLOC_ARRAY(x, rs->n, wnd__route);
  if (!it->routes) return wnd__lnomem(x);
  for (uint32_t i = 0; i < rs->n; i++) {
    const wnd__ynode *e = rs->u.items[i], *n;
    if (!wnd__check_map(x, e, "a routing rule", keys)) continue;
    wnd__route *r = &it->routes[it->nroutes];
    r->loc = wnd__loc_of(x, e);
    r->when.constant = 1;
    r->when.text = "true";
    r->when.len = 4;
    r->when.loc = r->loc;
    if ((n = wnd__ymap_get(e, "when"))) wnd__get_expr(x, n, true, &r->when);
    if ((n = wnd__ymap_get(e, "department"))) {
      wnd__get_id(x, n, &r->department_id);
      r->department_loc = wnd__loc_of(x, n);
    }
    if ((n = wnd__ymap_get(e, "section"))) {
      wnd__get_id(x, n, &r->section_id);
      r->section_loc = wnd__loc_of(x, n);
    }
    if ((n = wnd__ymap_get(e, "window"))) {
      wnd__get_id(x, n, &r->window_id);
      r->window_loc = wnd__loc_of(x, n);
    }
    if ((n = wnd__ymap_get(e, "escalate_to"))) {
      wnd__get_id(x, n, &r->escalate_id);
      r->escalate_loc = wnd__loc_of(x, n);
    }
    if ((n = wnd__ymap_get(e, "reject"))) wnd__get_str(x, n, &r->reject);
    if (r->reject && (r->department_id || r->section_id || r->escalate_id || r->window_id))
      wnd__lerr(x, e, "bad-value", "a rejecting routing rule cannot also route");
    if (r->escalate_id && r->department_id)
      wnd__lerr(x, e, "bad-value", "use either department or escalate_to in one rule");
    it->nroutes++;
  }
}

void wnd__load_tests(wnd__lctx *x, const wnd__ynode *n, wnd__test **out,
                     uint32_t *count) {
  static const char *const keys[] = {"name", "now", "submission", "expect", "elicenses", NULL};
  static const char *const ekeys[] = {"decision", "flow", "department", "section", "window",
                                      "output_window", "escalated_from", "findings", "gaps",
                                      "deadlines", "documents", "to_supply", "decided_by",
                                      "warnings", "items", "dues", "severities", "absent",
                                      NULL};
  *count = 0;
  if (n->kind != YN_SEQ) {
    wnd__lerr(x, n, "bad-type", "tests must be a list");
    return;
  }
  wnd__test *t = ALLOC_ARRAY(x, n->n, wnd__test);
  if (!t) return wnd__lnomem(x);
  *out = t;
  for (uint32_t i = 0; i < n->n; i++) {
    const wnd__ynode *e = n->u.items[i], *v;
    if (!wnd__check_map(x, e, "a test", keys)) continue;
    wnd__test *tc = &t[*count];
    tc->loc = wnd__loc_of(x, e);
    tc->submission = wnd__v_null();
    tc->expect = wnd__v_null();
    tc->elicenses = wnd__v_null();
    if ((v = wnd__need(x, e, "name", "a test"))) wnd__get_str(x, v, &tc->name);
    if ((v = wnd__ymap_get(e, "now"))) wnd__get_str(x, v, &tc->now);
    if ((v = wnd__need(x, e, "submission", "a test"))) {
      if (v->kind != YN_MAP)
        wnd__lerr(x, v, "bad-type", "a test submission must be a mapping");
      else if (wnd__yvalue(&x->cat->arena, v, &tc->submission) != WND_OK)
        return wnd__lnomem(x);
    }
    if ((v = wnd__need(x, e, "expect", "a test")) && wnd__check_map(x, v, "expect", ekeys)) {
      if (wnd__yvalue(&x->cat->arena, v, &tc->expect) != WND_OK) return wnd__lnomem(x);
    }
    if ((v = wnd__ymap_get(e, "elicenses"))) {
      if (v->kind != YN_MAP)
        wnd__lerr(x, v, "bad-type", "elicenses must map holder ids to lists of license types");
      else if (wnd__yvalue(&x->cat->arena, v, &tc->elicenses) != WND_OK)
        return wnd__lnomem(x);
    }
    (*count)++;
  }
}

void wnd__load_item_file(wnd__lctx *x, const wnd__ynode *root) {
  static const char *const top[] = {"item", "fields", "conditions", "materials",
                                    "fast_track", "routing", "tests", NULL};
  if (!wnd__check_map(x, root, "an item file", top)) return;
  wnd_catalog *c = x->cat;
  /* Geometric growth: one file per item, tens of thousands of files. */
  if (!WND_PUSH(&c->env->mem, c->items, c->nitems, c->items_cap)) return wnd__lnomem(x);
  wnd__item *it = &c->items[c->nitems];
  memset(it, 0, sizeof *it);
  it->file = x->rel;
  it->loc = wnd__loc_of(x, root);
  const wnd__ynode *n;
  if (!(n = wnd__need(x, root, "item", "an item file"))) return;
  load_header(x, n, it);
  if (!it->code) return;
  it->loc = wnd__loc_of(x, n);
  if ((n = wnd__ymap_get(root, "fields"))) load_fields(x, n, it);
  if ((n = wnd__ymap_get(root, "conditions"))) load_conditions(x, n, it);
  if ((n = wnd__ymap_get(root, "materials"))) load_materials(x, n, it);
  if ((n = wnd__ymap_get(root, "fast_track"))) load_fast_track(x, n, it);
  if ((n = wnd__ymap_get(root, "routing"))) load_routing(x, n, it);
  if ((n = wnd__ymap_get(root, "tests"))) wnd__load_tests(x, n, &it->tests, &it->ntests);
  wnd__compile_item(x, it);
  if ((n = wnd__ymap_get(root, "tests"))) wnd__lint_item_tests(x, it, n);
  c->nitems++;
}
