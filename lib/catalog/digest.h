/*
** digest.h — the catalog digest of the decision record (SPEC §4.5):
** "sha256:" + hex SHA-256 over the loaded rule files in byte order of
** their relative paths, each contributing its path, a NUL byte, its
** content and a NUL byte.
**
** The loader reads files in dependency order (catalog.yaml before items),
** not in path order, so texts are kept here until they can be hashed in
** path order.  Items, the bulk, are read in path order and hashed as they
** come once the files before them in path order are (wnd__srcset_stream;
** bundles/ sorts before items/ but is loaded after, so its files are read
** early for that).  The bytes hashed are the bytes parsed, so the digest
** names exactly what decided, even if a file changes meanwhile.
*/
#ifndef WND_CATALOG_DIGEST_H
#define WND_CATALOG_DIGEST_H

#include <stdbool.h>
#include <stddef.h>

#include <nettle/sha2.h>

#include "../core/mem.h"

typedef struct wnd__srcfile {
  char *rel;    /* relative path, e.g. items/food.yaml */
  char *text;
  size_t len;
} wnd__srcfile;

typedef struct wnd__srcset {
  const wnd__mem *mem;
  wnd__srcfile *v;      /* kept, not hashed yet */
  size_t n, cap;
  /* Streaming (wnd__srcset_stream): files are hashed as they come. */
  bool streaming;
  bool broken;          /* a file came out of path order: the digest is unknown */
  struct sha256_ctx ctx;
  char *last;           /* the greatest path hashed so far */
  char **early;         /* hashed before they were loaded (sorted) */
  bool *early_seen;     /* ... and loaded since */
  size_t nearly;
} wnd__srcset;

/* Keep a file: copies rel, takes ownership of text (freed with the set,
** or at once when this fails).  Returns false on no memory.  When
** streaming, a file that may be hashed now is hashed and its text freed,
** and a file hashed early is only ticked off. */
WND_HIDDEN bool wnd__srcset_add(wnd__srcset *s, const char *rel, char *text, size_t len);
/*
** From now on hash files as they are added instead of keeping them all
** (the texts were 7.9 KB per item until the end of a load).  The kept
** files with paths before `upto`, and the `nearly` files `early` (texts
** borrowed; they are added again when loaded), are hashed now in path
** order; every file added later must come after them in path order, and
** before every kept file, else the digest is marked broken.  Returns
** false on no memory (the set is unchanged and keeps working unstreamed).
*/
WND_HIDDEN bool wnd__srcset_stream(wnd__srcset *s, const char *upto, const wnd__srcfile *early,
                                   size_t nearly);
/* Write "sha256:<64 hex>" (72 bytes with the NUL) over the kept files.
** False when the digest cannot be known: a file arrived out of path order
** after streaming began, or a file hashed early was never loaded. */
WND_HIDDEN bool wnd__srcset_digest(wnd__srcset *s, char out[72]);
WND_HIDDEN void wnd__srcset_free(wnd__srcset *s);
/* "sha256:" + hex of 32 digest bytes; out has 72 bytes. */
WND_HIDDEN void wnd__sha256_text(const unsigned char digest[32], char out[72]);

#endif
