/*
** plugin.c — finding and opening one plugin library for a catalog load.
**
** A rule file gives only a bare library name ([a-z0-9_]+, checked by the
** loader).  It is looked up as <dir>/lib<name>.so in the directories the
** host allowed, in the order they were allowed; the file's canonical path
** must stay inside that directory (a symlink pointing elsewhere is
** refused), and the file must be a regular file not writable by others.
** It is opened with RTLD_NOW (unresolved symbols fail here, not in the
** middle of an evaluation) and RTLD_LOCAL (its symbols never satisfy
** another library's), and must export WND_PLUGIN_ENTRY returning a table
** of the current ABI version.  Each catalog holds its own dlopen
** reference, released by a catalog finalizer, so the library is unloaded
** when the last catalog using it is freed.
*/
/* realpath is XSI, beyond the project-wide _POSIX_C_SOURCE. */
#define _XOPEN_SOURCE 700

#include "host.h"

#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../core/strbuf.h"

/* A plugin table longer than this is taken for garbage, not scanned. */
#define MAX_PLUGIN_FUNCTIONS 4096

static void close_plugin(void *ud, void *handle) {
  (void)ud;
  dlclose(handle);
}

/* printf into the catalog arena; NULL when memory ran out. */
static const char *arena_printf(wnd_catalog *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static const char *arena_printf(wnd_catalog *c, const char *fmt, ...) {
  char buf[PATH_MAX + 512];
  va_list ap;
  va_start(ap, fmt);
  size_t len = wnd__vformat(buf, sizeof buf, fmt, ap);
  va_end(ap);
  return wnd__arena_strndup(&c->arena, buf, len);
}

/* dlerror() text, never NULL (glibc keeps it per thread). */
static const char *dl_text(void) {
  const char *e = dlerror();
  return e ? e : "unknown dynamic loader error";
}

typedef enum { FOUND, ABSENT, REFUSED } lookup;

/*
** Resolve <dir>/lib<name>.so.  FOUND: real[] holds the canonical path.
** REFUSED: *why says why (static text or strerror).
*/
static lookup resolve_in(const char *dir, const char *library, char *real, const char **why) {
  char cand[PATH_MAX];
  int n = snprintf(cand, sizeof cand, "%s/lib%s.so", dir, library);
  if (n < 0 || (size_t)n >= sizeof cand) {
    *why = "path too long";
    return REFUSED;
  }
  if (!realpath(cand, real)) {
    if (errno == ENOENT || errno == ENOTDIR) return ABSENT;
    *why = strerror(errno);
    return REFUSED;
  }
  size_t dl = strlen(dir);
  /* dir is canonical (registry.c): "/" is the only one ending in '/'. */
  bool inside = !strncmp(real, dir, dl) && (dir[dl - 1] == '/' || real[dl] == '/');
  if (!inside) {
    *why = "it resolves outside the allowed directory";
    return REFUSED;
  }
  struct stat st;
  if (stat(real, &st) != 0) {
    *why = strerror(errno);
    return REFUSED;
  }
  if (!S_ISREG(st.st_mode)) {
    *why = "not a regular file";
    return REFUSED;
  }
  if (st.st_mode & S_IWOTH) {
    *why = "the file is writable by any user";
    return REFUSED;
  }
  return FOUND;
}

/* Open a found file and read its table; state OK or ERROR in p. */
static void open_plugin(wnd_catalog *c, wnd__host_plugin *p, bool *oom) {
  void *h = dlopen(p->path, RTLD_NOW | RTLD_LOCAL);
  if (!h) {
    p->state = WND__PLUGIN_ERROR;
    p->error = arena_printf(c, "cannot load %s: %s", p->path, dl_text());
    return;
  }
  if (!wnd__catalog_add_finalizer(c, close_plugin, NULL, h)) {
    dlclose(h);
    *oom = true;
    return;
  }
  dlerror(); /* clear, so a NULL symbol value is told apart from absence */
  void *sym = dlsym(h, WND_PLUGIN_ENTRY);
  if (!sym) {
    p->state = WND__PLUGIN_ERROR;
    p->error = arena_printf(c, "%s does not export %s: %s", p->path, WND_PLUGIN_ENTRY,
                            dl_text());
    return;
  }
  /* POSIX guarantees dlsym's object pointer converts to a function
  ** pointer; memcpy states that without a cast ISO C does not define. */
  wnd_plugin_describe_fn describe;
  memcpy(&describe, &sym, sizeof describe);
  const wnd_plugin *d = describe();
  if (!d) {
    p->state = WND__PLUGIN_ERROR;
    p->error = arena_printf(c, "%s: %s() returned NULL", p->path, WND_PLUGIN_ENTRY);
    return;
  }
  /* Only abi_version may be read before it is known to match: later
  ** versions may lay the rest of the table out differently. */
  if (d->abi_version != WND_PLUGIN_ABI_VERSION) {
    p->state = WND__PLUGIN_ERROR;
    p->error = arena_printf(c, "%s has plugin ABI version %d; this libwindow supports %d",
                            p->path, d->abi_version, WND_PLUGIN_ABI_VERSION);
    return;
  }
  if ((d->nfunctions && !d->functions) || d->nfunctions > MAX_PLUGIN_FUNCTIONS) {
    p->state = WND__PLUGIN_ERROR;
    p->error = arena_printf(c, "%s: its function table is malformed (%zu functions)", p->path,
                            d->nfunctions);
    return;
  }
  p->desc = d;
  p->state = WND__PLUGIN_OK;
}

const wnd__host_plugin *wnd__host_plugin_get(wnd_catalog *c, wnd__host_plugin **list,
                                             const char *library) {
  for (wnd__host_plugin *p = *list; p; p = p->next)
    if (!strcmp(p->library, library)) return p;

  wnd__host_plugin *p = wnd__arena_calloc(&c->arena, 1, sizeof *p);
  if (!p) return NULL;
  p->library = library;
  size_t ndirs;
  char *const *dirs = wnd__host_dirs(c->env, &ndirs);
  p->state = ndirs ? WND__PLUGIN_NOT_FOUND : WND__PLUGIN_NOT_ALLOWED;
  bool oom = false;
  for (size_t i = 0; i < ndirs && p->state == WND__PLUGIN_NOT_FOUND; i++) {
    char real[PATH_MAX];
    const char *why = NULL;
    switch (resolve_in(dirs[i], library, real, &why)) {
      case ABSENT: continue;
      case REFUSED:
        /* Refuse rather than look further: a later directory must not
        ** quietly stand in for a library the host put in an earlier one. */
        p->state = WND__PLUGIN_ERROR;
        p->error = arena_printf(c, "%s/lib%s.so is refused: %s", dirs[i], library, why);
        if (!p->error) oom = true;
        break;
      case FOUND:
        if (!(p->path = wnd__arena_strndup(&c->arena, real, strlen(real)))) {
          oom = true;
          break;
        }
        open_plugin(c, p, &oom);
        if (p->state == WND__PLUGIN_ERROR && !p->error) oom = true;
        break;
    }
    if (oom) return NULL;
  }
  p->next = *list;
  *list = p;
  return p;
}

const wnd_plugin_function *wnd__host_plugin_find(const wnd__host_plugin *p, const char *name) {
  if (p->state != WND__PLUGIN_OK) return NULL;
  for (size_t i = 0; i < p->desc->nfunctions; i++) {
    const wnd_plugin_function *f = &p->desc->functions[i];
    if (f->name && !strcmp(f->name, name)) return f;
  }
  return NULL;
}
