/*
** digest.c — the catalog digest (see digest.h).  SHA-256 comes from
** Nettle (docs/design.md says why): its context lives on the stack, so
** hashing allocates nothing and the allocator hook stays the only source
** of memory.
*/
#include "digest.h"

#include <nettle/sha2.h>
#include <stdlib.h>
#include <string.h>

bool wnd__srcset_add(wnd__srcset *s, const char *rel, char *text, size_t len) {
  char *r = NULL;
  size_t rl = strlen(rel);
  if (WND_PUSH(s->mem, s->v, s->n, s->cap)) r = wnd__alloc(s->mem, rl + 1);
  if (!r) {
    wnd__free(s->mem, text);
    return false;
  }
  memcpy(r, rel, rl + 1);
  s->v[s->n++] = (wnd__srcfile){r, text, len};
  return true;
}

static int cmp_rel(const void *a, const void *b) {
  return strcmp(((const wnd__srcfile *)a)->rel, ((const wnd__srcfile *)b)->rel);
}

void wnd__sha256_text(const unsigned char digest[32], char out[72]) {
  static const char hex[] = "0123456789abcdef";
  memcpy(out, "sha256:", 7);
  for (int i = 0; i < 32; i++) {
    out[7 + 2 * i] = hex[digest[i] >> 4];
    out[8 + 2 * i] = hex[digest[i] & 15];
  }
  out[71] = 0;
}

void wnd__srcset_digest(wnd__srcset *s, char out[72]) {
  if (s->n > 1) qsort(s->v, s->n, sizeof *s->v, cmp_rel);
  struct sha256_ctx ctx;
  sha256_init(&ctx);
  for (size_t i = 0; i < s->n; i++) {
    const wnd__srcfile *f = &s->v[i];
    sha256_update(&ctx, strlen(f->rel) + 1, (const uint8_t *)f->rel); /* with its NUL */
    sha256_update(&ctx, f->len, (const uint8_t *)f->text);
    sha256_update(&ctx, 1, (const uint8_t *)"");
  }
  unsigned char d[SHA256_DIGEST_SIZE];
  sha256_digest(&ctx, sizeof d, d);
  wnd__sha256_text(d, out);
}

void wnd__srcset_free(wnd__srcset *s) {
  for (size_t i = 0; i < s->n; i++) {
    wnd__free(s->mem, s->v[i].rel);
    wnd__free(s->mem, s->v[i].text);
  }
  wnd__free(s->mem, s->v);
  s->v = NULL;
  s->n = s->cap = 0;
}
