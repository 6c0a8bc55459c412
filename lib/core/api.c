/*
** api.c — version, status text, and the environment object.
*/
#include "env.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *wnd_version(void) { return WND_VERSION; }
int wnd_version_number(void) { return WND_VERSION_NUMBER; }

const char *wnd_errstr(int status) {
  switch (status) {
    case WND_OK: return "ok";
    case WND_ERROR: return "error";
    case WND_ENOMEM: return "out of memory";
    case WND_EINVAL: return "invalid argument";
    case WND_ENOTFOUND: return "not found";
    case WND_EIO: return "input/output error";
    case WND_EINVALID: return "invalid input";
    case WND_ELIMIT: return "limit exceeded";
    case WND_EEVAL: return "evaluation error";
    default: return "unknown status";
  }
}

void wnd__limits_fill(wnd_limits *l, const wnd_limits *given) {
  static const wnd_limits defaults = {
      WND_LIMITS_VERSION,
      1u << 20,      /* max_file_bytes */
      64u << 20,     /* max_catalog_bytes */
      64,            /* max_yaml_depth */
      200000,        /* max_yaml_nodes */
      64,            /* max_yaml_anchors */
      1u << 20,      /* max_submission_bytes */
      32,            /* max_submission_depth */
      100000,        /* max_submission_nodes */
      16u << 10,     /* max_expr_bytes */
      64,            /* max_expr_depth */
      1000000,       /* max_eval_cost */
      1000000,       /* regex_match_limit */
      10000,         /* regex_depth_limit */
      4096,          /* regex_heap_kib */
      1024,          /* max_pattern_bytes */
  };
  *l = defaults;
  if (!given) return;
#define TAKE(f) if (given->f) l->f = given->f
  TAKE(max_file_bytes);
  TAKE(max_catalog_bytes);
  TAKE(max_yaml_depth);
  TAKE(max_yaml_nodes);
  TAKE(max_yaml_anchors);
  TAKE(max_submission_bytes);
  TAKE(max_submission_depth);
  TAKE(max_submission_nodes);
  TAKE(max_expr_bytes);
  TAKE(max_expr_depth);
  TAKE(max_eval_cost);
  TAKE(regex_match_limit);
  TAKE(regex_depth_limit);
  TAKE(regex_heap_kib);
  TAKE(max_pattern_bytes);
#undef TAKE
}

int wnd_env_new(wnd_env **out, const wnd_env_options *opts) {
  if (!out) return wnd__fail(WND_EINVAL, "wnd_env_new: out is NULL");
  *out = NULL;
  if (opts && opts->version != WND_ENV_OPTIONS_VERSION)
    return wnd__fail(WND_EINVAL, "wnd_env_new: unknown wnd_env_options version %d",
                     opts->version);
  if (opts && opts->limits && opts->limits->version != WND_LIMITS_VERSION)
    return wnd__fail(WND_EINVAL, "wnd_env_new: unknown wnd_limits version %d",
                     opts->limits->version);
  wnd__mem mem = wnd__mem_default;
  if (opts && opts->allocator) {
    if (!opts->allocator->realloc)
      return wnd__fail(WND_EINVAL, "wnd_env_new: the allocator has no realloc function");
    mem.fn = opts->allocator->realloc;
    mem.ud = opts->allocator->ud;
  }
  wnd_env *env = wnd__calloc(&mem, 1, sizeof *env);
  if (!env) return wnd__fail(WND_ENOMEM, "out of memory");
  env->mem = mem;
  wnd__limits_fill(&env->limits, opts ? opts->limits : NULL);
  atomic_init(&env->refs, 1);
  *out = env;
  return WND_OK;
}

wnd_env *wnd__env_retain(wnd_env *env) {
  if (env) atomic_fetch_add_explicit(&env->refs, 1, memory_order_relaxed);
  return env;
}

void wnd__env_release(wnd_env *env) {
  if (!env) return;
  /* acq_rel: the thread that frees sees every write made through the env
  ** by threads that released before it */
  if (atomic_fetch_sub_explicit(&env->refs, 1, memory_order_acq_rel) != 1) return;
  if (env->release_host) env->release_host(env);
  wnd__mem mem = env->mem;
  wnd__free(&mem, env);
}

void wnd_env_free(wnd_env *env) { wnd__env_release(env); }

/*
** The last error message lives per thread (as libgit2's git_error_last):
** threads that parse or load through one shared env never write the same
** buffer.  It remembers which env it belongs to, so a message is only
** reported for the env the failed call went through.
*/
static _Thread_local struct {
  const wnd_env *env;
  char msg[512];
  char file[512];
  wnd_error pub;  /* what wnd_error_last shows, whatever the env */
} last_error;

const char *wnd_env_errmsg(const wnd_env *env) {
  if (!env) return "invalid environment (NULL)";
  return last_error.env == env ? last_error.msg : "";
}

const wnd_error *wnd_error_last(void) {
  return last_error.pub.code != WND_OK ? &last_error.pub : NULL;
}

void wnd_error_clear(void) {
  last_error.pub = (wnd_error){0};
  last_error.env = NULL;
  last_error.msg[0] = '\0';
}

static int record(wnd_env *env, int status, const char *fmt, va_list ap) {
  vsnprintf(last_error.msg, sizeof last_error.msg, fmt, ap);
  last_error.env = env;
  last_error.pub = (wnd_error){status, last_error.msg, NULL, 0, 0};
  return status;
}

int wnd__env_error(wnd_env *env, int status, const char *fmt, ...) {
  /* without an env the message still reaches wnd_error_last */
  va_list ap;
  va_start(ap, fmt);
  record(env, status, fmt, ap);
  va_end(ap);
  return status;
}

int wnd__fail(int status, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  record(NULL, status, fmt, ap);
  va_end(ap);
  return status;
}

void wnd__error_at(const char *file, uint32_t line, uint32_t column) {
  if (last_error.pub.code == WND_OK || !file) return;
  snprintf(last_error.file, sizeof last_error.file, "%s", file);
  last_error.pub.file = last_error.file;
  last_error.pub.line = line;
  last_error.pub.column = column;
}

void wnd__env_clear_error(wnd_env *env) {
  if (env && last_error.env == env) last_error.msg[0] = '\0';
}
