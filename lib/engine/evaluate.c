/*
** evaluate.c — wnd_evaluate: the receipt instant (SPEC §4.4), one item or
** a bundle (§2.8: every item against one submission, worst decision,
** materials to supply once each).
*/
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../time/civil.h"
#include "evalctx.h"

static int decision_rank(wnd_decision d) {
  switch (d) {
    case WND_REJECTED: return 3;
    case WND_INCOMPLETE: return 2;
    case WND_ACCEPTED_WITH_GAPS: return 1;
    default: return 0;
  }
}

/* The receipt instant (SPEC §4.4): the caller's instant wins, then
** submitted_at, then the clock.  *bad when submitted_at is not a time. */
typedef struct receipt_t {
  int64_t sec;
  int32_t nsec;
  bool bad;
} receipt_t;

static __attribute__((noinline)) receipt_t receipt_slow(const wnd_catalog *c,
                                                        const wnd_submission *sub,
                                                        const wnd_eval_options *opts) {
  receipt_t t = {0, 0, false};
  if (opts && opts->now_set) {
    t.sec = opts->now_sec;
    return t;
  }
  /* submitted_at is read once per submission (and catalog offset): a
  ** pre-built submission evaluated again skips the search and the parse */
  int kind = 0;
  if (wnd__sub_cache_ready(&sub->receipt_state) && sub->receipt_offset == c->offset) {
    kind = sub->receipt_kind;
    t.sec = sub->receipt_sec;
    t.nsec = sub->receipt_nsec;
  } else {
    const wnd__value *sa = wnd__map_get_str(sub->root, "submitted_at", 12);
    wnd__tsparse ts;
    if (sa && sa->kind == WV_STRING && wnd__ts_parse(sa->u.s, sa->n, c->offset, &ts) == 0) {
      kind = 1;
      t.sec = ts.sec;
      t.nsec = ts.nsec;
    } else if (sa && sa->kind != WV_NULL) {
      kind = 2;
    }
    if (wnd__sub_cache_claim(&sub->receipt_state)) {
      wnd_submission *w = (wnd_submission *)sub; /* the cache fields only */
      w->receipt_offset = c->offset;
      w->receipt_kind = kind;
      w->receipt_sec = t.sec;
      w->receipt_nsec = t.nsec;
      wnd__sub_cache_publish(&sub->receipt_state);
    }
  }
  if (kind == 1) return t;
  t.sec = 0;
  t.nsec = 0;
  t.bad = kind == 2;
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  t.sec = (int64_t)now.tv_sec;
  return t;
}

/* The common case inline (a submission evaluated before, whose
** submitted_at is an instant, read in the same offset): the call and the
** 24-byte return through memory were ~20 instructions. */
static inline receipt_t receipt(const wnd_catalog *c, const wnd_submission *sub,
                                const wnd_eval_options *opts) {
  if ((!opts || !opts->now_set) && wnd__sub_cache_ready(&sub->receipt_state) &&
      sub->receipt_offset == c->offset && sub->receipt_kind == 1)
    return (receipt_t){sub->receipt_sec, sub->receipt_nsec, false};
  return receipt_slow(c, sub, opts);
}

/* One item.  `step` is the bundle step (NULL alone); `record` adds the
** decision record (an item alone; a bundle carries one for all).  `s` is
** a scratch the caller claimed (released here), or NULL to claim one. */
static int eval_item(const wnd_catalog *c, const wnd__item *it, const wnd_submission *sub,
                     const wnd_eval_options *opts, receipt_t at, const wnd__stepin *step,
                     bool record, wnd__scratch *s, wnd_result **out) {
  int st = s ? WND_OK : wnd__scratch_acquire(c, &s);
  if (st != WND_OK) return st;
  wnd_result *r = wnd__result_new(&c->env->mem, true);
  if (!r) {
    wnd__scratch_release(c, s);
    return WND_ENOMEM;
  }
  r->explain = opts && (opts->flags & WND_EVAL_EXPLAIN);
  r->utc_offset = c->offset;
  wnd__ectx x;
  wnd__ectx_clear(&x);
  x.c = c;
  x.it = it;
  x.s = s;
  x.r = r;
  x.explain = r->explain;
  x.opts = opts;
  x.step = step;
  x.now_sec = at.sec;
  x.now_nsec = at.nsec;
  if (record) {
    /* a digest already kept in the submission is read in place */
    char digest[72];
    const char *d = wnd__kept_digest(sub);
    if (!d) {
      st = wnd__submission_digest(sub, &s->work, digest);
      d = digest;
    }
    if (st == WND_OK) wnd__set_record(r, c, sub, d, at.sec, at.nsec);
  }
  if (at.bad)
    wnd__add_finding(r, "field_invalid", WND_SEV_ERROR, "submitted_at",
                     "提交时间格式有误，应为 2026-11-20T10:00:00+08:00 形式", NULL);
  if (st == WND_OK) st = wnd__decide(&x, sub->root);
  wnd__scratch_release(c, s);
  if (st == WND_OK && r->oom) st = WND_ENOMEM;
  if (st != WND_OK) {
    wnd_result_free(r);
    return st;
  }
  *out = r;
  return WND_OK;
}

static bool accepted(const wnd_result *r) {
  return r->decision == WND_ACCEPTED || r->decision == WND_ACCEPTED_WITH_GAPS;
}

/* SPEC §4.5 bundle steps: an accepted prerequisite that does not complete
** on the spot makes the item wait for its promised date. */
static wnd__stepin step_of(const wnd__bundle *b, uint32_t i, wnd_result *const *done) {
  wnd__stepin st = {false, true, INT64_MIN};
  for (uint32_t k = 0; k < b->npre[i]; k++) {
    const wnd_result *p = done[b->pre[i][k]];
    if (!accepted(p) || p->flow == WND_FLOW_ON_SPOT_COMPLETION) continue;
    st.shift = true;
    if (!p->has_deadline[DL_PROMISED]) continue;
    if (!p->deadline[DL_PROMISED])
      st.base_ok = false;
    else if (p->deadline_sec[DL_PROMISED] > st.base_sec)
      st.base_sec = p->deadline_sec[DL_PROMISED];
  }
  return st;
}

static void prerequisite_warnings(const wnd__bundle *b, uint32_t i, wnd_result *const *done,
                                  wnd_result *r) {
  for (uint32_t k = 0; k < b->npre[i]; k++) {
    const wnd_result *p = done[b->pre[i][k]];
    if (accepted(p)) continue;
    char msg[400];
    snprintf(msg, sizeof msg, "前置事项“%s”未予受理（%s），本事项须待其受理后办理", p->name,
             wnd_decision_name(p->decision));
    wnd__add_finding(r, "prerequisite_not_accepted", WND_SEV_WARNING, p->code, msg, NULL);
  }
}

/* The bundle's own promised deadline and the items that run late. */
static void bundle_deadline(const wnd_catalog *c, const wnd__bundle *b, receipt_t at,
                            wnd_result *r) {
  if (!b->has_promised) return;
  wnd__ectx x;
  memset(&x, 0, sizeof x);
  x.c = c;
  x.r = r;
  x.now_sec = at.sec;
  wnd__dl d = wnd__deadline_at(&x, at.sec, b->promised, "promised", "promised");
  wnd__set_deadline(&x, DL_PROMISED, d);
  if (!d.text) return;
  for (size_t i = 0; i < r->nitems; i++) {
    const wnd_result *ir = r->items[i];
    if (!ir->deadline[DL_PROMISED] || ir->deadline_sec[DL_PROMISED] <= d.sec) continue;
    char msg[400];
    snprintf(msg, sizeof msg, "“%s”的承诺办结期限%s晚于一件事承诺期限%s", ir->name,
             ir->deadline[DL_PROMISED], d.text);
    wnd__add_finding(r, "bundle_late", WND_SEV_WARNING, ir->code, msg, NULL);
  }
}

static int eval_bundle(const wnd_catalog *c, const wnd__bundle *b, const wnd_submission *sub,
                       const wnd_eval_options *opts, wnd_result **out) {
  wnd_result *r = wnd__result_new(&c->env->mem, false);
  if (!r) return WND_ENOMEM;
  r->is_bundle = true;
  r->utc_offset = c->offset; /* its promised deadline is a local day */
  r->code = wnd__rstr(r, b->id);
  r->name = wnd__rstr(r, b->name);
  r->catalog_id = wnd__rstr(r, c->id);
  r->catalog_version = wnd__rstr(r, c->version ? c->version : "");
  r->items = wnd__arena_calloc(&r->arena, b->nitems ? b->nitems : 1, sizeof *r->items);
  if (!r->items || r->oom) {
    wnd_result_free(r);
    return WND_ENOMEM;
  }
  receipt_t at = receipt(c, sub, opts);
  r->decision = WND_ACCEPTED;
  /* Evaluate in step order; results stay in the bundle's item order. */
  for (uint32_t k = 0; k < b->nitems; k++) {
    uint32_t i = b->order[k];
    wnd__stepin step = step_of(b, i, r->items);
    int st = eval_item(c, b->items[i], sub, opts, at, &step, false, NULL, &r->items[i]);
    if (st == WND_OK) prerequisite_warnings(b, i, r->items, r->items[i]);
    if (st == WND_OK && r->items[i]->oom) st = WND_ENOMEM;
    if (st != WND_OK) {
      r->nitems = b->nitems; /* free what was made (the rest is NULL) */
      wnd_result_free(r);
      return st;
    }
  }
  r->nitems = b->nitems;
  size_t cap = 0;
  for (size_t i = 0; i < r->nitems; i++) {
    const wnd_result *ir = r->items[i];
    if (decision_rank(ir->decision) > decision_rank(r->decision)) r->decision = ir->decision;
    cap += ir->nfindings;
  }
  /* to_supply: materials with an error finding in any item, once each. */
  r->to_supply = wnd__arena_calloc(&r->arena, cap ? cap : 1, sizeof *r->to_supply);
  if (!r->to_supply) {
    wnd_result_free(r);
    return WND_ENOMEM;
  }
  for (size_t i = 0; i < r->nitems; i++) {
    const wnd_result *ir = r->items[i];
    for (size_t k = 0; k < ir->nfindings; k++) {
      const wnd_finding *f = &ir->findings[k];
      if (f->severity != WND_SEV_ERROR || !wnd__is_material_finding(ir, k)) continue;
      bool seen = false;
      for (size_t j = 0; j < r->nto_supply && !seen; j++)
        seen = !strcmp(r->to_supply[j], f->subject);
      if (!seen) r->to_supply[r->nto_supply++] = f->subject; /* owned by the item result */
    }
  }
  bundle_deadline(c, b, at, r);
  wnd__scratch *s;
  int st = wnd__scratch_acquire(c, &s);
  if (st == WND_OK) {
    char digest[72];
    st = wnd__submission_digest(sub, &s->work, digest);
    wnd__scratch_release(c, s);
    if (st == WND_OK) wnd__set_record(r, c, sub, digest, at.sec, at.nsec);
  }
  if (st == WND_OK && r->oom) st = WND_ENOMEM;
  if (st != WND_OK) {
    wnd_result_free(r);
    return st;
  }
  *out = r;
  return WND_OK;
}

/* How a JSON value of this kind is called in a message. */
static const char *kind_name(int kind) {
  switch (kind) {
    case WV_NULL: return "null";
    case WV_BOOL: return "a boolean";
    case WV_INT:
    case WV_UINT:
    case WV_DOUBLE: return "a number";
    case WV_LIST: return "a list";
    case WV_MAP: return "an object";
    default: return "not text";
  }
}

/* The item with this code: the one this scratch found last when the code
** is its code (a scratch belongs to one catalog, so the pointer stays
** valid), else the index's answer, remembered. */
static const wnd__item *find_item(const wnd_catalog *c, wnd__scratch *s, const char *code) {
  const wnd__item *it = s->last_item;
  if (it && !strcmp(it->code, code)) return it;
  it = wnd__find_item(c, code);
  if (it) s->last_item = it;
  return it;
}

int wnd_evaluate(wnd_result **out, const wnd_catalog *c, const char *code,
                 const wnd_submission *sub, const wnd_eval_options *opts) {
  if (!out) return wnd__fail(WND_EINVAL, "wnd_evaluate: out is NULL");
  *out = NULL;
  if (!c || !sub) return wnd__fail(WND_EINVAL, "wnd_evaluate: catalog or submission is NULL");
  if (opts && opts->version != WND_EVAL_OPTIONS_VERSION)
    return wnd__env_error(c->env, WND_EINVAL, "wnd_evaluate: unknown wnd_eval_options version %d",
                          opts->version);
  if (!code) {
    const wnd__value *iv = wnd__map_get_str(sub->root, "item", 4);
    if (!iv)
      return wnd__env_error(c->env, WND_ENOTFOUND,
                            "no item code given and the submission has no \"item\" key");
    if (iv->kind != WV_STRING)
      return wnd__env_error(c->env, WND_ENOTFOUND,
                            "the submission's \"item\" is %s, not a string", kind_name(iv->kind));
    code = iv->u.s;
  }
  wnd__submission_prefetch(sub);
  wnd__scratch *s;
  int st = wnd__scratch_acquire(c, &s);
  if (st != WND_OK) return wnd__env_error(c->env, st, "out of memory evaluating %s", code);
  const wnd__item *it = find_item(c, s, code);
  if (!it) wnd__scratch_release(c, s); /* a bundle claims one per item */
  const wnd__bundle *b = it ? NULL : wnd__find_bundle(c, code);
  if (it || b) {
    st = it ? eval_item(c, it, sub, opts, receipt(c, sub, opts), NULL, true, s, out)
            : eval_bundle(c, b, sub, opts, out);
    if (st == WND_ENOMEM) return wnd__env_error(c->env, st, "out of memory evaluating %s", code);
    return st;
  }
  return wnd__env_error(c->env, WND_ENOTFOUND, "no item or bundle with code \"%s\" in catalog %s",
                        code, c->id ? c->id : "");
}
