/*
** hostreg.c — binding functions declared in functions.yaml to providers.
**
** Until host registration lands (host functions issue), no provider
** exists, so every declared function is reported where it is declared:
** SPEC §2.9 makes a declared function that nobody provides a load error.
*/
#include "../catalog/loader.h"

#include <stdio.h>
#include <string.h>

void wnd__env_release_extensions(wnd_env *env) { (void)env; }

void wnd__bind_functions(wnd_catalog *c, wnd_diags *d) {
  for (uint32_t i = 0; i < c->nfunctions; i++) {
    const wnd__fndecl *f = &c->functions[i];
    char path[1024];
    size_t n = strlen(c->dir);
    snprintf(path, sizeof path, "%s%s%s", c->dir, n && c->dir[n - 1] == '/' ? "" : "/",
             f->loc.file);
    wnd__diag_add(d, WND_SEV_ERROR, "function-unprovided", path, f->loc.line, f->loc.col,
                  "function '%s' is declared but %s", f->name,
                  f->library ? "plugins are not enabled for this load"
                             : "the host did not register it");
  }
}
