/*
** cmd_stats.c — `window stats DIR [--format text|json]`: catalog
** statistics for reform targets (SPEC §6): items by department, type,
** handling and window kind; the share of items taken at comprehensive
** windows; instant items; items with fast track; negative-list items and
** their reasons.  An item's window is its explicit window, else the
** highest-priority window that serves it unconditionally (windows with a
** `when`, such as an elderly green channel, serve only some applicants).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_util.h"
#include "outbuf.h"
#include "commands.h"
#include "cli_limits.h"

/* Counts per key in first-seen order, as many keys as the catalog has. */
typedef struct tally {
  const char **key;
  int *n;
  size_t count, cap;
  bool oom;
} tally;

static void bump(tally *t, const char *key) {
  for (size_t i = 0; i < t->count; i++)
    if (!strcmp(t->key[i], key)) {
      t->n[i]++;
      return;
    }
  if (t->count == t->cap) {
    size_t cap = t->cap ? t->cap * 2 : 16;
    const char **k = realloc(t->key, cap * sizeof *k);
    if (k) t->key = k;
    int *n = k ? realloc(t->n, cap * sizeof *n) : NULL;
    if (n) t->n = n;
    if (!k || !n) {
      t->oom = true;
      return;
    }
    t->cap = cap;
  }
  t->key[t->count] = key;
  t->n[t->count++] = 1;
}

static void tally_free(tally *t) {
  free(t->key);
  free(t->n);
}

static bool is(const wnd_rule *r, const char *key, const char *value) {
  const char *v = wnd_rule_attr(r, key);
  return v && !strcmp(v, value);
}

static int64_t num(const wnd_rule *r, const char *key) {
  const char *v = wnd_rule_attr(r, key);
  return v ? strtoll(v, NULL, 10) : 0;
}

/* The item's window: its explicit one, else the highest-priority window
** that serves it whatever the applicant (no `when`); the first of equals. */
static const wnd_rule *static_window(const wnd_catalog *c, const wnd_rule *root,
                                     const wnd_rule *item) {
  const char *explicit_id = wnd_rule_attr(item, "window");
  if (explicit_id) return wnd_rule_find(root, "window", explicit_id);
  const wnd_rule *best = NULL;
  for (size_t i = 0; i < wnd_rule_count(root, "window"); i++) {
    const wnd_rule *w = wnd_rule_child(root, "window", i);
    const char *when = wnd_rule_attr(w, "when"); /* a YAML boolean is no condition */
    bool conditional = when && strcmp(when, "true") && strcmp(when, "false");
    if (conditional || !wnd_catalog_window_serves(c, wnd_rule_id(w), wnd_rule_id(item)))
      continue;
    if (!best || num(w, "priority") > num(best, "priority")) best = w;
  }
  return best;
}

static void json_tally(outbuf *b, const char *name, const tally *t, bool comma) {
  ob_printf(b, "  \"%s\": {", name);
  for (size_t i = 0; i < t->count; i++) {
    if (i) ob_adds(b, ", ");
    ob_json_str(b, t->key[i], strlen(t->key[i]));
    ob_printf(b, ": %d", t->n[i]);
  }
  ob_printf(b, "}%s\n", comma ? "," : "");
}

/* Display width: CJK characters take two terminal columns. */
static int width(const char *s) {
  int w = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if ((*p & 0xC0) == 0x80) continue;
    w += *p >= 0xE0 ? 2 : 1;
  }
  return w;
}

static void text_tally(const char *title, const tally *t, int total) {
  printf("%s\n", title);
  for (size_t i = 0; i < t->count; i++) {
    int pad = 44 - width(t->key[i]);
    printf("  %s%*s %4d  %5.1f%%\n", t->key[i], pad > 0 ? pad : 1, "", t->n[i],
           total ? 100.0 * t->n[i] / total : 0);
  }
}

int wnd_cmd_stats(int argc, char **argv) {
  const char *dir = NULL;
  bool json = false;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--format") && i + 1 < argc) {
      const char *f = argv[++i];
      if (!strcmp(f, "json")) json = true;
      else if (strcmp(f, "text")) dir = NULL, argc = 0;
    } else if (argv[i][0] != '-' && !dir) {
      dir = argv[i];
    } else {
      dir = NULL;
      break;
    }
  }
  if (!dir) {
    fprintf(stderr, "usage: window stats DIR [--format text|json]\n");
    return 2;
  }
  wnd_env *env = NULL;
  if (wnd_env_new(&env, cli_env_options()) != WND_OK) return 2;
  wnd_catalog *c = NULL;
  int st = cli_load("stats", env, dir, &c);
  if (st != WND_OK) {
    wnd_env_free(env);
    return st == WND_EIO ? 2 : 1;
  }
  wnd_rules *rules = NULL;
  if (wnd_rules_new(&rules, c) != WND_OK) {
    fprintf(stderr, "window stats: out of memory\n");
    wnd_catalog_free(c);
    wnd_env_free(env);
    return 2;
  }
  const wnd_rule *root = wnd_rules_root(rules);
  size_t nitems = wnd_rule_count(root, "item");
  tally dept = {0}, type = {0}, handling = {0}, wkind = {0};
  int total = (int)nitems, instant = 0, fast = 0, comp = 0, negative = 0, reasons = 0,
      nowin = 0, family = 0;
  for (size_t i = 0; i < nitems; i++) {
    const wnd_rule *it = wnd_rule_child(root, "item", i);
    const char *dname = wnd_catalog_department_name(c, wnd_rule_attr(it, "department"));
    bump(&dept, dname ? dname : "?");
    const char *ty = wnd_rule_attr(it, "type");
    bump(&type, ty ? ty : "(未填)");
    bump(&handling, wnd_rule_attr(it, "handling"));
    const wnd_rule *w = static_window(c, root, it);
    const char *kind = w ? wnd_rule_attr(w, "kind") : NULL;
    bump(&wkind, w ? kind : "(none)");
    if (!w) nowin++;
    if (w && !strcmp(kind, "comprehensive")) comp++;
    /* 无差别、分领域和主题综合窗口 all take items across departments. */
    if (w && (!strcmp(kind, "comprehensive") || !strcmp(kind, "domain") ||
              !strcmp(kind, "theme")))
      family++;
    if (is(it, "handling", "instant")) instant++;
    const wnd_rule *ft = wnd_rule_child(it, "fast_track", 0);
    if (ft && is(ft, "enabled", "true")) fast++;
    if (is(it, "comprehensive", "false")) {
      negative++;
      if (wnd_rule_attr(it, "exclusion_reason")) reasons++;
    }
  }
  if (dept.oom || type.oom || handling.oom || wkind.oom) {
    fprintf(stderr, "window stats: out of memory\n");
    st = 2;
  }
  double pct = total ? 100.0 * comp / total : 0;
  if (st != WND_OK) {
    /* out of memory: said above; no partial report */
  } else if (json) {
    outbuf b = OUTBUF_INIT;
    ob_adds(&b, "{\n  \"catalog\": ");
    ob_json_str(&b, wnd_catalog_id(c), strlen(wnd_catalog_id(c)));
    ob_printf(&b,
                   ",\n  \"items\": %d,\n  \"bundles\": %u,\n  \"departments\": %u,\n"
                   "  \"windows\": %u,\n",
                   total, (unsigned)wnd_catalog_bundle_count(c),
                   (unsigned)wnd_catalog_department_count(c), (unsigned)wnd_catalog_window_count(c));
    json_tally(&b, "by_department", &dept, true);
    json_tally(&b, "by_type", &type, true);
    json_tally(&b, "by_handling", &handling, true);
    json_tally(&b, "by_window_kind", &wkind, true);
    ob_printf(&b,
                   "  \"comprehensive_window_share\": %.4f,\n"
                   "  \"comprehensive_family_share\": %.4f,\n  \"instant_share\": %.4f,\n"
                   "  \"fast_track_items\": %d,\n  \"negative_list_items\": %d,\n"
                   "  \"negative_list_with_reason\": %d,\n  \"items_without_window\": %d,\n"
                   "  \"negative_list\": [",
                   total ? (double)comp / total : 0, total ? (double)family / total : 0,
                   total ? (double)instant / total : 0, fast,
                   negative, reasons, nowin);
    bool first = true;
    for (size_t i = 0; i < nitems; i++) {
      const wnd_rule *it = wnd_rule_child(root, "item", i);
      if (!is(it, "comprehensive", "false")) continue;
      const char *code = wnd_rule_id(it), *name = wnd_rule_attr(it, "name"),
                 *reason = wnd_rule_attr(it, "exclusion_reason");
      ob_adds(&b, first ? "\n    {\"code\": " : ",\n    {\"code\": ");
      first = false;
      ob_json_str(&b, code, strlen(code));
      ob_adds(&b, ", \"name\": ");
      ob_json_str(&b, name ? name : "", strlen(name ? name : ""));
      ob_adds(&b, ", \"reason\": ");
      if (reason)
        ob_json_str(&b, reason, strlen(reason));
      else
        ob_adds(&b, "null");
      ob_adds(&b, "}");
    }
    ob_adds(&b, first ? "]\n}\n" : "\n  ]\n}\n");
    if (b.oom) {
      fprintf(stderr, "window stats: out of memory\n");
      st = 2;
    } else {
      fwrite(b.data, 1, b.len, stdout);
    }
    ob_free(&b);
  } else {
    printf("%s  %s (%s)\n", wnd_catalog_id(c), wnd_catalog_name(c), wnd_catalog_version(c));
    printf("items %d, bundles %u, departments %u, windows %u\n\n", total,
           (unsigned)wnd_catalog_bundle_count(c), (unsigned)wnd_catalog_department_count(c),
           (unsigned)wnd_catalog_window_count(c));
    text_tally("by department", &dept, total);
    text_tally("by type", &type, total);
    text_tally("by handling", &handling, total);
    text_tally("by window kind", &wkind, total);
    printf("\ncomprehensive windows (综合窗口, incl. domain and theme)  %5.1f%%  (%d of %d items;"
           " reform targets: 70/80/90%%)\n",
           total ? 100.0 * family / total : 0, family, total);
    printf("  of which undifferentiated (无差别综合窗口)          %5.1f%%  (%d)\n", pct, comp);
    printf("instant items (即办件)        %5.1f%%  (%d)\n", total ? 100.0 * instant / total : 0,
           instant);
    printf("items with fast track (容缺)  %d\n", fast);
    printf("negative-list items          %d, with a reason: %d\n", negative, reasons);
    for (size_t i = 0; i < nitems; i++) {
      const wnd_rule *it = wnd_rule_child(root, "item", i);
      const char *name = wnd_rule_attr(it, "name"), *reason = wnd_rule_attr(it, "exclusion_reason");
      if (is(it, "comprehensive", "false"))
        printf("  %s %s: %s\n", wnd_rule_id(it), name ? name : "", reason ? reason : "(no reason)");
    }
  }
  tally_free(&dept);
  tally_free(&type);
  tally_free(&handling);
  tally_free(&wkind);
  wnd_rules_free(rules);
  wnd_catalog_free(c);
  wnd_env_free(env);
  return st == WND_OK ? 0 : 2;
}
