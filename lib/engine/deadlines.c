/*
** deadlines.c — deadlines of a decision (SPEC §2.1 counting, §4.2 step 7,
** §4.4 "Deadlines"): promised and statutory for every accepted decision,
** notify for the receipt flow, transfer for on-spot acceptance of promised
** items, supplement (the earliest gap due date).  A deadline the loaded
** calendars cannot reach is null with a calendar_exhausted warning.
*/
#include <stdio.h>
#include <string.h>

#include "../time/calendar.h"
#include "../time/civil.h"
#include "evalctx.h"

/* The applicant reads the message, so the deadline is named in Chinese;
** the key itself is the finding's subject.  Names without a label (added
** later) still give a whole Chinese sentence. */
static const char *deadline_label(const char *name) {
  static const char *const labels[][2] = {
      {"promised", "承诺办结"},   {"statutory", "法定办结"},
      {"statutory_extended", "延长后的法定办结"},
      {"supplement", "补正"},     {"notify", "受理告知"},
      {"transfer", "移送"},       {"reply", "答复"},
      {"verify", "核查"},
  };
  for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
    if (!strcmp(labels[i][0], name)) return labels[i][1];
  return "相关";
}

const char *wnd__deadline_text(wnd__ectx *x, wnd__span span, const char *name) {
  wnd__deadline_t d;
  if (wnd__deadline(x->c->calendar, x->now_sec, x->c->offset, span, &d) != 0) {
    char msg[200];
    snprintf(msg, sizeof msg, "工作日历未覆盖所需年份，无法计算%s期限", deadline_label(name));
    wnd__add_finding(x->r, "calendar_exhausted", WND_SEV_WARNING, name, msg, NULL);
    return NULL;
  }
  char buf[48];
  if (d.date_only)
    wnd__date_format(buf, wnd__local_day(d.sec, x->c->offset));
  else
    wnd__ts_format(buf, d.sec, 0, x->c->offset, false);
  return wnd__rstr(x->r, buf);
}

static void set(wnd__ectx *x, int which, const char *value) {
  x->r->has_deadline[which] = true;
  x->r->deadline[which] = value;
}

void wnd__deadlines(wnd__ectx *x) {
  wnd_result *r = x->r;
  const wnd__item *it = x->it;
  if (r->decision != WND_ACCEPTED && r->decision != WND_ACCEPTED_WITH_GAPS) return;
  if (it->has_promised) set(x, DL_PROMISED, wnd__deadline_text(x, it->promised, "promised"));
  if (it->has_statutory) set(x, DL_STATUTORY, wnd__deadline_text(x, it->statutory, "statutory"));
  if (r->decision == WND_ACCEPTED_WITH_GAPS) {
    const char *earliest = NULL;
    bool any = false;
    for (size_t i = 0; i < r->nfindings; i++) {
      const wnd_finding *f = &r->findings[i];
      if (!f->tolerated) continue;
      any = true;
      if (f->due && (!earliest || strcmp(f->due, earliest) < 0)) earliest = f->due;
    }
    if (any) set(x, DL_SUPPLEMENT, earliest);
  }
  if (r->flow == WND_FLOW_RECEIPT)
    set(x, DL_NOTIFY, wnd__deadline_text(x, x->c->defaults.notify_within, "notify"));
  if (r->flow == WND_FLOW_ON_SPOT_ACCEPTANCE && it->handling == HANDLING_PROMISED)
    set(x, DL_TRANSFER, wnd__deadline_text(x, x->c->defaults.transfer_within, "transfer"));
}
