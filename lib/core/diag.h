/*
** diag.h — a list of diagnostics (file:line:column, severity, stable code,
** message).  Loading collects every problem of a catalog into one list.
*/
#ifndef WND_CORE_DIAG_H
#define WND_CORE_DIAG_H

#include "mem.h"

struct wnd_diags {
  wnd__mem mem;        /* by value: a list may outlive its env */
  wnd_diag *items;
  size_t count, cap;
  bool oom;            /* a diagnostic was dropped, or the list left unsorted, for lack of memory */
};

WND_HIDDEN wnd_diags *wnd__diags_new(const wnd__mem *m);
/*
** Add a diagnostic; the message is formatted with printf rules.  On
** allocation failure the diagnostic is dropped and d->oom set; callers
** check wnd__diags_oom once at the end instead of after every add.
*/
WND_HIDDEN void wnd__diag_add(wnd_diags *d, wnd_severity sev, const char *code,
                              const char *file, uint32_t line, uint32_t col,
                              const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));
WND_HIDDEN void wnd__diags_sort(wnd_diags *d);

#endif
