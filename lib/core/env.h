/*
** env.h — the environment object (allocator, limits, host extensions,
** last error).  See wnd_env in libwindow.h.
*/
#ifndef WND_CORE_ENV_H
#define WND_CORE_ENV_H

#include "mem.h"

struct wnd_env {
  wnd__mem mem;
  wnd_limits limits;
  /* Host functions and plugin directories (lib/host) hang off here. */
  struct wnd__hostreg *host;
};

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
/* Frees host registrations (defined in lib/host; a no-op when none). */
WND_HIDDEN void wnd__env_release_extensions(wnd_env *env);

#endif
