/*
** route.c — routing rules (SPEC §2.7 routing, §4.2 step 1, §4.4
** "Escalation") and window choice (§2.4, §4.4 "Windows").
*/
#include <stdio.h>
#include <string.h>

#include "../catalog/serves.h"
#include "evalctx.h"

bool wnd__apply_routing(wnd__ectx *x) {
  const wnd__item *it = x->it;
  x->dept = it->department;
  x->section = it->section;
  x->window = it->window;
  for (uint32_t i = 0; i < it->nroutes; i++) {
    const wnd__route *rt = &it->routes[i];
    const char *subject = rt->subject;
    const char *err = NULL;
    int v = wnd__eval_bool(x, &rt->when, "routing", subject, &err);
    if (v < 0) {
      /* which rule failed is in the subject and the rule location, for the clerk */
      wnd__add_finding(x->r, "routing_undetermined", WND_SEV_ERROR, subject,
                       "无法确定受理机关：确定受理机关所需的申请信息缺失或有误", &rt->loc);
      continue;
    }
    if (!v) continue;
    if (rt->reject) {
      /* 行政许可法 art. 32(2): decide at once and point to the right agency;
      ** nothing else is reported. */
      x->r->nfindings = 0;
      wnd__add_finding(x->r, "out_of_jurisdiction", WND_SEV_ERROR, NULL, rt->reject, &rt->loc);
      return true;
    }
    if (rt->escalate_to) {
      x->dept = rt->escalate_to;
      x->section = rt->section; /* null unless the rule sets one */
      x->escalated = true;
    } else {
      if (rt->department) {
        x->dept = rt->department;
        x->section = NULL;
      }
      if (rt->section) x->section = rt->section;
    }
    if (rt->window) x->window = rt->window;
    break;
  }
  return false;
}

/* The windows serving the item as bits (scratch.h), or all bits set for
** a catalog of more than 64 windows (then each is asked). */
static uint64_t serving(wnd__ectx *x) {
  const wnd_catalog *c = x->c;
  if (c->nwindows > 64) return ~(uint64_t)0;
  wnd__scratch *s = x->s;
  if (s->windows_for == x->it) return s->serving;
  uint64_t bits = 0;
  for (uint32_t i = 0; i < c->nwindows; i++)
    if (wnd__window_serves(&c->windows[i], x->it)) bits |= (uint64_t)1 << i;
  s->windows_for = x->it;
  s->serving = bits;
  return bits;
}

/* Whether window w beats the best so far (ties: file order) and its
** `when` holds. */
static inline bool better(wnd__ectx *x, const wnd__window *w, const wnd__window *best) {
  if (best && w->priority <= best->priority) return false;
  const char *err = NULL;
  return !w->when.text || wnd__eval_bool(x, &w->when, "window", w->id, &err) == 1;
}

/* The route texts, one arena block: ids and names whose lengths the
** loader kept, so no strlen, and straight-line (six texts, most present). */
static inline char *route_text(char *d, const char **dst, const char *s, uint32_t len) {
  if (!s) {
    *dst = NULL;
    return d;
  }
  wnd__copy_text(d, s, (size_t)len + 1);
  *dst = d;
  return d + len + 1;
}

/* An absent text has length 0 (the loader's text_len), so its block size
** is its length plus one only where it is present, without a branch. */
static inline size_t route_size(const char *s, uint32_t len) { return (size_t)len + (s != NULL); }

/* Stand-ins for an absent window, department or section: NULL texts of
** length 0, so each text is one load, not a test of its owner first. */
static const wnd__window NO_WINDOW;
static const wnd__department NO_DEPARTMENT;
static const wnd__section NO_SECTION;

static void copy_route(wnd_result *r, const wnd__window *win, const wnd__window *out,
                       const wnd__department *dept, const wnd__section *sec,
                       const wnd__department *from) {
  if (!win) win = &NO_WINDOW;
  if (!out) out = &NO_WINDOW;
  if (!dept) dept = &NO_DEPARTMENT;
  if (!sec) sec = &NO_SECTION;
  if (!from) from = &NO_DEPARTMENT;
  size_t total = route_size(win->id, win->id_len) + route_size(out->id, out->id_len) +
                 route_size(dept->id, dept->id_len) + route_size(dept->name, dept->name_len) +
                 route_size(sec->id, sec->id_len) + route_size(from->id, from->id_len);
  char *d = total ? wnd__result_alloc(r, total) : NULL;
  if (total && !d) {
    r->oom = true;
    memset(r->route, 0, sizeof r->route);
    return;
  }
  d = route_text(d, &r->route[ROUTE_DEPARTMENT], dept->id, dept->id_len);
  d = route_text(d, &r->route[ROUTE_DEPARTMENT_NAME], dept->name, dept->name_len);
  d = route_text(d, &r->route[ROUTE_SECTION], sec->id, sec->id_len);
  d = route_text(d, &r->route[ROUTE_WINDOW], win->id, win->id_len);
  d = route_text(d, &r->route[ROUTE_OUTPUT_WINDOW], out->id, out->id_len);
  route_text(d, &r->route[ROUTE_ESCALATED_FROM], from->id, from->id_len);
}

void wnd__choose_windows(wnd__ectx *x) {
  const wnd_catalog *c = x->c;
  const wnd__window *best = x->window;
  if (!best && c->nwindows > 64) {
    for (uint32_t i = 0; i < c->nwindows; i++) {
      const wnd__window *w = &c->windows[i];
      if (wnd__window_serves(w, x->it) && better(x, w, best)) best = w;
    }
  } else if (!best) {
    /* the serving windows' bits, lowest (first in the file) first */
    for (uint64_t bits = serving(x); bits; bits &= bits - 1) {
      const wnd__window *w = &c->windows[__builtin_ctzll(bits)];
      if (better(x, w, best)) best = w;
    }
  }
  copy_route(x->r, best, wnd__output_window(c, x->it), x->dept, x->section,
             x->escalated ? x->it->department : NULL);
}
