/*
** submission_fuzzer.c — bytes -> wnd_submission_parse (AUTO format) ->
** wnd_evaluate against every item and every bundle of the shipped catalog
** (and once with code NULL, the submission's own "item") -> wnd_result_json.
**
** The catalog is loaded once, in LLVMFuzzerInitialize, from $WND_FUZZ_CATALOG
** or else <source root>/rules.  Any status is acceptable; crashes, leaks,
** undefined behaviour and hangs are not.
**
** Evaluation time: when the submission carries a string "submitted_at" it
** is used (so the RFC 3339 reader is fuzzed too); otherwise a fixed instant
** (2026-11-20T10:00:00+08:00) keeps runs reproducible.  A fixed e-license
** set stands in for the host's elicense.available.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libwindow.h"
#include "fuzz.h"

static wnd_env *g_env;
static wnd_catalog *g_cat;
static wnd_elicenses *g_elic;
static int g_verbose; /* $WND_FUZZ_VERBOSE: print what each input did */

static const char ELICENSES[] =
    "{\"91341522MA2TB3K10L\": [\"营业执照\", \"食品经营许可证\"],"
    " \"341522198501300134\": [\"居民身份证\", \"居民户口簿\"]}";

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  g_verbose = getenv("WND_FUZZ_VERBOSE") != NULL;
  const char *dir = getenv("WND_FUZZ_CATALOG");
  if (!dir || !*dir) dir = WND_FUZZ_SOURCE_ROOT "/rules";
  if (wnd_env_new(&g_env, NULL) != WND_OK) {
    fprintf(stderr, "submission_fuzzer: wnd_env_new failed\n");
    abort();
  }
  wnd_load_options lo = WND_LOAD_OPTIONS_INIT;
  lo.today_set = true;
  lo.today = 20777; /* 2026-11-20 */
  wnd_diags *diags = NULL;
  int st = wnd_catalog_load(&g_cat, &diags, g_env, dir, &lo);
  if (st != WND_OK) {
    fprintf(stderr, "submission_fuzzer: cannot load catalog %s: %s\n", dir, wnd_errstr(st));
    for (size_t i = 0; i < wnd_diags_count(diags); i++) {
      const wnd_diag *d = wnd_diags_get(diags, i);
      fprintf(stderr, "  %s:%u:%u: %s [%s]\n", d->file, d->line, d->column, d->message, d->code);
    }
    abort();
  }
  wnd_diags_free(diags);
  if (wnd_elicenses_parse(&g_elic, g_env, ELICENSES, sizeof ELICENSES - 1) != WND_OK) {
    fprintf(stderr, "submission_fuzzer: cannot parse e-licenses\n");
    abort();
  }
  return 0;
}

/* Read everything a host would read from a result, so that bad pointers
** in it show up under ASan. */
static size_t touch_result(const wnd_result *r) {
  size_t h = 0;
  const char *json = NULL;
  size_t len = 0;
  if (wnd_result_json(r, &json, &len) == WND_OK && json) h += len + (size_t)(unsigned char)json[len ? len - 1 : 0];
  h += (size_t)wnd_result_decision(r) + (size_t)wnd_result_flow(r);
  static const char *const routes[] = {"department", "department_name", "section",
                                       "window", "output_window", "escalated_from"};
  for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
    const char *s = wnd_result_route(r, routes[i]);
    if (s) h += strlen(s);
  }
  static const char *const dl[] = {"promised", "statutory", "supplement", "notify", "transfer"};
  for (size_t i = 0; i < sizeof dl / sizeof dl[0]; i++) {
    const char *s = wnd_result_deadline(r, dl[i]);
    if (s) h += strlen(s);
  }
  for (size_t i = 0; i < wnd_result_finding_count(r); i++) {
    const wnd_finding *f = wnd_result_finding(r, i);
    h += strlen(f->code) + strlen(f->message);
    if (f->subject) h += strlen(f->subject);
    if (f->due) h += strlen(f->due);
    if (f->rule_file) h += strlen(f->rule_file);
  }
  for (size_t i = 0; i < wnd_result_document_count(r); i++) h += strlen(wnd_result_document(r, i));
  for (size_t i = 0; i < wnd_result_to_supply_count(r); i++) h += strlen(wnd_result_to_supply(r, i));
  for (size_t i = 0; i < wnd_result_item_count(r); i++) h += touch_result(wnd_result_item(r, i));
  if (!wnd_result_is_bundle(r)) {
    const char *c = wnd_result_item_code(r), *n = wnd_result_item_name(r);
    if (c) h += strlen(c);
    if (n) h += strlen(n);
  }
  return h;
}

static volatile size_t g_sink;

static void eval_one(const char *code, const wnd_submission *sub, const wnd_eval_options *eo) {
  wnd_result *r = NULL;
  int st = wnd_evaluate(&r, g_cat, code, sub, eo);
  if (st == WND_OK && r) g_sink += touch_result(r);
  if (g_verbose && !code)
    fprintf(stderr, "  own item: %s%s%s\n", wnd_errstr(st), r ? " " : "",
            r ? wnd_decision_name(wnd_result_decision(r)) : "");
  wnd_result_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  wnd_submission *sub = NULL;
  int st = wnd_submission_parse(&sub, g_env, (const char *)data, size, WND_FORMAT_AUTO);
  if (g_verbose) fprintf(stderr, "  parse: %s %s\n", wnd_errstr(st), st ? wnd_env_errmsg(g_env) : "");
  if (st != WND_OK) {
    g_sink += strlen(wnd_env_errmsg(g_env));
    wnd_submission_free(sub);
    return 0;
  }
  wnd_eval_options eo = WND_EVAL_OPTIONS_INIT;
  eo.elicenses = g_elic;
  if (!wnd_submission_get_string(sub, "submitted_at")) {
    eo.now_set = true;
    eo.now_sec = 1795140000; /* 2026-11-20T10:00:00+08:00 */
  }
  /* The submission's own "item" (may be absent or unknown). */
  eval_one(NULL, sub, &eo);
  size_t ni = wnd_catalog_item_count(g_cat), nb = wnd_catalog_bundle_count(g_cat);
  for (size_t i = 0; i < ni; i++) {
    /* Every other item with EXPLAIN, so the trace writer is fuzzed too. */
    wnd_eval_options o = eo;
    if (i % 2) o.flags |= WND_EVAL_EXPLAIN;
    eval_one(wnd_catalog_item_code(g_cat, i), sub, &o);
  }
  for (size_t i = 0; i < nb; i++) eval_one(wnd_catalog_bundle_id(g_cat, i), sub, &eo);
  wnd_submission_free(sub);
  return 0;
}
