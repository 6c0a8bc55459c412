/*
** diff_replay.c — replay recorded submissions under an old and a new
** catalog (diff_replay.h).  Two results differ when their signatures
** differ: the decision, the findings (code:subject), the route and the
** deadlines — what the applicant is told, where the file goes and by when.
*/
#include "diff_replay.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char ABSENT[] = "(absent)";

static char *dup(const char *s) {
  size_t n = strlen(s) + 1;
  char *d = malloc(n);
  if (d) memcpy(d, s, n);
  return d;
}

static bool sig_add(replay_sig *s, const char *prefix, const char *a, const char *b) {
  char buf[512];
  snprintf(buf, sizeof buf, "%s%s%s", prefix, a, b ? b : "");
  if (s->n == s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 16;
    char **v = realloc(s->v, cap * sizeof *v);
    if (!v) return false;
    s->v = v;
    s->cap = cap;
  }
  if (!(s->v[s->n] = dup(buf))) return false;
  s->n++;
  return true;
}

static void sig_free(replay_sig *s) {
  for (size_t i = 0; i < s->n; i++) free(s->v[i]);
  free(s->v);
  s->v = NULL;
  s->n = s->cap = 0;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool sig_of(replay_sig *s, const wnd_result *r, const char *prefix) {
  static const char *const ROUTE[] = {"department", "section", "window", "output_window",
                                      "escalated_from"};
  static const char *const DEADLINE[] = {"promised", "statutory", "statutory_extended",
                                         "supplement", "notify", "transfer", "reply", "verify"};
  bool ok = sig_add(s, prefix, "decision ", wnd_decision_name(wnd_result_decision(r)));
  ok = ok && sig_add(s, prefix, "flow ", wnd_flow_name(wnd_result_flow(r)));
  if (ok && wnd_result_decided_by(r))
    ok = sig_add(s, prefix, "decided_by ", wnd_decider_name(wnd_result_decided_by(r)));
  for (size_t i = 0; ok && i < wnd_result_finding_count(r); i++) {
    const wnd_finding *f = wnd_result_finding(r, i);
    char fb[300];
    snprintf(fb, sizeof fb, "%s:%s", f->code, f->subject ? f->subject : "");
    ok = sig_add(s, prefix, "finding ", fb);
  }
  for (size_t i = 0; ok && i < sizeof ROUTE / sizeof ROUTE[0]; i++) {
    const char *v = wnd_result_route(r, ROUTE[i]);
    if (!v) continue;
    char full[600];
    snprintf(full, sizeof full, "route.%s %s", ROUTE[i], v);
    ok = sig_add(s, prefix, full, NULL);
  }
  for (size_t i = 0; ok && i < sizeof DEADLINE / sizeof DEADLINE[0]; i++) {
    if (!wnd_result_has_deadline(r, DEADLINE[i])) continue;
    const char *v = wnd_result_deadline(r, DEADLINE[i]);
    char full[300];
    snprintf(full, sizeof full, "deadline.%s %s", DEADLINE[i], v ? v : "null");
    ok = sig_add(s, prefix, full, NULL);
  }
  for (size_t i = 0; ok && i < wnd_result_item_count(r); i++) {
    const wnd_result *it = wnd_result_item(r, i);
    char p[200];
    snprintf(p, sizeof p, "%s%s: ", prefix, wnd_result_item_code(it));
    ok = sig_of(s, it, p);
  }
  return ok;
}

/* Lines of a that are not in b (both sorted) go to out. */
static bool sig_minus(replay_sig *out, const replay_sig *a, const replay_sig *b) {
  size_t j = 0;
  for (size_t i = 0; i < a->n; i++) {
    while (j < b->n && strcmp(b->v[j], a->v[i]) < 0) j++;
    if (j < b->n && !strcmp(b->v[j], a->v[i])) continue;
    if (!sig_add(out, "", a->v[i], NULL)) return false;
  }
  return true;
}

static replay_count *bump(replay_report *rep, replay_count **v, size_t *n, const char *key,
                          bool changed) {
  for (size_t i = 0; i < *n; i++)
    if (!strcmp((*v)[i].key, key)) {
      (*v)[i].evaluated++;
      (*v)[i].changed += changed;
      return &(*v)[i];
    }
  replay_count *nv = realloc(*v, (*n + 1) * sizeof *nv);
  if (!nv) {
    rep->oom = true;
    return NULL;
  }
  *v = nv;
  replay_count *c = &nv[*n];
  if (!(c->key = dup(key))) {
    rep->oom = true;
    return NULL;
  }
  c->evaluated = 1;
  c->changed = changed;
  (*n)++;
  return c;
}

/* Evaluate under one catalog; the decision name, or ABSENT when the item
** is not in it.  NULL on an evaluation failure (message on stderr). */
static const char *eval_one(wnd_result **res, replay_sig *sig, const wnd_catalog *cat,
                            const char *code, const wnd_submission *sub,
                            const wnd_eval_options *eo, const char *path, size_t line) {
  int st = wnd_evaluate(res, cat, code, sub, eo);
  if (st == WND_ENOTFOUND) return sig_add(sig, "", "decision ", ABSENT) ? ABSENT : NULL;
  if (st != WND_OK) {
    fprintf(stderr, "%s:%zu: %s\n", path, line, wnd_errstr(st));
    return NULL;
  }
  if (!sig_of(sig, *res, "")) return NULL;
  qsort(sig->v, sig->n, sizeof *sig->v, cmp_str);
  return wnd_decision_name(wnd_result_decision(*res));
}

static void replay_line(replay_report *rep, wnd_env *env, const wnd_catalog *o,
                        const wnd_catalog *n, const char *path, size_t line, const char *text,
                        size_t len, int64_t fixed_now) {
  wnd_submission *sub = NULL;
  if (wnd_submission_parse(&sub, env, text, len, WND_FORMAT_JSON) != WND_OK) {
    fprintf(stderr, "%s:%zu: %s\n", path, line, wnd_env_errmsg(env));
    rep->errors++;
    return;
  }
  const char *code = wnd_submission_get_string(sub, "item");
  if (!code) {
    fprintf(stderr, "%s:%zu: the submission has no \"item\" to replay it against\n", path, line);
    rep->errors++;
    wnd_submission_free(sub);
    return;
  }
  wnd_eval_options eo = WND_EVAL_OPTIONS_INIT;
  if (!wnd_submission_get_string(sub, "submitted_at")) {
    eo.now_set = true; /* same instant on both sides, or deadlines would drift */
    eo.now_sec = fixed_now;
  }
  wnd_result *ro = NULL, *rn = NULL;
  replay_sig so = {0}, sn = {0};
  const char *dold = eval_one(&ro, &so, o, code, sub, &eo, path, line);
  const char *dnew = dold ? eval_one(&rn, &sn, n, code, sub, &eo, path, line) : NULL;
  if (!dold || !dnew || (dold == ABSENT && dnew == ABSENT)) {
    if (dold == ABSENT && dnew == ABSENT)
      fprintf(stderr, "%s:%zu: no item or bundle '%s' in either catalog\n", path, line, code);
    rep->errors++;
    goto done;
  }
  replay_example ex = {line, NULL, NULL, NULL, {0}, {0}};
  if (!sig_minus(&ex.removed, &so, &sn) || !sig_minus(&ex.added, &sn, &so)) {
    rep->oom = true;
    sig_free(&ex.removed);
    sig_free(&ex.added);
    goto done;
  }
  bool changed = ex.removed.n || ex.added.n;
  rep->evaluated++;
  rep->changed += changed;
  bump(rep, &rep->items, &rep->nitems, code, changed);
  if (changed) {
    char pair[128];
    snprintf(pair, sizeof pair, "%s -> %s", dold, dnew);
    bump(rep, &rep->pairs, &rep->npairs, pair, true);
  }
  if (changed && rep->nexamples < rep->max_examples) {
    ex.target = dup(code);
    ex.old_decision = dup(dold);
    ex.new_decision = dup(dnew);
    if (!ex.target || !ex.old_decision || !ex.new_decision) rep->oom = true;
    rep->examples[rep->nexamples++] = ex;
  } else {
    sig_free(&ex.removed);
    sig_free(&ex.added);
  }
done:
  sig_free(&so);
  sig_free(&sn);
  wnd_result_free(ro);
  wnd_result_free(rn);
  wnd_submission_free(sub);
}

void replay_run(replay_report *rep, wnd_env *env, const wnd_catalog *o, const wnd_catalog *n,
                const char *path, const char *text, size_t len) {
  if (rep->max_examples && !rep->examples &&
      !(rep->examples = calloc(rep->max_examples, sizeof *rep->examples))) {
    rep->oom = true;
    return;
  }
  int64_t fixed_now = (int64_t)time(NULL);
  size_t line = 0, i = 0;
  while (i < len && !rep->oom) {
    size_t j = i;
    while (j < len && text[j] != '\n') j++;
    line++;
    size_t k = i;
    while (k < j && (text[k] == ' ' || text[k] == '\t' || text[k] == '\r')) k++;
    if (k < j) replay_line(rep, env, o, n, path, line, text + i, j - i, fixed_now);
    i = j + 1;
  }
}

void replay_free(replay_report *rep) {
  for (size_t i = 0; i < rep->nitems; i++) free(rep->items[i].key);
  for (size_t i = 0; i < rep->npairs; i++) free(rep->pairs[i].key);
  for (size_t i = 0; i < rep->nexamples; i++) {
    replay_example *e = &rep->examples[i];
    free(e->target);
    free(e->old_decision);
    free(e->new_decision);
    sig_free(&e->removed);
    sig_free(&e->added);
  }
  free(rep->items);
  free(rep->pairs);
  free(rep->examples);
}
