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

void wnd__choose_windows(wnd__ectx *x) {
  const wnd_catalog *c = x->c;
  const wnd__window *best = x->window;
  if (!best) {
    uint64_t bits = serving(x);
    bool ask = c->nwindows > 64;
    for (uint32_t i = 0; i < c->nwindows; i++) {
      const wnd__window *w = &c->windows[i];
      if (ask ? !wnd__window_serves(w, x->it) : !(bits >> i & 1)) continue;
      if (best && w->priority <= best->priority) continue; /* ties: file order */
      if (w->when.text) {
        const char *err = NULL;
        if (wnd__eval_bool(x, &w->when, "window", w->id, &err) != 1) continue;
      }
      best = w;
    }
  }
  const wnd__window *out = wnd__output_window(c, x->it);
  const char *src[ROUTE_COUNT];
  src[ROUTE_WINDOW] = best ? best->id : NULL;
  src[ROUTE_OUTPUT_WINDOW] = out ? out->id : NULL;
  src[ROUTE_DEPARTMENT] = x->dept ? x->dept->id : NULL;
  src[ROUTE_DEPARTMENT_NAME] = x->dept ? x->dept->name : NULL;
  src[ROUTE_SECTION] = x->section ? x->section->id : NULL;
  src[ROUTE_ESCALATED_FROM] =
      x->escalated && x->it->department ? x->it->department->id : NULL;
  wnd__rstrs(x->r, ROUTE_COUNT, src, x->r->route);
}
