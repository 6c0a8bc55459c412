/*
** wndpy.h — the small C shim compiled into the Python extension next to
** the SWIG wrapper of libwindow.h.
**
** Conveniences for calls whose C shape does not map onto SWIG well
** (registering a host function from a ctypes address, running rule tests
** with a callback, the catalog time zone) and the env box that keeps a
** wnd_env alive while objects made from it live.  Everything else is the
** public API, wrapped as is.
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

/*
** Keeps a wnd_env alive while anything made from it lives.  Python calls
** finalizers of objects in a garbage cycle in no particular order, so the
** Env object cannot simply free its wnd_env in __del__: a catalog in the
** same cycle may be finalized after it.  Instead the Env and each object
** made from it hold one reference on a box; the last unref frees the
** envs.  The count is atomic: finalizers run on any thread.
*/
typedef struct wndpy_envbox wndpy_envbox;
/* Adopt env and penv (either may be NULL); NULL when out of memory (then
** nothing is adopted).  The box starts with one reference. */
wndpy_envbox *wndpy_envbox_new(wnd_env *env, wnd_env *penv);
wnd_env *wndpy_envbox_env(const wndpy_envbox *box);
wnd_env *wndpy_envbox_penv(const wndpy_envbox *box);
void wndpy_envbox_ref(wndpy_envbox *box);
/* Frees both envs and the box when the last reference goes. */
void wndpy_envbox_unref(wndpy_envbox *box);

/* The catalog's time zone, seconds east of UTC (catalog.yaml timezone). */
int wndpy_catalog_utc_offset(const wnd_catalog *cat);

/*
** Catalog.evaluate_many: pairs is a list of (code, submission) where the
** submission is JSON or YAML text (str or bytes) or the address (int) of a
** wnd_submission.  Every text is parsed (through penv) and every entry
** evaluated with the GIL released once for the whole list.  Returns one
** (status, result address or 0, is_bundle, message, line, column) per
** entry; the
** caller owns the results (window/__init__.py wraps them).
*/
PyObject *wndpy_evaluate_many(const wnd_catalog *cat, wnd_env *penv, PyObject *pairs,
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
