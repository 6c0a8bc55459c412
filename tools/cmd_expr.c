/* cmd_expr.c — `window expr` (owned by the expression-language work). */
#include <stdio.h>

#include "commands.h"

int wnd_cmd_expr(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fprintf(stderr, "window expr: not built yet\n");
  return 2;
}
