/*
** window.c — the `window` command: dispatch to one subcommand per file.
*/
#include <stdio.h>
#include <string.h>

#include "cli_limits.h"
#include "commands.h"
#include "libwindow.h"

static const struct {
  const char *name;
  int (*run)(int argc, char **argv);
  const char *summary;
} commands[] = {
    {"check", wnd_cmd_check, "load and lint catalogs"},
    {"test", wnd_cmd_test, "run the tests of every item and bundle"},
    {"eval", wnd_cmd_eval, "evaluate a submission and print the result JSON"},
    {"expr", wnd_cmd_expr, "evaluate one expression"},
    {"stats", wnd_cmd_stats, "catalog statistics"},
    {"bench", wnd_cmd_bench, "measure evaluation speed"},
    {"diff", wnd_cmd_diff, "rule changes between two catalogs; --replay past submissions"},
    {"gen", wnd_cmd_gen, "print valid test ID-card or credit-code numbers"},
    {"list", wnd_cmd_list, "list items, bundles, departments and windows"},
};

static void usage(FILE *f) {
  fprintf(f, "usage: window <command> [options]\n\ncommands:\n");
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].summary);
  fprintf(f, "\nwindow <command> --help shows a command's options.\n");
  fprintf(f, "\nfor every command:\n  --max-catalog-bytes SIZE  bound on all rule files together "
             "(default 64M; K, M, G suffixes)\n");
}

int main(int argc, char **argv) {
  /* Options for every command (cli_limits.h), wherever they stand. */
  if (!cli_limits_take(&argc, argv)) return 2;
  if (argc < 2) {
    usage(stderr);
    return 2;
  }
  if (!strcmp(argv[1], "--version")) {
    printf("window %s\n", wnd_version());
    return 0;
  }
  if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
    usage(stdout);
    return 0;
  }
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    if (!strcmp(argv[1], commands[i].name))
      return commands[i].run(argc - 1, argv + 1);
  fprintf(stderr, "window: unknown command '%s'\n", argv[1]);
  usage(stderr);
  return 2;
}
