/*
** result.c — result construction, the public accessors, and the result
** JSON (SPEC §4.3).  The JSON has a fixed key order and the layout of
** Python's json.dumps(indent=2, ensure_ascii=False), so any consumer can
** compare results byte for byte.
*/
#include "result.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "../core/strbuf.h"
#include "../json/json.h"

const char *const wnd__deadline_names[DL_COUNT] = {
    "promised", "statutory", "statutory_extended", "supplement",
    "notify",   "transfer",  "reply",              "verify"};

static const char *const RECORD_KEYS[REC_COUNT] = {"catalog_digest", "submission_digest",
                                                   "engine", "received_at"};
static const char *const ROUTE_KEYS[ROUTE_COUNT] = {
    "department", "department_name", "section", "window", "output_window", "escalated_from"};

/*
** One freed result block kept per thread, for the C library's allocator
** only.  A result is ~3.6 KB, past glibc's per-thread cache (1,032 bytes),
** so its malloc and free took ~250 instructions an evaluation (~3 % of a
** pre-built one) in _int_malloc/_int_free; taking the block back costs a
** thread-local read and write.  Only the default allocator: a host's hook
** sees every allocation and every free as before (its counts, its limits,
** its lifetime), and a block of the default allocator can be handed to any
** result, of any env, on any thread.  Bounded: one block a thread, the one
** freed last on it (a result freed on another thread goes to that thread's
** spare).  Released: at the thread's exit by a pthread key's destructor
** (the key's value only says that the thread has a spare to release: a
** getspecific/setspecific pair per evaluation cost ~80 instructions, a
** thread-local ~20), and for the thread that unloads the library or exits
** the process by the library's destructor, which also deletes the key so
** no destructor points into unloaded code.  Threads still running then keep
** their one block (freed with the process; libwindow.h says so).  An
** AddressSanitizer build keeps no spare at all: its allocator's quarantine
** is what reports a result used after wnd_result_free, which a reused
** block would hide.
*/
#if defined(__SANITIZE_ADDRESS__)
#define SPARE_KEPT 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SPARE_KEPT 0
#endif
#endif
#ifndef SPARE_KEPT
#define SPARE_KEPT 1
#endif
enum { SPARE_NONE, SPARE_READY, SPARE_CLOSED };
static atomic_int spare_state;      /* SPARE_NONE until the key is made */
static pthread_key_t spare_key;
static pthread_once_t spare_once = PTHREAD_ONCE_INIT;

typedef struct spare {
  void *block;       /* a result's block, or NULL */
  bool registered;   /* spare_key's value is set: the destructor will run */
} spare;
static _Thread_local spare tl_spare;

static void spare_free(void *p) { wnd__free(&wnd__mem_default, p); }

/* The key's destructor, at the thread's exit: sp is its tl_spare.  A
** result freed later on this thread (another destructor) registers again,
** and the destructors run again. */
static void spare_exit(void *sp) {
  spare *t = sp;
  t->registered = false;
  void *p = t->block;
  t->block = NULL;
  if (p) spare_free(p);
}

static void spare_init(void) {
  /* no key (none left): no spare, every result is allocated and freed */
  if (pthread_key_create(&spare_key, spare_exit) != 0) return;
  int none = SPARE_NONE; /* not after the library's destructor closed it */
  if (!atomic_compare_exchange_strong(&spare_state, &none, SPARE_READY))
    pthread_key_delete(spare_key);
}

static bool spare_ready(void) {
  int st = atomic_load_explicit(&spare_state, memory_order_acquire);
  if (st == SPARE_NONE) {
    pthread_once(&spare_once, spare_init);
    st = atomic_load_explicit(&spare_state, memory_order_acquire);
  }
  return st == SPARE_READY;
}

static bool default_mem(const wnd__mem *m) {
  return m->fn == wnd__mem_default.fn && m->ud == wnd__mem_default.ud;
}

/* This thread's spare block, taken, or NULL. */
static wnd_result *spare_take(void) {
  spare *t = &tl_spare;
  void *p = t->block;
  if (!p) return NULL;
  t->block = NULL;
#ifdef WND_POISON_UNSET
  /* not the last result's texts and findings in the inline buffer: a
  ** block from malloc holds garbage (under ASan its fill pattern), and a
  ** read of arena memory nobody wrote must not meet plausible values */
  memset(p, 0xA5, sizeof(wnd_result));
#endif
  return p;
}

/* Keep r's block as this thread's spare; false when it has one already or
** its release at exit cannot be arranged (then the caller frees r). */
static bool spare_put(wnd_result *r) {
  /* under ASan and after the library's destructor, nothing is kept */
  if (!SPARE_KEPT || !spare_ready()) return false;
  spare *t = &tl_spare;
  if (t->block) return false;
  if (!t->registered) {
    if (pthread_setspecific(spare_key, t) != 0) return false;
    t->registered = true;
  }
  t->block = r;
  return true;
}

__attribute__((destructor)) static void spare_fini(void) {
  /* closed even when no key was made yet, so none is made after this */
  if (atomic_exchange(&spare_state, SPARE_CLOSED) != SPARE_READY) return;
  if (tl_spare.registered) {
    pthread_setspecific(spare_key, NULL);
    spare_exit(&tl_spare);
  }
  pthread_key_delete(spare_key);
}

wnd_result *wnd__result_new(const wnd__mem *m, bool item) {
  wnd_result *r = default_mem(m) ? spare_take() : NULL;
  if (!r) r = wnd__alloc(m, sizeof *r);
  if (!r) return NULL;
  memset(r, 0, offsetof(wnd_result, mem));
  size_t set_later = offsetof(wnd_result, inline_buf) - offsetof(wnd_result, code);
  if (!item) memset(&r->code, 0, set_later);
#ifdef WND_POISON_UNSET
  /* A debug or sanitizer build (meson.build) fills what an item
  ** evaluation must set with a pattern, so a member it misses changes the
  ** tests' answers every time instead of reading whatever the block held
  ** before (often the same answer). */
  else memset(&r->code, 0xA5, set_later);
#endif
  r->mem = *m;
  atomic_init(&r->json, NULL);
  wnd__arena_init(&r->arena, &r->mem, r->inline_buf, sizeof r->inline_buf);
  return r;
}

const char *wnd__rstr(wnd_result *r, const char *s) {
  if (!s) return NULL;
  char *d = wnd__arena_strndup(&r->arena, s, strlen(s));
  if (!d) r->oom = true;
  return d;
}

/* Room for twice as many findings (and their material numbers, in the
** same arena block). */
static bool grow_findings(wnd_result *r) {
  size_t ncap = r->capfindings ? r->capfindings * 2 : 8;
  wnd_finding *nf = wnd__result_alloc(r, ncap * (sizeof *nf + sizeof *r->material));
  if (!nf) {
    r->oom = true;
    return false;
  }
  uint32_t *nk = (uint32_t *)(nf + ncap);
  if (r->nfindings) {
    memcpy(nf, r->findings, r->nfindings * sizeof *nf);
    memcpy(nk, r->material, r->nfindings * sizeof *nk);
  }
  r->findings = nf;
  r->material = nk;
  r->capfindings = ncap;
  return true;
}

/* The text s of n bytes (its NUL included) at *d, which moves past it. */
static const char *put_text(char **d, const char *s, size_t n) {
  if (!n) return NULL;
  char *p = *d;
  wnd__copy_text(p, s, n);
  *d = p + n;
  return p;
}

wnd_finding *wnd__add_finding(wnd_result *r, const char *code, wnd_severity sev,
                              const char *subject, const char *message, const wnd__loc *rule) {
  return wnd__add_finding_sized(
      r, 0, sev, (const char *const[]){code, subject, message},
      (const size_t[]){code ? strlen(code) + 1 : 0, subject ? strlen(subject) + 1 : 0,
                       message ? strlen(message) + 1 : 0},
      rule);
}

wnd_finding *wnd__add_finding_sized(wnd_result *r, uint32_t material, wnd_severity sev,
                                    const char *const text[3], const size_t size[3],
                                    const wnd__loc *rule) {
  if (r->nfindings == r->capfindings && !grow_findings(r)) return NULL;
  r->material[r->nfindings] = material;
  wnd_finding *f = &r->findings[r->nfindings++];
  memset(f, 0, sizeof *f);
  f->severity = sev;
  /* a material check's code is catalog text: copy it like everything else,
     so the result outlives the catalog (and an engine reload); the texts
     go into one arena block, the rule file only when it is not the one
     the last finding copied */
  const char *file = rule ? rule->file : NULL;
  bool copy_file = file && file != r->rule_file_src;
  const char *code = text[0], *subject = text[1], *message = text[2];
  size_t lc = size[0], ls = size[1], lm = size[2], lf = copy_file ? strlen(file) + 1 : 0;
  size_t total = lc + ls + lm + lf;
  char *d = total ? wnd__result_alloc(r, total) : NULL;
  if (total && !d) {
    r->oom = true;
    copy_file = false;
    lc = ls = lm = lf = 0;
  }
  f->code = put_text(&d, code, lc);
  f->subject = put_text(&d, subject, ls);
  f->message = put_text(&d, message, lm);
  if (copy_file) {
    r->rule_file_src = file;
    r->rule_file_copy = put_text(&d, file, lf);
  }
  if (file) {
    f->rule_file = file == r->rule_file_src ? r->rule_file_copy : NULL; /* NULL: no memory */
    f->rule_line = rule->line;
    f->rule_column = rule->col;
  }
  return f;
}

wnd_finding *wnd__add_material_finding(wnd_result *r, uint32_t which, const char *code,
                                       wnd_severity sev, const char *subject,
                                       const char *message, const wnd__loc *rule) {
  return wnd__add_finding_sized(
      r, which + 1, sev, (const char *const[]){code, subject, message},
      (const size_t[]){code ? strlen(code) + 1 : 0, subject ? strlen(subject) + 1 : 0,
                       message ? strlen(message) + 1 : 0},
      rule);
}

void wnd__add_trace(wnd_result *r, const char *kind, const char *subject, const wnd__expr *e,
                    const wnd__value *value, bool is_error, const char *errmsg) {
  if (!r->explain) return;
  if (r->ntrace == r->captrace) {
    size_t ncap = r->captrace ? r->captrace * 2 : 16;
    wnd__trace *nt = wnd__arena_alloc(&r->arena, ncap * sizeof *nt);
    if (!nt) {
      r->oom = true;
      return;
    }
    if (r->ntrace) memcpy(nt, r->trace, r->ntrace * sizeof *nt);
    r->trace = nt;
    r->captrace = ncap;
  }
  wnd__trace *t = &r->trace[r->ntrace++];
  memset(t, 0, sizeof *t);
  t->kind = kind;
  t->stage = r->trace_stage; /* static text */
  t->subject = wnd__rstr(r, subject);
  if (e) {
    t->expr = wnd__rstr(r, e->text);
    t->loc = e->loc;
    t->loc.file = wnd__rstr(r, e->loc.file);
  }
  if (is_error) {
    t->error = wnd__rstr(r, errmsg ? errmsg : "error");
  } else if (value) {
    wnd__strbuf sb;
    wnd__sb_init(&sb, &r->mem);
    wnd__json_write(&sb, *value);
    if (sb.oom || !sb.data)
      r->oom = true; /* a trace with a hole is not the result asked for */
    else
      t->value = wnd__rstr(r, sb.data);
    wnd__sb_free(&sb);
  }
}

/* ---- public accessors -------------------------------------------------- */

const char *wnd_decision_name(wnd_decision d) {
  switch (d) {
    case WND_ACCEPTED: return "accepted";
    case WND_ACCEPTED_WITH_GAPS: return "accepted_with_gaps";
    case WND_INCOMPLETE: return "incomplete";
    case WND_REJECTED: return "rejected";
  }
  return "unknown";
}

const char *wnd_flow_name(wnd_flow f) {
  switch (f) {
    case WND_FLOW_NONE: return "none";
    case WND_FLOW_ON_SPOT_COMPLETION: return "on_spot_completion";
    case WND_FLOW_ON_SPOT_ACCEPTANCE: return "on_spot_acceptance";
    case WND_FLOW_RECEIPT: return "receipt";
  }
  return "unknown";
}

const char *wnd_decider_name(wnd_decider d) {
  switch (d) {
    case WND_DECIDED_BY_WINDOW: return "window";
    case WND_DECIDED_BY_BACK_OFFICE: return "back_office";
  }
  return NULL;
}

wnd_decider wnd_result_decided_by(const wnd_result *r) { return r ? r->decided_by : 0; }

const char *wnd_result_record(const wnd_result *r, const char *key) {
  if (!r || !key || !r->has_record) return NULL;
  for (int i = 0; i < REC_COUNT; i++)
    if (!strcmp(key, RECORD_KEYS[i])) return r->record[i];
  return NULL;
}

wnd_decision wnd_result_decision(const wnd_result *r) { return r ? r->decision : WND_REJECTED; }
wnd_flow wnd_result_flow(const wnd_result *r) { return r ? r->flow : WND_FLOW_NONE; }

const char *wnd_result_route(const wnd_result *r, const char *key) {
  if (!r || !key) return NULL;
  for (int i = 0; i < ROUTE_COUNT; i++)
    if (!strcmp(key, ROUTE_KEYS[i])) return r->route[i];
  return NULL;
}

size_t wnd_result_finding_count(const wnd_result *r) { return r ? r->nfindings : 0; }
const wnd_finding *wnd_result_finding(const wnd_result *r, size_t i) {
  return r && i < r->nfindings ? &r->findings[i] : NULL;
}

const char *wnd_result_deadline(const wnd_result *r, const char *name) {
  if (!r || !name) return NULL;
  for (int i = 0; i < DL_COUNT; i++)
    if (!strcmp(name, wnd__deadline_names[i])) return r->deadline[i];
  return NULL;
}

bool wnd_result_has_deadline(const wnd_result *r, const char *name) {
  if (!r || !name) return false;
  for (int i = 0; i < DL_COUNT; i++)
    if (!strcmp(name, wnd__deadline_names[i])) return r->has_deadline[i];
  return false;
}

const char *wnd_result_catalog_id(const wnd_result *r) {
  return r && r->catalog_id ? r->catalog_id : "";
}
const char *wnd_result_catalog_version(const wnd_result *r) {
  return r && r->catalog_version ? r->catalog_version : "";
}

size_t wnd_result_document_count(const wnd_result *r) { return r ? r->ndocuments : 0; }
const char *wnd_result_document(const wnd_result *r, size_t i) {
  return r && i < r->ndocuments ? r->documents[i] : NULL;
}
bool wnd_result_is_bundle(const wnd_result *r) { return r && r->is_bundle; }
size_t wnd_result_item_count(const wnd_result *r) { return r ? r->nitems : 0; }
const wnd_result *wnd_result_item(const wnd_result *r, size_t i) {
  return r && i < r->nitems ? r->items[i] : NULL;
}
size_t wnd_result_to_supply_count(const wnd_result *r) { return r ? r->nto_supply : 0; }
const char *wnd_result_to_supply(const wnd_result *r, size_t i) {
  return r && i < r->nto_supply ? r->to_supply[i] : NULL;
}
const char *wnd_result_item_code(const wnd_result *r) { return r ? r->code : NULL; }
const char *wnd_result_item_name(const wnd_result *r) { return r ? r->name : NULL; }

void wnd_result_free(wnd_result *r) {
  if (!r) return;
  wnd__mem m = r->mem;
  for (size_t i = 0; i < r->nitems; i++) wnd_result_free(r->items[i]);
  char *json = atomic_load_explicit(&r->json, memory_order_acquire);
  if (json) wnd__free(&m, json);
  /* a typical result never left its inline buffer: no chunk to free */
  if (r->arena.chunks) wnd__arena_free(&r->arena);
  if (default_mem(&m) && spare_put(r)) return;
  wnd__free(&m, r);
}

/* ---- JSON -------------------------------------------------------------- */

typedef struct jw {
  wnd__strbuf *b;
  int depth;
  bool first;  /* no member written yet at this depth */
} jw;

static void nl(jw *w) {
  wnd__sb_addc(w->b, '\n');
  for (int i = 0; i < w->depth; i++) wnd__sb_add(w->b, "  ", 2);
}

static void open_(jw *w, char c) {
  wnd__sb_addc(w->b, c);
  w->depth++;
  w->first = true;
}

static void close_(jw *w, char c) {
  w->depth--;
  if (!w->first) nl(w);
  wnd__sb_addc(w->b, c);
  w->first = false;
}

static void member(jw *w, const char *key) {
  if (!w->first) wnd__sb_addc(w->b, ',');
  nl(w);
  w->first = false;
  if (key) {
    wnd__sb_json_str(w->b, key, strlen(key));
    wnd__sb_add(w->b, ": ", 2);
  }
}

static void str_or_null(jw *w, const char *s) {
  if (s)
    wnd__sb_json_str(w->b, s, strlen(s));
  else
    wnd__sb_adds(w->b, "null");
}

static void kv_str(jw *w, const char *k, const char *v) {
  member(w, k);
  str_or_null(w, v);
}

static void write_result(jw *w, const wnd_result *r);

/* "file:line:col" as a JSON string; the path is escaped like any text. */
static void rule_ref(jw *w, const char *file, uint32_t line, uint32_t col) {
  if (!file) {
    wnd__sb_adds(w->b, "null");
    return;
  }
  char tail[32];
  int n = snprintf(tail, sizeof tail, ":%u:%u", line, col);
  wnd__strbuf tmp;
  wnd__sb_init(&tmp, w->b->mem);
  wnd__sb_adds(&tmp, file);
  wnd__sb_add(&tmp, tail, (size_t)n);
  if (tmp.oom)
    w->b->oom = true;
  else
    wnd__sb_json_str(w->b, tmp.data, tmp.len);
  wnd__sb_free(&tmp);
}

static void write_record(jw *w, const wnd_result *r) {
  if (!r->has_record) return;
  member(w, "record");
  open_(w, '{');
  for (int i = 0; i < REC_COUNT; i++) kv_str(w, RECORD_KEYS[i], r->record[i]);
  close_(w, '}');
}

static void write_findings(jw *w, const wnd_result *r) {
  member(w, "findings");
  open_(w, '[');
  for (size_t i = 0; i < r->nfindings; i++) {
    const wnd_finding *f = &r->findings[i];
    member(w, NULL);
    open_(w, '{');
    kv_str(w, "code", f->code);
    kv_str(w, "severity", f->severity == WND_SEV_ERROR ? "error"
                          : f->severity == WND_SEV_WARNING ? "warning" : "info");
    kv_str(w, "subject", f->subject);
    kv_str(w, "message", f->message);
    member(w, "tolerated");
    wnd__sb_adds(w->b, f->tolerated ? "true" : "false");
    kv_str(w, "due", f->due);
    member(w, "rule");
    rule_ref(w, f->rule_file, f->rule_line, f->rule_column);
    close_(w, '}');
  }
  close_(w, ']');
}

static void write_deadlines(jw *w, const wnd_result *r) {
  member(w, "deadlines");
  open_(w, '{');
  for (int i = 0; i < DL_COUNT; i++)
    if (r->has_deadline[i]) kv_str(w, wnd__deadline_names[i], r->deadline[i]);
  close_(w, '}');
}

static void write_item(jw *w, const wnd_result *r) {
  open_(w, '{');
  member(w, "item");
  open_(w, '{');
  kv_str(w, "code", r->code);
  kv_str(w, "name", r->name);
  close_(w, '}');
  kv_str(w, "decision", wnd_decision_name(r->decision));
  kv_str(w, "flow", wnd_flow_name(r->flow));
  member(w, "route");
  open_(w, '{');
  for (int i = 0; i < ROUTE_COUNT; i++) kv_str(w, ROUTE_KEYS[i], r->route[i]);
  close_(w, '}');
  write_findings(w, r);
  write_deadlines(w, r);
  member(w, "documents");
  open_(w, '[');
  for (size_t i = 0; i < r->ndocuments; i++) {
    member(w, NULL);
    str_or_null(w, r->documents[i]);
  }
  close_(w, ']');
  kv_str(w, "decided_by", wnd_decider_name(r->decided_by));
  member(w, "catalog");
  open_(w, '{');
  kv_str(w, "id", r->catalog_id);
  kv_str(w, "version", r->catalog_version);
  close_(w, '}');
  write_record(w, r);
  if (r->explain) {
    member(w, "trace");
    open_(w, '[');
    for (size_t i = 0; i < r->ntrace; i++) {
      const wnd__trace *t = &r->trace[i];
      member(w, NULL);
      open_(w, '{');
      kv_str(w, "kind", t->kind);
      kv_str(w, "subject", t->subject);
      kv_str(w, "expr", t->expr);
      member(w, "value");
      wnd__sb_adds(w->b, t->value ? t->value : "null");
      kv_str(w, "error", t->error);
      if (t->stage) kv_str(w, "stage", t->stage);
      member(w, "rule");
      rule_ref(w, t->loc.file, t->loc.line, t->loc.col);
      close_(w, '}');
    }
    close_(w, ']');
  }
  close_(w, '}');
}

static void write_result(jw *w, const wnd_result *r) {
  if (!r->is_bundle) {
    write_item(w, r);
    return;
  }
  open_(w, '{');
  member(w, "bundle");
  open_(w, '{');
  kv_str(w, "id", r->code);
  kv_str(w, "name", r->name);
  close_(w, '}');
  kv_str(w, "decision", wnd_decision_name(r->decision));
  member(w, "items");
  open_(w, '[');
  for (size_t i = 0; i < r->nitems; i++) {
    member(w, NULL);
    write_result(w, r->items[i]);
  }
  close_(w, ']');
  member(w, "to_supply");
  open_(w, '[');
  for (size_t i = 0; i < r->nto_supply; i++) {
    member(w, NULL);
    str_or_null(w, r->to_supply[i]);
  }
  close_(w, ']');
  write_deadlines(w, r);
  write_findings(w, r);
  write_record(w, r);
  close_(w, '}');
}

int wnd_result_json(const wnd_result *cr, const char **out, size_t *len) {
  if (!cr || !out) return wnd__fail(WND_EINVAL, "wnd_result_json: result or out is NULL");
  /* The cache is the only mutable part of a result.  Two threads may both
  ** render; the first to publish wins and the other frees its copy. */
  wnd_result *r = (wnd_result *)cr;
  char *text = atomic_load_explicit(&r->json, memory_order_acquire);
  if (!text) {
    wnd__strbuf sb;
    wnd__sb_init(&sb, &r->mem);
    jw w = {&sb, 0, true};
    write_result(&w, r);
    size_t n;
    char *mine = wnd__sb_take(&sb, &n);
    if (!mine) return wnd__fail(WND_ENOMEM, "out of memory rendering the result JSON");
    char *expected = NULL;
    if (atomic_compare_exchange_strong_explicit(&r->json, &expected, mine, memory_order_acq_rel,
                                                memory_order_acquire)) {
      text = mine;
    } else {
      wnd__free(&r->mem, mine);
      text = expected;
    }
  }
  *out = text;
  /* the text has no NUL inside (the writer escapes U+0000) */
  if (len) *len = strlen(text);
  return WND_OK;
}
