/*
** evalctx.h — state of one item evaluation, shared by the steps of the
** decision procedure (decide.c, route.c, deadlines.c).
*/
#ifndef WND_ENGINE_EVALCTX_H
#define WND_ENGINE_EVALCTX_H

#include <stddef.h>
#include <string.h>

#include "../catalog/vars.h"
#include "../time/civil.h"
#include "result.h"
#include "scratch.h"
#include "submission.h"

/* What a bundle's earlier steps mean for one item (SPEC §4.5 bundle
** steps), worked out by evaluate.c from the prerequisites' results. */
typedef struct wnd__stepin {
  bool shift;          /* an accepted prerequisite does not complete on the spot */
  bool base_ok;        /* its latest promised deadline is known */
  int64_t base_sec;    /* promised/statutory count from here, not from receipt */
} wnd__stepin;

/* A computed deadline: text for the result, the instant for comparisons. */
typedef struct wnd__dl {
  const char *text;    /* NULL: not computable (calendar exhausted) */
  int64_t sec;
  bool date_only;
} wnd__dl;

typedef struct wnd__ectx {
  /* Zeroed by wnd__ectx_clear. */
  int status;            /* WND_ENOMEM once anything failed to allocate */
  bool commitment_used;  /* a material_by_commitment finding was added */
  bool escalated;        /* routing outcome: escalated to another department */
  /* r->explain, copied by eval_item: wnd__eval_prog tests it after the
  ** call into lib/cel, where x->r had to be loaded again (~26 programs) */
  bool explain;
  /* This evaluation's number in the scratch's table of program answers;
  ** 0 until the first answer is kept (wnd__memo_begin). */
  uint32_t memo_gen;
  wnd__dl verify, supplement;  /* earliest commitment and gap due dates */
  /* Set by eval_item (evaluate.c) and the steps before anything reads
  ** them: the context, the receipt instant and the bundle step by
  ** eval_item; fast_track_asked, the slots and the activation by decide.c's
  ** bind; fieldv by convert_fields; item_flow and routing_reject by
  ** wnd__decide; dept, section and window by wnd__apply_routing. */
  const wnd_catalog *c;
  const wnd__item *it;
  wnd__scratch *s;
  wnd_result *r;
  const wnd_eval_options *opts;
  const wnd__stepin *step;  /* bundle step, or NULL */
  int64_t now_sec;
  int32_t now_nsec;
  bool fast_track_asked;
  bool routing_reject;
  int item_flow;         /* the item's flow, declared or derived (SPEC §4.5) */
  const wnd__value **fieldv;  /* item field i's value after conversion, or NULL */
  /* routing outcome */
  const wnd__department *dept;
  const wnd__section *section;
  const wnd__window *window;
  wnd__value slots[SLOT_COUNT];
  wnd__cel_activation act;
} wnd__ectx;

/* Zero what an item evaluation reads before it sets: the first group
** above (64 of 352 bytes; the whole context cost ~49 instructions an
** evaluation to zero). */
static inline void wnd__ectx_clear(wnd__ectx *x) {
  memset(x, 0, offsetof(wnd__ectx, c));
#ifdef WND_POISON_UNSET
  /* the rest with a pattern in debug and sanitizer builds (see
  ** wnd__result_new) */
  memset(&x->c, 0xA5, sizeof *x - offsetof(wnd__ectx, c));
#endif
}

/* The end of an expression run off the plain path (evalexpr.c): no
** program, an evaluation error, a value that is not a bool, or a trace
** to write (explain).  Gives what wnd__eval_prog returns. */
WND_HIDDEN int wnd__eval_finish(wnd__ectx *x, int st, const wnd__value *v, const char *kind,
                                const char *subject, const wnd__expr *shown, const char **err);
/* A program run by the walk (no plan, or the plan left its plain path),
** then wnd__eval_finish; also for a program that was not compiled. */
WND_HIDDEN int wnd__eval_walk(wnd__ectx *x, const struct wnd__cel_program *p, const char *kind,
                              const char *subject, const wnd__expr *shown, const char **err);
/* A plan's answer traced (explain) the way wnd__eval_finish traces it. */
WND_HIDDEN int wnd__eval_traced(wnd__ectx *x, int b, const char *kind, const char *subject,
                                const wnd__expr *shown, const char **err);

/*
** Programs that run from several places of one item (`has(agent.name)` in
** a condition and in two materials' `required`) have a memo number (cel.h:
** no host function, no `m`).  Every slot but `m` is fixed once decide.c
** has bound and converted the submission, before the first program runs,
** so such a program answers the same each time within one evaluation: its
** first answer is kept in the scratch and given again, traced again when
** explaining, with the same value, error text and cost.
*/
/* Number this evaluation in the scratch's table: every entry of an earlier
** evaluation has another number. */
WND_HIDDEN uint32_t wnd__memo_begin(wnd__ectx *x);
/* Keep program p's answer, plain 0 or 1 (a bool value) or -1 (then the
** caller sets st and v); id is p's memo number. */
static inline struct wnd__memo *wnd__memo_keep(wnd__ectx *x, const struct wnd__cel_program *p,
                                               unsigned id, int plain) {
  struct wnd__memo *e = &x->s->memo[id % WND__MEMO_SLOTS];
  e->prog = p;
  e->gen = x->memo_gen ? x->memo_gen : wnd__memo_begin(x);
  e->plain = (int16_t)plain;
  return e;
}
/* A kept answer given again off the common end: a trace, an error, a
** value that is not a bool. */
WND_HIDDEN int wnd__eval_again(wnd__ectx *x, const struct wnd__memo *e, const char *kind,
                               const char *subject, const wnd__expr *shown, const char **err);

/* Evaluate a bool program: 1 true, 0 false, -1 evaluation error (the
** message in *err, valid until the scratch is released).  Traced with
** `kind` and `subject` when explaining.  Inline because an evaluation
** runs ~26 programs: the common end (the program's plan answers, or its
** answer is kept, no trace) costs at most one call into lib/cel and
** builds no value; everything else goes out of line. */
static inline int wnd__eval_prog(wnd__ectx *x, const struct wnd__cel_program *p,
                                 const char *kind, const char *subject, const wnd__expr *shown,
                                 const char **err) {
  if (p) {
    unsigned id = wnd__cel_program_memo(p);
    if (id) {
      const struct wnd__memo *e = &x->s->memo[id % WND__MEMO_SLOTS];
      if (e->prog == p && e->gen == x->memo_gen) {
        if (e->plain >= 0 && !x->explain) {
          *err = NULL;
          return e->plain;
        }
        return wnd__eval_again(x, e, kind, subject, shown, err);
      }
    }
    int b = wnd__cel_plan_run(p, &x->act, x->s->cel);
    if (b >= 0) {
      if (id) wnd__memo_keep(x, p, id, b);
      if (x->explain) return wnd__eval_traced(x, b, kind, subject, shown, err);
      *err = NULL;
      return b;
    }
  }
  return wnd__eval_walk(x, p, kind, subject, shown, err);
}

/* The same for a rule expression, which may be a constant (no program
** run; traced when explaining). */
WND_HIDDEN int wnd__eval_const(wnd__ectx *x, const wnd__expr *e, const char *kind,
                               const char *subject, const char **err);
static inline int wnd__eval_bool(wnd__ectx *x, const wnd__expr *e, const char *kind,
                                 const char *subject, const char **err) {
  if (e->constant >= 0) {
    if (x->explain) return wnd__eval_const(x, e, kind, subject, err);
    *err = NULL;
    return e->constant;
  }
  return wnd__eval_prog(x, e->prog, kind, subject, e, err);
}

/* Routing rules (step 1).  Returns true when a rule rejected. */
WND_HIDDEN bool wnd__apply_routing(wnd__ectx *x);
/* The intake window (SPEC §2.4) and output window into the result. */
WND_HIDDEN void wnd__choose_windows(wnd__ectx *x);
/* Deadlines of an accepted decision, and gap due dates (step 7). */
WND_HIDDEN void wnd__deadlines(wnd__ectx *x);
/*
** The deadline `span` after the instant `base` (SPEC §2.1): a date for day
** spans, an instant for hours/minutes.  When the calendars cannot reach
** it, text NULL and a calendar_exhausted warning about `name`.  When the
** counting passes through a day of a provisional calendar year after the
** receipt day, a calendar_provisional warning about `prov_subject` (none
** when NULL).
*/
WND_HIDDEN wnd__dl wnd__deadline_at(wnd__ectx *x, int64_t base, wnd__span span,
                                    const char *name, const char *prov_subject);
/* Whether the deadline can be counted at all, without any finding. */
WND_HIDDEN bool wnd__deadline_reachable(const wnd__ectx *x, int64_t base, wnd__span span);
/* Set a deadline of the result. */
WND_HIDDEN void wnd__set_deadline(wnd__ectx *x, int which, wnd__dl d);


/* The submission digest (record.c): cached in the submission after the
** first call; tmp holds key orderings.  WND_OK, WND_ENOMEM, WND_EINVAL. */
WND_HIDDEN int wnd__submission_digest(const wnd_submission *sub, wnd__arena *tmp, char out[72]);
/* The digest the submission keeps (its 72-byte text), or NULL when none
** was computed yet; it never changes once kept. */
static inline const char *wnd__kept_digest(const wnd_submission *sub) {
  return atomic_load_explicit(&sub->digest_state, memory_order_acquire) == 2 ? sub->digest : NULL;
}
/* Fill the decision record of a result. */
WND_HIDDEN void wnd__set_record(wnd_result *r, const wnd_catalog *c, const wnd_submission *sub,
                                const char *sub_digest, int64_t sec, int32_t nsec);

/* The whole procedure for one item; returns WND_OK or WND_ENOMEM. */
WND_HIDDEN int wnd__decide(wnd__ectx *x, wnd__value root);
/* Dates of material entries: valid_until means the end of that day, issued_at
** its start (SPEC §4.4); declared timestamp fields take the start too.  v (a
** string) is read in the catalog's offset (decide.c and materials.c). */
static inline bool wnd__to_timestamp(wnd__ectx *x, wnd__value v, bool end_of_day,
                                     wnd__value *out) {
  if (v.kind != WV_STRING) return false;
  wnd__tsparse ts;
  if (wnd__ts_parse(v.u.s, v.n, x->c->offset, &ts) != 0) return false;
  int64_t sec = ts.sec;
  if (ts.date_only && end_of_day) sec += 86399;
  *out = wnd__v_timestamp(sec, ts.date_only ? 0 : ts.nsec);
  return true;
}
/* materials.c: every material entry's valid_until / issued_at as
** timestamps (items whose expressions read `materials`), and step 4, the
** materials checked with a finding for every gap. */
WND_HIDDEN void wnd__convert_materials(wnd__ectx *x);
WND_HIDDEN void wnd__check_materials(wnd__ectx *x);

#endif
