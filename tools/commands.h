/*
** commands.h — subcommands of the `window` command, one file each.
** Each returns the process exit code (0 ok, 1 findings/errors, 2 usage/IO).
*/
#ifndef WND_TOOLS_COMMANDS_H
#define WND_TOOLS_COMMANDS_H

int wnd_cmd_check(int argc, char **argv);
int wnd_cmd_expr(int argc, char **argv);
int wnd_cmd_eval(int argc, char **argv);
int wnd_cmd_bench(int argc, char **argv);
int wnd_cmd_test(int argc, char **argv);
int wnd_cmd_stats(int argc, char **argv);
int wnd_cmd_diff(int argc, char **argv);
int wnd_cmd_gen(int argc, char **argv);
int wnd_cmd_list(int argc, char **argv);

#endif
