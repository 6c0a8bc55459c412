/*
** deadlines.c — deadlines of a decision (SPEC §2.1 counting, §4.2 step 7,
** §4.4 "Deadlines", §4.5): promised and statutory for every accepted
** decision (counted from a bundle prerequisite when a step says so), the
** art. 42 extension, the earliest gap and commitment due dates, notify for
** the receipt flow, transfer when a window decided an on-spot acceptance
** of a promised item, and reply when the back office answers an on-spot
** flow.  A deadline the loaded calendars cannot reach is null with a
** calendar_exhausted warning; one counted through a provisional calendar
** year carries a calendar_provisional warning.
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


/* The first provisional year in (receipt day, deadline day], or 0. */
static int provisional_year(const wnd__ectx *x, int64_t end_sec) {
  const wnd_catalog *c = x->c;
  int64_t y0, y1;
  int mo, d;
  wnd__civil_from_days(wnd__local_day(x->now_sec, c->offset) + 1, &y0, &mo, &d);
  wnd__civil_from_days(wnd__local_day(end_sec, c->offset), &y1, &mo, &d);
  int found = 0;
  for (uint32_t i = 0; i < c->nyears; i++)
    if (c->provisional[i] && c->years[i] >= y0 && c->years[i] <= y1 &&
        (!found || c->years[i] < found))
      found = c->years[i];
  return found;
}

static void add_provisional_warning(wnd__ectx *x, wnd__dl d, const char *subject) {
  int year = provisional_year(x, d.sec);
  if (!year) return;
  char msg[240];
  snprintf(msg, sizeof msg, "期限%s按%d年暂定工作日历计算，国务院办公厅正式公布放假安排后可能变动",
           d.text, year);
  wnd__add_finding(x->r, "calendar_provisional", WND_SEV_WARNING, subject, msg, NULL);
}

/* Most catalogs have no provisional year: the loader's flag, tested here
** where it inlines into the callers, skips the call, the two date
** conversions and the scan of the years. */
static inline void provisional_warning(wnd__ectx *x, wnd__dl d, const char *subject) {
  if (x->c->any_provisional) add_provisional_warning(x, d, subject);
}

bool wnd__deadline_reachable(const wnd__ectx *x, int64_t base, wnd__span span) {
  wnd__deadline_t d;
  return wnd__deadline(x->c->calendar, base, x->c->offset, span, &d) == 0;
}

/* A deadline the calendars cannot reach, or that counts from one that is
** itself unknown: null, with one calendar_exhausted warning per deadline
** (every gap asks for its supplement date). */
static wnd__dl unknown(wnd__ectx *x, const char *name) {
  for (size_t i = 0; i < x->r->nfindings; i++)
    if (!strcmp(x->r->findings[i].code, "calendar_exhausted") && x->r->findings[i].subject &&
        !strcmp(x->r->findings[i].subject, name))
      return (wnd__dl){NULL, 0, false};
  char msg[200];
  snprintf(msg, sizeof msg, "工作日历未覆盖所需年份，无法计算%s期限", deadline_label(name));
  wnd__add_finding(x->r, "calendar_exhausted", WND_SEV_WARNING, name, msg, NULL);
  return (wnd__dl){NULL, 0, false};
}

enum { DATE_TEXT_MAX = 10 + 1, INSTANT_TEXT_MAX = 26 + 1 };

/* An offset wnd__ts_format prints unchanged (a catalog's always is). */
static bool whole_minutes(int32_t offset) {
  return offset % 60 == 0 && offset >= -WND_OFFSET_MAX && offset <= WND_OFFSET_MAX;
}

wnd__dl wnd__deadline_at(wnd__ectx *x, int64_t base, wnd__span span, const char *name,
                         const char *prov_subject) {
  wnd__dl out = {NULL, 0, false};
  wnd__deadline_t d;
  if (wnd__deadline(x->c->calendar, base, x->c->offset, span, &d) != 0) return unknown(x, name);
  /* The text is written straight into the result's arena, in a block of
  ** its longest length: a date is clamped to 0001..9999 (10 bytes), an
  ** instant without fraction and with an offset is at most 26 bytes
  ** (0000-12-31 or 10000-01-01 locally).  The arena rounds every block up
  ** to 16 bytes, so this takes no more room than the exact length. */
  char *text = wnd__result_alloc(x->r, d.date_only ? DATE_TEXT_MAX : INSTANT_TEXT_MAX);
  if (!text) {
    x->r->oom = true;
  } else if (d.date_only && d.year) {
    wnd__date_format_yd(text, d.year, d.yday, d.leap);
  } else if (d.date_only) {
    wnd__date_format(text, d.day);
  } else if (d.year && whole_minutes(x->c->offset)) {
    /* as wnd__ts_format would print it: the offset needs no truncation */
    int tod = (int)(d.sec + x->c->offset - d.day * 86400);
    wnd__ts_format_yd(text, d.year, d.yday, d.leap, tod, x->c->offset);
  } else {
    wnd__ts_format(text, d.sec, 0, x->c->offset, false);
  }
  out.text = text;
  out.sec = d.sec;
  out.date_only = d.date_only;
  if (prov_subject) provisional_warning(x, out, prov_subject);
  return out;
}

void wnd__set_deadline(wnd__ectx *x, int which, wnd__dl d) {
  wnd_result *r = x->r;
  r->has_deadline[which] = true;
  r->deadline[which] = d.text;
  r->deadline_sec[which] = d.sec;
}


static bool on_spot(int flow) {
  return flow == WND_FLOW_ON_SPOT_COMPLETION || flow == WND_FLOW_ON_SPOT_ACCEPTANCE;
}

void wnd__deadlines(wnd__ectx *x) {
  wnd_result *r = x->r;
  const wnd__item *it = x->it;
  const wnd__defaults *def = &x->c->defaults;
  bool accepted = r->decision == WND_ACCEPTED || r->decision == WND_ACCEPTED_WITH_GAPS;
  if (accepted) {
    /* A bundle step counts from its prerequisites' latest promised date. */
    bool shifted = x->step && x->step->shift;
    bool base_ok = !shifted || x->step->base_ok;
    int64_t base = shifted ? x->step->base_sec : x->now_sec;
    if (it->has_promised)
      wnd__set_deadline(x, DL_PROMISED,
                        base_ok ? wnd__deadline_at(x, base, it->promised, "promised", "promised")
                                : unknown(x, "promised"));
    wnd__dl stat = {NULL, 0, false};
    if (it->has_statutory) {
      stat = base_ok ? wnd__deadline_at(x, base, it->statutory, "statutory", "statutory")
                     : unknown(x, "statutory");
      wnd__set_deadline(x, DL_STATUTORY, stat);
    }
    /* 行政许可法 art. 42: the extension runs on from the statutory date. */
    if (it->has_extension && it->has_statutory)
      wnd__set_deadline(x, DL_STATUTORY_EXTENDED,
                        stat.text ? wnd__deadline_at(x, stat.sec, it->extension,
                                                     "statutory_extended", "statutory_extended")
                                  : unknown(x, "statutory_extended"));
    if (r->decision == WND_ACCEPTED_WITH_GAPS && x->supplement.text)
      wnd__set_deadline(x, DL_SUPPLEMENT, x->supplement);
  }
  if (r->flow == WND_FLOW_RECEIPT)
    wnd__set_deadline(x, DL_NOTIFY,
                      wnd__deadline_at(x, x->now_sec, def->notify_within, "notify", "notify"));
  if (accepted && r->flow == WND_FLOW_ON_SPOT_ACCEPTANCE && it->handling == HANDLING_PROMISED &&
      r->decided_by == WND_DECIDED_BY_WINDOW)
    wnd__set_deadline(x, DL_TRANSFER,
                      wnd__deadline_at(x, x->now_sec, def->transfer_within, "transfer", NULL));
  /* SPEC §4.5: the back office answers an on-spot flow at the window, and
  ** a routing refusal at once, within transfer_within. */
  if (r->decision != WND_INCOMPLETE && r->decided_by == WND_DECIDED_BY_BACK_OFFICE &&
      (on_spot(x->item_flow) || x->routing_reject))
    wnd__set_deadline(x, DL_REPLY,
                      wnd__deadline_at(x, x->now_sec, def->transfer_within, "reply", NULL));
  if (accepted && x->verify.text) {
    wnd__set_deadline(x, DL_VERIFY, x->verify);
    provisional_warning(x, x->verify, "verify");
  }
}
