/*
** evalctx.h — state of one item evaluation, shared by the steps of the
** decision procedure (decide.c, route.c, deadlines.c).
*/
#ifndef WND_ENGINE_EVALCTX_H
#define WND_ENGINE_EVALCTX_H

#include "../catalog/vars.h"
#include "result.h"
#include "scratch.h"
#include "submission.h"

typedef struct wnd__ectx {
  const wnd_catalog *c;
  const wnd__item *it;
  wnd__scratch *s;
  wnd_result *r;
  const wnd_eval_options *opts;
  wnd__value slots[SLOT_COUNT];
  wnd__cel_activation act;
  int64_t now_sec;
  int32_t now_nsec;
  bool fast_track_asked;
  int status;            /* WND_ENOMEM once anything failed to allocate */
  /* routing outcome */
  const wnd__department *dept;
  const wnd__section *section;
  const wnd__window *window;
  bool escalated;
} wnd__ectx;

/* Evaluate a bool expression: 1 true, 0 false, -1 evaluation error (the
** message in *err, valid until the scratch is released).  Traced with
** `kind` and `subject` when explaining. */
WND_HIDDEN int wnd__eval_bool(wnd__ectx *x, const wnd__expr *e, const char *kind,
                              const char *subject, const char **err);
WND_HIDDEN int wnd__eval_prog(wnd__ectx *x, const struct wnd__cel_program *p, const char *kind,
                              const char *subject, const wnd__expr *shown, const char **err);

/* Routing rules (step 1).  Returns true when a rule rejected. */
WND_HIDDEN bool wnd__apply_routing(wnd__ectx *x);
/* The intake window (SPEC §2.4) and output window into the result. */
WND_HIDDEN void wnd__choose_windows(wnd__ectx *x);
/* Deadlines of an accepted decision, and gap due dates (step 7). */
WND_HIDDEN void wnd__deadlines(wnd__ectx *x);
/* Format a deadline: a date for day spans, an instant for hours/minutes;
** NULL and a calendar_exhausted warning when the calendars cannot reach it. */
WND_HIDDEN const char *wnd__deadline_text(wnd__ectx *x, wnd__span span, const char *name);

/* The whole procedure for one item; returns WND_OK or WND_ENOMEM. */
WND_HIDDEN int wnd__decide(wnd__ectx *x, wnd__value root);

#endif
