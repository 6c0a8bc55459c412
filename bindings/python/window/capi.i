/*
** capi.i — SWIG interface: libwindow.h as it is, for the Python package
** `window` (module window.capi, extension window._capi).
**
** The thin Pythonic layer (window/__init__.py) is the supported API; this
** module is the public C API one to one, plus the shim in wndpy.h.
**
** Conventions of the generated functions:
**   - a `T **out` (and `wnd_diags **diags`) parameter disappears; the call
**     returns [status, object] (the object is None when not set);
**   - (text, len) pairs take one str (UTF-8) or bytes;
**   - wnd_result_json returns [status, str];
**   - with -threads only the calls marked %thread below release the GIL
**     (loading, parsing, evaluating, rendering); the wndpy_* functions
**     that take Python objects release it themselves.
*/
%module(package="window") capi

%{
#define PY_SSIZE_T_CLEAN
#include <string.h>

#include "libwindow.h"
#include "wndpy.h"
%}

%include <stdint.i>

/* ---- out parameters ----------------------------------------------------- */

%define WND_OUT(TYPE, NAME)
%typemap(in, numinputs=0) TYPE **NAME (TYPE *tmp = NULL) {
  $1 = &tmp;
}
%typemap(argout) TYPE **NAME {
  $result = SWIG_Python_AppendOutput($result, SWIG_NewPointerObj(SWIG_as_voidptr(*$1), $*1_descriptor, 0));
}
%enddef

WND_OUT(wnd_env, out)
WND_OUT(wnd_catalog, out)
WND_OUT(wnd_submission, out)
WND_OUT(wnd_elicenses, out)
WND_OUT(wnd_result, out)
WND_OUT(wnd_engine, out)
WND_OUT(wnd_expr, out)
WND_OUT(wnd_expr_vars, out)
WND_OUT(wnd_diags, diags)

/* wnd_result_json(r, &text, &len) -> [status, str or None] */
%typemap(in, numinputs=0) (const char **out, size_t *len) (const char *s = NULL, size_t n = 0) {
  $1 = ($1_ltype)&s;
  $2 = &n;
}
%typemap(argout) (const char **out, size_t *len) {
  PyObject *o;
  if (*$1) {
    o = PyUnicode_DecodeUTF8(*$1, (Py_ssize_t)*$2, "strict");
    if (!o) SWIG_fail;
  } else {
    o = Py_None;
    Py_INCREF(o);
  }
  $result = SWIG_Python_AppendOutput($result, o);
}

/* (text, len) input pairs: str (as UTF-8) or bytes (as is, so invalid
** UTF-8 reaches the library and is reported with its position).  The
** buffer belongs to the argument object, which the caller keeps alive for
** the whole call, also while the GIL is released. */
%typemap(in) (const char *text, size_t len), (const char *json, size_t len) {
  if (PyBytes_Check($input)) {
    char *b = NULL;
    Py_ssize_t n = 0;
    if (PyBytes_AsStringAndSize($input, &b, &n) < 0) SWIG_fail;
    $1 = b;
    $2 = (size_t)n;
  } else if (PyUnicode_Check($input)) {
    Py_ssize_t n = 0;
    const char *b = PyUnicode_AsUTF8AndSize($input, &n);
    if (!b) SWIG_fail;
    $1 = ($1_ltype)b;
    $2 = (size_t)n;
  } else {
    PyErr_SetString(PyExc_TypeError, "expected str or bytes");
    SWIG_fail;
  }
}
%typemap(typecheck) (const char *text, size_t len), (const char *json, size_t len) {
  $1 = PyBytes_Check($input) || PyUnicode_Check($input);
}

/* A plain `const char *` argument (an item code, a path, a name) is a C
** string, which ends at the first NUL: "CODE\0x" would evaluate CODE and
** "rules\0/x" would load rules/.  Refuse such a str or bytes with
** ValueError instead of cutting it short; None stays NULL.  The buffer
** belongs to the argument object, alive for the whole call. */
%typemap(in) const char * {
  if ($input == Py_None) {
    $1 = NULL;
  } else {
    char *b = NULL;
    Py_ssize_t n = 0;
    if (PyBytes_Check($input)) {
      if (PyBytes_AsStringAndSize($input, &b, &n) < 0) SWIG_fail;
    } else if (PyUnicode_Check($input)) {
      b = (char *)PyUnicode_AsUTF8AndSize($input, &n);
      if (!b) SWIG_fail;
    } else {
      PyErr_SetString(PyExc_TypeError, "expected str, bytes or None");
      SWIG_fail;
    }
    if (memchr(b, 0, (size_t)n)) {
      PyErr_SetString(PyExc_ValueError, "embedded NUL character in a string argument");
      SWIG_fail;
    }
    $1 = ($1_ltype)b;
  }
}
%typemap(typecheck, precedence=SWIG_TYPECHECK_STRING) const char * {
  $1 = $input == Py_None || PyBytes_Check($input) || PyUnicode_Check($input);
}
%typemap(freearg) const char * ""

/* ---- what is not wrapped ------------------------------------------------ */

/* Function pointers and tables for C hosts and plugins; Python registers
** host functions through wndpy_env_register (ctypes addresses). */
%ignore wnd_allocator;
%ignore wnd_env_options::allocator;
%ignore wnd_env_register_function;
%ignore wnd_plugin_function;
%ignore wnd_plugin;
%ignore wnd_catalog_test;     /* wndpy_catalog_test collects the outcomes */
%ignore wnd_test_outcome;
%ignore wnd_expr_value::internal_;  /* the library's, not the caller's */

/* Results and diagnostics are read-only views of library memory. */
%immutable wnd_diag::code;
%immutable wnd_diag::message;
%immutable wnd_diag::file;
%immutable wnd_finding::code;
%immutable wnd_finding::subject;
%immutable wnd_finding::message;
%immutable wnd_finding::due;
%immutable wnd_finding::rule_file;

/* ---- GIL ---------------------------------------------------------------- */

/* Releasing and re-taking the GIL costs about as much as a short call and,
** with several threads, hands the GIL to another thread each time (an
** evaluation's accessors and frees would hand it over a dozen times).  So
** only the calls that do real work release it: loading, reloading,
** parsing, evaluating, rendering the JSON; every accessor keeps it. */
%nothread;
%thread wnd_catalog_load;
%thread wnd_engine_new;
%thread wnd_engine_reload;
%thread wnd_evaluate;
%thread wnd_engine_evaluate;
%thread wnd_submission_parse;
%thread wnd_elicenses_parse;
%thread wnd_result_json;
%thread wndpy_env_register;

%nothread wndpy_catalog_test;
%nothread wndpy_evaluate_many;
%nothread wndpy_expr;
%nothread wndpy_result_at;

/* window/__init__.py wraps the result addresses wndpy_evaluate_many returns. */
%inline %{
wnd_result *wndpy_result_at(unsigned long long address) {
  return (wnd_result *)(uintptr_t)address;
}
%}

%include "libwindow.h"
%include "wndpy.h"
