/*
** env.h — the environment object (allocator, limits, host extensions,
** last error).  See wnd_env in libwindow.h.
*/
#ifndef WND_CORE_ENV_H
#define WND_CORE_ENV_H

#include <stdatomic.h>

#include "mem.h"

struct wnd_env {
  wnd__mem mem;
  wnd_limits limits;
  /* Host functions and plugin directories (lib/host) hang off here. */
  struct wnd__hostreg *host;
  /* Set by lib/host with the registry: frees it when the env goes.  A hook,
  ** because core is below host and may not call into it. */
  void (*release_host)(wnd_env *env);
  /* The caller's reference plus one per catalog, engine, expression,
  ** submission and e-licence list made with this env; freed at zero. */
  atomic_uint refs;
};

/* Take and drop a reference: every object that keeps an env pointer holds
** one, so wnd_env_free may come before the objects' own free calls. */
WND_HIDDEN wnd_env *wnd__env_retain(wnd_env *env);
WND_HIDDEN void wnd__env_release(wnd_env *env);

/* The defaults of every limit, overridden by the non-zero fields of given
** (which may be NULL).  The one place the defaults live. */
WND_HIDDEN void wnd__limits_fill(wnd_limits *l, const wnd_limits *given);

/* Record a message as the env's last error and return status. */
WND_HIDDEN int wnd__env_error(wnd_env *env, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
WND_HIDDEN void wnd__env_clear_error(wnd_env *env);
/* Give the error just recorded a place in a file (copied). */
WND_HIDDEN void wnd__error_at(const char *file, uint32_t line, uint32_t column);
/* Record a failure of a call that has no env (wnd_error_last only). */
WND_HIDDEN int wnd__fail(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
