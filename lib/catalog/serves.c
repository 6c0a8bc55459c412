/*
** serves.c — does a window's `serves` mapping take an item (SPEC §2.4,
** §4.4 "Windows")?  Shared by the router and the lint rule that warns
** about items no window takes.
*/
#include "serves.h"

#include <string.h>

static bool in_list(const wnd__strlist *l, const char *s) {
  for (uint32_t i = 0; s && i < l->n; i++)
    if (strcmp(l->v[i], s) == 0) return true;
  return false;
}

bool wnd__window_serves(const wnd__window *w, const wnd__item *it) {
  if (w->kind == WK_OUTPUT) return false;
  /* Negative-list items (不进驻综合窗口) never go to a comprehensive window. */
  if (w->kind == WK_COMPREHENSIVE && !it->comprehensive) return false;
  if (w->frequency && !(w->frequency & it->frequency)) return false;
  /* The item's own department, even when a rule escalates it. */
  if (w->departments.n && !in_list(&w->departments, it->department_id)) return false;
  if (w->themes.n) {
    bool any = false;
    for (uint32_t i = 0; i < it->themes.n && !any; i++)
      any = in_list(&w->themes, it->themes.v[i]);
    if (!any) return false;
  }
  if (w->items.n && !in_list(&w->items, it->code)) return false;
  return true;
}

const wnd__window *wnd__output_window(const wnd_catalog *c, const wnd__item *it) {
  if (it->output_window) return it->output_window;
  for (uint32_t i = 0; i < c->nwindows; i++)
    if (c->windows[i].kind == WK_OUTPUT) return &c->windows[i];
  return NULL;
}
