/*
** jnum.h — number text <-> double without the C locale.
**
** strtod and printf follow LC_NUMERIC, and a host that calls
** setlocale(LC_ALL, "") in a de_DE or fr_FR locale would make "1.5" read
** as 1 and 1.5 print as "1,5".  A library must not depend on the host's
** locale, so the reader hands strtod only digits and an exponent ("15e-1",
** which every locale reads the same) and the writer normalises the decimal
** separator printf produced.
*/
#ifndef WND_JSON_JNUM_H
#define WND_JSON_JNUM_H

#include <stddef.h>

#include "core/mem.h"

/*
** Value of a JSON number token [s, s+n) that the caller has already
** validated against the RFC 8259 grammar.  Correctly rounded.  Returns 0,
** or -1 when the value overflows to infinity.
*/
WND_HIDDEN int wnd__jnum_to_double(const char *s, size_t n, double *out);

/*
** Shortest text ("%.15g".."%.17g") of finite d that reads back to d, with
** '.' as decimal separator, ".0" added when the text would read as an
** integer, and exponents without leading zeros ("1e-07" -> "1e-7").
** buf >= WND_JNUM_BUFSZ.  Returns the length; NaN/inf give "null".
*/
#define WND_JNUM_BUFSZ 40
WND_HIDDEN size_t wnd__jnum_format_double(char *buf, double d);

#endif
