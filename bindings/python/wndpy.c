/*
** wndpy.c — the C shim compiled into window._capi next to the SWIG
** wrapper (see wndpy.h).
*/
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdlib.h>
#include <string.h>

#include "wndpy.h"

/* ---- rule tests --------------------------------------------------------- */

typedef struct outcome {
  char *target, *name, *file, *message;
  uint32_t line, column;
  bool passed;
} outcome;

typedef struct outcomes {
  outcome *v;
  size_t n, cap;
  bool oom;
} outcomes;

static char *dup_or_empty(const char *s) {
  if (!s) s = "";
  size_t n = strlen(s);
  char *d = malloc(n + 1);
  if (d) memcpy(d, s, n + 1);
  return d;
}

static void collect(const wnd_test_outcome *o, void *payload) {
  outcomes *os = payload;
  if (os->oom) return;
  if (os->n == os->cap) {
    size_t ncap = os->cap ? os->cap * 2 : 16;
    outcome *nv = realloc(os->v, ncap * sizeof *nv);
    if (!nv) {
      os->oom = true;
      return;
    }
    os->v = nv;
    os->cap = ncap;
  }
  outcome *x = &os->v[os->n];
  x->target = dup_or_empty(o->target);
  x->name = dup_or_empty(o->name);
  x->file = dup_or_empty(o->file);
  x->message = dup_or_empty(o->message);
  x->line = o->line;
  x->column = o->column;
  x->passed = o->passed;
  os->n++;
  if (!x->target || !x->name || !x->file || !x->message) os->oom = true;
}

PyObject *wndpy_catalog_test(const wnd_catalog *cat) {
  outcomes os = {NULL, 0, 0, false};
  size_t passed = 0, failed = 0;
  int st;
  Py_BEGIN_ALLOW_THREADS
  st = wnd_catalog_test(cat, collect, &os, &passed, &failed);
  Py_END_ALLOW_THREADS
  PyObject *list = os.oom ? NULL : PyList_New(0);
  for (size_t i = 0; list && i < os.n; i++) {
    outcome *x = &os.v[i];
    PyObject *t = Py_BuildValue("(sssIIOs)", x->target, x->name, x->file, (unsigned)x->line,
                                (unsigned)x->column, x->passed ? Py_True : Py_False, x->message);
    if (!t || PyList_Append(list, t) < 0) Py_CLEAR(list);
    Py_XDECREF(t);
  }
  for (size_t i = 0; i < os.n; i++) {
    free(os.v[i].target);
    free(os.v[i].name);
    free(os.v[i].file);
    free(os.v[i].message);
  }
  free(os.v);
  if (!list) {
    if (!PyErr_Occurred()) PyErr_NoMemory();
    return NULL;
  }
  PyObject *r = Py_BuildValue("(innO)", st, (Py_ssize_t)passed, (Py_ssize_t)failed, list);
  Py_DECREF(list);
  return r;
}

/* ---- plain C helpers ---------------------------------------------------- */

int wndpy_env_register(wnd_env *env, const char *name, unsigned long long fn_address, int ret,
                       const char *params) {
  wnd_type types[WND_MAX_PARAMS];
  size_t n = params ? strlen(params) : 0;
  if (n > WND_MAX_PARAMS || !fn_address) return WND_EINVAL;
  for (size_t i = 0; i < n; i++) {
    if (params[i] < '1' || params[i] > '4') return WND_EINVAL;
    types[i] = (wnd_type)(params[i] - '0');
  }
  wnd_fnptr fn;
  void *p = (void *)(uintptr_t)fn_address;
  memcpy(&fn, &p, sizeof fn);
  return wnd_env_register_function(env, name, fn, (wnd_type)ret, types, n);
}

int wndpy_catalog_utc_offset(const wnd_catalog *cat) { return cat ? (int)wnd_catalog_utc_offset(cat) : 0; }

/* ---- batch evaluation --------------------------------------------------- */

typedef struct batch_item {
  const char *code;
  const char *text;        /* submission text, or NULL when sub is given */
  Py_ssize_t len;
  wnd_submission *given;   /* a pre-parsed submission (borrowed), or NULL */
  PyObject *hold;          /* a reference on the pair: its buffers stay alive */
  wnd_result *result;
  int status;
  char *message;           /* malloc'd copy of the failure message, or NULL */
  uint32_t line, column;
} batch_item;

/* Read one (code, payload) pair; -1 with a Python exception set. */
static int batch_read(PyObject *pair, batch_item *it) {
  if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2) {
    PyErr_SetString(PyExc_TypeError, "evaluate_many: each entry is a (code, submission) pair");
    return -1;
  }
  PyObject *code = PyTuple_GET_ITEM(pair, 0), *payload = PyTuple_GET_ITEM(pair, 1);
  Py_ssize_t n;
  if (code == Py_None) {
    it->code = NULL; /* the submission's "item" key */
  } else if (!PyUnicode_Check(code) || !(it->code = PyUnicode_AsUTF8AndSize(code, &n))) {
    if (!PyErr_Occurred()) PyErr_SetString(PyExc_TypeError, "an item code is a str or None");
    return -1;
  } else if (memchr(it->code, 0, (size_t)n)) {
    PyErr_SetString(PyExc_ValueError, "embedded NUL character in an item code");
    return -1;
  }
  if (PyBytes_Check(payload)) {
    char *b;
    if (PyBytes_AsStringAndSize(payload, &b, &it->len) < 0) return -1;
    it->text = b;
  } else if (PyUnicode_Check(payload)) {
    if (!(it->text = PyUnicode_AsUTF8AndSize(payload, &it->len))) return -1;
  } else if (PyLong_Check(payload)) {
    void *p = PyLong_AsVoidPtr(payload);
    if (!p) {
      if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "a NULL submission");
      return -1;
    }
    it->given = p;
  } else {
    PyErr_SetString(PyExc_TypeError, "evaluate_many: a submission is text or a Submission");
    return -1;
  }
  return 0;
}

/* Parse (when text) and evaluate one entry; no Python API: the GIL is free. */
static void batch_run(const wnd_catalog *cat, wnd_env *env, const wnd_eval_options *opts,
                      batch_item *it) {
  wnd_submission *sub = it->given;
  if (!sub) {
    it->status = wnd_submission_parse(&sub, env, it->text, (size_t)it->len, WND_FORMAT_AUTO);
    if (it->status != WND_OK) sub = NULL;
  }
  if (sub) it->status = wnd_evaluate(&it->result, cat, it->code, sub, opts);
  if (it->status != WND_OK) {
    const wnd_error *e = wnd_error_last();
    it->message = dup_or_empty(e && e->message ? e->message : wnd_errstr(it->status));
    if (e) it->line = e->line, it->column = e->column;
  }
  if (sub != it->given) wnd_submission_free(sub);
}

PyObject *wndpy_evaluate_many(const wnd_catalog *cat, wnd_env *env, PyObject *pairs,
                              const wnd_eval_options *opts) {
  if (!PyList_Check(pairs)) {
    PyErr_SetString(PyExc_TypeError, "evaluate_many: expected a list of pairs");
    return NULL;
  }
  /* Each pair is held while the GIL is free, so its texts stay alive even
  ** if another thread changed the list meanwhile.  (The Submission objects
  ** behind addresses are kept alive by the caller, window/__init__.py.) */
  Py_ssize_t n = PyList_GET_SIZE(pairs);
  batch_item *items = calloc(n ? (size_t)n : 1, sizeof *items);
  if (!items) return PyErr_NoMemory();
  for (Py_ssize_t i = 0; i < n; i++) {
    PyObject *pair = PyList_GET_ITEM(pairs, i);
    Py_INCREF(pair);
    items[i].hold = pair;
    if (batch_read(pair, &items[i]) < 0) {
      for (Py_ssize_t k = 0; k <= i; k++) Py_DECREF(items[k].hold);
      free(items);
      return NULL;
    }
  }
  Py_BEGIN_ALLOW_THREADS
  for (Py_ssize_t i = 0; i < n; i++) batch_run(cat, env, opts, &items[i]);
  Py_END_ALLOW_THREADS
  /* Each entry becomes (status, result address or 0, is a bundle result,
  ** message, line, column); window/__init__.py wraps the addresses. */
  PyObject *out = PyList_New(n);
  for (Py_ssize_t i = 0; out && i < n; i++) {
    batch_item *it = &items[i];
    PyObject *t = Py_BuildValue("(iKOsII)", it->status,
                                (unsigned long long)(uintptr_t)it->result,
                                it->result && wnd_result_is_bundle(it->result) ? Py_True : Py_False,
                                it->message ? it->message : "", (unsigned)it->line,
                                (unsigned)it->column);
    if (!t) Py_CLEAR(out);
    else PyList_SET_ITEM(out, i, t);
  }
  /* Python owns the results only once the whole list exists. */
  for (Py_ssize_t i = 0; out && i < n; i++) items[i].result = NULL;
  for (Py_ssize_t i = 0; i < n; i++) {
    wnd_result_free(items[i].result);
    free(items[i].message);
    Py_DECREF(items[i].hold);
  }
  free(items);
  return out;
}

/* ---- expressions (window.expr) ----------------------------------------- */

static PyObject *problem_list(const wnd_diags *d) {
  PyObject *list = PyList_New(0);
  static const char *const sev[] = {"error", "warning", "info"};
  for (size_t i = 0; list && i < wnd_diags_count(d); i++) {
    const wnd_diag *x = wnd_diags_get(d, i);
    PyObject *t = Py_BuildValue("(IIsss)", (unsigned)x->line, (unsigned)x->column,
                                sev[x->severity <= WND_SEV_INFO ? x->severity : 0],
                                x->code ? x->code : "", x->message ? x->message : "");
    if (!t || PyList_Append(list, t) < 0) Py_CLEAR(list);
    Py_XDECREF(t);
  }
  return list;
}

PyObject *wndpy_expr(wnd_env *env, const wnd_catalog *cat, PyObject *text, PyObject *names,
                     const char *vars_json, int now_set, long long now_sec) {
  Py_ssize_t len;
  const char *src = PyUnicode_Check(text) ? PyUnicode_AsUTF8AndSize(text, &len) : NULL;
  /* A tuple of the names (the caller's list may change while the GIL is
  ** free; the tuple keeps each str, and so its UTF-8 buffer, alive). */
  PyObject *held = src && PyList_Check(names) ? PyList_AsTuple(names) : NULL;
  if (!held) {
    if (!PyErr_Occurred()) PyErr_SetString(PyExc_TypeError, "wndpy_expr(str, list, ...)");
    return NULL;
  }
  Py_ssize_t nn = PyTuple_GET_SIZE(held);
  const char **vars = calloc(nn ? (size_t)nn : 1, sizeof *vars);
  if (!vars) {
    Py_DECREF(held);
    return PyErr_NoMemory();
  }
  for (Py_ssize_t i = 0; i < nn; i++) {
    PyObject *o = PyTuple_GET_ITEM(held, i);
    if (!PyUnicode_Check(o) || !(vars[i] = PyUnicode_AsUTF8(o))) {
      if (!PyErr_Occurred()) PyErr_SetString(PyExc_TypeError, "variable names are str");
      free(vars);
      Py_DECREF(held);
      return NULL;
    }
  }
  Py_INCREF(text);
  wnd_expr_options co = WND_EXPR_OPTIONS_INIT;
  co.vars = vars;
  co.nvars = (size_t)nn;
  wnd_expr_eval_options eo = WND_EXPR_EVAL_OPTIONS_INIT;
  eo.now_set = now_set != 0;
  eo.now_sec = now_sec;
  wnd_expr *e = NULL;
  wnd_diags *diags = NULL;
  char *value = NULL, *message = NULL;
  uint32_t line = 0, column = 0;
  int st;
  Py_BEGIN_ALLOW_THREADS
  st = wnd_expr_compile(&e, env, cat, src, (size_t)len, &co, &diags);
  if (st == WND_OK) {
    st = wnd_expr_eval_json(e, vars_json, &eo, &value);
    if (st != WND_OK) {
      const wnd_error *err = wnd_error_last();
      message = dup_or_empty(err && err->message ? err->message : wnd_errstr(st));
      if (err) line = err->line, column = err->column;
    }
  }
  wnd_expr_free(e);
  Py_END_ALLOW_THREADS
  free(vars);
  Py_DECREF(held);
  Py_DECREF(text);
  /* (status, value JSON or None, [(line, column, severity, code, message)]);
  ** an evaluation failure is one problem with an empty code. */
  PyObject *problems = NULL;
  if (diags && wnd_diags_count(diags)) {
    problems = problem_list(diags);
  } else if (st != WND_OK && message) {
    problems = Py_BuildValue("[(IIsss)]", (unsigned)line, (unsigned)column, "error", "", message);
  } else {
    problems = PyList_New(0);
  }
  PyObject *r = NULL;
  if (problems) {
    r = Py_BuildValue("(isO)", st, value, problems);
    Py_DECREF(problems);
  }
  wnd_diags_free(diags);
  wnd_free(env, value);
  free(message);
  if (!r && !PyErr_Occurred()) PyErr_NoMemory();
  return r;
}
