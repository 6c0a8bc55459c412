/*
** window.c — the `window` command (placeholder main until subcommands land).
*/
#include <stdio.h>
#include <string.h>

#include "libwindow.h"

int main(int argc, char **argv) {
  if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
    printf("window %s\n", wnd_version());
    return 0;
  }
  fprintf(stderr, "usage: window --version\n");
  return 2;
}
