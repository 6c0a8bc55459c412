/*
** bind.c — bind the declarations of functions.yaml to their providers when
** a catalog loads (called by the loader before any expression compiles).
**
** A declaration without `library` binds to the host registration of the
** same name; one with `library` binds to the plugin's own description of
** that name.  Either way the declared signature must equal the provider's
** exactly, or nothing is bound: a rule file never decides how libffi calls
** a function.  Every refusal is an error diagnostic at the declaration, so
** the load fails and says why.  The declarations become c->hostfns, the
** table the expression compiler resolves calls against: bound ones call
** the provider through libffi, refused ones a stub that only fails (never
** reached, since the load fails), so expressions are still checked
** against what the rules declared.  c->elicense is set for the engine's
** e-license substitution.
*/
#include "host.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../catalog/loader.h"
#include "../core/diag.h"

#define ELICENSE "elicense.available"

typedef struct bindrun {
  wnd_catalog *c;
  wnd_diags *d;
  wnd__host_plugin *plugins;  /* libraries opened by this load */
  bool oom;
} bindrun;

static void report(bindrun *r, const wnd__fndecl *f, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void report(bindrun *r, const wnd__fndecl *f, const char *code, const char *fmt, ...) {
  /* Diagnostics name files as the loader does: catalog dir + relative. */
  char file[PATH_MAX + 64];
  const char *dir = r->c->dir ? r->c->dir : "";
  size_t n = strlen(dir);
  snprintf(file, sizeof file, "%s%s%s", dir, n && dir[n - 1] == '/' ? "" : "/",
           f->loc.file ? f->loc.file : "functions.yaml");
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  wnd__diag_add(r->d, WND_SEV_ERROR, code, file, f->loc.line, f->loc.col, "%s", msg);
}

static const wnd__host_callee *bind_host(bindrun *r, const wnd__fndecl *f,
                                         const wnd__host_sig *want) {
  const wnd__host_fnreg *reg = wnd__host_find(r->c->env, f->name);
  if (!reg) {
    report(r, f, "function-unprovided",
           "function '%s' is declared but the host did not register it", f->name);
    return NULL;
  }
  if (!wnd__host_sig_eq(want, &reg->callee.sig)) {
    char a[128], b[128];
    wnd__host_sig_format(want, a, sizeof a);
    wnd__host_sig_format(&reg->callee.sig, b, sizeof b);
    report(r, f, "function-signature-mismatch",
           "function '%s' is declared as %s but the host registered it as %s", f->name, a, b);
    return NULL;
  }
  return &reg->callee;
}

static const wnd__host_callee *bind_plugin(bindrun *r, const wnd__fndecl *f,
                                           const wnd__host_sig *want) {
  const wnd__host_plugin *p = wnd__host_plugin_get(r->c, &r->plugins, f->library);
  if (!p) {
    r->oom = true;
    return NULL;
  }
  switch (p->state) {
    case WND__PLUGIN_NOT_ALLOWED:
      report(r, f, "function-unprovided",
             "function '%s' needs plugin library '%s', but plugins are not allowed: the host "
             "allowed no plugin directory (wnd_env_allow_plugin_dir; window --plugin-dir)",
             f->name, f->library);
      return NULL;
    case WND__PLUGIN_NOT_FOUND:
      report(r, f, "function-unprovided",
             "function '%s' needs plugin library '%s', but lib%s.so is in none of the allowed "
             "plugin directories",
             f->name, f->library, f->library);
      return NULL;
    case WND__PLUGIN_ERROR:
      report(r, f, "plugin-error", "function '%s': plugin library '%s': %s", f->name,
             f->library, p->error);
      return NULL;
    case WND__PLUGIN_OK:
      break;
  }
  const wnd_plugin_function *pf = wnd__host_plugin_find(p, f->name);
  if (!pf) {
    report(r, f, "function-unprovided",
           "function '%s' is not provided by plugin %s (its table has no such function)",
           f->name, p->path);
    return NULL;
  }
  wnd__host_sig have;
  const char *why = pf->fn ? wnd__host_sig_make(&have, pf->ret, pf->params, pf->nparams)
                           : "its function pointer is NULL";
  if (why) {
    report(r, f, "plugin-error", "plugin %s describes '%s' wrongly: %s", p->path, f->name, why);
    return NULL;
  }
  if (!wnd__host_sig_eq(want, &have)) {
    char a[128], b[128];
    wnd__host_sig_format(want, a, sizeof a);
    wnd__host_sig_format(&have, b, sizeof b);
    report(r, f, "function-signature-mismatch",
           "function '%s' is declared as %s but plugin %s describes it as %s", f->name, a,
           p->path, b);
    return NULL;
  }
  /* The cif lives in the catalog arena next to its argument types, as long
  ** as the plugin stays open (closed by a finalizer, after the programs
  ** that could call it are freed). */
  wnd__host_callee *callee = wnd__arena_alloc(&r->c->arena, sizeof *callee);
  if (!callee) {
    r->oom = true;
    return NULL;
  }
  if (wnd__host_prepare(callee, pf->fn, &have) != 0) {
    report(r, f, "plugin-error", "libffi cannot prepare a call for '%s'", f->name);
    return NULL;
  }
  return callee;
}

/* The call of a declaration left unbound; never reached (see below). */
static int unbound_call(void *ud, const wnd__value *args, size_t nargs, wnd__value *out,
                        const char **errmsg) {
  (void)ud;
  (void)args;
  (void)nargs;
  (void)out;
  *errmsg = "the function is not bound to a provider";
  return 1;
}

static void unbound_decl(wnd__cel_hostfn *h, const char *name, const wnd__host_sig *sig) {
  wnd__host_callee shape;
  memset(&shape, 0, sizeof shape);
  shape.sig = *sig;
  wnd__host_cel_decl(h, name, &shape);
  h->call = unbound_call;
  h->ud = NULL;
}

static bool declared_before(const wnd_catalog *c, uint32_t i) {
  for (uint32_t k = 0; k < i; k++)
    if (!strcmp(c->functions[k].name, c->functions[i].name)) return true;
  return false;
}

/* elicense.available as the engine calls it: (holder id, license type). */
static bool is_elicense(const wnd__cel_hostfn *h) {
  return h->call == wnd__host_call && !strcmp(h->name, ELICENSE) && h->nparams == 2 &&
         h->params[0] == WND_CT_STRING && h->params[1] == WND_CT_STRING &&
         h->ret == WND_CT_BOOL;
}

static void bind_elicense(bindrun *r) {
  wnd_catalog *c = r->c;
  for (uint32_t i = 0; i < c->nhostfns; i++)
    if (is_elicense(&c->hostfns[i])) {
      c->elicense = &c->hostfns[i];
      return;
    }
  /* Substitution needs no declaration: the host registering the lookup
  ** is enough (registry.c enforced its signature). */
  const wnd__host_fnreg *reg = wnd__host_find(c->env, ELICENSE);
  if (!reg) return;
  wnd__cel_hostfn *h = wnd__arena_alloc(&c->arena, sizeof *h);
  if (!h) {
    r->oom = true;
    return;
  }
  wnd__host_cel_decl(h, ELICENSE, &reg->callee);
  c->elicense = h;
}

void wnd__bind_functions(wnd_catalog *c, wnd_diags *d) {
  bindrun r = {c, d, NULL, false};
  c->hostfns = NULL;
  c->nhostfns = 0;
  c->elicense = NULL;
  if (c->nfunctions) {
    c->hostfns = wnd__arena_calloc(&c->arena, c->nfunctions, sizeof *c->hostfns);
    if (!c->hostfns) r.oom = true;
  }
  for (uint32_t i = 0; i < c->nfunctions && !r.oom; i++) {
    wnd__fndecl *f = &c->functions[i];
    /* The loader reported the duplicate; bind the first one only. */
    if (declared_before(c, i)) continue;
    wnd__host_sig want;
    wnd__host_sig_of_decl(&want, f);
    const wnd__host_callee *callee = f->library ? bind_plugin(&r, f, &want)
                                                : bind_host(&r, f, &want);
    if (r.oom) break;
    if (callee) {
      f->binding = callee;
      wnd__host_cel_decl(&c->hostfns[c->nhostfns++], f->name, callee);
    } else {
      /* Refused, with an error above, so this catalog never evaluates.
      ** Expressions still see the declaration, so they are type-checked
      ** against it and a call is not reported a second time as an
      ** unknown function. */
      unbound_decl(&c->hostfns[c->nhostfns++], f->name, &want);
    }
  }
  if (!r.oom) bind_elicense(&r);
  /* The loader turns a dropped diagnostic into WND_ENOMEM: that is how an
  ** allocation failure here fails the load. */
  if (r.oom && d) d->oom = true;
}
