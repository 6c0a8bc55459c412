/*
** cli_target.h — `window check/test` on a single item file.
*/
#ifndef WND_TOOLS_CLI_TARGET_H
#define WND_TOOLS_CLI_TARGET_H

/*
** A directory is a catalog: *root = a copy of arg, *only = NULL.  A file is
** resolved against the catalog it lives in (the nearest directory above it
** with a catalog.yaml): *root = that directory as the user would write it,
** *only = the file as diagnostics name it (root/rel), *rel = the path
** relative to the root (as tests report it).  Returns 0, or 2 with a
** message on stderr.  Free the three strings with free().
*/
int cli_target(const char *cmd, const char *arg, char **root, char **only, char **rel);

#endif
