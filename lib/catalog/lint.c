/*
** lint.c — rules beyond loading (SPEC §6, severities of §4.4 "Lint
** severities"): limits out of order, negative-list items without a reason,
** tolerable materials without a fast track, unreachable routing rules,
** items and bundles without tests, items no window takes, calendars that
** do not cover the current and the next year.
*/
#include "loader.h"

#include <stdio.h>
#include <string.h>

#include "../time/calendar.h"
#include "../time/civil.h"
#include "serves.h"

typedef struct lctx {
  wnd_catalog *c;
  wnd_diags *d;
  const char *dir;
  char path[1024];
} lctx;

static const char *disp(lctx *l, const char *rel) {
  size_t n = strlen(l->dir);
  snprintf(l->path, sizeof l->path, "%s%s%s", l->dir, n && l->dir[n - 1] == '/' ? "" : "/",
           rel ? rel : "");
  return l->path;
}

static void span_text(char *buf, wnd__span s) { wnd__span_format(buf, s); }

static void lint_item(lctx *l, const wnd__item *it) {
  char a[64], b[64];
  if (it->has_promised && it->has_statutory && wnd__span_cmp(it->promised, it->statutory) == 1) {
    span_text(a, it->promised);
    span_text(b, it->statutory);
    wnd__diag_add(l->d, WND_SEV_ERROR, "limit-order", disp(l, it->file), it->promised_loc.line,
                  it->promised_loc.col,
                  "promised_limit (%s) is longer than statutory_limit (%s)", a, b);
  }
  /* SPEC §4.5: a declared flow should agree with the window's authority
  ** and the item's handling; the engine follows the declaration. */
  if (it->flow == WND_FLOW_RECEIPT && it->authorized != AUTH_NONE)
    wnd__diag_add(l->d, WND_SEV_WARNING, "flow-authority", disp(l, it->file), it->flow_loc.line,
                  it->flow_loc.col,
                  "flow: receipt, but the window is authorized to %s: the back office will "
                  "still decide acceptance",
                  it->authorized == AUTH_DECIDE ? "decide" : "accept");
  if (it->flow == WND_FLOW_ON_SPOT_COMPLETION && it->handling == HANDLING_PROMISED)
    wnd__diag_add(l->d, WND_SEV_WARNING, "flow-authority", disp(l, it->file), it->flow_loc.line,
                  it->flow_loc.col,
                  "flow: on_spot_completion, but handling is promised (承诺件): a promised item "
                  "is not completed on the spot");
  if (!it->comprehensive && !it->exclusion_reason) {
    wnd__loc loc = it->comprehensive_loc;
    wnd__diag_add(l->d, WND_SEV_ERROR, "negative-list-reason", disp(l, it->file), loc.line,
                  loc.col,
                  "item is on the negative list (comprehensive: false) but has no "
                  "exclusion_reason");
  }
  bool ft = it->fast_track.present && it->fast_track.enabled;
  for (uint32_t i = 0; i < it->nmaterials; i++) {
    const wnd__material *m = &it->materials[i];
    if (m->has_supplement && it->has_promised &&
        wnd__span_cmp(m->supplement_within, it->promised) == 1) {
      span_text(a, m->supplement_within);
      span_text(b, it->promised);
      wnd__diag_add(l->d, WND_SEV_ERROR, "limit-order", disp(l, it->file),
                    m->supplement_loc.line, m->supplement_loc.col,
                    "supplement_within (%s) of material '%s' is longer than promised_limit (%s)",
                    a, m->id, b);
    }
    /* SPEC §4.5: the catalog default applies to every tolerable material
    ** without its own period, so it must fit the promised limit too. */
    if (m->tolerable && !m->has_supplement && it->has_promised &&
        wnd__span_cmp(l->c->defaults.supplement_within, it->promised) == 1) {
      span_text(a, l->c->defaults.supplement_within);
      span_text(b, it->promised);
      wnd__diag_add(l->d, WND_SEV_ERROR, "limit-order", disp(l, it->file), m->loc.line,
                    m->loc.col,
                    "tolerable material '%s' takes the catalog's default supplement_within "
                    "(%s), which is longer than promised_limit (%s)",
                    m->id, a, b);
    }
    if (m->tolerable && !ft)
      wnd__diag_add(l->d, WND_SEV_WARNING, "tolerable-without-fast-track", disp(l, it->file),
                    m->loc.line, m->loc.col,
                    "material '%s' is tolerable but the item has no enabled fast_track", m->id);
  }
  for (uint32_t i = 0; i < it->nroutes; i++) {
    if (it->routes[i].when.constant != 1) continue;
    for (uint32_t k = i + 1; k < it->nroutes; k++)
      wnd__diag_add(l->d, WND_SEV_WARNING, "unreachable-routing", disp(l, it->file),
                    it->routes[k].loc.line, it->routes[k].loc.col,
                    "routing rule %u can never apply: rule %u always matches first",
                    (unsigned)(k + 1), (unsigned)(i + 1));
    break;
  }
  if (it->ntests == 0)
    wnd__diag_add(l->d, WND_SEV_WARNING, "no-tests", disp(l, it->file), it->loc.line,
                  it->loc.col, "item '%s' has no tests", it->code);
  if (!it->window) {
    bool any = false, unconditional = false;
    for (uint32_t i = 0; i < l->c->nwindows; i++) {
      const wnd__window *w = &l->c->windows[i];
      if (!wnd__window_serves(w, it)) continue;
      any = true;
      if (!w->when.text) unconditional = true;
    }
    if (!any)
      wnd__diag_add(l->d, WND_SEV_WARNING, "no-window", disp(l, it->file), it->loc.line,
                    it->loc.col, "no window takes item '%s'", it->code);
    else if (!unconditional)
      wnd__diag_add(l->d, WND_SEV_WARNING, "no-window", disp(l, it->file), it->loc.line,
                    it->loc.col,
                    "only conditional windows take item '%s'; some submissions get no window",
                    it->code);
  }
}

void wnd__lint(wnd_catalog *c, wnd_diags *d, const char *dir, int64_t today) {
  lctx l = {c, d, dir, ""};
  for (uint32_t i = 0; i < c->nitems; i++) lint_item(&l, &c->items[i]);
  for (uint32_t i = 0; i < c->nbundles; i++)
    if (c->bundles[i].ntests == 0)
      wnd__diag_add(d, WND_SEV_WARNING, "no-tests", disp(&l, c->bundles[i].loc.file),
                    c->bundles[i].loc.line, c->bundles[i].loc.col, "bundle '%s' has no tests",
                    c->bundles[i].id);
  int64_t y;
  int mo, da;
  wnd__civil_from_days(today, &y, &mo, &da);
  for (int64_t yy = y; yy <= y + 1; yy++)
    if (!wnd__calendar_has_year(c->calendar, (int)yy))
      wnd__diag_add(d, WND_SEV_WARNING, "calendar-coverage", disp(&l, "calendars"), 0, 0,
                    "no working-day calendar for %lld: deadlines in %lld cannot be computed",
                    (long long)yy, (long long)yy);
}
