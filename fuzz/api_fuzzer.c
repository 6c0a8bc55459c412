/*
** api_fuzzer.c — a stateful fuzzer of the public API's lifetimes: the
** input is a program of one-byte opcodes (with operand bytes) that loads
** and frees catalogs, parses and frees submissions, evaluates directly and
** through an engine, renders and frees results, rewrites the engine's
** directory and reloads it, acquires and releases snapshots, and runs a
** second thread that evaluates through the engine meanwhile — in any
** order.  Handles are never used after the harness itself freed them (that
** would be misuse, not a library bug), but everything the library hands
** out is used for as long as its documented lifetime allows: a result
** after its catalog was freed or reloaded away, a snapshot across reloads.
** Under ASan/TSan a lifetime bug such as a result pointing into catalog
** memory is a crash here.
**
** Catalogs are small fixtures written once under /dev/shm (or $TMPDIR):
** versions A and B differ in the catalog version and in a material
** check's finding code (catalog text a result must copy); version "bad"
** does not load.  The engine has a directory of its own whose item file is
** rewritten to A, B or bad before a reload.
**
** Opcodes (byte % 16), operands follow:
**   0 load A/B [slot]   1 free catalog [slot]   2 parse [slot, len, bytes]
**   3 parse builtin [slot, k]   4 free submission [slot]
**   5 evaluate [cat slot, sub slot, code, flags, result slot]
**   6 engine evaluate [sub slot, code, result slot]   7 render [slot]
**   8 free result [slot]   9 engine write A/B/bad + reload [k]
**   10 acquire [slot]   11 release [slot]   12 evaluate on snapshot
**   [snap slot, sub slot, result slot]   13 start thread [iterations]
**   14 join thread   15 engine free + new
*/
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"
#include "libwindow.h"

#define NSLOT 4
#define NRES 8

/* The catalogs the programs load live in fuzz/api-catalog/ (common/ plus
** one of v0, v1, v2: version "A", version "B" with another check code, and a
** broken item), copied into a private directory at start-up and on reload. */
#ifndef WND_FUZZ_SOURCE_ROOT
#define WND_FUZZ_SOURCE_ROOT "."
#endif
#define API_CATALOG WND_FUZZ_SOURCE_ROOT "/fuzz/api-catalog"

static const char *const BUILTIN_SUBS[] = {
    "{\"materials\":{\"form\":{\"signed\":false}},\"data\":{\"area_m2\":20.0}}",
    "{\"fast_track\":true,\"data\":{\"area_m2\":5,\"code\":\"x1\"},\"materials\":{}}",
    "{\"applicant\":{\"kind\":\"person\"},\"materials\":{\"id_card\":{},\"form\":{\"signed\":true}}}",
    "data:\n  area_m2: 12.5\nmaterials:\n  form: {signed: false}\n",
};
#define NBUILTIN (sizeof BUILTIN_SUBS / sizeof BUILTIN_SUBS[0])
static const char *const CODES[] = {"A-1", "B-1", "pair", "NOPE", ""};
#define NCODES (sizeof CODES / sizeof CODES[0])

static wnd_env *g_env;
static char g_root[256], g_dir[3][300]; /* A, B, the engine's */

/* Copy API_CATALOG/from/rel to dir/rel. */
static int copy_file(const char *dir, const char *from, const char *rel) {
  char src[1024], dst[1024], buf[4096];
  snprintf(src, sizeof src, "%s/%s/%s", API_CATALOG, from, rel);
  snprintf(dst, sizeof dst, "%s/%s", dir, rel);
  FILE *in = fopen(src, "rb");
  if (!in) return -1;
  FILE *out = fopen(dst, "wb");
  if (!out) {
    fclose(in);
    return -1;
  }
  size_t n;
  int bad = 0;
  while ((n = fread(buf, 1, sizeof buf, in)) > 0)
    if (fwrite(buf, 1, n, out) != n) bad = 1;
  bad |= ferror(in);
  fclose(in);
  return fclose(out) != 0 || bad ? -1 : 0;
}

/* Write catalog version v (0 A, 1 B, 2 bad) into dir. */
static int write_version(const char *dir, int v) {
  static const char *const VERSIONS[] = {"v0", "v1", "v2"};
  const char *from = VERSIONS[v >= 0 && v <= 2 ? v : 0];
  return copy_file(dir, from, "catalog.yaml") | copy_file(dir, from, "items/a.yaml");
}

static int make_catalog(const char *dir, int v) {
  static const char *const SUBDIRS[] = {"", "/items", "/calendars", "/bundles"};
  static const char *const COMMON[] = {"departments.yaml", "windows.yaml", "materials.yaml",
                                       "calendars/2026.yaml", "bundles/pair.yaml", "items/b.yaml"};
  char p[1024];
  for (size_t i = 0; i < 4; i++) {
    snprintf(p, sizeof p, "%s%s", dir, SUBDIRS[i]);
    if (mkdir(p, 0700) != 0) return -1;
  }
  int st = 0;
  for (size_t i = 0; i < sizeof COMMON / sizeof COMMON[0]; i++) st |= copy_file(dir, "common", COMMON[i]);
  return st | write_version(dir, v);
}

static void remove_catalog(const char *dir) {
  static const char *const FILES[] = {
      "catalog.yaml", "departments.yaml", "windows.yaml", "materials.yaml",
      "calendars/2026.yaml", "bundles/pair.yaml", "items/a.yaml", "items/b.yaml",
      "calendars", "bundles", "items", ""};
  char p[1024];
  for (size_t i = 0; i < sizeof FILES / sizeof FILES[0]; i++) {
    snprintf(p, sizeof p, "%s/%s", dir, FILES[i]);
    remove(p);
  }
}

static void cleanup(void) {
  for (int i = 0; i < 3; i++) remove_catalog(g_dir[i]);
  rmdir(g_root);
  wnd_env_free(g_env);
  g_env = NULL;
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  fuzz_mkdtemp(g_root, sizeof g_root, "apifuzz");
  for (int i = 0; i < 3; i++) {
    snprintf(g_dir[i], sizeof g_dir[i], "%s/%c", g_root, "ABE"[i]);
    if (make_catalog(g_dir[i], i == 1) != 0) {
      perror("api_fuzzer: write catalog");
      abort();
    }
  }
  if (wnd_env_new(&g_env, NULL) != WND_OK) abort();
  atexit(cleanup);
  return 0;
}

/* ---- reading a result the way a host does --------------------------------- */

static volatile size_t g_sink;

static size_t touch(const wnd_result *r) {
  size_t h = 0;
  const char *json = NULL;
  size_t len = 0;
  if (wnd_result_json(r, &json, &len) == WND_OK) h += len + (size_t)(unsigned char)json[len / 2];
  for (size_t i = 0; i < wnd_result_finding_count(r); i++) {
    const wnd_finding *f = wnd_result_finding(r, i);
    h += strlen(f->code) + (f->subject ? strlen(f->subject) : 0) + strlen(f->message);
    if (f->rule_file) h += strlen(f->rule_file);
    if (f->due) h += strlen(f->due);
  }
  static const char *const ROUTES[] = {"department", "department_name", "section", "window",
                                       "output_window", "escalated_from"};
  for (size_t i = 0; i < sizeof ROUTES / sizeof ROUTES[0]; i++) {
    const char *s = wnd_result_route(r, ROUTES[i]);
    if (s) h += strlen(s);
  }
  static const char *const DL[] = {"promised", "statutory", "supplement", "notify", "transfer"};
  for (size_t i = 0; i < sizeof DL / sizeof DL[0]; i++) {
    const char *s = wnd_result_deadline(r, DL[i]);
    if (s) h += strlen(s);
  }
  for (size_t i = 0; i < wnd_result_document_count(r); i++) h += strlen(wnd_result_document(r, i));
  for (size_t i = 0; i < wnd_result_to_supply_count(r); i++) h += strlen(wnd_result_to_supply(r, i));
  h += strlen(wnd_result_catalog_id(r)) + strlen(wnd_result_catalog_version(r));
  const char *code = wnd_result_item_code(r), *name = wnd_result_item_name(r);
  if (code) h += strlen(code);
  if (name) h += strlen(name);
  for (size_t i = 0; i < wnd_result_item_count(r); i++) h += touch(wnd_result_item(r, i));
  return h;
}

/* ---- the second thread ------------------------------------------------------ */

typedef struct worker {
  pthread_t th;
  bool running;
  wnd_engine *e;
  unsigned iterations;
  wnd_result *keep; /* the last result, handed back unrendered */
  size_t sink;      /* the worker's own, so the harness has no data race */
} worker;

static void *work(void *arg) {
  worker *w = arg;
  wnd_submission *s = NULL;
  if (wnd_submission_parse(&s, g_env, BUILTIN_SUBS[0], strlen(BUILTIN_SUBS[0]),
                           WND_FORMAT_AUTO) != WND_OK)
    return NULL;
  for (unsigned i = 0; i < w->iterations; i++) {
    wnd_result *r = NULL;
    if (wnd_engine_evaluate(&r, w->e, CODES[i % 3], s, NULL) != WND_OK) continue;
    if (i + 1 == w->iterations) {
      w->keep = r;
    } else {
      w->sink += touch(r);
      wnd_result_free(r);
    }
    const wnd_catalog *c = wnd_engine_acquire(w->e);
    if (c) {
      w->sink += wnd_catalog_item_count(c) + strlen(wnd_catalog_version(c));
      wnd_engine_release(w->e, c);
    }
  }
  wnd_submission_free(s);
  return NULL;
}

/* ---- the program ------------------------------------------------------------ */

typedef struct state {
  const uint8_t *p, *end;
  wnd_catalog *cat[NSLOT];
  wnd_submission *sub[NSLOT];
  wnd_result *res[NRES];
  const wnd_catalog *snap[NSLOT];
  wnd_engine *e;
  int engine_version; /* what the engine's directory holds now */
  worker w;
} state;

static unsigned next(state *s) { return s->p < s->end ? *s->p++ : 0; }

static void join(state *s) {
  if (!s->w.running) return;
  pthread_join(s->w.th, NULL);
  s->w.running = false;
  g_sink += s->w.sink;
  if (s->w.keep) {
    /* rendered later, after whatever reloads follow */
    wnd_result_free(s->res[NRES - 1]);
    s->res[NRES - 1] = s->w.keep;
    s->w.keep = NULL;
  }
}

static void put_result(state *s, unsigned slot, wnd_result *r) {
  wnd_result_free(s->res[slot % NRES]);
  s->res[slot % NRES] = r;
}

static void release_all(state *s) {
  for (int i = 0; i < NSLOT; i++)
    if (s->snap[i]) {
      wnd_engine_release(s->e, s->snap[i]);
      s->snap[i] = NULL;
    }
}

static void engine_new(state *s) {
  join(s);
  release_all(s);
  wnd_engine_free(s->e);
  s->e = NULL;
  wnd_load_options lo = WND_LOAD_OPTIONS_INIT;
  lo.today_set = true;
  lo.today = 20777;
  if (s->engine_version == 2) { /* the engine needs a loadable start */
    write_version(g_dir[2], 0);
    s->engine_version = 0;
  }
  wnd_engine_new(&s->e, NULL, g_env, g_dir[2], &lo);
}

static void step(state *s, unsigned op) {
  wnd_eval_options o = WND_EVAL_OPTIONS_INIT;
  o.now_set = true;
  o.now_sec = 1795591800; /* 2026-11-24T15:30:00+08:00 */
  switch (op % 16) {
    case 0: {
      unsigned v = next(s) & 1, slot = next(s) % NSLOT;
      wnd_catalog_free(s->cat[slot]);
      s->cat[slot] = NULL;
      wnd_load_options lo = WND_LOAD_OPTIONS_INIT;
      lo.today_set = true;
      lo.today = 20777;
      wnd_catalog_load(&s->cat[slot], NULL, g_env, g_dir[v], &lo);
      break;
    }
    case 1: {
      unsigned slot = next(s) % NSLOT;
      wnd_catalog_free(s->cat[slot]);
      s->cat[slot] = NULL;
      break;
    }
    case 2: {
      unsigned slot = next(s) % NSLOT, len = next(s);
      size_t avail = (size_t)(s->end - s->p);
      if (len > avail) len = (unsigned)avail;
      /* a copy of exactly len bytes, so a read past the end is seen */
      char *text = malloc(len ? len : 1);
      if (!text) break;
      memcpy(text, s->p, len);
      s->p += len;
      wnd_submission_free(s->sub[slot]);
      s->sub[slot] = NULL;
      wnd_submission_parse(&s->sub[slot], g_env, text, len, WND_FORMAT_AUTO);
      free(text);
      break;
    }
    case 3: {
      unsigned slot = next(s) % NSLOT;
      const char *t = BUILTIN_SUBS[next(s) % NBUILTIN];
      wnd_submission_free(s->sub[slot]);
      s->sub[slot] = NULL;
      wnd_submission_parse(&s->sub[slot], g_env, t, strlen(t), WND_FORMAT_AUTO);
      break;
    }
    case 4: {
      unsigned slot = next(s) % NSLOT;
      wnd_submission_free(s->sub[slot]);
      s->sub[slot] = NULL;
      break;
    }
    case 5: {
      unsigned c = next(s) % NSLOT, sub = next(s) % NSLOT, code = next(s);
      o.flags = next(s) & WND_EVAL_EXPLAIN;
      wnd_result *r = NULL;
      if (s->cat[c] && s->sub[sub])
        wnd_evaluate(&r, s->cat[c], CODES[code % NCODES], s->sub[sub], &o);
      put_result(s, next(s), r);
      break;
    }
    case 6: {
      unsigned sub = next(s) % NSLOT, code = next(s);
      wnd_result *r = NULL;
      if (s->e && s->sub[sub]) wnd_engine_evaluate(&r, s->e, CODES[code % NCODES], s->sub[sub], &o);
      put_result(s, next(s), r);
      break;
    }
    case 7: {
      const wnd_result *r = s->res[next(s) % NRES];
      if (r) g_sink += touch(r);
      break;
    }
    case 8: put_result(s, next(s), NULL); break;
    case 9: {
      /* only this thread writes the directory; a running worker only reads
         snapshots through the engine */
      s->engine_version = (int)(next(s) % 3);
      write_version(g_dir[2], s->engine_version);
      if (s->e) {
        wnd_diags *d = NULL;
        wnd_engine_reload(s->e, &d);
        wnd_diags_free(d);
      }
      break;
    }
    case 10: {
      unsigned slot = next(s) % NSLOT;
      if (s->e && !s->snap[slot]) s->snap[slot] = wnd_engine_acquire(s->e);
      break;
    }
    case 11: {
      unsigned slot = next(s) % NSLOT;
      if (s->e && s->snap[slot]) wnd_engine_release(s->e, s->snap[slot]);
      s->snap[slot] = NULL;
      break;
    }
    case 12: {
      unsigned c = next(s) % NSLOT, sub = next(s) % NSLOT;
      wnd_result *r = NULL;
      if (s->snap[c] && s->sub[sub]) wnd_evaluate(&r, s->snap[c], "A-1", s->sub[sub], &o);
      put_result(s, next(s), r);
      break;
    }
    case 13: {
      unsigned n = next(s) % 16 + 1;
      if (s->w.running || !s->e) break;
      s->w.e = s->e;
      s->w.iterations = n;
      s->w.keep = NULL;
      s->w.running = pthread_create(&s->w.th, NULL, work, &s->w) == 0;
      break;
    }
    case 14: join(s); break;
    case 15: engine_new(s); break;
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  state s;
  memset(&s, 0, sizeof s);
  s.p = data;
  s.end = data + size;
  /* every program starts from an engine on version A */
  write_version(g_dir[2], 0);
  engine_new(&s);
  for (int n = 0; s.p < s.end && n < 256; n++) step(&s, next(&s));
  /* results first rendered now, after everything they came from may be gone */
  join(&s);
  release_all(&s);
  wnd_engine_free(s.e);
  for (int i = 0; i < NSLOT; i++) wnd_catalog_free(s.cat[i]);
  for (int i = 0; i < NSLOT; i++) wnd_submission_free(s.sub[i]);
  for (int i = 0; i < NRES; i++) {
    if (s.res[i]) g_sink += touch(s.res[i]);
    wnd_result_free(s.res[i]);
  }
  return 0;
}
