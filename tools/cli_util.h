/*
** cli_util.h — small helpers shared by the subcommands.
*/
#ifndef WND_TOOLS_CLI_UTIL_H
#define WND_TOOLS_CLI_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "libwindow.h"

/* Read a whole file (or "-" for stdin); NULL with a message on stderr. */
char *cli_read_file(const char *cmd, const char *path, size_t *len);
/* The same, reading at most `max` bytes: a longer input (an endless pipe
** too) is refused after max + 1 bytes with NULL, a message, and *len set
** to SIZE_MAX. */
char *cli_read_file_max(const char *cmd, const char *path, size_t max, size_t *len);
/* The library's default max_submission_bytes (the CLI's env uses the
** defaults), so a submission is never read whole before being refused. */
#define CLI_MAX_SUBMISSION_BYTES ((size_t)1 << 20)
/* RFC 3339 or YYYY-MM-DD to Unix seconds, read in the catalog's timezone
** when the text has no offset; false when invalid. */
bool cli_parse_instant(const wnd_catalog *cat, const char *s, int64_t *sec);
/* The item code or bundle id `what` names: itself when it is one, else the
** one item whose name contains it.  NULL (with a message on stderr listing
** the candidates) when no item or several match. */
const char *cli_resolve_item(const char *cmd, const wnd_catalog *cat, const char *what);
/* Load a catalog, printing diagnostics (errors only unless verbose). */
int cli_load(const char *cmd, wnd_env *env, const char *dir, wnd_catalog **out);

#endif
