/*
** selftest.c — run the `tests:` of a catalog's items and bundles and
** compare each result with its `expect` (see wnd_catalog_test).
*/
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../core/strbuf.h"
#include "../time/civil.h"
#include "result.h"
#include "selftest.h"
#include "submission.h"

typedef struct cmp {
  wnd__strbuf msg;
  int ndiff;
} cmp;

static void differ(cmp *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void differ(cmp *c, const char *fmt, ...) {
  char buf[1200];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (c->ndiff++) wnd__sb_adds(&c->msg, "; ");
  wnd__sb_adds(&c->msg, buf);
}

static const char *vstr(wnd__value v) {
  if (v.kind == WV_STRING) return v.u.s;
  if (v.kind == WV_NULL) return NULL;
  return "(not a string)";
}

static bool eq(const char *a, const char *b) {
  if (!a || !b) return a == b;
  return strcmp(a, b) == 0;
}

static void cmp_str(cmp *c, const char *key, wnd__value want, const char *got) {
  const char *w = vstr(want);
  if (!eq(w, got))
    differ(c, "%s: expected %s, got %s", key, w ? w : "null", got ? got : "null");
}

/* Render a list value as "[a, b]" for messages. */
static void list_text(wnd__strbuf *b, const char *const *v, size_t n) {
  wnd__sb_addc(b, '[');
  for (size_t i = 0; i < n; i++) {
    if (i) wnd__sb_adds(b, ", ");
    wnd__sb_adds(b, v[i] ? v[i] : "null");
  }
  wnd__sb_addc(b, ']');
}

/* Compare a list of strings, as a multiset or in order. */
static void cmp_list(cmp *c, const wnd__mem *m, const char *key, wnd__value want,
                     const char *const *got, size_t ngot, bool ordered) {
  if (want.kind != WV_LIST) {
    differ(c, "%s: expect a list", key);
    return;
  }
  bool same = want.n == ngot;
  if (same && ordered) {
    for (size_t i = 0; i < ngot && same; i++) same = eq(vstr(want.u.items[i]), got[i]);
  } else if (same) {
    bool used[256] = {false};
    for (size_t i = 0; i < want.n && same; i++) {
      bool hit = false;
      for (size_t k = 0; k < ngot && k < 256 && !hit; k++)
        if (!used[k] && eq(vstr(want.u.items[i]), got[k])) used[k] = hit = true;
      same = hit;
    }
  }
  if (same) return;
  wnd__strbuf a, b;
  wnd__sb_init(&a, m);
  wnd__sb_init(&b, m);
  const char *wv[256];
  size_t nw = want.n < 256 ? want.n : 256;
  for (size_t i = 0; i < nw; i++) wv[i] = vstr(want.u.items[i]);
  list_text(&a, wv, nw);
  list_text(&b, got, ngot);
  differ(c, "%s: expected %s, got %s", key, a.data ? a.data : "[]", b.data ? b.data : "[]");
  wnd__sb_free(&a);
  wnd__sb_free(&b);
}

/* Findings as "code:subject" ("code" alone stands for a null subject);
** `warnings` compares the warning findings only. */
static void cmp_findings(cmp *c, const wnd__mem *m, const char *key, wnd__value want,
                         const wnd_result *r, bool warnings) {
  char buf[256][160];
  const char *got[256];
  size_t n = 0;
  for (size_t k = 0; k < r->nfindings && n < 256; k++) {
    const wnd_finding *f = &r->findings[k];
    if (warnings && f->severity != WND_SEV_WARNING) continue;
    snprintf(buf[n], sizeof buf[n], "%s:%s", f->code, f->subject ? f->subject : "null");
    got[n] = buf[n];
    n++;
  }
  wnd__value norm = want;
  wnd__value items[256];
  char nb[256][160];
  if (want.kind == WV_LIST && want.n <= 256) {
    for (uint32_t k = 0; k < want.n; k++) {
      items[k] = want.u.items[k];
      if (items[k].kind == WV_STRING && !strchr(items[k].u.s, ':')) {
        snprintf(nb[k], sizeof nb[k], "%s:null", items[k].u.s);
        items[k] = wnd__v_string(nb[k], (uint32_t)strlen(nb[k]));
      }
    }
    norm = wnd__v_list(items, want.n);
  }
  cmp_list(c, m, key, norm, got, n, false);
}

static const char *sev_name(wnd_severity s) {
  return s == WND_SEV_ERROR ? "error" : s == WND_SEV_WARNING ? "warning" : "info";
}

/* `dues: {subject: date}`: the due date carried by the findings on that
** subject (a tolerated gap or a commitment); null asserts that none of
** them carries one.  A subject with no finding at all is a difference,
** so a due date cannot be asserted for a finding that is not there. */
static void cmp_dues(cmp *c, wnd__value want, const wnd_result *r) {
  if (want.kind != WV_MAP) {
    differ(c, "dues: expect a mapping of subjects");
    return;
  }
  for (uint32_t k = 0; k < want.n; k++) {
    const char *subj = want.u.ents[k].key.u.s;
    const char *due = NULL;
    bool found = false;
    for (size_t j = 0; j < r->nfindings; j++) {
      const wnd_finding *f = &r->findings[j];
      if (!f->subject || strcmp(f->subject, subj)) continue;
      found = true;
      if (f->due && !due) due = f->due;
    }
    char label[200];
    snprintf(label, sizeof label, "dues.%s", subj);
    if (!found)
      differ(c, "%s: no finding on subject %s", label, subj);
    else
      cmp_str(c, label, want.u.ents[k].val, due);
  }
}

/* `severities: {"code:subject": error|warning|info}` ("code" alone for a
** null subject): the severity of that finding, which must be present. */
static void cmp_severities(cmp *c, wnd__value want, const wnd_result *r) {
  if (want.kind != WV_MAP) {
    differ(c, "severities: expect a mapping of findings");
    return;
  }
  for (uint32_t k = 0; k < want.n; k++) {
    const char *key = want.u.ents[k].key.u.s;
    const char *colon = strchr(key, ':');
    size_t cl = colon ? (size_t)(colon - key) : strlen(key);
    const wnd_finding *hit = NULL;
    for (size_t j = 0; j < r->nfindings && !hit; j++) {
      const wnd_finding *f = &r->findings[j];
      if (strlen(f->code) != cl || strncmp(f->code, key, cl)) continue;
      if (colon ? eq(f->subject, colon + 1) : !f->subject) hit = f;
    }
    char label[200];
    snprintf(label, sizeof label, "severities.%s", key);
    if (!hit)
      differ(c, "%s: no such finding", label);
    else
      cmp_str(c, label, want.u.ents[k].val, sev_name(hit->severity));
  }
}

/* `absent: [name, ...]`: deadlines the result must not hold. */
static void cmp_absent(cmp *c, wnd__value want, const wnd_result *r) {
  if (want.kind != WV_LIST) {
    differ(c, "absent: expect a list of deadline names");
    return;
  }
  for (uint32_t k = 0; k < want.n; k++) {
    const char *dn = vstr(want.u.items[k]);
    const char *got = dn ? wnd_result_deadline(r, dn) : NULL;
    if (got) differ(c, "absent.%s: expected no deadline, got %s", dn, got);
  }
}

static void compare(cmp *c, const wnd__mem *m, const wnd_result *r, wnd__value expect);

static void compare(cmp *c, const wnd__mem *m, const wnd_result *r, wnd__value expect) {
  for (uint32_t i = 0; i < expect.n; i++) {
    const char *key = expect.u.ents[i].key.u.s;
    wnd__value want = expect.u.ents[i].val;
    if (!strcmp(key, "decision")) {
      cmp_str(c, key, want, wnd_decision_name(r->decision));
    } else if (!strcmp(key, "flow")) {
      cmp_str(c, key, want, r->is_bundle ? NULL : wnd_flow_name(r->flow));
    } else if (!strcmp(key, "department") || !strcmp(key, "section") ||
               !strcmp(key, "window") || !strcmp(key, "output_window") ||
               !strcmp(key, "escalated_from")) {
      cmp_str(c, key, want, wnd_result_route(r, key));
    } else if (!strcmp(key, "items")) {
      /* a bundle test's expectations of its item results, by item code */
      if (!r->is_bundle || want.kind != WV_MAP) {
        differ(c, "items: expect a mapping of item codes, for a bundle");
        continue;
      }
      for (uint32_t k = 0; k < want.n; k++) {
        const char *code = want.u.ents[k].key.u.s;
        const wnd_result *ir = NULL;
        for (size_t j = 0; j < r->nitems && !ir; j++)
          if (!strcmp(r->items[j]->code, code)) ir = r->items[j];
        if (!ir)
          differ(c, "items: no item %s in the bundle", code);
        else if (want.u.ents[k].val.kind == WV_MAP)
          compare(c, m, ir, want.u.ents[k].val);
      }
    } else if (!strcmp(key, "decided_by")) {
      cmp_str(c, key, want, r->is_bundle ? NULL : wnd_decider_name(r->decided_by));
    } else if (!strcmp(key, "findings")) {
      cmp_findings(c, m, key, want, r, false);
    } else if (!strcmp(key, "warnings")) {
      cmp_findings(c, m, key, want, r, true);
    } else if (!strcmp(key, "gaps")) {
      const char *got[256];
      size_t n = 0;
      for (size_t k = 0; k < r->nfindings && n < 256; k++) {
        const wnd_finding *f = &r->findings[k];
        if (!f->tolerated) continue;
        bool seen = false;
        for (size_t j = 0; j < n && !seen; j++) seen = eq(got[j], f->subject);
        if (!seen) got[n++] = f->subject;
      }
      cmp_list(c, m, key, want, got, n, false);
    } else if (!strcmp(key, "documents")) {
      cmp_list(c, m, key, want, r->documents, r->ndocuments, true);
    } else if (!strcmp(key, "to_supply")) {
      cmp_list(c, m, key, want, r->to_supply, r->nto_supply, true);
    } else if (!strcmp(key, "dues")) {
      cmp_dues(c, want, r);
    } else if (!strcmp(key, "severities")) {
      cmp_severities(c, want, r);
    } else if (!strcmp(key, "absent")) {
      cmp_absent(c, want, r);
    } else if (!strcmp(key, "deadlines")) {
      if (want.kind != WV_MAP) {
        differ(c, "deadlines: expect a mapping");
        continue;
      }
      for (uint32_t k = 0; k < want.n; k++) {
        const char *dn = want.u.ents[k].key.u.s;
        char label[64];
        snprintf(label, sizeof label, "deadlines.%s", dn);
        cmp_str(c, label, want.u.ents[k].val, wnd_result_deadline(r, dn));
      }
    }
  }
}

int wnd__test_evaluate(wnd_result **out, const wnd_catalog *cat, const char *target,
                       const wnd__test *t, unsigned flags, bool *bad_now) {
  struct wnd_submission sub;
  memset(&sub, 0, sizeof sub);
  sub.env = cat->env;
  sub.root = t->submission.kind == WV_MAP ? t->submission : wnd__v_map(NULL, 0);
  struct wnd_elicenses el;
  memset(&el, 0, sizeof el);
  el.env = cat->env;
  el.map = t->elicenses;
  wnd_eval_options eo = WND_EVAL_OPTIONS_INIT;
  eo.flags = flags;
  if (t->elicenses.kind == WV_MAP) eo.elicenses = &el;
  *out = NULL;
  *bad_now = false;
  if (t->now) {
    wnd__tsparse ts;
    if (wnd__ts_parse(t->now, strlen(t->now), cat->offset, &ts) != 0) {
      *bad_now = true;
      return WND_OK;
    }
    eo.now_set = true;
    eo.now_sec = ts.sec;
  }
  return wnd_evaluate(out, cat, target, &sub, &eo);
}

/* What to run each test with and whom to tell. */
typedef struct runner {
  unsigned flags;           /* WND_EVAL_* */
  wnd_test_fn fn;           /* outcome only */
  wnd_test_result_fn rfn;   /* outcome and result */
  void *payload;
  size_t passed, failed;
} runner;

static int run_one(const wnd_catalog *cat, const char *target, const wnd__test *t, runner *ru) {
  const wnd__mem *m = &cat->env->mem;
  cmp c;
  memset(&c, 0, sizeof c);
  wnd__sb_init(&c.msg, m);
  wnd_result *r = NULL;
  bool bad_now;
  int st = wnd__test_evaluate(&r, cat, target, t, ru->flags, &bad_now);
  if (bad_now) differ(&c, "now: '%s' is not an RFC 3339 time", t->now);
  if (st == WND_ENOMEM) {
    wnd__sb_free(&c.msg);
    return st;
  }
  if (r) compare(&c, m, r, t->expect);
  if (c.msg.oom) {
    wnd_result_free(r);
    wnd__sb_free(&c.msg);
    return WND_ENOMEM;
  }
  wnd_test_outcome o = {target, t->name ? t->name : "", t->loc.file, t->loc.line, t->loc.col,
                        c.ndiff == 0, c.msg.data ? c.msg.data : ""};
  if (c.ndiff)
    ru->failed++;
  else
    ru->passed++;
  if (ru->fn) ru->fn(&o, ru->payload);
  if (ru->rfn) ru->rfn(&o, r, ru->payload);
  wnd_result_free(r);
  wnd__sb_free(&c.msg);
  return WND_OK;
}

static int run_all(const wnd_catalog *cat, runner *ru, size_t *passed, size_t *failed) {
  int st = WND_OK;
  for (uint32_t i = 0; i < cat->nitems && st == WND_OK; i++)
    for (uint32_t k = 0; k < cat->items[i].ntests && st == WND_OK; k++)
      st = run_one(cat, cat->items[i].code, &cat->items[i].tests[k], ru);
  for (uint32_t i = 0; i < cat->nbundles && st == WND_OK; i++)
    for (uint32_t k = 0; k < cat->bundles[i].ntests && st == WND_OK; k++)
      st = run_one(cat, cat->bundles[i].id, &cat->bundles[i].tests[k], ru);
  if (passed) *passed = ru->passed;
  if (failed) *failed = ru->failed;
  return st;
}

int wnd_catalog_test(const wnd_catalog *cat, wnd_test_fn fn, void *payload, size_t *passed,
                     size_t *failed) {
  if (!cat) return wnd__fail(WND_EINVAL, "wnd_catalog_test: cat is NULL");
  runner ru = {0, fn, NULL, payload, 0, 0};
  int st = run_all(cat, &ru, passed, failed);
  if (st == WND_ENOMEM) wnd__fail(st, "out of memory running the catalog's tests");
  return st;
}

int wnd_catalog_test_results(const wnd_catalog *cat, unsigned eval_flags, wnd_test_result_fn fn,
                             void *payload, size_t *passed, size_t *failed) {
  if (!cat) return wnd__fail(WND_EINVAL, "wnd_catalog_test_results: a NULL catalog");
  runner ru = {eval_flags, NULL, fn, payload, 0, 0};
  int st = run_all(cat, &ru, passed, failed);
  if (st == WND_ENOMEM) return wnd__fail(st, "wnd_catalog_test_results: out of memory");
  return st;
}
