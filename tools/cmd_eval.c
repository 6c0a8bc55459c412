/*
** cmd_eval.c — `window eval DIR ITEM|BUNDLE SUBMISSION [--now T] [--explain]
** [--elicense FILE] [--plugin-dir DIR]`: print the result JSON (SPEC §6).
** Exit 0 whatever the decision; 1 when the evaluation itself fails (an
** unknown item, an invalid submission); 2 on usage or I/O problems.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_util.h"
#include "commands.h"
#include "cli_limits.h"

static int usage(FILE *f, int rc) {
  fprintf(f,
          "usage: window eval DIR ITEM|BUNDLE SUBMISSION [--now T] [--explain]\n"
          "                   [--elicense FILE] [--plugin-dir DIR]...\n"
          "SUBMISSION is a JSON or YAML file, or - for standard input.\n"
          "ITEM is an item code, or a name or part of one that only one item has.\n");
  return rc;
}

int wnd_cmd_eval(int argc, char **argv) {
  const char *pos[3];
  int npos = 0;
  const char *now = NULL, *elic = NULL;
  wnd_eval_options eo = WND_EVAL_OPTIONS_INIT;
  wnd_env *env = NULL;
  if (wnd_env_new(&env, cli_env_options()) != WND_OK) return 2;
  int rc = 2;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      wnd_env_free(env);
      return usage(stdout, 0);
    } else if (!strcmp(a, "--explain")) {
      eo.flags |= WND_EVAL_EXPLAIN;
    } else if (!strcmp(a, "--now") && i + 1 < argc) {
      now = argv[++i];
    } else if (!strcmp(a, "--elicense") && i + 1 < argc) {
      elic = argv[++i];
    } else if (!strcmp(a, "--plugin-dir") && i + 1 < argc) {
      if (wnd_env_allow_plugin_dir(env, argv[++i]) != WND_OK) {
        fprintf(stderr, "window eval: %s\n", wnd_env_errmsg(env));
        wnd_env_free(env);
        return 2;
      }
    } else if (a[0] == '-' && a[1]) {
      fprintf(stderr, "window eval: unknown option '%s'\n", a);
      wnd_env_free(env);
      return usage(stderr, 2);
    } else if (npos < 3) {
      pos[npos++] = a;
    } else {
      wnd_env_free(env);
      return usage(stderr, 2);
    }
  }
  if (npos != 3) {
    wnd_env_free(env);
    return usage(stderr, 2);
  }
  wnd_catalog *cat = NULL;
  wnd_submission *sub = NULL;
  wnd_elicenses *el = NULL;
  wnd_result *res = NULL;
  char *text = NULL, *etext = NULL;
  size_t len = 0, elen = 0;
  int st = cli_load("eval", env, pos[0], &cat);
  if (st == WND_EIO || st == WND_ENOMEM) goto done;
  if (st != WND_OK) {
    rc = 1;
    goto done;
  }
  /* after loading: a --now without an offset is in the catalog's timezone */
  if (now) {
    if (!cli_parse_instant(cat, now, &eo.now_sec)) {
      fprintf(stderr, "window eval: --now takes an RFC 3339 time, e.g. 2026-11-20T10:00:00+08:00\n");
      goto done;
    }
    eo.now_set = true;
  }
  if (!(text = cli_read_file_max("eval", pos[2], CLI_MAX_SUBMISSION_BYTES, &len))) {
    if (len == SIZE_MAX) rc = 1; /* over the submission limit, like the library says */
    goto done;
  }
  if (elic) {
    if (!(etext = cli_read_file("eval", elic, &elen))) goto done;
    if (wnd_elicenses_parse(&el, env, etext, elen) != WND_OK) {
      fprintf(stderr, "window eval: %s: %s\n", elic, wnd_env_errmsg(env));
      goto done;
    }
    eo.elicenses = el;
  }
  if (wnd_submission_parse(&sub, env, text, len, WND_FORMAT_AUTO) != WND_OK) {
    fprintf(stderr, "window eval: %s: %s\n", pos[2], wnd_env_errmsg(env));
    rc = 1;
    goto done;
  }
  const char *code = cli_resolve_item("eval", cat, pos[1]);
  if (!code) {
    rc = 1;
    goto done;
  }
  st = wnd_evaluate(&res, cat, code, sub, &eo);
  if (st == WND_ENOTFOUND) {
    fprintf(stderr, "window eval: no item or bundle '%s' in %s\n", pos[1], pos[0]);
    rc = 1;
    goto done;
  }
  if (st != WND_OK) {
    fprintf(stderr, "window eval: %s\n", wnd_errstr(st));
    rc = 1;
    goto done;
  }
  const char *json;
  size_t jlen;
  if (wnd_result_json(res, &json, &jlen) != WND_OK) {
    fprintf(stderr, "window eval: out of memory\n");
    rc = 1;
    goto done;
  }
  fwrite(json, 1, jlen, stdout);
  putchar('\n');
  rc = 0;
done:
  wnd_result_free(res);
  wnd_submission_free(sub);
  wnd_elicenses_free(el);
  wnd_catalog_free(cat);
  free(text);
  free(etext);
  wnd_env_free(env);
  return rc;
}
