/*
** registry.c — what the host sets up on an environment before loading:
** host functions (name, pointer, signature, prepared cif) and the
** directories plugins may be loaded from.  Setup is single-threaded by
** contract (libwindow.h: an env is shared read-only after setup), which is
** also what libffi needs for preparing cifs.
*/
/* realpath is XSI, beyond the project-wide _POSIX_C_SOURCE. */
#define _XOPEN_SOURCE 700

#include "host.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void release_host(wnd_env *env);

static struct wnd__hostreg *hostreg(wnd_env *env) {
  if (!env->host) {
    env->host = wnd__calloc(&env->mem, 1, sizeof *env->host);
    /* the env frees the registry through this hook (core may not call host) */
    if (env->host) env->release_host = release_host;
  }
  return env->host;
}

const wnd__host_fnreg *wnd__host_find(const wnd_env *env, const char *name) {
  const struct wnd__hostreg *h = env ? env->host : NULL;
  for (size_t i = 0; h && i < h->nfns; i++)
    if (!strcmp(h->fns[i]->name, name)) return h->fns[i];
  return NULL;
}

char *const *wnd__host_dirs(const wnd_env *env, size_t *n) {
  const struct wnd__hostreg *h = env ? env->host : NULL;
  *n = h ? h->ndirs : 0;
  return h ? h->dirs : NULL;
}

int wnd_env_register_function(wnd_env *env, const char *name, wnd_fnptr fn, wnd_type ret,
                              const wnd_type *params, size_t nparams) {
  if (!env) return wnd__fail(WND_EINVAL, "wnd_env_register_function: env is NULL");
  wnd__env_clear_error(env);
  const char *why = wnd__host_name_check(name);
  if (why)
    return wnd__env_error(env, WND_EINVAL, "cannot register function '%s': %s",
                          name ? name : "(null)", why);
  if (!fn)
    return wnd__env_error(env, WND_EINVAL, "cannot register function '%s': fn is NULL", name);
  wnd__host_sig sig;
  if ((why = wnd__host_sig_make(&sig, ret, params, nparams)))
    return wnd__env_error(env, WND_EINVAL, "cannot register function '%s': %s", name, why);
  /* The engine calls elicense.available with (holder id, license type)
  ** and reads a bool: any other signature could never be used. */
  if (!strcmp(name, "elicense.available")) {
    static const wnd_type want_params[] = {WND_TYPE_STRING, WND_TYPE_STRING};
    wnd__host_sig want;
    wnd__host_sig_make(&want, WND_TYPE_BOOL, want_params, 2);
    if (!wnd__host_sig_eq(&sig, &want))
      return wnd__env_error(env, WND_EINVAL,
                            "cannot register function 'elicense.available': it is reserved "
                            "for the e-license lookup and must be (string, string) -> bool");
  }
  if (wnd__host_find(env, name))
    return wnd__env_error(env, WND_EINVAL, "function '%s' is already registered", name);

  struct wnd__hostreg *h = hostreg(env);
  if (!h || !WND_PUSH(&env->mem, h->fns, h->nfns, h->fns_cap))
    return wnd__env_error(env, WND_ENOMEM, "out of memory");
  wnd__host_fnreg *r = wnd__calloc(&env->mem, 1, sizeof *r);
  if (!r) return wnd__env_error(env, WND_ENOMEM, "out of memory");
  if (!(r->name = wnd__strdup(&env->mem, name))) {
    wnd__free(&env->mem, r);
    return wnd__env_error(env, WND_ENOMEM, "out of memory");
  }
  if (wnd__host_prepare(&r->callee, fn, &sig) != 0) {
    wnd__free(&env->mem, r->name);
    wnd__free(&env->mem, r);
    return wnd__env_error(env, WND_ERROR, "libffi cannot prepare a call for '%s'", name);
  }
  h->fns[h->nfns++] = r;
  return WND_OK;
}

int wnd_env_allow_plugin_dir(wnd_env *env, const char *dir) {
  if (!env) return wnd__fail(WND_EINVAL, "wnd_env_allow_plugin_dir: env is NULL");
  wnd__env_clear_error(env);
  if (!dir || !*dir)
    return wnd__env_error(env, WND_EINVAL, "plugin directory is empty or NULL");
  /* Store the canonical path: plugin files are resolved the same way and
  ** must stay inside it (plugin.c), which a prefix check can only decide
  ** between canonical paths. */
  char real[PATH_MAX];
  if (!realpath(dir, real))
    return wnd__env_error(env, WND_EIO, "plugin directory %s: %s", dir, strerror(errno));
  struct stat st;
  if (stat(real, &st) != 0 || !S_ISDIR(st.st_mode))
    return wnd__env_error(env, WND_EIO, "plugin directory %s: not a directory", dir);
  struct wnd__hostreg *h = hostreg(env);
  if (!h) return wnd__env_error(env, WND_ENOMEM, "out of memory");
  for (size_t i = 0; i < h->ndirs; i++)
    if (!strcmp(h->dirs[i], real)) return WND_OK; /* allowed already */
  if (!WND_PUSH(&env->mem, h->dirs, h->ndirs, h->dirs_cap))
    return wnd__env_error(env, WND_ENOMEM, "out of memory");
  if (!(h->dirs[h->ndirs] = wnd__strdup(&env->mem, real)))
    return wnd__env_error(env, WND_ENOMEM, "out of memory");
  h->ndirs++;
  return WND_OK;
}

static void release_host(wnd_env *env) {
  if (!env->host) return;
  struct wnd__hostreg *h = env->host;
  for (size_t i = 0; i < h->nfns; i++) {
    wnd__free(&env->mem, h->fns[i]->name);
    wnd__free(&env->mem, h->fns[i]);
  }
  wnd__free(&env->mem, h->fns);
  for (size_t i = 0; i < h->ndirs; i++) wnd__free(&env->mem, h->dirs[i]);
  wnd__free(&env->mem, h->dirs);
  wnd__free(&env->mem, h);
  env->host = NULL;
}
