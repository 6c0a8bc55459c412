/*
** result.h — the result of one evaluation (SPEC §4.3).  Everything it
** holds is copied into its own arena, so it outlives the catalog snapshot
** and the submission it came from.
*/
#ifndef WND_ENGINE_RESULT_H
#define WND_ENGINE_RESULT_H

#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

#include "../catalog/model.h"

enum { ROUTE_DEPARTMENT, ROUTE_DEPARTMENT_NAME, ROUTE_SECTION, ROUTE_WINDOW,
       ROUTE_OUTPUT_WINDOW, ROUTE_ESCALATED_FROM, ROUTE_COUNT };

/* Deadlines in the order the result JSON lists them (SPEC §4.2 step 7). */
enum { DL_PROMISED, DL_STATUTORY, DL_STATUTORY_EXTENDED, DL_SUPPLEMENT, DL_NOTIFY, DL_TRANSFER,
       DL_REPLY, DL_VERIFY, DL_COUNT };

/* Decision record keys (SPEC §4.5), in JSON order. */
enum { REC_CATALOG_DIGEST, REC_SUBMISSION_DIGEST, REC_ENGINE, REC_RECEIVED_AT, REC_COUNT };

typedef struct wnd__trace {
  const char *kind;      /* routing, field, condition, material, check, fast_track, window */
  const char *subject;
  const char *expr;      /* expression text, or NULL */
  const char *value;     /* JSON of the value, or NULL */
  const char *error;     /* evaluation error, or NULL */
  const char *stage;     /* conditions: "acceptance" or "approval"; else NULL */
  wnd__loc loc;
} wnd__trace;

struct wnd_result {
  /* Zeroed by wnd__result_new. */
  bool is_bundle, explain, oom;
  bool has_record;
  wnd_finding *findings;
  uint32_t *material;            /* per finding: 0, or k + 1 when it is about the
                                    item's material k (the materials step) */
  size_t nfindings, capfindings;
  bool has_deadline[DL_COUNT];   /* key present (value may be NULL) */
  const char *deadline[DL_COUNT];
  const char *trace_stage;       /* stage given to new trace entries */
  /* The rule file of the last finding that had one, and the result's copy
  ** of it: a result's findings mostly come from one rule file, copied once. */
  const char *rule_file_src, *rule_file_copy;
  size_t ndocuments;
  wnd_result **items;
  size_t nitems;
  const char **to_supply;
  size_t nto_supply;
  wnd__trace *trace;
  size_t ntrace, captrace;
  /* The rendered JSON, published once with compare-and-swap so threads
  ** sharing a const result may all call wnd_result_json. */
  _Atomic(char *) json;
  /* Set by wnd__result_new. */
  wnd__mem mem;
  wnd__arena arena;
  /* Zeroed by wnd__result_new for a bundle only: an item's evaluation
  ** (evaluate.c eval_item, decide.c) sets them before anything reads them,
  ** or reads them only where a zeroed member says they are set
  ** (ndocuments, has_record, deadline[i]).  Zeroing the ~520-byte header
  ** whole cost ~75 instructions an evaluation. */
  const char *code, *name;
  wnd_decision decision;
  wnd_flow flow;
  wnd_decider decided_by;        /* 0 for a bundle */
  int32_t utc_offset;            /* the catalog's timezone, for deadline days */
  const char *route[ROUTE_COUNT];
  int64_t deadline_sec[DL_COUNT];    /* when deadline[i] is not NULL: the instant it ends */
  const char *record[REC_COUNT];     /* when has_record */
  const char *documents[3];          /* the first ndocuments */
  const char *catalog_id, *catalog_version;
  /* the first arena chunk, so a typical result is one allocation */
  char inline_buf[3072];
};

/* A result; `item`: for eval_item, which sets the members of the last
** group (see above) itself. */
WND_HIDDEN wnd_result *wnd__result_new(const wnd__mem *m, bool item);
/* Copy a string into the result (NULL stays NULL); sets oom on failure. */
WND_HIDDEN const char *wnd__rstr(wnd_result *r, const char *s);
/* The same for n <= WND_RSTRS_MAX strings at once, into dst: one arena
** block for all of them instead of one call and one block each (an
** evaluation copies ~40 strings). */
enum { WND_RSTRS_MAX = 8 };
static inline void wnd__rstrs(wnd_result *r, size_t n, const char *const *src,
                              const char **dst);

/* A block of the result's arena, its common case inline: an evaluation
** takes ~8 (texts, findings, deadlines, record) and the call was about a
** fifth of each.  Hands out exactly what wnd__arena_alloc would (16-byte
** multiples from cur, mem.h; counted in used; tests/engine/test_rtext.c
** compares the two); a new chunk, a limit, n == 0 or a huge n go there. */
static inline void *wnd__result_alloc(wnd_result *r, size_t n) {
  wnd__arena *a = &r->arena;
  size_t need = (n + 15) & ~(size_t)15;
  if (n - 1 < SIZE_MAX / 2 && !a->limit && a->cur && (size_t)(a->end - a->cur) >= need) {
    void *p = a->cur;
    a->cur += need;
    a->used += need;
    return p;
  }
  return wnd__arena_alloc(a, n);
}

/* Copy n bytes, the way for the short texts of a result (ids, names,
** messages: mostly under 33 bytes) without a call: two overlapping
** loads and stores of 4, 8 or 2 x 8 bytes; memcpy beyond that. */
static inline void wnd__copy_text(char *d, const char *s, size_t n) {
  uint64_t a, b, c, e;
  uint32_t u, v;
  if (n >= 8 && n <= 16) {
    memcpy(&a, s, 8);
    memcpy(&b, s + n - 8, 8);
    memcpy(d, &a, 8);
    memcpy(d + n - 8, &b, 8);
  } else if (n > 16 && n <= 32) {
    memcpy(&a, s, 8);
    memcpy(&b, s + 8, 8);
    memcpy(&c, s + n - 16, 8);
    memcpy(&e, s + n - 8, 8);
    memcpy(d, &a, 8);
    memcpy(d + 8, &b, 8);
    memcpy(d + n - 16, &c, 8);
    memcpy(d + n - 8, &e, 8);
  } else if (n >= 4 && n < 8) {
    memcpy(&u, s, 4);
    memcpy(&v, s + n - 4, 4);
    memcpy(d, &u, 4);
    memcpy(d + n - 4, &v, 4);
  } else {
    memcpy(d, s, n);
  }
}

/* wnd__rstrs for texts whose sizes the caller knows: len[i] is
** strlen(src[i]) + 1, 0 for a NULL src[i].  Inline: callers pass a
** constant n, so the loops unroll, and the texts are copied without a
** call each. */
static inline void wnd__rstrs_sized(wnd_result *r, size_t n, const char *const *src,
                                    const size_t *len, const char **dst) {
  size_t total = 0;
  if (n > WND_RSTRS_MAX) n = WND_RSTRS_MAX;
  for (size_t i = 0; i < n; i++) total += len[i];
  char *d = total ? wnd__result_alloc(r, total) : NULL;
  if (total && !d) r->oom = true;
  for (size_t i = 0; i < n; i++) {
    dst[i] = NULL;
    if (!len[i] || !d) continue;
    wnd__copy_text(d, src[i], len[i]);
    dst[i] = d;
    d += len[i];
  }
}

static inline void wnd__rstrs(wnd_result *r, size_t n, const char *const *src,
                              const char **dst) {
  size_t len[WND_RSTRS_MAX];
  if (n > WND_RSTRS_MAX) n = WND_RSTRS_MAX;
  for (size_t i = 0; i < n; i++) len[i] = src[i] ? strlen(src[i]) + 1 : 0;
  wnd__rstrs_sized(r, n, src, len, dst);
}

/* Add a finding, its texts copied into the result.  rule->file must be a
** text that does not change while the result is built (a catalog's): a
** finding whose rule file is the same pointer as the previous one's shares
** that copy. */
WND_HIDDEN wnd_finding *wnd__add_finding(wnd_result *r, const char *code, wnd_severity sev,
                                        const char *subject, const char *message,
                                        const wnd__loc *rule);
/* The same for a finding about material `subject`, the item's material
** number `which` (missing, wrong form, copies, a failed check whatever its
** code): what fast track and a bundle's to_supply look at.  The kind is
** recorded, never guessed from the code, because rule authors choose
** check codes freely. */
WND_HIDDEN wnd_finding *wnd__add_material_finding(wnd_result *r, uint32_t which,
                                                 const char *code, wnd_severity sev,
                                                 const char *subject, const char *message,
                                                 const wnd__loc *rule);
/* Either of them with the sizes of its texts known: text[] is code,
** subject, message; size[i] is strlen(text[i]) + 1, 0 for NULL; material
** is 0, or the material's number + 1. */
WND_HIDDEN wnd_finding *wnd__add_finding_sized(wnd_result *r, uint32_t material,
                                              wnd_severity sev, const char *const text[3],
                                              const size_t size[3], const wnd__loc *rule);
/* Whether finding i was added by wnd__add_material_finding (with its
** subject): then the material's number + 1, else 0. */
static inline uint32_t wnd__finding_material(const wnd_result *r, size_t i) {
  return i < r->nfindings && r->findings[i].subject ? r->material[i] : 0;
}
static inline bool wnd__is_material_finding(const wnd_result *r, size_t i) {
  return wnd__finding_material(r, i) != 0;
}
WND_HIDDEN void wnd__add_trace(wnd_result *r, const char *kind, const char *subject,
                               const wnd__expr *e, const wnd__value *value, bool is_error,
                               const char *errmsg);
WND_HIDDEN extern const char *const wnd__deadline_names[DL_COUNT];

#endif
