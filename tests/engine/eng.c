/*
** eng.c — helpers for the engine tests (see eng.h).
*/
#include "eng.h"

#include <stdlib.h>

#ifndef ENG_CAT_DIR
#error "ENG_CAT_DIR must name tests/engine/cat"
#endif

wnd_env *eng_env;
wnd_catalog *eng_cat;

static void dump_diags(const wnd_diags *d) {
  for (size_t i = 0; i < wnd_diags_count(d); i++) {
    const wnd_diag *x = wnd_diags_get(d, i);
    if (x->severity == WND_SEV_ERROR)
      fprintf(stderr, "  %s:%u:%u: %s [%s]\n", x->file, x->line, x->column, x->message,
              x->code);
  }
}

wnd_catalog *eng_load(wnd_env *env, const char *dir) {
  wnd_load_options lo = WND_LOAD_OPTIONS_INIT;
  lo.today_set = true;
  lo.today = 20778; /* 2026-11-21 */
  wnd_catalog *cat = NULL;
  wnd_diags *d = NULL;
  int st = wnd_catalog_load(&cat, &d, env, dir, &lo);
  if (st != WND_OK) dump_diags(d);
  wnd_diags_free(d);
  cr_assert_eq(st, WND_OK, "loading %s: %s (%s)", dir, wnd_errstr(st), wnd_env_errmsg(env));
  return cat;
}

void eng_setup(void) {
  cr_assert_eq(wnd_env_new(&eng_env, NULL), WND_OK);
  eng_cat = eng_load(eng_env, ENG_CAT_DIR);
}

void eng_teardown(void) {
  wnd_catalog_free(eng_cat);
  wnd_env_free(eng_env);
  eng_cat = NULL;
  eng_env = NULL;
}

static int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = (unsigned)(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (int64_t)doe - 719468;
}

int64_t eng_time(const char *s) {
  int y, mo, d, h, mi, se, n = 0;
  cr_assert_eq(sscanf(s, "%d-%d-%dT%d:%d:%d%n", &y, &mo, &d, &h, &mi, &se, &n), 6,
               "bad time %s", s);
  int64_t t = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + se;
  const char *z = s + n;
  if (*z == 'Z') return t;
  int oh, om;
  cr_assert_eq(sscanf(z + 1, "%d:%d", &oh, &om), 2, "bad offset in %s", s);
  int64_t off = oh * 3600 + om * 60;
  return *z == '+' ? t - off : t + off;
}

wnd_submission *eng_sub(const char *json) {
  wnd_submission *s = NULL;
  int st = wnd_submission_parse(&s, eng_env, json, strlen(json), WND_FORMAT_JSON);
  cr_assert_eq(st, WND_OK, "parse: %s: %s\n%s", wnd_errstr(st), wnd_env_errmsg(eng_env), json);
  return s;
}

wnd_result *eng_eval_ex(const char *code, const char *json, const char *now, unsigned flags,
                        const wnd_elicenses *el) {
  wnd_submission *s = eng_sub(json);
  wnd_eval_options o = WND_EVAL_OPTIONS_INIT;
  o.flags = flags;
  o.elicenses = el;
  if (now) {
    o.now_set = true;
    o.now_sec = eng_time(now);
  }
  wnd_result *r = NULL;
  int st = wnd_evaluate(&r, eng_cat, code, s, &o);
  wnd_submission_free(s);
  cr_assert_eq(st, WND_OK, "evaluate %s: %s (%s)", code, wnd_errstr(st),
               wnd_env_errmsg(eng_env));
  cr_assert(r != NULL);
  return r;
}

wnd_result *eng_eval(const char *code, const char *json, const char *now) {
  return eng_eval_ex(code, json, now, 0, NULL);
}

wnd_result *eng_eval_sub(const char *code, const wnd_submission *s, const char *now) {
  wnd_eval_options o = WND_EVAL_OPTIONS_INIT;
  if (now) {
    o.now_set = true;
    o.now_sec = eng_time(now);
  }
  wnd_result *r = NULL;
  int st = wnd_evaluate(&r, eng_cat, code, s, &o);
  cr_assert_eq(st, WND_OK, "evaluate %s: %s", code, wnd_errstr(st));
  return r;
}

const char *eng_json(const wnd_result *r) {
  const char *j = NULL;
  size_t n = 0;
  int st = wnd_result_json(r, &j, &n);
  cr_assert_eq(st, WND_OK, "wnd_result_json: %s", wnd_errstr(st));
  cr_assert(j != NULL);
  cr_assert_eq(strlen(j), n, "result JSON length disagrees with strlen");
  return j;
}

char *eng_squash(const char *json) {
  size_t n = strlen(json);
  char *out = malloc(n + 1), *o = out;
  bool in_str = false;
  for (const char *p = json; *p; p++) {
    if (in_str) {
      *o++ = *p;
      if (*p == '\\' && p[1]) *o++ = *++p;
      else if (*p == '"') in_str = false;
    } else if (*p == '"') {
      in_str = true;
      *o++ = *p;
    } else if (*p != ' ' && *p != '\n' && *p != '\t' && *p != '\r') {
      *o++ = *p;
    }
  }
  *o = 0;
  return out;
}

/* The squashed JSON without its decision record: the digests change with
** every fixture edit, so golden texts leave them to test_record.c. */
char *eng_squash_unrecorded(const char *json) {
  char *j = eng_squash(json);
  char *rec = strstr(j, ",\"record\":{");
  if (rec) {
    char *end = strchr(rec, '}');
    memmove(rec, end + 1, strlen(end + 1) + 1);
  }
  return j;
}

const wnd_finding *eng_find(const wnd_result *r, const char *code, const char *subject) {
  for (size_t i = 0; i < wnd_result_finding_count(r); i++) {
    const wnd_finding *f = wnd_result_finding(r, i);
    if (strcmp(f->code, code)) continue;
    if (!subject && !f->subject) return f;
    if (subject && f->subject && !strcmp(subject, f->subject)) return f;
  }
  return NULL;
}

size_t eng_count(const wnd_result *r, const char *code) {
  size_t n = 0;
  for (size_t i = 0; i < wnd_result_finding_count(r); i++)
    if (!strcmp(wnd_result_finding(r, i)->code, code)) n++;
  return n;
}

size_t eng_count_prefix(const wnd_result *r, const char *prefix) {
  size_t n = 0;
  for (size_t i = 0; i < wnd_result_finding_count(r); i++)
    if (!strncmp(wnd_result_finding(r, i)->code, prefix, strlen(prefix))) n++;
  return n;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static const char *join_sorted(char **v, size_t n, char *buf, size_t cap) {
  qsort(v, n, sizeof *v, cmp_str);
  buf[0] = 0;
  for (size_t i = 0; i < n; i++) {
    if (i) strncat(buf, ",", cap - strlen(buf) - 1);
    strncat(buf, v[i], cap - strlen(buf) - 1);
  }
  return buf;
}

const char *eng_findings(const wnd_result *r) {
  static char buf[4096];
  char *v[128];
  char store[128][160];
  size_t n = wnd_result_finding_count(r);
  cr_assert(n < 128);
  for (size_t i = 0; i < n; i++) {
    const wnd_finding *f = wnd_result_finding(r, i);
    snprintf(store[i], sizeof store[i], "%s:%s", f->code, f->subject ? f->subject : "");
    v[i] = store[i];
  }
  return join_sorted(v, n, buf, sizeof buf);
}

const char *eng_sorted(const char *list) {
  static char buf[4096];
  char copy[4096];
  char *v[128];
  size_t n = 0;
  snprintf(copy, sizeof copy, "%s", list);
  if (!*copy) return "";
  for (char *save = NULL, *t = strtok_r(copy, ",", &save); t && n < 128;
       t = strtok_r(NULL, ",", &save))
    v[n++] = t;
  return join_sorted(v, n, buf, sizeof buf);
}

const char *eng_docs(const wnd_result *r) {
  static char buf[1024];
  buf[0] = 0;
  for (size_t i = 0; i < wnd_result_document_count(r); i++) {
    if (i) strcat(buf, ",");
    strncat(buf, wnd_result_document(r, i), sizeof buf - strlen(buf) - 1);
  }
  return buf;
}

const char *eng_to_supply(const wnd_result *r) {
  static char buf[1024];
  buf[0] = 0;
  for (size_t i = 0; i < wnd_result_to_supply_count(r); i++) {
    if (i) strcat(buf, ",");
    strncat(buf, wnd_result_to_supply(r, i), sizeof buf - strlen(buf) - 1);
  }
  return buf;
}
