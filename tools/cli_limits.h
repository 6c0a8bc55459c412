/*
** cli_limits.h — `window --max-catalog-bytes SIZE`: the bound on all rule
** files of a catalog together (wnd_limits.max_catalog_bytes, 64 MiB by
** default, about 8,000 items like the reference food licence).  A city or
** province catalog raises it.  The option may stand before or after the
** command name; window.c takes it out of argv before the command parses
** its own options, and every command builds its env from cli_env_options().
*/
#ifndef WND_TOOLS_CLI_LIMITS_H
#define WND_TOOLS_CLI_LIMITS_H

#include "libwindow.h"

/* Remove the option (and its value) from argv, updating *argc.  Returns
** false, with a message on stderr, when its value is not a size. */
bool cli_limits_take(int *argc, char **argv);
/* Env options carrying the limits given on the command line. */
const wnd_env_options *cli_env_options(void);

#endif
