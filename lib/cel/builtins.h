/*
** builtins.h — overload signatures of builtin functions (builtins.c).
*/
#ifndef WND_CEL_BUILTINS_H
#define WND_CEL_BUILTINS_H

#include "cel_int.h"

typedef struct cel_builtin_def {
  cel_builtin b;
  const char *const *sigs;   /* NULL-terminated, e.g. "ts>i" */
} cel_builtin_def;

WND_HIDDEN const cel_builtin_def *wnd__cel_builtin_def(int fn);
WND_HIDDEN wnd__cel_type wnd__cel_sig_type(char c);

#endif
