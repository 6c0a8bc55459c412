/*
** ffcall.c — calling host functions through libffi.
**
** One cif per function, prepared while the host registers it or while a
** catalog loads (both single-threaded by contract), never during an
** evaluation.  ffi_call only reads a prepared cif, so a callee is shared
** read-only by every evaluating thread.  The only per-call mutable state
** is the thread-local failure report below, so calls need no lock.
*/
#include "host.h"

#include <string.h>

#include "../core/utf8.h"

/*
** C `bool` is one byte on every mainstream ABI (x86-64 SysV, AArch64),
** but the C standard does not fix its size; pick the unsigned ffi type of
** exactly sizeof(bool) so arguments and returns are passed as the callee's
** compiler expects them.
*/
static ffi_type *bool_type(void) {
  switch (sizeof(bool)) {
    case 1: return &ffi_type_uint8;
    case 2: return &ffi_type_uint16;
    case 4: return &ffi_type_uint32;
    default: return &ffi_type_uint64;
  }
}

static ffi_type *ffi_type_of(int t) {
  switch (t) {
    case WND_TYPE_BOOL: return bool_type();
    case WND_TYPE_INT: return &ffi_type_sint64;
    case WND_TYPE_DOUBLE: return &ffi_type_double;
    case WND_TYPE_STRING: return &ffi_type_pointer;
    default: return NULL;
  }
}

int wnd__host_prepare(wnd__host_callee *c, wnd_fnptr fn, const wnd__host_sig *sig) {
  memset(c, 0, sizeof *c);
  c->fn = fn;
  c->sig = *sig;
  for (uint8_t i = 0; i < sig->nparams; i++)
    if (!(c->atypes[i] = ffi_type_of(sig->params[i]))) return -1;
  ffi_type *rtype = ffi_type_of(sig->ret);
  if (!rtype || sig->ret == WND_TYPE_STRING) return -1;
  /* Only builtin scalar types: ffi_prep_cif writes nothing but the cif. */
  if (ffi_prep_cif(&c->cif, FFI_DEFAULT_ABI, sig->nparams, rtype, c->atypes) != FFI_OK)
    return -1;
  return 0;
}

/* ---- failure reports ------------------------------------------------------ */

/*
** The report of the host call in progress on this thread.  `depth` makes
** wnd_host_fail outside a call a no-op instead of leaking a stale failure
** into a later call.  `msg` is also what *errmsg points at after a failed
** call: valid until the next host call on this thread (the expression
** evaluator copies it into its own arena at once).
*/
#define FAIL_MSG_MAX 512

static _Thread_local struct {
  unsigned depth;
  bool failed;
  char msg[FAIL_MSG_MAX];
} tls_fail;

void wnd_host_fail(const char *message) {
  if (tls_fail.depth == 0) return;
  tls_fail.failed = true;
  if (!message) message = "no message given";
  /* Keep the longest valid UTF-8 prefix that fits: the message ends up in
  ** results rendered as JSON, and a cut must not split a code point. */
  size_t n = strnlen(message, FAIL_MSG_MAX - 1);
  n = wnd__utf8_check(message, n);
  memcpy(tls_fail.msg, message, n);
  tls_fail.msg[n] = '\0';
}

/* ---- the trampoline ------------------------------------------------------- */

/* Argument storage: one slot of the exact C type per parameter. */
typedef union argslot {
  bool b;
  int64_t i;
  double d;
  const char *s;
} argslot;

static int refuse(const char **errmsg, const char *why) {
  *errmsg = why;
  return 1;
}

int wnd__host_call(void *ud, const wnd__value *args, size_t nargs, wnd__value *out,
                   const char **errmsg) {
  const wnd__host_callee *c = ud;
  argslot slots[WND_MAX_PARAMS];
  void *ptrs[WND_MAX_PARAMS];
  /* The compiler checked arity and types already; checking again costs
  ** nothing and keeps a wrong value from ever reaching libffi. */
  if (!c || nargs != c->sig.nparams || (nargs && !args))
    return refuse(errmsg, "called with the wrong number of arguments");
  for (size_t k = 0; k < nargs; k++) {
    const wnd__value *a = &args[k];
    switch (c->sig.params[k]) {
      case WND_TYPE_BOOL:
        if (a->kind != WV_BOOL) return refuse(errmsg, "an argument is not a bool");
        slots[k].b = a->u.b;
        ptrs[k] = &slots[k].b;
        break;
      case WND_TYPE_INT:
        if (a->kind != WV_INT) return refuse(errmsg, "an argument is not an int");
        slots[k].i = a->u.i;
        ptrs[k] = &slots[k].i;
        break;
      case WND_TYPE_DOUBLE:
        if (a->kind != WV_DOUBLE) return refuse(errmsg, "an argument is not a double");
        slots[k].d = a->u.d;
        ptrs[k] = &slots[k].d;
        break;
      case WND_TYPE_STRING:
        if (a->kind != WV_STRING || !a->u.s)
          return refuse(errmsg, "an argument is not a string");
        /* A C host sees the string up to its first NUL: a string with an
        ** embedded NUL would be looked up as a different, shorter key. */
        if (memchr(a->u.s, 0, a->n))
          return refuse(errmsg, "a string argument contains a NUL character");
        slots[k].s = a->u.s;
        ptrs[k] = &slots[k].s;
        break;
      default:
        return refuse(errmsg, "unsupported parameter type");
    }
  }

  /* libffi widens small integer returns to a full ffi_arg: the buffer
  ** must be at least that wide and aligned for every return type. */
  union {
    ffi_arg r;
    int64_t i;
    double d;
  } ret;
  memset(&ret, 0, sizeof ret);

  tls_fail.depth++;
  bool outer_failed = tls_fail.failed;
  tls_fail.failed = false;
  tls_fail.msg[0] = '\0';
  /* ffi_call takes a non-const cif but only reads a prepared one. */
  ffi_call((ffi_cif *)(uintptr_t)&c->cif, c->fn, &ret, nargs ? ptrs : NULL);
  bool failed = tls_fail.failed;
  tls_fail.failed = outer_failed;
  tls_fail.depth--;

  if (failed) return refuse(errmsg, tls_fail.msg);
  switch (c->sig.ret) {
    case WND_TYPE_BOOL:
      /* Widened unsigned: any non-zero low byte(s) mean true. */
      *out = wnd__v_bool(ret.r != 0);
      return 0;
    case WND_TYPE_INT: *out = wnd__v_int(ret.i); return 0;
    case WND_TYPE_DOUBLE: *out = wnd__v_double(ret.d); return 0;
    default: return refuse(errmsg, "unsupported return type");
  }
}
