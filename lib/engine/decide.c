/*
** decide.c — the decision procedure for one item (SPEC §4.2, with the
** precise rules of §4.4): bind variables, route, check declared fields,
** conditions and materials (materials.c), then decide, choose the flow,
** deadlines and documents.  Every problem is reported; an expression error never counts
** as true.
*/
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../core/strbuf.h"
#include "../time/civil.h"
#include "evalctx.h"
#include "mapfind.h"

/* ---- binding the variables ------------------------------------------------ */

/* Inlined: out of line (as gcc chose once step 4 moved to materials.c) it
** cost ~240 instructions an evaluation in calls and reloads. */
__attribute__((always_inline)) static inline const wnd__value *field_value(
    wnd__ectx *x, const wnd__field *f, uint32_t *hints) {
  if (f->slot < 0) return NULL;
  if (!f->nested) return wnd__map_get_from(x->slots[f->slot], f->sub, f->sublen, &hints[f->slot]);
  return wnd__value_at(x->slots[f->slot], f->sub, f->sublen);
}

static void set_field(wnd__ectx *x, const wnd__field *f, wnd__value v) {
  if (f->slot < 0) return;
  if (wnd__value_set(&x->s->work, &x->slots[f->slot], f->sub, f->sublen, v) == WND_ENOMEM)
    x->status = WND_ENOMEM;
}

/* A top-level value that should be a map and is not: absent and null are
** the empty map, anything else is reported. */
static wnd__value not_a_map(wnd__ectx *x, const wnd__value *v, const char *key) {
  if (!v || v->kind == WV_NULL) return wnd__v_map(NULL, 0);
  char msg[160];
  snprintf(msg, sizeof msg, "%s应为对象（键值结构）", key);
  wnd__add_finding(x->r, "field_invalid", WND_SEV_ERROR, key, msg, NULL);
  return wnd__v_map(NULL, 0);
}

static inline wnd__value map_or_empty(wnd__ectx *x, const wnd__value *v, const char *key) {
  return v && v->kind == WV_MAP ? *v : not_a_map(x, v, key);
}

/* The `item` variable's entries (code, name, department, handling): kept
** in the scratch for the item it was made for last (catalog texts, so the
** lengths are worked out once, also for the result's copies of code and
** name, and of the catalog's id and version: a scratch serves one catalog). */
static const wnd__mapent *item_map(wnd__ectx *x) {
  wnd__mapent *ie = x->s->item_map;
  const wnd__item *it = x->it;
  if (x->s->item_for != it) {
    x->s->catalog_sizes[0] = x->c->id ? strlen(x->c->id) + 1 : 0;
    x->s->catalog_sizes[1] = x->c->version ? strlen(x->c->version) + 1 : 1;
    const char *h = it->handling == HANDLING_INSTANT ? "instant" : "promised";
    ie[0].key = wnd__v_string("code", 4);
    ie[0].val = wnd__v_string(it->code, (uint32_t)strlen(it->code));
    ie[1].key = wnd__v_string("name", 4);
    ie[1].val =
        wnd__v_string(it->name ? it->name : "", (uint32_t)strlen(it->name ? it->name : ""));
    ie[2].key = wnd__v_string("department", 10);
    ie[2].val = wnd__v_string(it->department_id, (uint32_t)strlen(it->department_id));
    ie[3].key = wnd__v_string("handling", 8);
    ie[3].val = wnd__v_string(h, (uint32_t)strlen(h));
    x->s->item_for = it;
  }
  return ie;
}

static bool key_is(const wnd__value *k, const char *s, uint32_t n) {
  return k->n == n && k->kind == WV_STRING && !memcmp(k->u.s, s, n);
}

static void bind(wnd__ectx *x, wnd__value root) {
  /* One pass over the submission's top-level keys (a lookup each was a
  ** scan each); findings still come in the fixed order below.  A
  ** submission's keys are unique (mapfind.h), so each is found once. */
  enum { K_APPLICANT, K_AGENT, K_DATA, K_MATERIALS, K_CHANNEL, K_FAST_TRACK, K_COUNT };
  const wnd__value *top[K_COUNT] = {NULL};
  const wnd__mapent *ents = root.u.ents;
  uint32_t n = root.kind == WV_MAP ? root.n : 0;
  for (uint32_t i = 0; i < n; i++) {
    const wnd__value *k = &ents[i].key, *v = &ents[i].val;
    switch (k->n) {
      case 4:
        if (key_is(k, "data", 4)) top[K_DATA] = v;
        break;
      case 5:
        if (key_is(k, "agent", 5)) top[K_AGENT] = v;
        break;
      case 7:
        if (key_is(k, "channel", 7)) top[K_CHANNEL] = v;
        break;
      case 9:
        if (key_is(k, "applicant", 9))
          top[K_APPLICANT] = v;
        else if (key_is(k, "materials", 9))
          top[K_MATERIALS] = v;
        break;
      case 10:
        if (key_is(k, "fast_track", 10)) top[K_FAST_TRACK] = v;
        break;
      default: break;
    }
  }
  x->slots[SLOT_APPLICANT] = map_or_empty(x, top[K_APPLICANT], "applicant");
  x->slots[SLOT_AGENT] = map_or_empty(x, top[K_AGENT], "agent");
  x->slots[SLOT_DATA] = map_or_empty(x, top[K_DATA], "data");
  x->slots[SLOT_MATERIALS] = map_or_empty(x, top[K_MATERIALS], "materials");
  const wnd__value *ch = top[K_CHANNEL];
  x->slots[SLOT_CHANNEL] = wnd__v_null();
  if (ch && ch->kind == WV_STRING)
    x->slots[SLOT_CHANNEL] = *ch;
  else if (ch && ch->kind != WV_NULL)
    wnd__add_finding(x->r, "field_invalid", WND_SEV_ERROR, "channel", "办理渠道应为文本", NULL);
  /* fast_track is a bool; nothing converts silently (SPEC §4.4). */
  const wnd__value *ft = top[K_FAST_TRACK];
  if (ft && ft->kind != WV_BOOL && ft->kind != WV_NULL)
    wnd__add_finding(x->r, "field_invalid", WND_SEV_ERROR, "fast_track",
                     "是否申请容缺受理应为 true 或 false", NULL);
  x->fast_track_asked = ft && ft->kind == WV_BOOL && ft->u.b;
  x->slots[SLOT_FAST_TRACK] = wnd__v_bool(x->fast_track_asked);
  x->slots[SLOT_NOW] = wnd__v_timestamp(x->now_sec, x->now_nsec);
  const wnd__item *it = x->it;
  x->slots[SLOT_ITEM] = wnd__v_map(x->s->item_map, 4); /* item_map made it */
  x->slots[SLOT_M] = wnd__v_null();
  /* Only a check's `m` can read a date when nothing names `materials`:
  ** check_entry converts that entry then. */
  if (!it->dates_lazy) wnd__convert_materials(x);
  /* whole, so a member lib/cel adds later starts as zero */
  x->act = (wnd__cel_activation){.slots = x->slots,
                                 .nslots = SLOT_COUNT,
                                 .now_sec = x->now_sec,
                                 .now_nsec = x->now_nsec,
                                 .utc_offset = x->c->offset,
                                 .calendar = x->c->calendar};
}

/* ---- step 2: declared fields ------------------------------------------------ */

static const char *const FTYPE_ZH[] = {"文本", "整数", "数值", "是/否", "日期时间", "列表", "对象"};

/* The value kind of each wnd__ftype (has_type: one load, not a switch). */
static const uint8_t FTYPE_KIND[] = {WV_STRING, WV_INT,  WV_DOUBLE, WV_BOOL,
                                     WV_TIMESTAMP, WV_LIST, WV_MAP};

static bool has_type(const wnd__field *f, wnd__value v) {
  return v.kind == FTYPE_KIND[f->type];
}

static bool value_eq(wnd__value a, wnd__value b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case WV_STRING: return a.n == b.n && wnd__key_eq(a.u.s, b.u.s, a.n);
    case WV_INT: return a.u.i == b.u.i;
    case WV_DOUBLE: return a.u.d == b.u.d;
    case WV_BOOL: return a.u.b == b.u.b;
    default: return false;
  }
}

/* The value kind each wnd__ftype converts from (SPEC §4.4: an int to a
** declared double, a string to a declared timestamp); WV_KIND_NONE: none. */
enum { WV_KIND_NONE = 0xff };
static const uint8_t FTYPE_CONVERTS[] = {WV_KIND_NONE, WV_KIND_NONE, WV_INT,      WV_KIND_NONE,
                                         WV_STRING,    WV_KIND_NONE, WV_KIND_NONE};

/* Convert what SPEC §4.4 converts before anything reads the fields: an int
** for a declared double, a date/time string for a declared timestamp.
**
** Each field's value is looked up here once and kept in x->fieldv for
** check_fields (a path walk per field was ~110 instructions, twice per
** field).  A conversion replaces the path copy-on-write: the untouched old
** nodes stay valid and equal, but the converted field and its ancestors
** (another declared field may be a map above it) must be looked up again
** in the new tree, so every field of a slot that saw a conversion is.
*/
static void convert_fields(wnd__ectx *x, const wnd__value **own, size_t nown) {
  const wnd__field *fields = x->it->fields;
  uint32_t n = x->it->nfields;
  const wnd__value **fv = n <= nown ? own : wnd__arena_alloc(&x->s->work, n * sizeof *fv);
  x->fieldv = fv;
  if (!fv) {
    x->status = WND_ENOMEM;
    return;
  }
  unsigned changed = 0; /* bit per slot */
  uint32_t hints[SLOT_COUNT] = {0}; /* see wnd__map_get_from */
  for (uint32_t i = 0; i < n; i++) {
    const wnd__field *f = &fields[i];
    const wnd__value *v = field_value(x, f, hints);
    fv[i] = v;
    if (!v || v->kind != FTYPE_CONVERTS[f->type]) continue;
    if (f->type == FT_DOUBLE) {
      set_field(x, f, wnd__v_double((double)v->u.i));
      changed |= 1u << f->slot;
    } else {
      wnd__value t;
      if (wnd__to_timestamp(x, *v, false, &t)) {
        set_field(x, f, t);
        changed |= 1u << f->slot;
      }
    }
  }
  if (!changed) return;
  for (uint32_t i = 0; i < n; i++) {
    const wnd__field *f = &fields[i];
    if (f->slot >= 0 && (changed & (1u << f->slot))) fv[i] = field_value(x, f, hints);
  }
}

/* What a finding calls the field (only a finding needs it). */
static const char *field_label(const wnd__field *f) {
  return f->label ? f->label : f->path;
}

static void check_fields(wnd__ectx *x) {
  const wnd__field *fields = x->it->fields;
  const wnd__value *const *fv = x->fieldv; /* looked up by convert_fields */
  uint32_t n = x->it->nfields;
  for (uint32_t i = 0; i < n; i++) {
    const wnd__field *f = &fields[i];
    const wnd__value *v = fv[i];
    char msg[400];
    if (!v || v->kind == WV_NULL) {
      if (f->required) {
        wnd__join(msg, sizeof msg, (const char *[]){"缺少", field_label(f)}, 2);
        wnd__add_finding(x->r, "field_missing", WND_SEV_ERROR, f->path, msg, &f->loc);
      }
      continue;
    }
    const char *why = NULL;
    char whybuf[200];
    const char *err;
    if (!has_type(f, *v)) {
      wnd__join(whybuf, sizeof whybuf, (const char *[]){"应为", FTYPE_ZH[f->type]}, 2);
      why = whybuf;
    } else if (f->enum_vals.n) {
      bool found = false;
      for (uint32_t k = 0; k < f->enum_vals.n && !found; k++)
        found = value_eq(f->enum_values[k], *v);
      if (!found) why = "不在允许的取值范围内";
    }
    if (!why && (f->has_min || f->has_max) && (v->kind == WV_INT || v->kind == WV_DOUBLE)) {
      double d = v->kind == WV_INT ? (double)v->u.i : v->u.d;
      if (f->has_min && d < f->min) {
        snprintf(whybuf, sizeof whybuf, "不得小于%g", f->min);
        why = whybuf;
      } else if (f->has_max && d > f->max) {
        snprintf(whybuf, sizeof whybuf, "不得大于%g", f->max);
        why = whybuf;
      }
    }
    /* an evaluation error (a regex limit hit) decides nothing: the value is
       not called wrong, it is flagged for a clerk to check */
    int ev = 1;
    if (!why && f->regex_prog) {
      ev = wnd__eval_prog(x, f->regex_prog, "field", f->path, NULL, &err);
      if (ev == 0) why = "格式不符合要求";
    }
    if (!why && ev == 1 && f->check_prog) {
      ev = wnd__eval_prog(x, f->check_prog, "field", f->path, NULL, &err);
      if (ev == 0) why = "校验未通过";
    }
    if (!why && ev < 0) {
      wnd__join(msg, sizeof msg,
                (const char *[]){field_label(f), "无法自动校验，请窗口工作人员人工核对"}, 2);
      wnd__add_finding(x->r, "field_invalid", WND_SEV_ERROR, f->path, msg, &f->loc);
    } else if (why) {
      wnd__join(msg, sizeof msg, (const char *[]){field_label(f), "填写有误：", why}, 3);
      /* Conditions still see the value as submitted (SPEC §4.2 steps 2-3
      ** are independent): a credit code with a bad check character is both
      ** field_invalid and, through `require: cn.uscc(...)`, condition_failed. */
      wnd__add_finding(x->r, "field_invalid", WND_SEV_ERROR, f->path, msg, &f->loc);
    }
  }
}

/* ---- step 3: conditions ------------------------------------------------------- */

/* An approval-stage condition (审批条件, 行政许可法 art. 38) is judged by
** the back office after acceptance: here it only warns (预审提示, SPEC
** §4.5) and never changes the decision. */
static void approval_condition(wnd__ectx *x, const wnd__condition *c) {
  const char *text = c->message ? c->message : "可能不符合审批条件";
  const char *err;
  char msg[600];
  int v = 1;
  if (c->when.text) v = wnd__eval_bool(x, &c->when, "condition", c->id, &err);
  if (v == 1) v = wnd__eval_bool(x, &c->require, "condition", c->id, &err);
  else if (v == 0) return;
  if (v == 1) return;
  if (v < 0) {
    snprintf(msg, sizeof msg, "审批阶段将核实：%s（现有信息无法判断）", text);
    wnd__add_finding(x->r, "approval_condition_undetermined", WND_SEV_WARNING, c->id, msg,
                     &c->loc);
  } else {
    snprintf(msg, sizeof msg, "审批阶段将核实：%s", text);
    wnd__add_finding(x->r, "approval_condition_failed", WND_SEV_WARNING, c->id, msg, &c->loc);
  }
}

/* The finding of an acceptance condition that did not hold (v 0) or could
** not be decided (v < 0); true when it rejects. */
static bool condition_finding(wnd__ectx *x, const wnd__condition *c, int v) {
  const char *text = c->message ? c->message : "不符合受理条件";
  if (v < 0) {
    char msg[600];
    snprintf(msg, sizeof msg, "无法判断是否符合受理条件（%s），请补充或更正相关信息", text);
    wnd__add_finding(x->r, "condition_undetermined", WND_SEV_ERROR, c->id, msg, &c->loc);
    return false;
  }
  if (c->correct) {
    wnd__add_finding(x->r, "condition_correctable", WND_SEV_ERROR, c->id, text, &c->loc);
    return false;
  }
  wnd__add_finding(x->r, "condition_failed", WND_SEV_ERROR, c->id, text, &c->loc);
  return true;
}

static bool check_conditions(wnd__ectx *x) {
  bool failed = false;
  const wnd__condition *conds = x->it->conditions;
  uint32_t n = x->it->nconditions;
  for (uint32_t i = 0; i < n; i++) {
    const wnd__condition *c = &conds[i];
    if (x->explain) /* only a trace entry reads it */
      x->r->trace_stage = c->approval ? "approval" : "acceptance";
    if (c->approval) {
      approval_condition(x, c);
      continue;
    }
    const char *err;
    int v = 1;
    /* an error in `when` is undetermined, as one in `require` */
    if (c->when.text) v = wnd__eval_bool(x, &c->when, "condition", c->id, &err);
    if (v == 1) v = wnd__eval_bool(x, &c->require, "condition", c->id, &err);
    else if (v == 0) continue;
    if (v != 1 && condition_finding(x, c, v)) failed = true;
  }
  x->r->trace_stage = NULL;
  return failed;
}

/* ---- step 5: fast track ---------------------------------------------------------- */

/* The item's material finding i is about, or NULL. */
static const wnd__material *finding_material(const wnd__ectx *x, size_t i) {
  uint32_t k = wnd__finding_material(x->r, i);
  return k ? &x->it->materials[k - 1] : NULL;
}

static wnd__span supplement_span(const wnd__ectx *x, const wnd__material *m) {
  return m->has_supplement ? m->supplement_within : x->c->defaults.supplement_within;
}

/* Returns true when the gaps are accepted. */
static bool fast_track(wnd__ectx *x) {
  wnd_result *r = x->r;
  const wnd__fasttrack *ft = &x->it->fast_track;
  if (!ft->present || !ft->enabled) {
    wnd__add_finding(r, "fast_track_disabled", WND_SEV_INFO, NULL, "本事项不适用容缺受理",
                     ft->present ? &ft->loc : NULL);
    return false;
  }
  bool eligible = true;
  if (ft->eligible.text) {
    const char *err;
    eligible = wnd__eval_bool(x, &ft->eligible, "fast_track", "eligible", &err) == 1;
  }
  bool tolerable = true, undated = false;
  size_t ngaps = 0; /* distinct materials, without a cap */
  for (size_t i = 0; i < r->nfindings; i++) {
    const wnd_finding *f = &r->findings[i];
    if (f->severity != WND_SEV_ERROR) continue;
    const wnd__material *m = finding_material(x, i);
    if (!m || !m->tolerable) {
      tolerable = false;
      continue;
    }
    bool seen = false;
    for (size_t k = 0; k < i && !seen; k++)
      seen = r->findings[k].severity == WND_SEV_ERROR && finding_material(x, k) == m;
    if (seen) continue;
    ngaps++;
    /* SPEC §4.5: a gap needs a due date; no commitment goes out undated. */
    if (!wnd__deadline_reachable(x, x->now_sec, supplement_span(x, m))) undated = true;
  }
  int64_t max = ft->max_gaps >= 0 ? ft->max_gaps : x->c->defaults.max_gaps;
  bool too_many = (int64_t)ngaps > max;
  if (eligible && tolerable && !too_many && !undated) return true;
  char msg[200];
  if (!eligible)
    wnd__add_finding(r, "fast_track_ineligible", WND_SEV_INFO, NULL,
                     "申请人不符合容缺受理条件", &ft->loc);
  if (!tolerable)
    wnd__add_finding(r, "fast_track_not_tolerable", WND_SEV_INFO, NULL,
                     "存在不可容缺的问题，不能容缺受理", &ft->loc);
  if (too_many) {
    snprintf(msg, sizeof msg, "容缺材料超过%lld项，不能容缺受理", (long long)max);
    wnd__add_finding(r, "fast_track_too_many_gaps", WND_SEV_INFO, NULL, msg, &ft->loc);
  }
  if (undated)
    wnd__add_finding(r, "fast_track_no_due_date", WND_SEV_INFO, NULL,
                     "工作日历未覆盖补正期限所在年份，无法确定容缺材料的补正日期，不能容缺受理",
                     &ft->loc);
  return false;
}

static void mark_gaps(wnd__ectx *x) {
  wnd_result *r = x->r;
  size_t n = r->nfindings; /* calendar warnings may be appended while we go */
  for (size_t i = 0; i < n; i++) {
    wnd_finding *f = &r->findings[i];
    const wnd__material *m = f->severity == WND_SEV_ERROR ? finding_material(x, i) : NULL;
    if (!m) continue;
    f->tolerated = true;
    /* One due date per material, counted once (fast_track() made sure it
    ** can be counted). */
    const char *same = NULL;
    for (size_t k = 0; k < i && !same; k++)
      if (r->findings[k].tolerated && finding_material(x, k) == m)
        same = r->findings[k].due;
    if (same) {
      f->due = same;
      continue;
    }
    wnd__dl due = wnd__deadline_at(x, x->now_sec, supplement_span(x, m), "supplement", m->id);
    f = &r->findings[i]; /* the array may have moved */
    f->due = due.text;
    if (due.text && (!x->supplement.text || due.sec < x->supplement.sec)) x->supplement = due;
  }
}

/* ---- the procedure ---------------------------------------------------------------- */

static void documents(wnd__ectx *x) {
  wnd_result *r = x->r;
  switch (r->decision) {
    case WND_ACCEPTED:
      r->documents[r->ndocuments++] =
          r->flow == WND_FLOW_RECEIPT ? "receipt" : "acceptance_notice";
      break;
    case WND_ACCEPTED_WITH_GAPS:
      r->documents[r->ndocuments++] = r->flow == WND_FLOW_RECEIPT ? "receipt" : "gap_notice";
      r->documents[r->ndocuments++] = "gap_commitment";
      break;
    case WND_INCOMPLETE: r->documents[r->ndocuments++] = "correction_notice"; break;
    case WND_REJECTED:
      /* SPEC §4.5: in the receipt flow the window receives; the back
      ** office issues the refusal by the notify deadline. */
      r->documents[r->ndocuments++] =
          r->flow == WND_FLOW_RECEIPT ? "receipt" : "rejection_notice";
      break;
  }
  if (x->commitment_used &&
      (r->decision == WND_ACCEPTED || r->decision == WND_ACCEPTED_WITH_GAPS))
    r->documents[r->ndocuments++] = "commitment_letter";
}

/* The result's flow (SPEC §4.2 step 6, §4.4 "Flow with gaps", §4.5). */
static wnd_flow result_flow(const wnd__ectx *x, bool rejected_by_condition) {
  const wnd_result *r = x->r;
  int flow = x->item_flow;
  switch (r->decision) {
    case WND_ACCEPTED:
    case WND_ACCEPTED_WITH_GAPS:
      if (flow == WND_FLOW_ON_SPOT_COMPLETION &&
          ((r->decision == WND_ACCEPTED_WITH_GAPS &&
            !x->it->fast_track.issue_before_supplement) ||
           (x->step && x->step->shift)))
        flow = WND_FLOW_ON_SPOT_ACCEPTANCE;
      return (wnd_flow)flow;
    case WND_REJECTED:
      return rejected_by_condition && flow == WND_FLOW_RECEIPT ? WND_FLOW_RECEIPT
                                                                : WND_FLOW_NONE;
    default: return WND_FLOW_NONE;
  }
}

/* SPEC §4.5 "Who decides": the window only within its authority and an
** on-spot flow; the one-time notice of `incomplete` is always its duty. */
static wnd_decider decided_by(const wnd__ectx *x) {
  const wnd__item *it = x->it;
  if (x->r->decision == WND_INCOMPLETE) return WND_DECIDED_BY_WINDOW;
  bool on_spot = x->item_flow == WND_FLOW_ON_SPOT_COMPLETION ||
                 x->item_flow == WND_FLOW_ON_SPOT_ACCEPTANCE;
  if (on_spot && (it->authorized == AUTH_ACCEPT || it->authorized == AUTH_DECIDE))
    return WND_DECIDED_BY_WINDOW;
  return WND_DECIDED_BY_BACK_OFFICE;
}

int wnd__decide(wnd__ectx *x, wnd__value root) {
  wnd_result *r = x->r;
  const wnd__item *it = x->it;
  const char *text[4];
  const wnd__mapent *ie = item_map(x);
  const char *cv = x->c->version ? x->c->version : "";
  const size_t *cs = x->s->catalog_sizes;
  wnd__rstrs_sized(r, 4, (const char *const[]){it->code, it->name, x->c->id, cv},
                   (const size_t[]){ie[0].val.n + 1, it->name ? ie[1].val.n + 1 : 0, cs[0], cs[1]},
                   text);
  r->code = text[0];
  r->name = text[1];
  r->catalog_id = text[2];
  r->catalog_version = text[3];
  bind(x, root);
  if (x->status != WND_OK) return x->status;
  /* the field values for an item of up to 32 fields here, not in the arena */
  const wnd__value *fieldv[32];
  convert_fields(x, fieldv, sizeof fieldv / sizeof *fieldv);
  if (x->status != WND_OK) return x->status;
  x->item_flow = wnd__item_flow(it);
  bool rejected = wnd__apply_routing(x);
  x->routing_reject = rejected;
  wnd__choose_windows(x);
  if (!rejected) {
    check_fields(x);
    rejected = check_conditions(x);
    wnd__check_materials(x);
  }
  bool errors = false;
  for (size_t i = 0; i < r->nfindings; i++)
    if (r->findings[i].severity == WND_SEV_ERROR) errors = true;
  if (rejected) {
    r->decision = WND_REJECTED;
  } else if (!errors) {
    r->decision = WND_ACCEPTED;
  } else if (x->fast_track_asked && fast_track(x)) {
    r->decision = WND_ACCEPTED_WITH_GAPS;
  } else {
    r->decision = WND_INCOMPLETE;
  }
  r->flow = result_flow(x, rejected && !x->routing_reject);
  r->decided_by = decided_by(x);
  if (r->decision == WND_ACCEPTED_WITH_GAPS) mark_gaps(x);
  wnd__deadlines(x);
  documents(x);
  if (r->oom) x->status = WND_ENOMEM;
  return x->status;
}
