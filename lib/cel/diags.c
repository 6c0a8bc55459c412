/*
** diags.c — the diagnostics list the lexer, parser, checker and compile
** driver append to.  Its own file so that none of them depends on another
** for it (the parser and checker used to call back into compile.c).
*/
#include "cel_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void wnd__cel_diags_init(wnd__cel_diags *d, const wnd__mem *mem) {
  memset(d, 0, sizeof *d);
  d->mem = mem ? mem : &wnd__mem_default;
}

void wnd__cel_diags_free(wnd__cel_diags *d) {
  if (!d || !d->mem) return;
  for (size_t i = 0; i < d->count; i++) wnd__free(d->mem, d->items[i].message);
  wnd__free(d->mem, d->items);
  d->items = NULL;
  d->count = d->cap = d->errors = 0;
  d->oom = false;
}

void wnd__cel_diag_add(wnd__cel_diags *d, wnd_severity sev, const char *code, uint32_t off,
                   const char *fmt, ...) {
  /* An error always counts, even when its text cannot be stored, so a
  ** failed compile never looks clean. */
  if (sev == WND_SEV_ERROR) d->errors++;
  if (!WND_PUSH(d->mem, d->items, d->count, d->cap)) {
    d->oom = true;
    return;
  }
  char buf[600];
  va_list ap;
  va_start(ap, fmt);
  size_t n = wnd__vformat(buf, sizeof buf, fmt, ap);
  va_end(ap);
  char *msg = wnd__strndup(d->mem, buf, n);
  if (!msg) {
    d->oom = true;
    return;
  }
  wnd__cel_diag *it = &d->items[d->count++];
  it->severity = sev;
  it->code = code;
  it->message = msg;
  it->offset = off;
}

