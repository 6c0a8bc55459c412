/*
** cmd_check.c — `window check DIR...`: load and lint catalogs (SPEC §6).
** Formats: text (compiler style), json, github (workflow annotations),
** sarif (2.1.0).  Exit 0 without errors, 1 with errors (warnings too
** under --strict), 2 on usage or I/O problems.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_target.h"
#include "outbuf.h"
#include "commands.h"
#include "libwindow.h"
#include "cli_limits.h"

enum { FMT_TEXT, FMT_JSON, FMT_GITHUB, FMT_SARIF };

static const char *sev_name(wnd_severity s) {
  return s == WND_SEV_ERROR ? "error" : s == WND_SEV_WARNING ? "warning" : "info";
}

static void usage(FILE *f) {
  fprintf(f,
          "usage: window check [--format text|json|github|sarif] [--strict]\n"
          "                    [--plugin-dir DIR]... [--today YYYY-MM-DD] DIR...\n"
          "Load and lint each catalog directory.  Exit 0: no errors; 1: errors\n"
          "(or warnings with --strict); 2: usage or I/O problem.\n");
}

typedef struct collected {
  const wnd_diag **v;
  size_t n, cap;
} collected;

static void print_text(const collected *c) {
  for (size_t i = 0; i < c->n; i++) {
    const wnd_diag *d = c->v[i];
    if (d->line)
      printf("%s:%u:%u: %s: %s [%s]\n", d->file, d->line, d->column, sev_name(d->severity),
             d->message, d->code);
    else
      printf("%s: %s: %s [%s]\n", d->file, sev_name(d->severity), d->message, d->code);
  }
}

static void put(outbuf *b) {
  if (b->oom) {
    fprintf(stderr, "window check: out of memory\n");
    exit(2);
  }
  fwrite(b->data, 1, b->len, stdout);
}

static void json_str(outbuf *b, const char *s) { ob_json_str(b, s, strlen(s)); }

static void print_json(const collected *c) {
  outbuf b = OUTBUF_INIT;
  outbuf *sb = &b;
  ob_adds(sb, "[");
  for (size_t i = 0; i < c->n; i++) {
    const wnd_diag *d = c->v[i];
    ob_adds(sb, i ? ",\n  {" : "\n  {");
    ob_adds(sb, "\"file\": ");
    json_str(sb, d->file);
    ob_printf(sb, ", \"line\": %u, \"column\": %u, \"severity\": ", d->line, d->column);
    json_str(sb, sev_name(d->severity));
    ob_adds(sb, ", \"code\": ");
    json_str(sb, d->code);
    ob_adds(sb, ", \"message\": ");
    json_str(sb, d->message);
    ob_adds(sb, "}");
  }
  ob_adds(sb, c->n ? "\n]\n" : "]\n");
  put(sb);
  ob_free(sb);
}

/* Workflow-command escaping: data escapes % CR LF; properties also : and ,. */
static void gh_escape(const char *s, bool property) {
  for (; *s; s++) {
    switch (*s) {
      case '%': fputs("%25", stdout); break;
      case '\r': fputs("%0D", stdout); break;
      case '\n': fputs("%0A", stdout); break;
      case ':': fputs(property ? "%3A" : ":", stdout); break;
      case ',': fputs(property ? "%2C" : ",", stdout); break;
      default: putchar(*s);
    }
  }
}

static void print_github(const collected *c) {
  for (size_t i = 0; i < c->n; i++) {
    const wnd_diag *d = c->v[i];
    printf("::%s file=", d->severity == WND_SEV_ERROR ? "error"
                         : d->severity == WND_SEV_WARNING ? "warning" : "notice");
    gh_escape(d->file, true);
    if (d->line) printf(",line=%u,col=%u", d->line, d->column);
    fputs(",title=", stdout);
    gh_escape(d->code, true);
    fputs("::", stdout);
    gh_escape(d->message, false);
    putchar('\n');
  }
}

static void print_sarif(const collected *c) {
  outbuf b = OUTBUF_INIT;
  /* rules: one per distinct code, in first-seen order */
  const char **codes = calloc(c->n ? c->n : 1, sizeof *codes);
  size_t ncodes = 0;
  if (!codes) {
    fprintf(stderr, "window check: out of memory\n");
    exit(2);
  }
  for (size_t i = 0; i < c->n; i++) {
    size_t k = 0;
    while (k < ncodes && strcmp(codes[k], c->v[i]->code)) k++;
    if (k == ncodes) codes[ncodes++] = c->v[i]->code;
  }
  ob_adds(&b,
               "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
               "  \"version\": \"2.1.0\",\n  \"runs\": [{\n    \"tool\": {\"driver\": {"
               "\"name\": \"window\", \"version\": ");
  json_str(&b, wnd_version());
  ob_adds(&b, ", \"rules\": [");
  for (size_t k = 0; k < ncodes; k++) {
    ob_adds(&b, k ? ", {\"id\": " : "{\"id\": ");
    json_str(&b, codes[k]);
    ob_adds(&b, ", \"shortDescription\": {\"text\": ");
    json_str(&b, codes[k]);
    ob_adds(&b, "}}");
  }
  ob_adds(&b, "]}},\n    \"results\": [");
  for (size_t i = 0; i < c->n; i++) {
    const wnd_diag *d = c->v[i];
    size_t k = 0;
    while (strcmp(codes[k], d->code)) k++;
    ob_adds(&b, i ? ",\n      {" : "\n      {");
    ob_adds(&b, "\"ruleId\": ");
    json_str(&b, d->code);
    ob_printf(&b, ", \"ruleIndex\": %zu, \"level\": ", k);
    json_str(&b, d->severity == WND_SEV_ERROR ? "error"
                 : d->severity == WND_SEV_WARNING ? "warning" : "note");
    ob_adds(&b, ", \"message\": {\"text\": ");
    json_str(&b, d->message);
    ob_adds(&b, "}, \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": ");
    json_str(&b, d->file);
    ob_adds(&b, "}");
    if (d->line)
      ob_printf(&b, ", \"region\": {\"startLine\": %u, \"startColumn\": %u}", d->line,
                     d->column ? d->column : 1);
    ob_adds(&b, "}}]}");
  }
  ob_adds(&b, c->n ? "\n    ]\n  }]\n}\n" : "]\n  }]\n}\n");
  free(codes);
  put(&b);
  ob_free(&b);
}

int wnd_cmd_check(int argc, char **argv) {
  int fmt = FMT_TEXT;
  bool strict = false;
  wnd_load_options lo = WND_LOAD_OPTIONS_INIT;
  const char **dirs = calloc((size_t)argc, sizeof *dirs);
  const char **plugin_dirs = calloc((size_t)argc, sizeof *plugin_dirs);
  size_t ndirs = 0, nplugin_dirs = 0;
  if (!dirs || !plugin_dirs) {
    free(dirs);
    free(plugin_dirs);
    return 2;
  }
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      usage(stdout);
      free(dirs);
      free(plugin_dirs);
      return 0;
    } else if (!strcmp(a, "--strict")) {
      strict = true;
    } else if (!strcmp(a, "--format") && i + 1 < argc) {
      const char *f = argv[++i];
      if (!strcmp(f, "text")) fmt = FMT_TEXT;
      else if (!strcmp(f, "json")) fmt = FMT_JSON;
      else if (!strcmp(f, "github")) fmt = FMT_GITHUB;
      else if (!strcmp(f, "sarif")) fmt = FMT_SARIF;
      else {
        fprintf(stderr, "window check: unknown format '%s'\n", f);
        usage(stderr);
        free(dirs);
        free(plugin_dirs);
        return 2;
      }
    } else if (!strcmp(a, "--plugin-dir") && i + 1 < argc) {
      plugin_dirs[nplugin_dirs++] = argv[++i];
    } else if (!strcmp(a, "--today") && i + 1 < argc) {
      const char *t = argv[++i];
      wnd_time ts;
      if (wnd_catalog_parse_time(NULL, t, &ts) != WND_OK || !ts.date_only) {
        fprintf(stderr, "window check: --today takes YYYY-MM-DD\n");
        free(dirs);
        free(plugin_dirs);
        return 2;
      }
      lo.today_set = true;
      lo.today = ts.sec / 86400; /* a day read in UTC starts at a multiple of 86400 */
    } else if (a[0] == '-' && a[1]) {
      fprintf(stderr, "window check: unknown option '%s'\n", a);
      usage(stderr);
      free(dirs);
      free(plugin_dirs);
      return 2;
    } else {
      dirs[ndirs++] = a;
    }
  }
  if (ndirs == 0) {
    usage(stderr);
    free(dirs);
    free(plugin_dirs);
    return 2;
  }
  if (strict) lo.flags |= WND_LOAD_STRICT;
  wnd_env *env = NULL;
  if (wnd_env_new(&env, cli_env_options()) != WND_OK) {
    fprintf(stderr, "window check: out of memory\n");
    free(dirs);
    free(plugin_dirs);
    return 2;
  }
  for (size_t i = 0; i < nplugin_dirs; i++) {
    if (wnd_env_allow_plugin_dir(env, plugin_dirs[i]) != WND_OK) {
      fprintf(stderr, "window check: %s\n", wnd_env_errmsg(env));
      wnd_env_free(env);
      free(dirs);
      free(plugin_dirs);
      return 2;
    }
  }
  collected all = {0};
  wnd_diags **lists = calloc(ndirs, sizeof *lists);
  int rc = 0;
  size_t errors = 0, warnings = 0;
  if (!lists) {
    fprintf(stderr, "window check: out of memory\n");
    rc = 2;
  }
  for (size_t i = 0; i < ndirs && lists; i++) {
    wnd_catalog *cat = NULL;
    char *root, *only, *rel; /* a single item file: its catalog, only its diagnostics */
    if (cli_target("check", dirs[i], &root, &only, &rel) != 0) {
      rc = 2;
      continue;
    }
    int st = wnd_catalog_load(&cat, &lists[i], env, root, &lo);
    wnd_catalog_free(cat);
    free(root);
    free(rel);
    if (st == WND_EIO || st == WND_ENOMEM || st == WND_EINVAL) {
      fprintf(stderr, "window check: %s\n", wnd_env_errmsg(env));
      rc = 2;
    }
    for (size_t k = 0; k < wnd_diags_count(lists[i]); k++) {
      const wnd_diag *d = wnd_diags_get(lists[i], k);
      if (only && strcmp(d->file, only)) continue;
      if (d->severity == WND_SEV_ERROR) errors++;
      if (d->severity == WND_SEV_WARNING) warnings++;
      if (all.n == all.cap) {
        all.cap = all.cap ? all.cap * 2 : 64;
        const wnd_diag **nv = realloc(all.v, all.cap * sizeof *nv);
        if (!nv) {
          fprintf(stderr, "window check: out of memory\n");
          exit(2);
        }
        all.v = nv;
      }
      all.v[all.n++] = d;
    }
    free(only);
  }
  switch (fmt) {
    case FMT_JSON: print_json(&all); break;
    case FMT_GITHUB: print_github(&all); break;
    case FMT_SARIF: print_sarif(&all); break;
    default:
      print_text(&all);
      fflush(stdout); /* the summary on stderr comes after the list, also in `2>&1` */
      if (all.n || rc == 0)
        fprintf(stderr, "%zu error(s), %zu warning(s)\n", errors, warnings);
  }
  if (rc == 0 && (errors || (strict && warnings))) rc = 1;
  for (size_t i = 0; lists && i < ndirs; i++) wnd_diags_free(lists[i]);
  free(lists);
  free(all.v);
  free(dirs);
  free(plugin_dirs);
  wnd_env_free(env);
  return rc;
}
