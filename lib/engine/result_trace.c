/*
** result_trace.c — the --explain trace of a result through accessors
** (wnd_result_trace in libwindow.h), so tools read it without parsing the
** result JSON.
*/
#include <string.h>

#include "result.h"

size_t wnd_result_trace_count(const wnd_result *r) { return r ? r->ntrace : 0; }

const char *wnd_result_trace(const wnd_result *r, size_t i, const char *key) {
  if (!r || i >= r->ntrace || !key) return NULL;
  const wnd__trace *t = &r->trace[i];
  if (!strcmp(key, "kind")) return t->kind;
  if (!strcmp(key, "subject")) return t->subject;
  if (!strcmp(key, "expr")) return t->expr;
  if (!strcmp(key, "value")) return t->value;
  if (!strcmp(key, "error")) return t->error;
  if (!strcmp(key, "stage")) return t->stage;
  return NULL;
}

int wnd_result_trace_loc(const wnd_result *r, size_t i, wnd_loc *out) {
  if (!r || !out) return wnd__fail(WND_EINVAL, "wnd_result_trace_loc: a NULL argument");
  if (i >= r->ntrace)
    return wnd__fail(WND_ENOTFOUND, "wnd_result_trace_loc: entry %zu of %zu", i, r->ntrace);
  const wnd__loc *l = &r->trace[i].loc;
  out->file = l->file;
  out->line = l->file ? l->line : 0;
  out->column = l->file ? l->col : 0;
  return WND_OK;
}
