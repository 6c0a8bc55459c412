/*
** exprmod.c — the extension module window._expr: window.expr().
**
** The public C API has no expression entry point, so this module uses the
** internal expression compiler (lib/cel/cel.h) exactly as `window expr`
** does (tools/cmd_expr.c), converting Python values to and from expression
** values directly.  It links libwindow's internal static library (hidden
** symbols) and exports nothing but PyInit__expr; window._capi links the
** shared library, so host functions and plugins see one libwindow.
**
**   _expr.expr(text, vars, now_ts) -> (True, value)
**                                   | (False, [(line, column, severity, code, message), ...])
**
** `vars` maps names to None, bool, int, float, str, list, tuple, dict,
** aware datetime or timedelta; `now_ts` (int Unix seconds or None) is the
** instant bound to `now` when vars has none, and the activation's "today".
** The GIL is released while the expression compiles and evaluates.
*/
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <datetime.h>

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "cel/cel.h"
#include "core/mem.h"
#include "core/utf8.h"
#include "core/value.h"

/* Deeper Python containers are refused (this also stops cycles). */
#define MAX_DEPTH 64

/* ---- Python -> expression values -------------------------------------- */

typedef struct conv {
  wnd__arena *arena;
  PyObject *epoch;  /* datetime(1970, 1, 1, tzinfo=utc) */
} conv;

static int from_py(conv *c, PyObject *o, wnd__value *out, int depth);

static int nomem(void) {
  PyErr_NoMemory();
  return -1;
}

static int str_value(conv *c, PyObject *o, wnd__value *out) {
  Py_ssize_t n;
  const char *s = PyUnicode_AsUTF8AndSize(o, &n);
  if (!s) return -1;
  if ((size_t)n > UINT32_MAX) {
    PyErr_SetString(PyExc_ValueError, "string too long for an expression value");
    return -1;
  }
  if (memchr(s, '\0', (size_t)n)) {
    PyErr_SetString(PyExc_ValueError, "strings in expressions cannot contain NUL");
    return -1;
  }
  char *copy = wnd__arena_strndup(c->arena, s, (size_t)n);
  if (!copy) return nomem();
  *out = wnd__v_string(copy, (uint32_t)n);
  return 0;
}

/* datetime -> timestamp: exact (days, seconds, microseconds) of dt - epoch. */
static int datetime_value(conv *c, PyObject *o, wnd__value *out) {
  PyObject *tz = PyObject_GetAttrString(o, "tzinfo");
  if (!tz) return -1;
  int naive = tz == Py_None;
  Py_DECREF(tz);
  if (naive) {
    PyErr_SetString(PyExc_ValueError, "naive datetime (the Python layer attaches the zone)");
    return -1;
  }
  PyObject *d = PyNumber_Subtract(o, c->epoch);
  if (!d) return -1;
  if (!PyDelta_Check(d)) {
    Py_DECREF(d);
    PyErr_SetString(PyExc_TypeError, "datetime subtraction did not give a timedelta");
    return -1;
  }
  int64_t sec = (int64_t)PyDateTime_DELTA_GET_DAYS(d) * 86400 + PyDateTime_DELTA_GET_SECONDS(d);
  int32_t nsec = (int32_t)PyDateTime_DELTA_GET_MICROSECONDS(d) * 1000;
  Py_DECREF(d);
  *out = wnd__v_timestamp(sec, nsec);
  return 0;
}

static int delta_value(PyObject *o, wnd__value *out) {
  int64_t sec = (int64_t)PyDateTime_DELTA_GET_DAYS(o) * 86400 + PyDateTime_DELTA_GET_SECONDS(o);
  int32_t us = PyDateTime_DELTA_GET_MICROSECONDS(o);
  /* timedelta keeps microseconds >= 0; a duration's nanos share the sign of
  ** its seconds. */
  if (sec < 0 && us > 0) {
    sec += 1;
    us -= 1000000;
  }
  *out = wnd__v_duration(sec, us * 1000);
  return 0;
}

static int int_value(PyObject *o, wnd__value *out) {
  int overflow = 0;
  long long v = PyLong_AsLongLongAndOverflow(o, &overflow);
  if (v == -1 && PyErr_Occurred()) return -1;
  if (!overflow) {
    *out = wnd__v_int((int64_t)v);
    return 0;
  }
  if (overflow > 0) {
    unsigned long long u = PyLong_AsUnsignedLongLong(o);
    if (!PyErr_Occurred()) {
      *out = wnd__v_uint((uint64_t)u);
      return 0;
    }
    PyErr_Clear();
  }
  PyErr_SetString(PyExc_OverflowError, "integer out of the range of int and uint");
  return -1;
}

static int seq_value(conv *c, PyObject *o, wnd__value *out, int depth) {
  PyObject *seq = PySequence_Fast(o, "expected a sequence");
  if (!seq) return -1;
  Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
  wnd__value *items = n ? wnd__arena_calloc(c->arena, (size_t)n, sizeof *items) : NULL;
  if (n && !items) {
    Py_DECREF(seq);
    return nomem();
  }
  for (Py_ssize_t i = 0; i < n; i++)
    if (from_py(c, PySequence_Fast_GET_ITEM(seq, i), &items[i], depth + 1) < 0) {
      Py_DECREF(seq);
      return -1;
    }
  Py_DECREF(seq);
  *out = wnd__v_list(items, (uint32_t)n);
  return 0;
}

static int key_value(conv *c, PyObject *k, wnd__value *out) {
  if (PyUnicode_Check(k)) return str_value(c, k, out);
  if (PyBool_Check(k)) {
    *out = wnd__v_bool(k == Py_True);
    return 0;
  }
  if (PyLong_Check(k)) return int_value(k, out);
  PyErr_Format(PyExc_TypeError, "map keys must be str, int or bool, not %.100s",
               Py_TYPE(k)->tp_name);
  return -1;
}

static int dict_value(conv *c, PyObject *o, wnd__value *out, int depth) {
  Py_ssize_t n = PyDict_Size(o);
  wnd__mapent *ents = n ? wnd__arena_calloc(c->arena, (size_t)n, sizeof *ents) : NULL;
  if (n && !ents) return nomem();
  Py_ssize_t pos = 0, i = 0;
  PyObject *k, *v;
  while (PyDict_Next(o, &pos, &k, &v)) {
    if (i >= n) break;
    if (key_value(c, k, &ents[i].key) < 0) return -1;
    if (from_py(c, v, &ents[i].val, depth + 1) < 0) return -1;
    i++;
  }
  *out = wnd__v_map(ents, (uint32_t)i);
  return 0;
}

static int from_py(conv *c, PyObject *o, wnd__value *out, int depth) {
  if (depth > MAX_DEPTH) {
    PyErr_SetString(PyExc_ValueError, "value nested too deeply (or a cycle)");
    return -1;
  }
  if (o == Py_None) {
    *out = wnd__v_null();
    return 0;
  }
  if (PyBool_Check(o)) {
    *out = wnd__v_bool(o == Py_True);
    return 0;
  }
  if (PyLong_Check(o)) return int_value(o, out);
  if (PyFloat_Check(o)) {
    *out = wnd__v_double(PyFloat_AS_DOUBLE(o));
    return 0;
  }
  if (PyUnicode_Check(o)) return str_value(c, o, out);
  if (PyDateTime_Check(o)) return datetime_value(c, o, out);
  if (PyDelta_Check(o)) return delta_value(o, out);
  if (PyDict_Check(o)) return dict_value(c, o, out, depth);
  if (PyList_Check(o) || PyTuple_Check(o)) return seq_value(c, o, out, depth);
  PyErr_Format(PyExc_TypeError, "cannot pass a %.100s to an expression", Py_TYPE(o)->tp_name);
  return -1;
}

/* ---- expression values -> Python -------------------------------------- */

static PyObject *utc_datetime(PyObject *epoch, int64_t sec, int32_t nsec) {
  int64_t days = sec / 86400, rem = sec % 86400;
  if (rem < 0) {
    rem += 86400;
    days -= 1;
  }
  if (days > 999999999 || days < -999999999) {
    PyErr_SetString(PyExc_OverflowError, "timestamp out of range");
    return NULL;
  }
  PyObject *d = PyDelta_FromDSU((int)days, (int)rem, nsec / 1000);
  if (!d) return NULL;
  PyObject *r = PyNumber_Add(epoch, d);
  Py_DECREF(d);
  return r;
}

static PyObject *to_py(PyObject *epoch, wnd__value v, int depth) {
  if (depth > 200) {
    PyErr_SetString(PyExc_ValueError, "result nested too deeply");
    return NULL;
  }
  switch (v.kind) {
    case WV_NULL:
      Py_RETURN_NONE;
    case WV_BOOL:
      return PyBool_FromLong(v.u.b);
    case WV_INT:
      return PyLong_FromLongLong((long long)v.u.i);
    case WV_UINT:
      return PyLong_FromUnsignedLongLong((unsigned long long)v.u.u);
    case WV_DOUBLE:
      return PyFloat_FromDouble(v.u.d);
    case WV_STRING:
      return PyUnicode_DecodeUTF8(v.u.s, (Py_ssize_t)v.n, "strict");
    case WV_TYPE:
      return PyUnicode_FromString(v.u.s ? v.u.s : "");
    case WV_TIMESTAMP:
      return utc_datetime(epoch, v.u.t.sec, v.u.t.nsec);
    case WV_DURATION: {
      int64_t sec = v.u.t.sec;
      int64_t us = v.u.t.nsec / 1000;
      int64_t days = sec / 86400, rem = sec % 86400;
      if (rem < 0) {
        rem += 86400;
        days -= 1;
      }
      if (days > 999999999 || days < -999999999) {
        PyErr_SetString(PyExc_OverflowError, "duration out of range");
        return NULL;
      }
      return PyDelta_FromDSU((int)days, (int)rem, (int)us);
    }
    case WV_LIST: {
      PyObject *l = PyList_New((Py_ssize_t)v.n);
      if (!l) return NULL;
      for (uint32_t i = 0; i < v.n; i++) {
        PyObject *x = to_py(epoch, v.u.items[i], depth + 1);
        if (!x) {
          Py_DECREF(l);
          return NULL;
        }
        PyList_SET_ITEM(l, (Py_ssize_t)i, x);
      }
      return l;
    }
    case WV_MAP: {
      PyObject *d = PyDict_New();
      if (!d) return NULL;
      for (uint32_t i = 0; i < v.n; i++) {
        PyObject *k = to_py(epoch, v.u.ents[i].key, depth + 1);
        PyObject *x = k ? to_py(epoch, v.u.ents[i].val, depth + 1) : NULL;
        if (!x || PyDict_SetItem(d, k, x) < 0) {
          Py_XDECREF(k);
          Py_XDECREF(x);
          Py_DECREF(d);
          return NULL;
        }
        Py_DECREF(k);
        Py_DECREF(x);
      }
      return d;
    }
    default:
      PyErr_SetString(PyExc_ValueError, "unexpected value kind");
      return NULL;
  }
}

/* ---- wndpy_expr --------------------------------------------------------- */

/* 1-based line and column (code points) of byte offset off, as cmd_expr. */
static void position(const char *src, size_t len, uint32_t off, uint32_t *line, uint32_t *col) {
  if (off > len) off = (uint32_t)len;
  uint32_t ln = 1;
  size_t start = 0;
  for (size_t i = 0; i < off; i++)
    if (src[i] == '\n') {
      ln++;
      start = i + 1;
    }
  *line = ln;
  *col = wnd__utf8_column(src + start, off - start);
}

static const char *errcode_name(int code) {
  switch (code) {
    case WE_NO_SUCH_KEY: return "no-such-key";
    case WE_NO_OVERLOAD: return "no-such-overload";
    case WE_DIV_ZERO: return "division-by-zero";
    case WE_OVERFLOW: return "overflow";
    case WE_RANGE: return "index-out-of-range";
    case WE_INVALID: return "invalid-argument";
    case WE_COST: return "cost-limit";
    case WE_REGEX: return "regex-limit";
    case WE_HOST: return "host-function";
    case WE_NOMEM: return "out-of-memory";
    case WE_LIMIT: return "limit";
    default: return "evaluation-error";
  }
}

static PyObject *problem(uint32_t line, uint32_t col, const char *sev, const char *code,
                         const char *msg) {
  return Py_BuildValue("(IIsss)", (unsigned)line, (unsigned)col, sev, code, msg ? msg : "");
}

static PyObject *failure(PyObject *list) {
  if (!list) return NULL;
  PyObject *r = Py_BuildValue("(OO)", Py_False, list);
  Py_DECREF(list);
  return r;
}

static PyObject *expr_impl(PyObject *text, PyObject *vars, PyObject *now_ts) {
  if (!PyUnicode_Check(text)) {
    PyErr_SetString(PyExc_TypeError, "the expression must be a str");
    return NULL;
  }
  if (vars != Py_None && !PyDict_Check(vars)) {
    PyErr_SetString(PyExc_TypeError, "vars must be a dict");
    return NULL;
  }
  Py_ssize_t slen;
  const char *src = PyUnicode_AsUTF8AndSize(text, &slen);
  if (!src) return NULL;
  size_t len = (size_t)slen;

  int64_t now_sec;
  int32_t now_nsec = 0;
  if (now_ts != Py_None) {
    now_sec = (int64_t)PyLong_AsLongLong(now_ts);
    if (now_sec == -1 && PyErr_Occurred()) return NULL;
  } else {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    now_sec = (int64_t)ts.tv_sec;
    now_nsec = (int32_t)ts.tv_nsec;
  }

  PyObject *result = NULL;
  const wnd__mem *mem = &wnd__mem_default;
  wnd__arena arena;
  wnd__arena_init(&arena, mem, NULL, 0);
  PyObject *epoch = PyDateTimeAPI->DateTime_FromDateAndTime(
      1970, 1, 1, 0, 0, 0, 0, PyDateTime_TimeZone_UTC, PyDateTimeAPI->DateTimeType);
  if (!epoch) {
    wnd__arena_free(&arena);
    return NULL;
  }

  Py_ssize_t nv = vars == Py_None ? 0 : PyDict_Size(vars);
  wnd__cel_var *cvars = wnd__arena_calloc(&arena, (size_t)nv + 1, sizeof *cvars);
  wnd__value *slots = wnd__arena_calloc(&arena, (size_t)nv + 1, sizeof *slots);
  if (!cvars || !slots) {
    PyErr_NoMemory();
    goto out;
  }
  conv c = {&arena, epoch};
  size_t nslots = 0;
  bool have_now = false;
  if (nv) {
    Py_ssize_t pos = 0;
    PyObject *k, *v;
    while (PyDict_Next(vars, &pos, &k, &v)) {
      if (nslots >= (size_t)nv) break;
      if (!PyUnicode_Check(k)) {
        PyErr_SetString(PyExc_TypeError, "variable names must be str");
        goto out;
      }
      Py_ssize_t kn;
      const char *ks = PyUnicode_AsUTF8AndSize(k, &kn);
      if (!ks) goto out;
      char *name = wnd__arena_strndup(&arena, ks, (size_t)kn);
      if (!name) {
        PyErr_NoMemory();
        goto out;
      }
      if (from_py(&c, v, &slots[nslots], 0) < 0) goto out;
      if (!strcmp(name, "now")) have_now = true;
      cvars[nslots].name = name;
      cvars[nslots].type = WND_CT_DYN;
      cvars[nslots].slot = (uint32_t)nslots;
      nslots++;
    }
  }
  if (!have_now) {
    cvars[nslots].name = "now";
    cvars[nslots].type = WND_CT_TIMESTAMP;
    cvars[nslots].slot = (uint32_t)nslots;
    slots[nslots] = wnd__v_timestamp(now_sec, now_nsec);
    nslots++;
  }

  wnd__cel_env env;
  memset(&env, 0, sizeof env);
  env.mem = mem;
  env.vars = cvars;
  env.nvars = nslots;
  wnd__cel_diags diags;
  wnd__cel_diags_init(&diags, mem);
  wnd__cel_program *prog = NULL;
  wnd__cel_ctx *ctx = NULL;
  wnd__value val;
  int cr, er = WND_OK, xr = WND_OK;

  Py_BEGIN_ALLOW_THREADS
  cr = wnd__cel_compile(&env, src, len, false, &prog, &diags);
  if (cr == WND_OK) {
    xr = wnd__cel_ctx_new(&ctx, mem, NULL);
    if (xr == WND_OK) {
      wnd__cel_activation act;
      memset(&act, 0, sizeof act);
      act.slots = slots;
      act.nslots = nslots;
      act.now_sec = now_sec;
      act.now_nsec = now_nsec;
      er = wnd__cel_eval(prog, &act, ctx, &val);
    }
  }
  Py_END_ALLOW_THREADS

  if (cr != WND_OK || diags.errors) {
    PyObject *list = PyList_New(0);
    for (size_t i = 0; list && i < diags.count; i++) {
      const wnd__cel_diag *d = &diags.items[i];
      uint32_t line, col;
      position(src, len, d->offset, &line, &col);
      PyObject *t = problem(line, col, d->severity == WND_SEV_ERROR ? "error" : "warning",
                            d->code, d->message);
      if (!t || PyList_Append(list, t) < 0) Py_CLEAR(list);
      Py_XDECREF(t);
    }
    if (list && PyList_GET_SIZE(list) == 0) {
      PyObject *t = problem(0, 0, "error", cr == WND_ENOMEM ? "out-of-memory" : "expr-error",
                            cr == WND_ENOMEM ? "out of memory" : wnd_errstr(cr));
      if (!t || PyList_Append(list, t) < 0) Py_CLEAR(list);
      Py_XDECREF(t);
    }
    result = failure(list);
  } else if (xr != WND_OK) {
    PyErr_NoMemory();
  } else if (er != WND_OK) {
    const wnd__err *e = val.u.err;
    uint32_t off = e ? wnd__cel_error_offset(e) : UINT32_MAX;
    uint32_t line = 0, col = 0;
    if (off != UINT32_MAX) position(src, len, off, &line, &col);
    PyObject *list = PyList_New(0);
    PyObject *t = list ? problem(line, col, "error", e ? errcode_name(e->code) : "evaluation-error",
                                 e && e->msg ? e->msg : wnd_errstr(er))
                       : NULL;
    if (!t || PyList_Append(list, t) < 0) Py_CLEAR(list);
    Py_XDECREF(t);
    result = failure(list);
  } else {
    PyObject *x = to_py(epoch, val, 0);
    if (x) {
      result = Py_BuildValue("(OO)", Py_True, x);
      Py_DECREF(x);
    }
  }
  wnd__cel_ctx_free(ctx);
  wnd__cel_program_free(prog);
  wnd__cel_diags_free(&diags);
out:
  Py_XDECREF(epoch);
  wnd__arena_free(&arena);
  return result;
}


static PyObject *py_expr(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *text, *vars, *now_ts;
  if (!PyArg_ParseTuple(args, "OOO:expr", &text, &vars, &now_ts)) return NULL;
  return expr_impl(text, vars, now_ts);
}

static PyMethodDef methods[] = {
    {"expr", py_expr, METH_VARARGS,
     "expr(text, vars, now_ts) -> (True, value) | (False, problems)"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_expr", "window.expr() over libwindow's expression compiler.", -1,
    methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__expr(void);
PyMODINIT_FUNC PyInit__expr(void) {
  PyDateTime_IMPORT;
  if (!PyDateTimeAPI) return NULL;
  return PyModule_Create(&module);
}
