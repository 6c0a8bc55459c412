/*
** times.c — wnd_catalog_parse_time: the one parser consumers use for
** times, so a bare "2026-11-20T10:00:00" is read in the catalog's
** timezone everywhere (the CLI once assumed +08:00 on its own).
*/
#include <string.h>

#include "../core/env.h"
#include "../time/civil.h"
#include "model.h"

int wnd_catalog_parse_time(const wnd_catalog *cat, const char *text, wnd_time *out) {
  if (!text || !out) return wnd__fail(WND_EINVAL, "wnd_catalog_parse_time: a NULL argument");
  wnd__tsparse ts;
  /* Without a catalog (a tool's --today before anything is loaded): UTC. */
  if (wnd__ts_parse(text, strlen(text), cat ? cat->offset : 0, &ts) != 0) {
    static const char fmt[] = "'%s' is not a time: write 2026-11-20T10:00:00+08:00 or 2026-11-20";
    return cat ? wnd__env_error(cat->env, WND_EINVALID, fmt, text)
               : wnd__fail(WND_EINVALID, fmt, text);
  }
  out->sec = ts.sec;
  out->date_only = ts.date_only;
  out->utc_offset = ts.offset;
  return WND_OK;
}
