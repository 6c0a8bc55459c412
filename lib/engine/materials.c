/*
** materials.c — step 4 of the decision procedure (decide.c): each required
** material of the item checked against the submission's entry (form,
** copies, checks, any_of, 告知承诺, e-licences), every gap a finding; and
** material entries' dates converted to timestamps where expressions read
** them (SPEC §4.4).
*/
#include <stdio.h>
#include <string.h>

#include "../core/strbuf.h"
#include "evalctx.h"
#include "mapfind.h"

/* ---- material dates ---------------------------------------------------------- */

/* Material entry e with its valid_until / issued_at as timestamps: a copy
** when one converts, else e itself (also when the copy cannot be made:
** x->status says so).  The copy goes into own[] when e has at most nown
** entries (NULL, 0: the scratch arena). */
static wnd__value convert_entry(wnd__ectx *x, wnd__value e, wnd__mapent *own, size_t nown) {
  wnd__mapent *ne = NULL;
  for (uint32_t k = 0; k < e.n; k++) {
    const wnd__value *key = &e.u.ents[k].key;
    bool vu = key->n == 11 && !memcmp(key->u.s, "valid_until", 11);
    bool ia = key->n == 9 && !memcmp(key->u.s, "issued_at", 9);
    wnd__value t;
    if (!(vu || ia) || !wnd__to_timestamp(x, e.u.ents[k].val, vu, &t)) continue;
    if (!ne) {
      ne = e.n <= nown ? own : wnd__arena_alloc(&x->s->work, e.n * sizeof *ne);
      if (!ne) {
        x->status = WND_ENOMEM;
        return e;
      }
      memcpy(ne, e.u.ents, e.n * sizeof *ne);
    }
    ne[k].val = t;
  }
  return ne ? wnd__v_map(ne, e.n) : e;
}

void wnd__convert_materials(wnd__ectx *x) {
  wnd__value mats = x->slots[SLOT_MATERIALS];
  wnd__mapent *copy = NULL;
  for (uint32_t i = 0; i < mats.n; i++) {
    wnd__value e = mats.u.ents[i].val;
    if (e.kind != WV_MAP) continue;
    wnd__value ce = convert_entry(x, e, NULL, 0);
    if (x->status != WND_OK) return;
    if (ce.u.ents == e.u.ents) continue;
    if (!copy) {
      copy = wnd__arena_alloc(&x->s->work, mats.n * sizeof *copy);
      if (!copy) {
        x->status = WND_ENOMEM;
        return;
      }
      memcpy(copy, mats.u.ents, mats.n * sizeof *copy);
    }
    copy[i].val = ce;
  }
  if (copy) x->slots[SLOT_MATERIALS] = wnd__v_map(copy, mats.n);
}


/* ---- step 4: materials ------------------------------------------------------- */

static const char *form_zh(const char *f) {
  if (!strcmp(f, "original")) return "原件";
  if (!strcmp(f, "copy")) return "复印件";
  if (!strcmp(f, "electronic")) return "电子文件";
  if (!strcmp(f, "e_license")) return "电子证照";
  return f;
}

static unsigned form_bit(const char *f, size_t n) {
  if (n == 8 && !memcmp(f, "original", 8)) return FORM_ORIGINAL;
  if (n == 4 && !memcmp(f, "copy", 4)) return FORM_COPY;
  if (n == 10 && !memcmp(f, "electronic", 10)) return FORM_ELECTRONIC;
  if (n == 9 && !memcmp(f, "e_license", 9)) return FORM_E_LICENSE;
  return 0;
}

static void forms_zh(unsigned mask, char *buf, size_t size) {
  static const char *const names[] = {"原件", "复印件", "电子文件", "电子证照"};
  buf[0] = 0;
  for (int i = 0; i < 4; i++)
    if (mask & (1u << i)) {
      if (buf[0]) strncat(buf, "或", size - strlen(buf) - 1);
      strncat(buf, names[i], size - strlen(buf) - 1);
    }
}

/* The submitted entry of material `id` (len bytes); *hint as for
** wnd__map_get_from (materials are mostly listed in the item's order). */
static const wnd__value *entry_of(wnd__ectx *x, const char *id, uint32_t len, uint32_t *hint) {
  return wnd__map_get_from(x->slots[SLOT_MATERIALS], id, len, hint);
}

/* A finding about the item's material m (its number kept in the result,
** so that fast track and the gaps find m without comparing ids); lc and
** lm are the sizes of code and msg (strlen + 1), the subject is m's id. */
static wnd_finding *mat_finding_sized(wnd__ectx *x, const wnd__material *m, const char *code,
                                      size_t lc, wnd_severity sev, const char *msg, size_t lm,
                                      const wnd__loc *loc) {
  return wnd__add_finding_sized(x->r, (uint32_t)(m - x->it->materials) + 1, sev,
                                (const char *const[]){code, m->id, msg},
                                (const size_t[]){lc, m->idlen + 1, lm}, loc);
}

static wnd_finding *mat_finding(wnd__ectx *x, const wnd__material *m, const char *code,
                                wnd_severity sev, const char *msg, const wnd__loc *loc) {
  return mat_finding_sized(x, m, code, code ? strlen(code) + 1 : 0, sev, msg,
                           msg ? strlen(msg) + 1 : 0, loc);
}

/* Whose 电子证照 it must be (SPEC §2.6 e_license_holder): the material's
** expression, else the applicant's credit code, else their ID number. */
static bool elicense_holder(wnd__ectx *x, const wnd__material *m, wnd__value *out) {
  if (m->holder) {
    const char *err;
    if (!m->holder->prog) return false;
    int st = wnd__cel_eval(m->holder->prog, &x->act, x->s->cel, out);
    if (st == WND_ENOMEM) x->status = WND_ENOMEM;
    if (st != WND_OK) {
      err = out->kind == WV_ERROR && out->u.err && out->u.err->msg ? out->u.err->msg : "error";
      wnd__add_trace(x->r, "material", m->id, m->holder, NULL, true, err);
      return false;
    }
    wnd__add_trace(x->r, "material", m->id, m->holder, out, false, NULL);
    return out->kind == WV_STRING;
  }
  const wnd__value *h = wnd__map_get_str(x->slots[SLOT_APPLICANT], "credit_code", 11);
  if (!h || h->kind != WV_STRING) h = wnd__map_get_str(x->slots[SLOT_APPLICANT], "id_number", 9);
  if (!h || h->kind != WV_STRING) return false;
  *out = *h;
  return true;
}

static bool elicense_available(wnd__ectx *x, const wnd__material *m) {
  const char *type = m->e_license;
  wnd__value hv;
  if (!elicense_holder(x, m, &hv)) return false;
  const wnd__value *holder = &hv;
  if (x->opts && x->opts->elicenses) {
    const wnd__value *list =
        wnd__map_get_str(x->opts->elicenses->map, holder->u.s, holder->n);
    for (uint32_t i = 0; list && list->kind == WV_LIST && i < list->n; i++) {
      wnd__value t = list->u.items[i];
      if (t.kind == WV_STRING && !strcmp(t.u.s, type)) return true;
    }
    return false;
  }
  const wnd__cel_hostfn *fn = x->c->elicense;
  if (!fn) return false;
  wnd__value args[2] = {*holder, wnd__v_string(type, (uint32_t)strlen(type))};
  wnd__value out;
  const char *err = NULL;
  if (fn->call(fn->ud, args, 2, &out, &err) != 0) return false; /* failure: not substituted */
  return out.kind == WV_BOOL && out.u.b;
}

/* The FORM_* bit of a submitted entry's "form" value fv: an entry without
** one is an original (SPEC §4.1); 0 for a form the engine does not know
** (also "commitment", and a value that is not text). */
static unsigned entry_form(const wnd__value *fv) {
  if (!fv) return FORM_ORIGINAL;
  return fv->kind == WV_STRING ? form_bit(fv->u.s, fv->n) : 0;
}

/* The "form" and "copies" of a submitted entry (a map), NULL when absent:
** one pass over its keys (mostly one or two) instead of a lookup each,
** whose loop and first-byte test cost ~25 instructions an entry more. */
typedef struct entry_keys {
  const wnd__value *form, *copies;
} entry_keys;

static inline entry_keys entry_keys_of(wnd__value e) {
  entry_keys k = {NULL, NULL};
  for (uint32_t i = 0; i < e.n; i++) {
    const wnd__mapent *me = &e.u.ents[i];
    if (me->key.kind != WV_STRING) continue;
    /* the first of each, as a lookup gives (keys are unique anyway:
    ** the readers refuse duplicates, the builders replace) */
    if (me->key.n == 4 && !k.form && wnd__key_eq(me->key.u.s, "form", 4))
      k.form = &me->val;
    else if (me->key.n == 6 && !k.copies && wnd__key_eq(me->key.u.s, "copies", 6))
      k.copies = &me->val;
  }
  return k;
}

/* Form and copies of a submitted entry (a map) against what the material
** accepts; fv is its "form" (NULL: none), bit its entry_form, cv its
** "copies" (NULL: none). */
static void check_entry(wnd__ectx *x, const wnd__material *m, wnd__value e,
                        const wnd__value *fv, unsigned bit, const wnd__value *cv) {
  char msg[400], forms[80];
  unsigned accepted = m->forms ? m->forms : FORM_ORIGINAL | FORM_COPY | FORM_ELECTRONIC;
  if (m->e_license) accepted |= FORM_E_LICENSE; /* a 电子证照 stands in for the paper */
  if (!bit || !(accepted & bit)) {
    forms_zh(accepted, forms, sizeof forms);
    const char *got = !fv                      ? form_zh("original")
                      : fv->kind == WV_STRING ? form_zh(fv->u.s)
                                              : "无效形式";
    wnd__join(msg, sizeof msg, (const char *[]){m->name, "应提交", forms, "，实际提交的是", got}, 5);
    mat_finding(x, m, "material_wrong_form", WND_SEV_ERROR, msg, &m->loc);
  }
  /* copies count for paper only; an entry without "copies" has one */
  if (bit == FORM_ORIGINAL || bit == FORM_COPY) {
    int64_t n = !cv ? 1 : cv->kind == WV_INT ? cv->u.i : 0;
    if (n < m->copies) {
      char want[24], have[24];
      wnd__join(msg, sizeof msg,
                (const char *[]){m->name, "需提交", wnd__i64_text(want, m->copies), "份，实际",
                                 wnd__i64_text(have, n < 0 ? 0 : n), "份"},
                6);
      mat_finding(x, m, "material_insufficient_copies", WND_SEV_ERROR, msg, &m->loc);
    }
  }
  if (!m->nchecks) return;
  /* `m` is read only by the checks below (no answer with `m` is kept,
  ** evalctx.h), so its converted copy can live in this frame */
  wnd__mapent own[8];
  x->slots[SLOT_M] = x->it->dates_lazy ? convert_entry(x, e, own, 8) : e;
  for (uint32_t k = 0; k < m->nchecks; k++) {
    const wnd__mcheck *ck = &m->checks[k];
    const char *err;
    if (wnd__eval_bool(x, &ck->require, "check", m->id, &err) == 1) continue;
    if (ck->message) {
      mat_finding(x, m, ck->code, WND_SEV_ERROR, ck->message, &ck->loc);
    } else {
      wnd__join(msg, sizeof msg, (const char *[]){m->name, "未通过核验"}, 2);
      mat_finding(x, m, ck->code, WND_SEV_ERROR, msg, &ck->loc);
    }
  }
  x->slots[SLOT_M] = wnd__v_null();
}

static bool is_commitment(const wnd__value *f) {
  return f && f->kind == WV_STRING && f->n == 10 && !memcmp(f->u.s, "commitment", 10);
}

/* 证明事项告知承诺制 (SPEC §4.5): a written commitment stands in for a
** material defined with `commitment: true`, when the item lets this
** applicant commit; the back office verifies it within verify_within. */
static void commitment(wnd__ectx *x, const wnd__material *m) {
  char msg[400];
  if (!m->commitment) {
    snprintf(msg, sizeof msg, "%s不适用告知承诺制，须提交材料本身", m->name);
    mat_finding(x, m, "material_wrong_form", WND_SEV_ERROR, msg, &m->loc);
    return;
  }
  const wnd__expr *ce = &x->it->commitment_eligible;
  const char *err;
  if (ce->text && wnd__eval_bool(x, ce, "commitment", m->id, &err) != 1) {
    snprintf(msg, sizeof msg, "申请人不适用告知承诺制，%s须提交材料本身", m->name);
    mat_finding(x, m, "commitment_ineligible", WND_SEV_ERROR, msg, &m->loc);
    return;
  }
  wnd__dl due = {NULL, 0, false};
  if (m->has_verify) due = wnd__deadline_at(x, x->now_sec, m->verify_within, "verify", NULL);
  if (due.text)
    snprintf(msg, sizeof msg, "%s以告知承诺书代替，部门将于%s前核查承诺内容", m->name, due.text);
  else
    snprintf(msg, sizeof msg, "%s以告知承诺书代替，部门将核查承诺内容", m->name);
  wnd_finding *f =
      mat_finding(x, m, "material_by_commitment", WND_SEV_INFO, msg, &m->loc);
  if (f) f->due = due.text;
  x->commitment_used = true;
  if (due.text && (!x->verify.text || due.sec < x->verify.sec)) x->verify = due;
}

/* "缺少：" and the name, as wnd__join writes it; without its loop and
** strlen per part (the message of the most common material finding).
** Returns the length written. */
static size_t missing_text(char *buf, size_t size, const char *name) {
  static const char head[] = "缺少：";
  size_t n = strlen(name);
  if (sizeof head + n > size) return wnd__join(buf, size, (const char *[]){head, name}, 2);
  memcpy(buf, head, sizeof head - 1);
  memcpy(buf + sizeof head - 1, name, n + 1);
  return sizeof head - 1 + n;
}

/* Out of line: inlined into wnd__decide (as GCC chose once wnd__decide kept
** the field values in its frame) it split check_entry off and cost ~200
** instructions more an evaluation. */
__attribute__((noinline)) void wnd__check_materials(wnd__ectx *x) {
  uint32_t hint = 0; /* see entry_of */
  const wnd__material *mats = x->it->materials;
  uint32_t n = x->it->nmaterials;
  for (uint32_t i = 0; i < n; i++) {
    const wnd__material *m = &mats[i];
    const char *err;
    /* An error in `required` counts as required (SPEC §4.4). */
    if (wnd__eval_bool(x, &m->required, "material", m->id, &err) == 0) continue;
    const wnd__value *e = entry_of(x, m->id, m->idlen, &hint);
    if (e && e->kind == WV_MAP) {
      entry_keys k = entry_keys_of(*e);
      unsigned bit = entry_form(k.form);
      if (!bit && is_commitment(k.form))
        commitment(x, m);
      else
        check_entry(x, m, *e, k.form, bit, k.copies);
      continue;
    }
    if (e && e->kind != WV_NULL) {
      /* SPEC §4.1: an entry is {form, copies, ...}; "yes" is not a material. */
      char bad[300];
      snprintf(bad, sizeof bad, "%s的提交信息格式有误（应写明形式、份数等）", m->name);
      mat_finding(x, m, "material_wrong_form", WND_SEV_ERROR, bad, &m->loc);
      continue;
    }
    bool any = false;
    for (uint32_t k = 0; k < m->any_of.n && !any; k++) {
      const char *alt = m->any_of.v[k];
      const wnd__value *ae = entry_of(x, alt, (uint32_t)strlen(alt), &hint);
      any = ae && ae->kind == WV_MAP;
    }
    if (any) continue;
    char msg[400];
    if (m->e_license && elicense_available(x, m)) {
      wnd__join(msg, sizeof msg,
                (const char *[]){m->name, "已通过电子证照（", m->e_license, "）核验，免于提交"}, 4);
      mat_finding(x, m, "material_substituted", WND_SEV_INFO, msg, &m->loc);
      continue;
    }
    size_t lm = missing_text(msg, sizeof msg, m->name) + 1;
    mat_finding_sized(x, m, "material_missing", sizeof "material_missing", WND_SEV_ERROR, msg,
                      lm, &m->loc);
  }
}
