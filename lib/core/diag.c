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
  x->offset = 0;
}

/* Sorted by file, line, column; equal positions keep the order they were
** reported in (the index breaks ties), so qsort gives a stable result in
** O(n log n) even for a hostile file with tens of thousands of problems. */
typedef struct keyed {
  const wnd_diag *d;
  size_t index;
} keyed;

static int cmp_keyed(const void *a, const void *b) {
  const keyed *x = a, *y = b;
  int c = strcmp(x->d->file, y->d->file);
  if (c) return c;
  if (x->d->line != y->d->line) return x->d->line < y->d->line ? -1 : 1;
  if (x->d->column != y->d->column) return x->d->column < y->d->column ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

void wnd__diags_sort(wnd_diags *d) {
  if (!d || d->count < 2) return;
  size_t n = d->count;
  keyed *k = wnd__calloc(&d->mem, n, sizeof *k);
  wnd_diag *copy = wnd__calloc(&d->mem, n, sizeof *copy);
  if (!k || !copy) {
    wnd__free(&d->mem, k);
    wnd__free(&d->mem, copy);
    /* left unsorted, the list would order differently under memory
    ** pressure (and name another first problem): report the failure */
    d->oom = true;
    return;
  }
  memcpy(copy, d->items, n * sizeof *copy);
  for (size_t i = 0; i < n; i++) {
    k[i].d = &copy[i];
    k[i].index = i;
  }
  qsort(k, n, sizeof *k, cmp_keyed);
  for (size_t i = 0; i < n; i++) d->items[i] = *k[i].d;
  wnd__free(&d->mem, k);
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
