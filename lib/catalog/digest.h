/*
** digest.h — the catalog digest of the decision record (SPEC §4.5):
** "sha256:" + hex SHA-256 over the loaded rule files in byte order of
** their relative paths, each contributing its path, a NUL byte, its
** content and a NUL byte.
**
** The loader reads files in dependency order (catalog.yaml before items),
** not in path order, so the texts are kept here until every file is read
** and hashed once at the end.  They are the bytes that were parsed, so the
** digest names exactly what decided, even if a file changes meanwhile.
*/
#ifndef WND_CATALOG_DIGEST_H
#define WND_CATALOG_DIGEST_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/mem.h"

typedef struct wnd__srcfile {
  char *rel;    /* relative path, e.g. items/food.yaml */
  char *text;
  size_t len;
} wnd__srcfile;

typedef struct wnd__srcset {
  const wnd__mem *mem;
  wnd__srcfile *v;
  size_t n, cap;
} wnd__srcset;

/* Keep a file: copies rel, takes ownership of text (freed with the set,
** or at once when this fails).  Returns false on no memory. */
WND_HIDDEN bool wnd__srcset_add(wnd__srcset *s, const char *rel, char *text, size_t len);
/* Write "sha256:<64 hex>" (72 bytes with the NUL) over the kept files. */
WND_HIDDEN void wnd__srcset_digest(wnd__srcset *s, char out[72]);
WND_HIDDEN void wnd__srcset_free(wnd__srcset *s);
/* "sha256:" + hex of 32 digest bytes; out has 72 bytes. */
WND_HIDDEN void wnd__sha256_text(const unsigned char digest[32], char out[72]);

#endif
