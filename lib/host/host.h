/*
** host.h — host functions and plugins (SPEC §2.9), internal interface.
**
** The pieces, one file each:
**   sig.c       signatures: validation, comparison, formatting, names;
**   ffcall.c    the libffi side: preparing a cif once, the call trampoline
**               handed to the expression compiler, wnd_host_fail;
**   registry.c  what the host sets up on an env: registered functions and
**               the directories plugins may come from;
**   plugin.c    finding, opening and checking one plugin for a catalog;
**   bind.c      wnd__bind_functions: functions.yaml declarations to
**               providers, with diagnostics.
**
** Trust model: libffi calls a function exactly as its cif says, and nothing
** checks that.  So a cif is only ever built from a signature given by the
** code that owns the function (the host at registration, or the plugin's
** own table), and a rule file's declaration is bound only when it equals
** that signature.  A rule file names a function and a library, never a
** symbol, a path or a type that reaches libffi on its own.
*/
#ifndef WND_HOST_HOST_H
#define WND_HOST_HOST_H

#include <ffi.h>

#include "../catalog/model.h"
#include "../cel/cel.h"

/* Longest function name accepted (bytes). */
#define WND__HOST_MAX_NAME 128

/* A signature in public wnd_type terms. */
typedef struct wnd__host_sig {
  uint8_t ret;                     /* wnd_type: BOOL, INT or DOUBLE */
  uint8_t nparams;                 /* <= WND_MAX_PARAMS */
  uint8_t params[WND_MAX_PARAMS];  /* wnd_type */
} wnd__host_sig;

/*
** A C function and the cif that describes it.  Prepared once (single
** threaded: registration, or a catalog load), read-only afterwards, so any
** number of threads may call through it.  `atypes` backs cif.arg_types and
** must live as long as the cif: keep them in one object, never copy a
** prepared callee.
*/
typedef struct wnd__host_callee {
  wnd_fnptr fn;
  wnd__host_sig sig;
  ffi_cif cif;
  ffi_type *atypes[WND_MAX_PARAMS];
} wnd__host_callee;

/* One host registration.  Allocated on its own so that catalogs can point
** at `callee` while the host registers more functions. */
typedef struct wnd__host_fnreg {
  char *name;
  wnd__host_callee callee;
} wnd__host_fnreg;

/* What hangs off wnd_env.host.  Every allocation through env->mem. */
struct wnd__hostreg {
  wnd__host_fnreg **fns;
  size_t nfns, fns_cap;
  char **dirs;          /* realpath of each allowed plugin directory */
  size_t ndirs, dirs_cap;
};

/* ---- sig.c ---------------------------------------------------------------- */

/* "bool", "int", "double", "string", or "?" for anything else. */
WND_HIDDEN const char *wnd__host_type_name(int t);
/*
** Check a signature given through the API or a plugin table and store it.
** NULL on success, else a static English reason.
*/
WND_HIDDEN const char *wnd__host_sig_make(wnd__host_sig *out, wnd_type ret,
                                          const wnd_type *params, size_t nparams);
/* A functions.yaml declaration's signature (HT_* types). */
WND_HIDDEN void wnd__host_sig_of_decl(wnd__host_sig *out, const wnd__fndecl *f);
WND_HIDDEN bool wnd__host_sig_eq(const wnd__host_sig *a, const wnd__host_sig *b);
/* "(string, int) -> bool" into buf (always NUL-terminated). */
WND_HIDDEN void wnd__host_sig_format(const wnd__host_sig *s, char *buf, size_t n);
/* NULL when `name` is a valid dotted function name, else a static reason. */
WND_HIDDEN const char *wnd__host_name_check(const char *name);
/* The compiler's view of a bound function (call = the trampoline). */
WND_HIDDEN void wnd__host_cel_decl(wnd__cel_hostfn *out, const char *name,
                                   const wnd__host_callee *callee);

/* ---- ffcall.c ------------------------------------------------------------- */

/*
** Fill `c` for fn with signature `sig` and prepare its cif.  Must not run
** concurrently with a call through the same callee.  Returns 0, or -1 when
** libffi refuses the signature (not expected for the four types).
*/
WND_HIDDEN int wnd__host_prepare(wnd__host_callee *c, wnd_fnptr fn, const wnd__host_sig *sig);
/*
** The wnd__cel_call_fn of every bound function; ud is a const
** wnd__host_callee *.  On failure *errmsg points to thread-local storage
** that stays valid until the next host call on the same thread.
*/
WND_HIDDEN int wnd__host_call(void *ud, const wnd__value *args, size_t nargs,
                              wnd__value *out, const char **errmsg);

/* ---- registry.c ----------------------------------------------------------- */

/* The registration under `name`, or NULL. */
WND_HIDDEN const wnd__host_fnreg *wnd__host_find(const wnd_env *env, const char *name);
/* Allowed plugin directories (realpaths); *n may be 0. */
WND_HIDDEN char *const *wnd__host_dirs(const wnd_env *env, size_t *n);

/* ---- plugin.c ------------------------------------------------------------- */

typedef enum wnd__host_pstate {
  WND__PLUGIN_OK,           /* opened and described */
  WND__PLUGIN_NOT_ALLOWED,  /* the host allowed no plugin directory */
  WND__PLUGIN_NOT_FOUND,    /* lib<name>.so is in none of the allowed dirs */
  WND__PLUGIN_ERROR,        /* found but refused: see `error` */
} wnd__host_pstate;

/* One library named by this catalog's functions.yaml, opened at most once
** per load; records live in the catalog arena. */
typedef struct wnd__host_plugin {
  const char *library;       /* the bare name from functions.yaml */
  wnd__host_pstate state;
  const char *path;          /* resolved file, when found */
  const char *error;         /* why it was refused (WND__PLUGIN_ERROR) */
  const wnd_plugin *desc;    /* the plugin's own table (WND__PLUGIN_OK) */
  struct wnd__host_plugin *next;
} wnd__host_plugin;

/*
** The record for `library`, opening the plugin the first time it is asked
** for.  An opened plugin is closed by a catalog finalizer.  NULL only when
** memory ran out.
*/
WND_HIDDEN const wnd__host_plugin *wnd__host_plugin_get(wnd_catalog *c,
                                                        wnd__host_plugin **list,
                                                        const char *library);
/* The plugin's entry for `name`, or NULL. */
WND_HIDDEN const wnd_plugin_function *wnd__host_plugin_find(const wnd__host_plugin *p,
                                                            const char *name);

/* Bind functions.yaml declarations to host providers (bind.c); a load
** hook (wnd__load_hooks), called once functions.yaml is read. */
WND_HIDDEN void wnd__bind_functions(wnd_catalog *c, wnd_diags *d);

#endif
