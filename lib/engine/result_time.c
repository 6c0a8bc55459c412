/*
** result_time.c — deadlines of a result as typed values.  The text is the
** single source (it is what the JSON shows); a day is read in the timezone
** of the catalog the result came from.
*/
#include <string.h>

#include "../core/env.h"
#include "../time/civil.h"
#include "result.h"

int wnd_result_deadline_time(const wnd_result *r, const char *name, wnd_time *out) {
  if (!r || !name || !out)
    return wnd__fail(WND_EINVAL, "wnd_result_deadline_time: a NULL argument");
  const char *text = wnd_result_deadline(r, name);
  if (!text)
    return wnd__fail(WND_ENOTFOUND, "the result has no %s deadline (or it is null)", name);
  wnd__tsparse ts;
  if (wnd__ts_parse(text, strlen(text), r->utc_offset, &ts) != 0)
    return wnd__fail(WND_ERROR, "deadline %s is not a time: %s", name, text);
  out->sec = ts.sec;
  out->date_only = ts.date_only;
  out->utc_offset = ts.offset;
  return WND_OK;
}
