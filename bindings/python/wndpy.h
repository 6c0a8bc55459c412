/*
** wndpy.h — the small C shim compiled into the Python extension next to
** the SWIG wrapper of libwindow.h.
**
** Three kinds of function live here:
**   - wndpy_expr: `window.expr()`.  The public C API has no expression
**     entry point yet; this uses the internal compiler (lib/cel/cel.h)
**     exactly as `window expr` does (tools/cmd_expr.c), converting Python
**     values to and from expression values directly;
**   - conveniences for calls whose C shape does not map onto SWIG well
**     (registering a host function from a ctypes address, running rule
**     tests with a callback, the catalog time zone);
**   - nothing else: everything else is the public API, wrapped as is.
**
** Functions taking or returning PyObject * run with the GIL held (the
** interface file marks them %nothread) and release it themselves around
** the C work.  The others are plain C and SWIG releases the GIL around
** them (-threads).
*/
#ifndef WNDPY_H
#define WNDPY_H

#include <stdint.h>

#include "libwindow.h"

/*
** Evaluate one expression.  `text` is a str; `vars` a dict name -> value
** (None, bool, int, float, str, list, tuple, dict, aware datetime,
** timedelta).  `now_ts` (a Python int of Unix seconds, or None) is the
** instant bound to `now` when vars has no `now`, and the activation's
** "today".  Returns (True, value) or (False, [(line, column, severity,
** code, message), ...]); raises TypeError/ValueError/OverflowError for
** values that have no expression counterpart, MemoryError on OOM.
*/
PyObject *wndpy_expr(PyObject *text, PyObject *vars, PyObject *now_ts);

/*
** Run the catalog's rule tests.  Returns (status, passed, failed,
** [(target, name, file, line, column, passed, message), ...]).  Host
** functions registered from Python run during this call, so the GIL is
** released while the tests run.
*/
PyObject *wndpy_catalog_test(const wnd_catalog *cat);

/*
** wnd_env_register_function with the function given as an address (from
** ctypes) and the parameter types as a string of wnd_type digits, e.g.
** "44" for (string, string).
*/
int wndpy_env_register(wnd_env *env, const char *name, unsigned long long fn_address,
                       int ret, const char *params);

/* The catalog's time zone, seconds east of UTC (catalog.yaml timezone). */
int wndpy_catalog_utc_offset(const wnd_catalog *cat);

#endif
