/*
** load.c — wnd_catalog_load: the catalog layer's loader with the steps of
** the layers above it (binding host functions, the evaluation scratch
** pool).  It lives in the top layer because only here may both be called.
*/
#include "../host/host.h"
#include "scratch.h"

int wnd_catalog_load(wnd_catalog **out, wnd_diags **diags, wnd_env *env, const char *dir,
                     const wnd_load_options *opts) {
  static const wnd__load_hooks hooks = {wnd__bind_functions, wnd__scratch_pool_init};
  return wnd__catalog_load(out, diags, env, dir, opts, &hooks);
}
