/*
** coverage.c — rule coverage of `tests:` (coverage.h).
**
** A goal is one outcome of one rule that a test should show at least once:
**   condition   passed / failed          (the `require`, when it was asked)
**   material    present / missing / defective (defective only when the
**               material has checks or asks for several copies) / committed
**               (告知承诺, when the material allows a commitment)
**   check       passed / failed
**   routing     matched                  (the rule applied)
**   fast_track  granted / refused        (items with fast track enabled)
**   decision    accepted / incomplete, and rejected when a rule can reject
**   window      used                     (windows.yaml: some test went there)
** Rules are matched to the trace by the position of their expression, so two
** rules with the same subject (a material's checks) stay apart.
*/
#include "coverage.h"

#include <stdlib.h>
#include <string.h>


typedef struct goal {
  const char *kind, *name, *outcome;
  wnd_loc loc;              /* borrowed from cov.rules */
  size_t hits;
} goal;

typedef struct unit {         /* an item, or windows.yaml */
  const char *target, *file;
  size_t first, n;            /* its goals */
  unsigned flows;             /* 1 << wnd_flow of every result seen: reported, not a goal,
                              ** since which flows an item can take is the engine's call */
} unit;

typedef struct cov {
  goal *g;
  size_t n, cap;
  unit *u;
  size_t nu;
  wnd_rules *rules;         /* what the goals are about */
  bool oom;
} cov;

static void add(cov *c, const char *kind, const char *name, const char *outcome,
                const wnd_rule *rule, const char *attr) {
  wnd_loc loc = {NULL, 0, 0};
  wnd_rule_loc(rule, attr, &loc);
  if (c->n == c->cap) {
    size_t cap = c->cap ? c->cap * 2 : 256;
    goal *g = realloc(c->g, cap * sizeof *g);
    if (!g) {
      c->oom = true;
      return;
    }
    c->g = g;
    c->cap = cap;
  }
  c->g[c->n++] = (goal){kind, name, outcome, loc, 0};
}

static bool same_loc(const wnd_loc *a, const wnd_loc *b) {
  return a->line == b->line && a->column == b->column && a->file && b->file &&
         !strcmp(a->file, b->file);
}

static bool is(const wnd_rule *r, const char *key, const char *value) {
  const char *v = wnd_rule_attr(r, key);
  return v && !strcmp(v, value);
}

static bool can_reject(const wnd_rule *it) {
  for (size_t i = 0; i < wnd_rule_count(it, "condition"); i++)
    if (is(wnd_rule_child(it, "condition", i), "on_fail", "reject")) return true;
  for (size_t i = 0; i < wnd_rule_count(it, "route"); i++)
    if (wnd_rule_attr(wnd_rule_child(it, "route", i), "reject")) return true;
  return false;
}

static const char *cond_name(const wnd_rule *k) {
  const char *id = wnd_rule_id(k);
  return id ? id : "";
}

static void item_goals(cov *c, const wnd_rule *it) {
  for (size_t i = 0; i < wnd_rule_count(it, "condition"); i++) {
    const wnd_rule *k = wnd_rule_child(it, "condition", i);
    add(c, "condition", cond_name(k), "passed", k, NULL);
    add(c, "condition", cond_name(k), "failed", k, NULL);
  }
  for (size_t i = 0; i < wnd_rule_count(it, "material"); i++) {
    const wnd_rule *m = wnd_rule_child(it, "material", i);
    const char *id = wnd_rule_id(m), *copies = wnd_rule_attr(m, "copies");
    size_t nchecks = wnd_rule_count(m, "check");
    add(c, "material", id, "present", m, NULL);
    add(c, "material", id, "missing", m, NULL);
    if (nchecks || (copies && strtoll(copies, NULL, 10) > 1))
      add(c, "material", id, "defective", m, NULL);
    if (is(m, "commitment", "true")) add(c, "material", id, "committed", m, NULL);
    for (size_t k = 0; k < nchecks; k++) {
      add(c, "check", id, "passed", wnd_rule_child(m, "check", k), "require");
      add(c, "check", id, "failed", wnd_rule_child(m, "check", k), "require");
    }
  }
  for (size_t i = 0; i < wnd_rule_count(it, "route"); i++) {
    const wnd_rule *r = wnd_rule_child(it, "route", i);
    add(c, "routing", wnd_rule_id(r), "matched", r, NULL);
  }
  const wnd_rule *ft = wnd_rule_child(it, "fast_track", 0);
  if (ft && is(ft, "enabled", "true")) {
    add(c, "fast_track", "", "granted", ft, NULL);
    add(c, "fast_track", "", "refused", ft, NULL);
  }
  add(c, "decision", "", "accepted", it, NULL);
  add(c, "decision", "", "incomplete", it, NULL);
  if (can_reject(it)) add(c, "decision", "", "rejected", it, NULL);
}

static void build(cov *c, const wnd_catalog *cat) {
  if (wnd_rules_new(&c->rules, cat) != WND_OK) {
    c->oom = true;
    return;
  }
  const wnd_rule *root = wnd_rules_root(c->rules);
  size_t nitems = wnd_rule_count(root, "item");
  c->u = calloc(nitems + 1, sizeof *c->u);
  if (!c->u) {
    c->oom = true;
    return;
  }
  for (size_t i = 0; i < nitems; i++) {
    const wnd_rule *it = wnd_rule_child(root, "item", i);
    wnd_loc at;
    wnd_rule_loc(it, NULL, &at);
    unit *u = &c->u[c->nu++];
    u->target = wnd_rule_id(it);
    u->file = at.file;
    u->first = c->n;
    item_goals(c, it);
    u->n = c->n - u->first;
  }
  unit *u = &c->u[c->nu++];
  u->target = "windows.yaml";
  u->file = "windows.yaml";
  u->first = c->n;
  for (size_t i = 0; i < wnd_rule_count(root, "window"); i++) {
    const wnd_rule *w = wnd_rule_child(root, "window", i);
    add(c, "window", wnd_rule_id(w), "used", w, NULL);
  }
  u->n = c->n - u->first;
}

static unit *unit_of(cov *c, const char *target) {
  for (size_t i = 0; i < c->nu; i++)
    if (target && !strcmp(c->u[i].target, target)) return &c->u[i];
  return NULL;
}

/* Count a hit on the goal of u with this kind, outcome, and name or loc. */
static void hit(cov *c, const unit *u, const char *kind, const char *name, const wnd_loc *loc,
                const char *outcome) {
  for (size_t i = u->first; i < u->first + u->n; i++) {
    goal *g = &c->g[i];
    if (strcmp(g->kind, kind) || strcmp(g->outcome, outcome)) continue;
    if (loc ? same_loc(&g->loc, loc) : (name && !strcmp(g->name, name))) g->hits++;
  }
}

static bool has_finding(const wnd_result *r, const char *code, const char *subject) {
  for (size_t i = 0; i < wnd_result_finding_count(r); i++) {
    const wnd_finding *f = wnd_result_finding(r, i);
    bool prefix = code[strlen(code) - 1] == '_';
    if ((prefix ? !strncmp(f->code, code, strlen(code)) : !strcmp(f->code, code)) &&
        (!subject || (f->subject && !strcmp(f->subject, subject))))
      return true;
  }
  return false;
}

/* The trace entry i as a rule outcome. */
static void record_trace(cov *c, unit *u, const wnd_rule *it, const wnd_result *r, size_t i) {
  const char *kind = wnd_result_trace(r, i, "kind"), *value = wnd_result_trace(r, i, "value");
  const char *subject = wnd_result_trace(r, i, "subject");
  bool yes = value && !strcmp(value, "true");
  bool no = value && !strcmp(value, "false");
  if (!kind || (!yes && !no)) return;
  wnd_loc at = {NULL, 0, 0};
  wnd_result_trace_loc(r, i, &at);
  if (!strcmp(kind, "condition")) {
    for (size_t k = 0; k < wnd_rule_count(it, "condition"); k++) {
      const wnd_rule *cond = wnd_rule_child(it, "condition", k);
      wnd_loc req;
      if (wnd_rule_loc(cond, "require", &req) == WND_OK && same_loc(&req, &at))
        hit(c, u, "condition", cond_name(cond), NULL, yes ? "passed" : "failed");
    }
  } else if (!strcmp(kind, "check")) {
    hit(c, u, "check", NULL, &at, yes ? "passed" : "failed");
  } else if (!strcmp(kind, "routing") && yes) {
    hit(c, u, "routing", subject, NULL, "matched");
  } else if (!strcmp(kind, "material") && yes) {
    /* required here: present unless a finding says otherwise */
    if (has_finding(r, "material_missing", subject))
      hit(c, u, "material", subject, NULL, "missing");
    else if (has_finding(r, "material_by_commitment", subject))
      hit(c, u, "material", subject, NULL, "committed");
    else if (!has_finding(r, "material_", subject) ||
             has_finding(r, "material_substituted", subject))
      hit(c, u, "material", subject, NULL, "present");
    else
      hit(c, u, "material", subject, NULL, "defective");
  }
}

static void record_item(cov *c, const wnd_result *r) {
  const char *code = wnd_result_item_code(r);
  unit *u = unit_of(c, code);
  const wnd_rule *it = wnd_rule_find(wnd_rules_root(c->rules), "item", code);
  if (!u || !it) return;
  for (size_t i = 0; i < wnd_result_trace_count(r); i++) record_trace(c, u, it, r, i);
  wnd_decision d = wnd_result_decision(r);
  if (d == WND_ACCEPTED_WITH_GAPS) hit(c, u, "fast_track", "", NULL, "granted");
  if (has_finding(r, "fast_track_ineligible", NULL) ||
      has_finding(r, "fast_track_not_tolerable", NULL) ||
      has_finding(r, "fast_track_too_many_gaps", NULL))
    hit(c, u, "fast_track", "", NULL, "refused");
  u->flows |= 1u << (wnd_result_flow(r) & 3);
  static const char *const DEC[] = {"accepted", "accepted", "incomplete", "rejected"};
  hit(c, u, "decision", "", NULL, DEC[d & 3]);
  const unit *w = &c->u[c->nu - 1];
  const char *win = wnd_result_route(r, "window"), *out = wnd_result_route(r, "output_window");
  if (win) hit(c, w, "window", win, NULL, "used");
  if (out) hit(c, w, "window", out, NULL, "used");
}

static void record(cov *c, const wnd_result *r) {
  if (!wnd_result_is_bundle(r)) record_item(c, r);
  for (size_t i = 0; i < wnd_result_item_count(r); i++) record(c, wnd_result_item(r, i));
}

/* Each test's result, evaluated as wnd_catalog_test does, with a trace. */
static void on_test(const wnd_test_outcome *o, const wnd_result *r, void *payload) {
  (void)o;
  if (r) record(payload, r);
}

static size_t count_hit(const cov *c, const unit *u) {
  size_t h = 0;
  for (size_t i = u->first; i < u->first + u->n; i++) h += c->g[i].hits > 0;
  return h;
}

/* "none, receipt": the flows the tests of a unit ended in, in enum order. */
static const char *flows_text(char *buf, size_t size, unsigned flows) {
  buf[0] = '\0';
  for (int f = 0; f < 4; f++)
    if (flows & (1u << f))
      snprintf(buf + strlen(buf), size - strlen(buf), "%s%s", buf[0] ? ", " : "",
               wnd_flow_name((wnd_flow)f));
  return buf;
}

static double pct(size_t hit, size_t n) { return n ? 100.0 * (double)hit / (double)n : 100.0; }

static const char *sep(const char *dir) {
  size_t n = strlen(dir);
  return n && dir[n - 1] == '/' ? "" : "/";
}

static void json_s(FILE *out, const char *s) {
  fputc('"', out);
  for (; *s; s++) {
    if (*s == '"' || *s == '\\')
      fprintf(out, "\\%c", *s);
    else if ((unsigned char)*s < 0x20)
      fprintf(out, "\\u%04x", (unsigned char)*s);
    else
      fputc(*s, out);
  }
  fputc('"', out);
}

static void write_text(const cov *c, const char *dir, FILE *out, size_t th, size_t tn) {
  for (size_t i = 0; i < c->nu; i++) {
    const unit *u = &c->u[i];
    size_t h = count_hit(c, u);
    char fl[100];
    fprintf(out, "%5.1f%% %3zu/%-3zu %s (%s%s%s)\n", pct(h, u->n), h, u->n, u->target, dir,
            sep(dir), u->file);
    if (i + 1 < c->nu) fprintf(out, "  flows tested: %s\n", u->flows ? flows_text(fl, sizeof fl, u->flows) : "(no test)");
    for (size_t k = u->first; k < u->first + u->n; k++) {
      const goal *g = &c->g[k];
      if (!g->hits)
        fprintf(out, "  %s%s%s:%u:%u: %s%s%s never %s\n", dir, sep(dir), g->loc.file,
                g->loc.line, g->loc.column, g->kind, *g->name ? " " : "", g->name, g->outcome);
    }
  }
  fprintf(out, "total: %.1f%% (%zu of %zu rule outcomes exercised)\n", pct(th, tn), th, tn);
}

static void write_json(const cov *c, const char *dir, FILE *out, size_t th, size_t tn) {
  fprintf(out, "{\"catalog\": ");
  json_s(out, dir);
  fprintf(out, ", \"goals\": %zu, \"hit\": %zu, \"percent\": %.1f, \"targets\": [", tn, th,
          pct(th, tn));
  for (size_t i = 0; i < c->nu; i++) {
    const unit *u = &c->u[i];
    size_t h = count_hit(c, u);
    fprintf(out, "%s\n  {\"target\": ", i ? "," : "");
    json_s(out, u->target);
    fprintf(out, ", \"file\": ");
    json_s(out, u->file);
    char fl[100];
    fprintf(out, ", \"goals\": %zu, \"hit\": %zu, \"percent\": %.1f, \"flows\": \"%s\", \"missed\": [",
            u->n, h, pct(h, u->n), flows_text(fl, sizeof fl, u->flows));
    bool first = true;
    for (size_t k = u->first; k < u->first + u->n; k++) {
      const goal *g = &c->g[k];
      if (g->hits) continue;
      fprintf(out, "%s{\"line\": %u, \"column\": %u, \"kind\": ", first ? "" : ", ", g->loc.line,
              g->loc.column);
      first = false;
      json_s(out, g->kind);
      fprintf(out, ", \"name\": ");
      json_s(out, g->name);
      fprintf(out, ", \"outcome\": ");
      json_s(out, g->outcome);
      fputc('}', out);
    }
    fprintf(out, "]}");
  }
  fprintf(out, "\n]}\n");
}

/* lcov: one record per rule file; a goal's line is a line (hit when any of
** its outcomes was) and each outcome a branch, so viewers show both. */
static void write_lcov(const cov *c, const char *dir, FILE *out) {
  for (size_t i = 0; i < c->nu; i++) {
    const unit *u = &c->u[i];
    if (!u->n) continue;
    fprintf(out, "TN:\nSF:%s%s%s\n", dir, sep(dir), u->file);
    size_t lf = 0, lh = 0, bf = 0, bh = 0;
    for (size_t k = u->first; k < u->first + u->n; k++) {
      const goal *g = &c->g[k];
      fprintf(out, "BRDA:%u,0,%zu,", g->loc.line, k - u->first);
      if (g->hits)
        fprintf(out, "%zu\n", g->hits);
      else
        fprintf(out, "-\n");
      bf++;
      bh += g->hits > 0;
    }
    for (size_t k = u->first; k < u->first + u->n; k++) {
      const goal *g = &c->g[k];
      bool seen = false; /* one DA per line, at its first goal */
      for (size_t j = u->first; j < k && !seen; j++) seen = c->g[j].loc.line == g->loc.line;
      if (seen) continue;
      size_t hits = 0;
      for (size_t j = k; j < u->first + u->n; j++)
        if (c->g[j].loc.line == g->loc.line) hits += c->g[j].hits;
      fprintf(out, "DA:%u,%zu\n", g->loc.line, hits);
      lf++;
      lh += hits > 0;
    }
    fprintf(out, "BRF:%zu\nBRH:%zu\nLF:%zu\nLH:%zu\nend_of_record\n", bf, bh, lf, lh);
  }
}

double cov_report(const wnd_catalog *cat, const char *dir, cov_format fmt, FILE *out) {
  cov c = {0};
  build(&c, cat);
  if (!c.oom && wnd_catalog_test_results(cat, WND_EVAL_EXPLAIN, on_test, &c, NULL, NULL) != WND_OK)
    c.oom = true;
  double total = -1;
  if (c.oom) {
    fprintf(stderr, "window test: out of memory\n");
  } else {
    size_t th = 0;
    for (size_t i = 0; i < c.n; i++) th += c.g[i].hits > 0;
    total = pct(th, c.n);
    if (fmt == COV_JSON)
      write_json(&c, dir, out, th, c.n);
    else if (fmt == COV_LCOV)
      write_lcov(&c, dir, out);
    else
      write_text(&c, dir, out, th, c.n);
  }
  free(c.g);
  free(c.u);
  wnd_rules_free(c.rules);
  return total;
}

int cov_option(cov_opts *o, int argc, char **argv, int *i) {
  const char *a = argv[*i];
  if (!strcmp(a, "--coverage")) {
    o->on = true;
    return 1;
  }
  bool fmt = !strcmp(a, "--format"), gate = !strcmp(a, "--fail-under");
  bool file = !strcmp(a, "--output") || !strcmp(a, "-o");
  if (!fmt && !gate && !file) return 0;
  if (*i + 1 >= argc) {
    fprintf(stderr, "window test: %s needs a value\n", a);
    return -1;
  }
  const char *v = argv[++*i];
  char *end;
  o->on = true;
  if (file) {
    o->output = v;
  } else if (fmt) {
    if (!strcmp(v, "text")) o->format = COV_TEXT;
    else if (!strcmp(v, "json")) o->format = COV_JSON;
    else if (!strcmp(v, "lcov")) o->format = COV_LCOV;
    else {
      fprintf(stderr, "window test: --format takes text, json or lcov\n");
      return -1;
    }
  } else if (o->fail_under = strtod(v, &end), *end || end == v || !(o->fail_under >= 0) ||
                                                    o->fail_under > 100) {
    fprintf(stderr, "window test: --fail-under takes a percentage from 0 to 100\n");
    return -1;
  }
  return 1;
}

int cov_catalog(cov_opts *o, const wnd_catalog *cat, const char *dir) {
  if (!o->on) return 0;
  FILE *out = stdout;
  if (o->output && !(out = fopen(o->output, o->output_opened ? "a" : "w"))) {
    fprintf(stderr, "window test: cannot write %s\n", o->output);
    return 2;
  }
  o->output_opened = true;
  double p = cov_report(cat, dir, o->format, out);
  bool bad = out != stdout ? fclose(out) != 0 : fflush(out) != 0;
  if (bad) fprintf(stderr, "window test: cannot write %s\n", o->output ? o->output : "output");
  if (p < 0 || bad) return 2;
  if (o->fail_under >= 0 && p < o->fail_under) {
    fprintf(stderr, "window test: coverage of %s is %.1f%%, under --fail-under %g\n", dir, p,
            o->fail_under);
    o->below = true;
  }
  return 0;
}
