/*
** hostreg.c — host function registrations kept in the environment.
** (Filled in by the host-functions work; for now the env has none.)
*/
#include "../core/env.h"

void wnd__env_release_extensions(wnd_env *env) { (void)env; }
