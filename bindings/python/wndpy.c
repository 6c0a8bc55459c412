/*
** wndpy.c — the C shim compiled into window._capi next to the SWIG
** wrapper (see wndpy.h).
*/
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* Only for the layout of struct wnd_catalog (its time zone): no internal
** function is called from here, so this file links the shared library. */
#include "catalog/model.h"

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

int wndpy_catalog_utc_offset(const wnd_catalog *cat) { return cat ? (int)cat->offset : 0; }

/* ---- env box ------------------------------------------------------------ */

struct wndpy_envbox {
  wnd_env *env, *penv;
  atomic_long refs;
};

wndpy_envbox *wndpy_envbox_new(wnd_env *env, wnd_env *penv) {
  wndpy_envbox *b = malloc(sizeof *b);
  if (!b) return NULL;
  b->env = env;
  b->penv = penv;
  atomic_init(&b->refs, 1);
  return b;
}

wnd_env *wndpy_envbox_env(const wndpy_envbox *box) { return box ? box->env : NULL; }
wnd_env *wndpy_envbox_penv(const wndpy_envbox *box) { return box ? box->penv : NULL; }

void wndpy_envbox_ref(wndpy_envbox *box) {
  if (box) atomic_fetch_add_explicit(&box->refs, 1, memory_order_relaxed);
}

void wndpy_envbox_unref(wndpy_envbox *box) {
  if (!box) return;
  if (atomic_fetch_sub_explicit(&box->refs, 1, memory_order_acq_rel) == 1) {
    wnd_env_free(box->env);
    wnd_env_free(box->penv);
    free(box);
  }
}
