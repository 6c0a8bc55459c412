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

#include "../lib/catalog/model.h"
#include "../lib/engine/result.h"
#include "../lib/engine/selftest.h"

typedef struct goal {
  const char *kind, *name, *outcome;
  wnd__loc loc;
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
  bool oom;
} cov;

static void add(cov *c, const char *kind, const char *name, const char *outcome,
                const wnd__loc *loc) {
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
  c->g[c->n++] = (goal){kind, name, outcome, *loc, 0};
}

static bool same_loc(const wnd__loc *a, const wnd__loc *b) {
  return a->line == b->line && a->col == b->col && a->file && b->file && !strcmp(a->file, b->file);
}

static bool can_reject(const wnd__item *it) {
  for (uint32_t i = 0; i < it->nconditions; i++)
    if (!it->conditions[i].correct) return true;
  for (uint32_t i = 0; i < it->nroutes; i++)
    if (it->routes[i].reject) return true;
  return false;
}

static void item_goals(cov *c, const wnd__item *it) {
  for (uint32_t i = 0; i < it->nconditions; i++) {
    const wnd__condition *k = &it->conditions[i];
    const char *name = k->id ? k->id : "";
    add(c, "condition", name, "passed", &k->loc);
    add(c, "condition", name, "failed", &k->loc);
  }
  for (uint32_t i = 0; i < it->nmaterials; i++) {
    const wnd__material *m = &it->materials[i];
    add(c, "material", m->id, "present", &m->loc);
    add(c, "material", m->id, "missing", &m->loc);
    if (m->nchecks || m->copies > 1) add(c, "material", m->id, "defective", &m->loc);
    if (m->commitment) add(c, "material", m->id, "committed", &m->loc);
    for (uint32_t k = 0; k < m->nchecks; k++) {
      add(c, "check", m->id, "passed", &m->checks[k].require.loc);
      add(c, "check", m->id, "failed", &m->checks[k].require.loc);
    }
  }
  for (uint32_t i = 0; i < it->nroutes; i++)
    add(c, "routing", it->routes[i].subject, "matched", &it->routes[i].loc);
  if (it->fast_track.present && it->fast_track.enabled) {
    add(c, "fast_track", "", "granted", &it->fast_track.loc);
    add(c, "fast_track", "", "refused", &it->fast_track.loc);
  }
  add(c, "decision", "", "accepted", &it->loc);
  add(c, "decision", "", "incomplete", &it->loc);
  if (can_reject(it)) add(c, "decision", "", "rejected", &it->loc);
}

static void build(cov *c, const wnd_catalog *cat) {
  c->u = calloc((size_t)cat->nitems + 1, sizeof *c->u);
  if (!c->u) {
    c->oom = true;
    return;
  }
  for (uint32_t i = 0; i < cat->nitems; i++) {
    unit *u = &c->u[c->nu++];
    u->target = cat->items[i].code;
    u->file = cat->items[i].loc.file;
    u->first = c->n;
    item_goals(c, &cat->items[i]);
    u->n = c->n - u->first;
  }
  unit *u = &c->u[c->nu++];
  u->target = "windows.yaml";
  u->file = "windows.yaml";
  u->first = c->n;
  for (uint32_t i = 0; i < cat->nwindows; i++)
    add(c, "window", cat->windows[i].id, "used", &cat->windows[i].loc);
  u->n = c->n - u->first;
}

static unit *unit_of(cov *c, const char *target) {
  for (size_t i = 0; i < c->nu; i++)
    if (target && !strcmp(c->u[i].target, target)) return &c->u[i];
  return NULL;
}

/* Count a hit on the goal of u with this kind, outcome, and name or loc. */
static void hit(cov *c, const unit *u, const char *kind, const char *name, const wnd__loc *loc,
                const char *outcome) {
  for (size_t i = u->first; i < u->first + u->n; i++) {
    goal *g = &c->g[i];
    if (strcmp(g->kind, kind) || strcmp(g->outcome, outcome)) continue;
    if (loc ? same_loc(&g->loc, loc) : (name && !strcmp(g->name, name))) g->hits++;
  }
}

static bool has_finding(const wnd_result *r, const char *code, const char *subject) {
  for (size_t i = 0; i < r->nfindings; i++) {
    const wnd_finding *f = &r->findings[i];
    bool prefix = code[strlen(code) - 1] == '_';
    if ((prefix ? !strncmp(f->code, code, strlen(code)) : !strcmp(f->code, code)) &&
        (!subject || (f->subject && !strcmp(f->subject, subject))))
      return true;
  }
  return false;
}

static void record_item(cov *c, const wnd_catalog *cat, const wnd_result *r) {
  unit *u = unit_of(c, r->code);
  const wnd__item *it = wnd__find_item(cat, r->code);
  if (!u || !it) return;
  for (size_t i = 0; i < r->ntrace; i++) {
    const wnd__trace *t = &r->trace[i];
    bool yes = t->value && !strcmp(t->value, "true");
    bool no = t->value && !strcmp(t->value, "false");
    if (!yes && !no) continue;
    if (!strcmp(t->kind, "condition")) {
      for (uint32_t k = 0; k < it->nconditions; k++)
        if (same_loc(&it->conditions[k].require.loc, &t->loc))
          hit(c, u, "condition", it->conditions[k].id ? it->conditions[k].id : "", NULL,
              yes ? "passed" : "failed");
    } else if (!strcmp(t->kind, "check")) {
      hit(c, u, "check", NULL, &t->loc, yes ? "passed" : "failed");
    } else if (!strcmp(t->kind, "routing") && yes) {
      hit(c, u, "routing", t->subject, NULL, "matched");
    } else if (!strcmp(t->kind, "material") && yes) {
      /* required here: present unless a finding says otherwise */
      if (has_finding(r, "material_missing", t->subject))
        hit(c, u, "material", t->subject, NULL, "missing");
      else if (has_finding(r, "material_by_commitment", t->subject))
        hit(c, u, "material", t->subject, NULL, "committed");
      else if (!has_finding(r, "material_", t->subject) ||
               has_finding(r, "material_substituted", t->subject))
        hit(c, u, "material", t->subject, NULL, "present");
      else
        hit(c, u, "material", t->subject, NULL, "defective");
    }
  }
  if (r->decision == WND_ACCEPTED_WITH_GAPS) hit(c, u, "fast_track", "", NULL, "granted");
  if (has_finding(r, "fast_track_ineligible", NULL) ||
      has_finding(r, "fast_track_not_tolerable", NULL) ||
      has_finding(r, "fast_track_too_many_gaps", NULL))
    hit(c, u, "fast_track", "", NULL, "refused");
  u->flows |= 1u << (r->flow & 3);
  static const char *const DEC[] = {"accepted", "accepted", "incomplete", "rejected"};
  hit(c, u, "decision", "", NULL, DEC[r->decision & 3]);
  const unit *w = &c->u[c->nu - 1];
  if (r->route[ROUTE_WINDOW]) hit(c, w, "window", r->route[ROUTE_WINDOW], NULL, "used");
  if (r->route[ROUTE_OUTPUT_WINDOW])
    hit(c, w, "window", r->route[ROUTE_OUTPUT_WINDOW], NULL, "used");
}

static void record(cov *c, const wnd_catalog *cat, const wnd_result *r) {
  if (!r->is_bundle) record_item(c, cat, r);
  for (size_t i = 0; i < r->nitems; i++) record(c, cat, r->items[i]);
}

/* One test, evaluated as wnd_catalog_test does, with a trace. */
static void run(cov *c, const wnd_catalog *cat, const char *target, const wnd__test *t) {
  wnd_result *r = NULL;
  bool bad_now;
  if (wnd__test_evaluate(&r, cat, target, t, WND_EVAL_EXPLAIN, &bad_now) == WND_ENOMEM)
    c->oom = true;
  if (r) record(c, cat, r);
  wnd_result_free(r);
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
                g->loc.line, g->loc.col, g->kind, *g->name ? " " : "", g->name, g->outcome);
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
              g->loc.col);
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
  for (uint32_t i = 0; i < cat->nitems && !c.oom; i++)
    for (uint32_t k = 0; k < cat->items[i].ntests && !c.oom; k++)
      run(&c, cat, cat->items[i].code, &cat->items[i].tests[k]);
  for (uint32_t i = 0; i < cat->nbundles && !c.oom; i++)
    for (uint32_t k = 0; k < cat->bundles[i].ntests && !c.oom; k++)
      run(&c, cat, cat->bundles[i].id, &cat->bundles[i].tests[k]);
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
