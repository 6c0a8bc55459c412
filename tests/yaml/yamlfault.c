/*
** yamlfault.c — allocation failure in the YAML tree builder (lib/yaml),
** swept over every YAML file under the given paths: each file is parsed once
** cleanly, then again with allocation N failing for N = 1, 2, ... until a run
** no longer reaches N.  A run must end in WND_ENOMEM (or with the dropped
** diagnostic flagged), or exactly like the clean parse (same status, same
** diagnostics), and must release every block.  The repository's YAML files
** (shipped rules, authoring cases with anchors, merge keys, complex keys,
** tags, NUL bytes, bad UTF-8 ...) reach the builder's failure branches that
** loading the shipped catalog alone does not.
**
** usage: yaml-faults PATH...    (files, or directories walked for *.yaml)
** Output is TAP, one test per file.
*/
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/diag.h"
#include "yaml/ytree.h"
#include "../resources/failalloc.h"

#define MAX_RUNS 200000


/* The limits the catalog loader parses rule files with (defaults). */
static const wnd__ylimits LIMITS = {1 << 20, 64, 200000, 64, true};

static int ntests, nfailed;

/* Same status and the same diagnostics (code, line, column, message). */
static bool same(int rc, const wnd_diags *d, int rc0, const wnd_diags *d0) {
  if (rc != rc0 || d->count != d0->count) return false;
  for (size_t i = 0; i < d->count; i++) {
    const wnd_diag *a = &d->items[i], *b = &d0->items[i];
    if (strcmp(a->code, b->code) || a->line != b->line || a->column != b->column ||
        strcmp(a->message, b->message))
      return false;
  }
  return true;
}

/* NULL when every faulty parse of text behaved; else why, in buf. */
static const char *sweep(const char *path, const char *text, size_t len, char *buf, size_t cap) {
  wnd_diags *d0 = wnd__diags_new(&wnd__mem_default);
  if (!d0) return "out of memory";
  wnd__ydoc doc0;
  int rc0 = wnd__yparse(&doc0, &wnd__mem_default, path, text, len, &LIMITS, d0);
  wnd__ydoc_free(&doc0);
  const char *bad = NULL;
  bool reached = true;
  for (long n = 1; reached && !bad; n++) {
    if (n > MAX_RUNS) {
      bad = "more allocations than the sweep allows";
      break;
    }
    failalloc f = {0, n, 0, false};
    wnd__mem mem = {failalloc_realloc, &f};
    wnd_diags *d = wnd__diags_new(&mem);
    if (d) {
      wnd__ydoc doc;
      int rc = wnd__yparse(&doc, &mem, path, text, len, &LIMITS, d);
      if (rc == WND_ENOMEM ? !f.failed : !(same(rc, d, rc0, d0) || (f.failed && d->oom))) {
        snprintf(buf, cap, "allocation %ld failing: status %d with %zu diagnostics (clean: %d, %zu)",
                 n, rc, d->count, rc0, d0->count);
        bad = buf;
      }
      wnd__ydoc_free(&doc);
      wnd_diags_free(d);
    }
    reached = f.failed;
    if (!bad && f.live) {
      snprintf(buf, cap, "allocation %ld failing: %ld blocks leaked", n, f.live);
      bad = buf;
    }
  }
  wnd_diags_free(d0);
  return bad;
}

static int visit(const char *path, const struct stat *st, int type, struct FTW *ftw) {
  (void)st;
  (void)ftw;
  size_t pl = strlen(path);
  if (type != FTW_F || pl < 5 || strcmp(path + pl - 5, ".yaml")) return 0;
  FILE *f = fopen(path, "rb");
  char *text = malloc((1 << 20) + 1);
  size_t len = f && text ? fread(text, 1, 1 << 20, f) : 0;
  if (f) fclose(f);
  char why[256];
  const char *bad = f && text ? sweep(path, text, len, why, sizeof why) : "cannot read";
  free(text);
  ntests++;
  if (bad) nfailed++;
  printf("%s %d - %s\n", bad ? "not ok" : "ok", ntests, path);
  if (bad) printf("# %s\n", bad);
  fflush(stdout);
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: yaml-faults PATH...\n");
    return 2;
  }
  for (int i = 1; i < argc; i++)
    if (nftw(argv[i], visit, 16, FTW_PHYS) != 0) {
      perror(argv[i]);
      return 2;
    }
  printf("1..%d\n", ntests);
  return nfailed || !ntests ? 1 : 0;
}
