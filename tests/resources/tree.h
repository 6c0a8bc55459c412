/*
** tree.h — temporary catalogs for tests: a fixture catalog on disk
** (tests/resources/NAME/) copied into a temporary directory with files
** replaced, added or removed per test.
*/
#ifndef WND_TESTS_TREE_H
#define WND_TESTS_TREE_H

#include <stddef.h>

typedef struct tr_file {
  const char *path;  /* relative to the catalog directory */
  const char *text;  /* NULL removes the base file */
} tr_file;

/* Copy the tree `base` into a new temporary directory, leaving out every
** path named in `files`, then write those with text.  Returns a malloc'd
** path (asserts on failure); tr_remove() deletes the tree and frees it. */
char *tr_make(const char *base, const tr_file *files, size_t n);
void tr_remove(char *dir);

/* Copy the tree `from` over `dir` byte for byte (files of `from` replace
** those of `dir`), leaving out every path named in `skip`.  Used for fixture
** cases kept on disk as a directory of files to lay over a base catalog. */
void tr_copy(const char *from, const char *dir, const tr_file *skip, size_t n);

/* Overlays: tests/resources/overlays/NAME (TR_OVERLAY_DIR, set by meson),
** a few files that turn a base catalog into the one a test needs.
** tr_make_overlay() copies `base` and lays NAME over it; tr_apply() lays
** NAME over an existing catalog (a change on disk before a reload). */
char *tr_make_overlay(const char *base, const char *name);
void tr_apply(const char *dir, const char *name);

#endif
