/*
** evaluate.c — wnd_evaluate: the receipt instant (SPEC §4.4), one item or
** a bundle (§2.8: every item against one submission, worst decision,
** materials to supply once each).
*/
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

/* The caller's instant wins, then submitted_at, then the clock. */
static void receipt(wnd__ectx *x, wnd__value root, bool *bad) {
  *bad = false;
  if (x->opts && x->opts->now_set) {
    x->now_sec = x->opts->now_sec;
    return;
  }
  const wnd__value *sa = wnd__map_get_str(root, "submitted_at", 12);
  if (sa && sa->kind == WV_STRING) {
    wnd__tsparse ts;
    if (wnd__ts_parse(sa->u.s, sa->n, x->c->offset, &ts) == 0) {
      x->now_sec = ts.sec;
      x->now_nsec = ts.nsec;
      return;
    }
  }
  if (sa && sa->kind != WV_NULL) *bad = true;
  struct timespec t;
  clock_gettime(CLOCK_REALTIME, &t);
  x->now_sec = (int64_t)t.tv_sec;
}

static int eval_item(const wnd_catalog *c, const wnd__item *it, const wnd_submission *sub,
                     const wnd_eval_options *opts, wnd_result **out) {
  wnd_result *r = wnd__result_new(&c->env->mem);
  if (!r) return WND_ENOMEM;
  r->explain = opts && (opts->flags & WND_EVAL_EXPLAIN);
  r->utc_offset = c->offset;
  wnd__scratch *s;
  int st = wnd__scratch_acquire(c, &s);
  if (st != WND_OK) {
    wnd_result_free(r);
    return st;
  }
  wnd__ectx x;
  memset(&x, 0, sizeof x);
  x.c = c;
  x.it = it;
  x.s = s;
  x.r = r;
  x.opts = opts;
  bool bad_instant;
  receipt(&x, sub->root, &bad_instant);
  if (bad_instant)
    wnd__add_finding(r, "field_invalid", WND_SEV_ERROR, "submitted_at",
                     "提交时间格式有误，应为 2026-11-20T10:00:00+08:00 形式", NULL);
  st = wnd__decide(&x, sub->root);
  wnd__scratch_release(c, s);
  if (st != WND_OK) {
    wnd_result_free(r);
    return st;
  }
  *out = r;
  return WND_OK;
}

static int eval_bundle(const wnd_catalog *c, const wnd__bundle *b, const wnd_submission *sub,
                       const wnd_eval_options *opts, wnd_result **out) {
  wnd_result *r = wnd__result_new(&c->env->mem);
  if (!r) return WND_ENOMEM;
  r->is_bundle = true;
  r->code = wnd__rstr(r, b->id);
  r->name = wnd__rstr(r, b->name);
  r->catalog_id = wnd__rstr(r, c->id);
  r->catalog_version = wnd__rstr(r, c->version ? c->version : "");
  r->items = wnd__arena_calloc(&r->arena, b->nitems ? b->nitems : 1, sizeof *r->items);
  if (!r->items || r->oom) {
    wnd_result_free(r);
    return WND_ENOMEM;
  }
  r->decision = WND_ACCEPTED;
  size_t cap = 0;
  for (uint32_t i = 0; i < b->nitems; i++) {
    wnd_result *ir = NULL;
    int st = eval_item(c, b->items[i], sub, opts, &ir);
    if (st != WND_OK) {
      wnd_result_free(r);
      return st;
    }
    r->items[r->nitems++] = ir;
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
  const wnd__item *it = wnd__find_item(c, code);
  const wnd__bundle *b = it ? NULL : wnd__find_bundle(c, code);
  if (it || b) {
    int st = it ? eval_item(c, it, sub, opts, out) : eval_bundle(c, b, sub, opts, out);
    if (st == WND_ENOMEM) return wnd__env_error(c->env, st, "out of memory evaluating %s", code);
    return st;
  }
  return wnd__env_error(c->env, WND_ENOTFOUND, "no item or bundle with code \"%s\" in catalog %s",
                        code, c->id ? c->id : "");
}
