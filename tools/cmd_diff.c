/*
** cmd_diff.c — `window diff OLD NEW [--replay SUBMISSIONS.jsonl]
** [--examples K] [--format text|json]`: the semantic changes between two
** catalog directories (diff_rules.c) and, with --replay, which recorded
** submissions would now be decided differently (diff_replay.c).
** Exit 0 when nothing changed, 1 when something did, 2 on usage, load or
** replay errors — a CI gate on a pull request that edits rules.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_util.h"
#include "outbuf.h"
#include "commands.h"
#include "diff_replay.h"
#include "diff_rules.h"
#include "cli_limits.h"

static int usage(FILE *f, int rc) {
  fprintf(f,
          "usage: window diff OLD NEW [--replay SUBMISSIONS.jsonl] [--examples K]\n"
          "                   [--format text|json] [--plugin-dir DIR]...\n"
          "Exit 0 when nothing changed, 1 when something did, 2 on errors.\n");
  return rc;
}

/* "DIR/file:line:col", or "-" when that side is absent. */
static void where(outbuf *b, const char *dir, const diff_side *s) {
  if (!s->file) {
    ob_adds(b, "-");
    return;
  }
  size_t n = strlen(dir);
  ob_printf(b, "%s%s%s", dir, n && dir[n - 1] == '/' ? "" : "/", s->file);
  if (s->line) ob_printf(b, ":%u:%u", s->line, s->col); /* 0: the file as a whole */
}

static void jstr(outbuf *b, const char *s) {
  if (s)
    ob_json_str(b, s, strlen(s));
  else
    ob_adds(b, "null");
}

static void jwhere(outbuf *b, const char *dir, const diff_side *s) {
  if (!s->file) {
    ob_adds(b, "null");
    return;
  }
  outbuf t = OUTBUF_INIT;
  where(&t, dir, s);
  ob_json_str(b, t.data ? t.data : "", t.len);
  ob_free(&t);
}

static void text_changes(outbuf *b, const diff_list *l, const char *od, const char *nd) {
  const char *last = NULL;
  for (size_t i = 0; i < l->n; i++) {
    const diff_change *c = &l->v[i];
    if (!last || strcmp(last, c->target)) ob_printf(b, "%s\n", c->target);
    last = c->target;
    ob_printf(b, "  %s: %s -> %s\n", c->key,
                   c->old_.value ? c->old_.value : "(absent)",
                   c->new_.value ? c->new_.value : "(absent)");
    ob_adds(b, "    ");
    where(b, od, &c->old_);
    ob_adds(b, " -> ");
    where(b, nd, &c->new_);
    ob_addc(b, '\n');
  }
  ob_printf(b, "%zu rule change%s\n", l->n, l->n == 1 ? "" : "s");
}

static void text_replay(outbuf *b, const replay_report *r) {
  ob_printf(b, "replay: %zu submissions, %zu decided differently, %zu errors\n",
                 r->evaluated, r->changed, r->errors);
  for (size_t i = 0; i < r->nitems; i++)
    if (r->items[i].changed)
      ob_printf(b, "  %s: %zu of %zu changed\n", r->items[i].key, r->items[i].changed,
                     r->items[i].evaluated);
  for (size_t i = 0; i < r->npairs; i++)
    ob_printf(b, "  %s: %zu\n", r->pairs[i].key, r->pairs[i].changed);
  for (size_t i = 0; i < r->nexamples; i++) {
    const replay_example *e = &r->examples[i];
    ob_printf(b, "line %zu %s: %s -> %s\n", e->line, e->target, e->old_decision,
                   e->new_decision);
    for (size_t j = 0; j < e->removed.n; j++) ob_printf(b, "  - %s\n", e->removed.v[j]);
    for (size_t j = 0; j < e->added.n; j++) ob_printf(b, "  + %s\n", e->added.v[j]);
  }
}

static void json_list(outbuf *b, const char *name, const replay_sig *s) {
  ob_printf(b, ", \"%s\": [", name);
  for (size_t j = 0; j < s->n; j++) {
    if (j) ob_adds(b, ", ");
    jstr(b, s->v[j]);
  }
  ob_adds(b, "]");
}

static void json_counts(outbuf *b, const char *name, const replay_count *v, size_t n,
                        bool with_total) {
  ob_printf(b, ",\n    \"%s\": {", name);
  bool first = true;
  for (size_t i = 0; i < n; i++) {
    if (!v[i].changed) continue;
    ob_adds(b, first ? "" : ", ");
    first = false;
    jstr(b, v[i].key);
    if (with_total)
      ob_printf(b, ": {\"evaluated\": %zu, \"changed\": %zu}", v[i].evaluated, v[i].changed);
    else
      ob_printf(b, ": %zu", v[i].changed);
  }
  ob_adds(b, "}");
}

static void json_out(outbuf *b, const diff_list *l, const char *od, const char *nd,
                     const replay_report *r) {
  ob_adds(b, "{\"changes\": [");
  for (size_t i = 0; i < l->n; i++) {
    const diff_change *c = &l->v[i];
    ob_adds(b, i ? ",\n  {" : "\n  {");
    ob_adds(b, "\"target\": ");
    jstr(b, c->target);
    ob_adds(b, ", \"kind\": ");
    jstr(b, c->kind);
    ob_adds(b, ", \"key\": ");
    jstr(b, c->key);
    ob_adds(b, ", \"old\": ");
    jstr(b, c->old_.value);
    ob_adds(b, ", \"new\": ");
    jstr(b, c->new_.value);
    ob_adds(b, ", \"old_at\": ");
    jwhere(b, od, &c->old_);
    ob_adds(b, ", \"new_at\": ");
    jwhere(b, nd, &c->new_);
    ob_adds(b, "}");
  }
  ob_adds(b, l->n ? "\n]" : "]");
  if (r) {
    ob_printf(b,
                   ",\n  \"replay\": {\"evaluated\": %zu, \"changed\": %zu, \"errors\": %zu",
                   r->evaluated, r->changed, r->errors);
    json_counts(b, "items", r->items, r->nitems, true);
    json_counts(b, "pairs", r->pairs, r->npairs, false);
    ob_adds(b, ",\n    \"examples\": [");
    for (size_t i = 0; i < r->nexamples; i++) {
      const replay_example *e = &r->examples[i];
      ob_printf(b, "%s{\"line\": %zu, \"target\": ", i ? ",\n      " : "\n      ",
                     e->line);
      jstr(b, e->target);
      ob_adds(b, ", \"old\": ");
      jstr(b, e->old_decision);
      ob_adds(b, ", \"new\": ");
      jstr(b, e->new_decision);
      json_list(b, "removed", &e->removed);
      json_list(b, "added", &e->added);
      ob_adds(b, "}");
    }
    ob_adds(b, "]}");
  }
  ob_adds(b, "}\n");
}

int wnd_cmd_diff(int argc, char **argv) {
  const char *pos[2], *replay = NULL, *format = "text";
  int npos = 0;
  long examples = 5;
  wnd_env *env = NULL;
  if (wnd_env_new(&env, cli_env_options()) != WND_OK) return 2;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    char *end;
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      wnd_env_free(env);
      return usage(stdout, 0);
    } else if (!strcmp(a, "--replay") && i + 1 < argc) {
      replay = argv[++i];
    } else if (!strcmp(a, "--format") && i + 1 < argc) {
      format = argv[++i];
    } else if (!strcmp(a, "--examples") && i + 1 < argc &&
               (examples = strtol(argv[++i], &end, 10), *end == '\0' && examples >= 0 &&
                                                            examples <= 1000)) {
      continue;
    } else if (!strcmp(a, "--plugin-dir") && i + 1 < argc) {
      if (wnd_env_allow_plugin_dir(env, argv[++i]) != WND_OK) {
        fprintf(stderr, "window diff: %s\n", wnd_env_errmsg(env));
        wnd_env_free(env);
        return 2;
      }
    } else if (a[0] == '-' || npos == 2) {
      wnd_env_free(env);
      return usage(stderr, 2);
    } else {
      pos[npos++] = a;
    }
  }
  if (npos != 2 || (strcmp(format, "text") && strcmp(format, "json"))) {
    wnd_env_free(env);
    return usage(stderr, 2);
  }
  int rc = 2;
  wnd_catalog *o = NULL, *n = NULL;
  diff_list l = {0};
  replay_report rep = {0};
  rep.max_examples = (size_t)examples;
  char *text = NULL;
  size_t len = 0;
  outbuf b = OUTBUF_INIT;
  if (cli_load("diff", env, pos[0], &o) != WND_OK || cli_load("diff", env, pos[1], &n) != WND_OK)
    goto done;
  if (!diff_catalogs(&l, o, n)) {
    fprintf(stderr, "window diff: out of memory\n");
    goto done;
  }
  if (replay) {
    if (!(text = cli_read_file("diff", replay, &len))) goto done;
    replay_run(&rep, env, o, n, replay, text, len);
    if (rep.oom) {
      fprintf(stderr, "window diff: out of memory\n");
      goto done;
    }
  }
  if (!strcmp(format, "json")) {
    json_out(&b, &l, pos[0], pos[1], replay ? &rep : NULL);
  } else {
    text_changes(&b, &l, pos[0], pos[1]);
    if (replay) text_replay(&b, &rep);
  }
  if (b.oom) {
    fprintf(stderr, "window diff: out of memory\n");
    goto done;
  }
  fwrite(b.data, 1, b.len, stdout);
  rc = rep.errors ? 2 : (l.n || rep.changed) ? 1 : 0;
done:
  ob_free(&b);
  free(text);
  replay_free(&rep);
  diff_list_free(&l);
  wnd_catalog_free(o);
  wnd_catalog_free(n);
  wnd_env_free(env);
  return rc;
}
