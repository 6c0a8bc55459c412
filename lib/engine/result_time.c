/*
** result_time.c — deadlines of a result as typed values.  The text is the
** single source (it is what the JSON shows); a day is read in the timezone
** of the catalog the result came from.
*/
#include <string.h>

#include "../time/civil.h"
#include "result.h"

int wnd_result_deadline_time(const wnd_result *r, const char *name, wnd_time *out) {
  if (!r || !name || !out) return WND_EINVAL;
  const char *text = wnd_result_deadline(r, name);
  if (!text) return WND_ENOTFOUND;
  wnd__tsparse ts;
  if (wnd__ts_parse(text, strlen(text), r->utc_offset, &ts) != 0) return WND_ERROR;
  out->sec = ts.sec;
  out->date_only = ts.date_only;
  out->utc_offset = ts.offset;
  return WND_OK;
}
