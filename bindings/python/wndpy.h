/*
** wndpy.h — the small C shim compiled into the Python extension next to
** the SWIG wrapper of libwindow.h.
**
** Conveniences for calls whose C shape does not map onto SWIG well
** (registering a host function from a ctypes address, running rule tests
** with a callback, the catalog time zone, batches and window.expr).
** Everything else is the public API, wrapped as is.
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

/*
** Catalog.evaluate_many: pairs is a list of (code, submission) where the
** submission is JSON or YAML text (str or bytes) or the address (int) of a
** wnd_submission.  Every text is parsed (through env) and every entry
** evaluated with the GIL released once for the whole list.  Returns one
** (status, result address or 0, is_bundle, message, line, column) per
** entry; the
** caller owns the results (window/__init__.py wraps them).
*/
PyObject *wndpy_evaluate_many(const wnd_catalog *cat, wnd_env *env, PyObject *pairs,
                              const wnd_eval_options *opts);

/*
** window.expr() on the public expression API: compile text with the
** variables named in names (a list of str) and evaluate it with vars_json
** (a JSON object, or NULL), now bound to now_sec when now_set.  Returns
** (status, the value as JSON or None, [(line, column, severity, code,
** message), ...]); an evaluation failure is one problem with code "".
*/
PyObject *wndpy_expr(wnd_env *env, const wnd_catalog *cat, PyObject *text, PyObject *names,
                     const char *vars_json, int now_set, long long now_sec);

#endif
