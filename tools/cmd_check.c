/* cmd_check.c — `window check`. */
#include <stdio.h>

#include "commands.h"

int wnd_cmd_check(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fprintf(stderr, "window check: not built yet\n");
  return 2;
}
