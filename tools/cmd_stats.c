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

#include "../lib/catalog/model.h"
#include "../lib/catalog/serves.h"
#include "../lib/core/strbuf.h"
#include "cli_util.h"
#include "commands.h"
#include "cli_limits.h"

static const char *const KIND[] = {"comprehensive", "domain", "professional",
                                   "theme", "special", "output"};

typedef struct tally {
  const char *key[128];
  int n[128];
  int count;
} tally;

static void bump(tally *t, const char *key) {
  for (int i = 0; i < t->count; i++)
    if (!strcmp(t->key[i], key)) {
      t->n[i]++;
      return;
    }
  if (t->count < 128) {
    t->key[t->count] = key;
    t->n[t->count++] = 1;
  }
}

static const wnd__window *static_window(const wnd_catalog *c, const wnd__item *it) {
  if (it->window) return it->window;
  const wnd__window *best = NULL;
  for (uint32_t i = 0; i < c->nwindows; i++) {
    const wnd__window *w = &c->windows[i];
    if (w->when.text || !wnd__window_serves(w, it)) continue;
    if (!best || w->priority > best->priority) best = w;
  }
  return best;
}

static void json_tally(wnd__strbuf *b, const char *name, const tally *t, bool comma) {
  wnd__sb_printf(b, "  \"%s\": {", name);
  for (int i = 0; i < t->count; i++) {
    if (i) wnd__sb_adds(b, ", ");
    wnd__sb_json_str(b, t->key[i], strlen(t->key[i]));
    wnd__sb_printf(b, ": %d", t->n[i]);
  }
  wnd__sb_printf(b, "}%s\n", comma ? "," : "");
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
  for (int i = 0; i < t->count; i++) {
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
  tally dept = {0}, type = {0}, handling = {0}, wkind = {0};
  int total = (int)c->nitems, instant = 0, fast = 0, comp = 0, negative = 0, reasons = 0,
      nowin = 0, family = 0;
  for (uint32_t i = 0; i < c->nitems; i++) {
    const wnd__item *it = &c->items[i];
    bump(&dept, it->department && it->department->name ? it->department->name : "?");
    bump(&type, it->type ? it->type : "(未填)");
    bump(&handling, it->handling == HANDLING_INSTANT ? "instant" : "promised");
    const wnd__window *w = static_window(c, it);
    bump(&wkind, w ? KIND[w->kind] : "(none)");
    if (!w) nowin++;
    if (w && w->kind == WK_COMPREHENSIVE) comp++;
    /* 无差别、分领域和主题综合窗口 all take items across departments. */
    if (w && (w->kind == WK_COMPREHENSIVE || w->kind == WK_DOMAIN || w->kind == WK_THEME))
      family++;
    if (it->handling == HANDLING_INSTANT) instant++;
    if (it->fast_track.present && it->fast_track.enabled) fast++;
    if (!it->comprehensive) {
      negative++;
      if (it->exclusion_reason) reasons++;
    }
  }
  double pct = total ? 100.0 * comp / total : 0;
  if (json) {
    wnd__strbuf b;
    wnd__sb_init(&b, &wnd__mem_default);
    wnd__sb_adds(&b, "{\n  \"catalog\": ");
    wnd__sb_json_str(&b, c->id, strlen(c->id));
    wnd__sb_printf(&b,
                   ",\n  \"items\": %d,\n  \"bundles\": %u,\n  \"departments\": %u,\n"
                   "  \"windows\": %u,\n",
                   total, (unsigned)c->nbundles, (unsigned)c->ndepartments,
                   (unsigned)c->nwindows);
    json_tally(&b, "by_department", &dept, true);
    json_tally(&b, "by_type", &type, true);
    json_tally(&b, "by_handling", &handling, true);
    json_tally(&b, "by_window_kind", &wkind, true);
    wnd__sb_printf(&b,
                   "  \"comprehensive_window_share\": %.4f,\n"
                   "  \"comprehensive_family_share\": %.4f,\n  \"instant_share\": %.4f,\n"
                   "  \"fast_track_items\": %d,\n  \"negative_list_items\": %d,\n"
                   "  \"negative_list_with_reason\": %d,\n  \"items_without_window\": %d,\n"
                   "  \"negative_list\": [",
                   total ? (double)comp / total : 0, total ? (double)family / total : 0,
                   total ? (double)instant / total : 0, fast,
                   negative, reasons, nowin);
    bool first = true;
    for (uint32_t i = 0; i < c->nitems; i++) {
      const wnd__item *it = &c->items[i];
      if (it->comprehensive) continue;
      wnd__sb_adds(&b, first ? "\n    {\"code\": " : ",\n    {\"code\": ");
      first = false;
      wnd__sb_json_str(&b, it->code, strlen(it->code));
      wnd__sb_adds(&b, ", \"name\": ");
      wnd__sb_json_str(&b, it->name ? it->name : "", strlen(it->name ? it->name : ""));
      wnd__sb_adds(&b, ", \"reason\": ");
      if (it->exclusion_reason)
        wnd__sb_json_str(&b, it->exclusion_reason, strlen(it->exclusion_reason));
      else
        wnd__sb_adds(&b, "null");
      wnd__sb_adds(&b, "}");
    }
    wnd__sb_adds(&b, first ? "]\n}\n" : "\n  ]\n}\n");
    if (!b.oom) fwrite(b.data, 1, b.len, stdout);
    wnd__sb_free(&b);
  } else {
    printf("%s  %s (%s)\n", c->id, c->name ? c->name : "", c->version ? c->version : "");
    printf("items %d, bundles %u, departments %u, windows %u\n\n", total,
           (unsigned)c->nbundles, (unsigned)c->ndepartments, (unsigned)c->nwindows);
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
    for (uint32_t i = 0; i < c->nitems; i++) {
      const wnd__item *it = &c->items[i];
      if (!it->comprehensive)
        printf("  %s %s: %s\n", it->code, it->name ? it->name : "",
               it->exclusion_reason ? it->exclusion_reason : "(no reason)");
    }
  }
  wnd_catalog_free(c);
  wnd_env_free(env);
  return 0;
}
