/*
** diag.c — diagnostics list (see diag.h).
*/
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

wnd_diags *wnd__diags_new(const wnd__mem *m) {
  wnd_diags *d = wnd__calloc(m, 1, sizeof *d);
  if (d) d->mem = *m;
  return d;
}

void wnd__diag_add(wnd_diags *d, wnd_severity sev, const char *code,
                   const char *file, uint32_t line, uint32_t col,
                   const char *fmt, ...) {
  if (!d) return;
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (!WND_PUSH(&d->mem, d->items, d->count, d->cap)) {
    d->oom = true;
    return;
  }
  char *msg = wnd__strdup(&d->mem, buf);
  char *f = wnd__strdup(&d->mem, file ? file : "");
  if (!msg || !f) {
    wnd__free(&d->mem, msg);
    wnd__free(&d->mem, f);
    d->oom = true;
    return;
  }
  wnd_diag *x = &d->items[d->count++];
  x->severity = sev;
  x->code = code;   /* stable codes are string literals */
  x->message = msg;
  x->file = f;
  x->line = line;
  x->column = col;
}

static int cmp_diag(const void *a, const void *b) {
  const wnd_diag *x = a, *y = b;
  int c = strcmp(x->file, y->file);
  if (c) return c;
  if (x->line != y->line) return x->line < y->line ? -1 : 1;
  if (x->column != y->column) return x->column < y->column ? -1 : 1;
  return 0;
}

void wnd__diags_sort(wnd_diags *d) {
  if (!d || d->count < 2) return;
  /* qsort is not stable: break ties by original index, kept in a temp. */
  size_t n = d->count;
  size_t *idx = wnd__calloc(&d->mem, n, sizeof *idx);
  wnd_diag *copy = wnd__calloc(&d->mem, n, sizeof *copy);
  if (!idx || !copy) {
    wnd__free(&d->mem, idx);
    wnd__free(&d->mem, copy);
    return; /* unsorted is still correct, only less tidy */
  }
  memcpy(copy, d->items, n * sizeof *copy);
  /* insertion sort keeps stability; lists are short (hundreds). */
  for (size_t i = 0; i < n; i++) idx[i] = i;
  for (size_t i = 1; i < n; i++) {
    size_t k = idx[i], j = i;
    while (j > 0 && cmp_diag(&copy[idx[j - 1]], &copy[k]) > 0) {
      idx[j] = idx[j - 1];
      j--;
    }
    idx[j] = k;
  }
  for (size_t i = 0; i < n; i++) d->items[i] = copy[idx[i]];
  wnd__free(&d->mem, idx);
  wnd__free(&d->mem, copy);
}

size_t wnd_diags_count(const wnd_diags *d) { return d ? d->count : 0; }

const wnd_diag *wnd_diags_get(const wnd_diags *d, size_t i) {
  if (!d || i >= d->count) return NULL;
  return &d->items[i];
}

size_t wnd_diags_count_severity(const wnd_diags *d, wnd_severity sev) {
  size_t n = 0;
  if (!d) return 0;
  for (size_t i = 0; i < d->count; i++)
    if (d->items[i].severity == sev) n++;
  return n;
}

void wnd_diags_free(wnd_diags *d) {
  if (!d) return;
  wnd__mem mem = d->mem;
  for (size_t i = 0; i < d->count; i++) {
    wnd__free(&mem, (void *)d->items[i].message);
    wnd__free(&mem, (void *)d->items[i].file);
  }
  wnd__free(&mem, d->items);
  wnd__free(&mem, d);
}
