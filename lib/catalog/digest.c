/*
** digest.c — the catalog digest (see digest.h).  SHA-256 comes from
** Nettle (docs/design.md says why): its context lives on the stack, so
** hashing allocates nothing and the allocator hook stays the only source
** of memory.
*/
#include "digest.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

static void hash_file(struct sha256_ctx *ctx, const char *rel, const char *text, size_t len) {
  sha256_update(ctx, strlen(rel) + 1, (const uint8_t *)rel); /* with its NUL */
  sha256_update(ctx, len, (const uint8_t *)text);
  sha256_update(ctx, 1, (const uint8_t *)"");
}

static bool set_last(wnd__srcset *s, const char *rel) {
  size_t rl = strlen(rel);
  char *r = wnd__realloc(s->mem, s->last, rl + 1);
  if (!r) return false;
  memcpy(r, rel, rl + 1);
  s->last = r;
  return true;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Streaming: hash `rel` now, tick it off as hashed early, or keep it. */
static int stream_add(wnd__srcset *s, const char *rel, char *text, size_t len) {
  char **hit = s->nearly ? bsearch(&rel, s->early, s->nearly, sizeof *s->early, cmp_str) : NULL;
  if (hit) {
    bool *seen = &s->early_seen[hit - s->early];
    if (*seen) s->broken = true; /* loaded twice */
    *seen = true;
    wnd__free(s->mem, text);
    return 1;
  }
  bool before_kept = true;
  for (size_t i = 0; i < s->n && before_kept; i++)
    if (strcmp(rel, s->v[i].rel) >= 0) before_kept = false;
  if (!before_kept) return 0; /* kept, hashed at the end */
  if (s->last && strcmp(rel, s->last) <= 0) {
    s->broken = true; /* its place in the hash has passed */
    wnd__free(s->mem, text);
    return 1;
  }
  if (!set_last(s, rel)) {
    wnd__free(s->mem, text);
    return -1;
  }
  hash_file(&s->ctx, rel, text, len);
  wnd__free(s->mem, text);
  return 1;
}

bool wnd__srcset_add(wnd__srcset *s, const char *rel, char *text, size_t len) {
  if (s->streaming) {
    int done = stream_add(s, rel, text, len);
    if (done) return done > 0;
  }
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

static int cmp_rel_ptr(const void *a, const void *b) {
  return cmp_rel(*(const wnd__srcfile *const *)a, *(const wnd__srcfile *const *)b);
}

#if defined(__SSE2__)
/* The hex digits of 16 bytes in two 16-byte stores: each byte's high and
** low nibble interleaved in text order, then '0' added to every nibble
** and 'a' - '0' - 10 more where it is over 9.  SSE2 is in every x86-64
** CPU.  Every evaluation from text formats a submission digest: ~210
** instructions four bytes a turn (the portable version below), ~40 this
** way (callgrind, mode 2 of bench/fixed_count). */
static void hex16(char *out, const unsigned char *d) {
  const __m128i nib = _mm_set1_epi8(0x0F);
  __m128i v = _mm_loadu_si128((const __m128i *)(const void *)d);
  __m128i hi = _mm_and_si128(_mm_srli_epi16(v, 4), nib);
  __m128i lo = _mm_and_si128(v, nib);
  __m128i t[2] = {_mm_unpacklo_epi8(hi, lo), _mm_unpackhi_epi8(hi, lo)};
  for (int k = 0; k < 2; k++) {
    __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(t[k], _mm_set1_epi8(9)), _mm_set1_epi8(39));
    __m128i c = _mm_add_epi8(_mm_add_epi8(t[k], _mm_set1_epi8('0')), letter);
    _mm_storeu_si128((__m128i *)(void *)(out + 16 * k), c);
  }
}

void wnd__sha256_text(const unsigned char digest[32], char out[72]) {
  memcpy(out, "sha256:", 7);
  hex16(out + 7, digest);
  hex16(out + 39, digest + 16);
  out[71] = 0;
}
#else
/* The hex digits of four bytes as one 64-bit store: the bytes' nibbles
** spread one a byte in text order, then '0' added to each, and
** 'a' - '0' - 10 more where the nibble is 10 or more ((n + 6) >> 4 is 1
** exactly then).  No byte carries into the next: at most 15 + 6 before
** the shift and 15 + 48 + 39 ('f') after. */
static void hex4(char *out, const unsigned char *d) {
  uint64_t v = (uint64_t)d[0] | (uint64_t)d[1] << 16 | (uint64_t)d[2] << 32 | (uint64_t)d[3] << 48;
  const uint64_t lo = UINT64_C(0x000F000F000F000F);
  uint64_t x = (v >> 4 & lo) | (v & lo) << 8; /* byte k: character k */
  x += UINT64_C(0x3030303030303030) +
       ((x + UINT64_C(0x0606060606060606)) >> 4 & UINT64_C(0x0101010101010101)) * 39;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  memcpy(out, &x, 8);
#else
  for (int k = 0; k < 8; k++) out[k] = (char)(x >> 8 * k);
#endif
}

void wnd__sha256_text(const unsigned char digest[32], char out[72]) {
  memcpy(out, "sha256:", 7);
  for (int i = 0; i < 32; i += 4) hex4(out + 7 + 2 * i, digest + i);
  out[71] = 0;
}
#endif

bool wnd__srcset_stream(wnd__srcset *s, const char *upto, const wnd__srcfile *early,
                        size_t nearly) {
  if (s->streaming) return true;
  if (s->n > 1) qsort(s->v, s->n, sizeof *s->v, cmp_rel);
  size_t nbelow = 0;
  while (nbelow < s->n && strcmp(s->v[nbelow].rel, upto) < 0) nbelow++;
  /* the early files in path order, as pointers into `early` */
  const wnd__srcfile **order = wnd__calloc(s->mem, nearly ? nearly : 1, sizeof *order);
  char **names = wnd__calloc(s->mem, nearly ? nearly : 1, sizeof *names);
  bool *seen = wnd__calloc(s->mem, nearly ? nearly : 1, sizeof *seen);
  bool ok = order && names && seen;
  for (size_t i = 0; ok && i < nearly; i++) {
    order[i] = &early[i];
    names[i] = wnd__strdup(s->mem, early[i].rel);
    if (!names[i]) ok = false;
  }
  if (!ok) {
    for (size_t i = 0; names && i < nearly; i++) wnd__free(s->mem, names[i]);
    wnd__free(s->mem, order);
    wnd__free(s->mem, names);
    wnd__free(s->mem, seen);
    return false;
  }
  if (nearly > 1) {
    qsort(order, nearly, sizeof *order, cmp_rel_ptr);
    qsort(names, nearly, sizeof *names, cmp_str);
  }
  sha256_init(&s->ctx);
  s->broken = false;
  /* merge the kept files before `upto` with the early ones */
  size_t i = 0, j = 0;
  const char *last = NULL;
  while (i < nbelow || j < nearly) {
    const wnd__srcfile *f;
    if (j >= nearly || (i < nbelow && strcmp(s->v[i].rel, order[j]->rel) < 0))
      f = &s->v[i++];
    else
      f = order[j++];
    if (strcmp(f->rel, upto) >= 0 || (last && strcmp(f->rel, last) == 0)) s->broken = true;
    hash_file(&s->ctx, f->rel, f->text, f->len);
    last = f->rel;
  }
  if (last && !set_last(s, last)) {
    for (size_t k = 0; k < nearly; k++) wnd__free(s->mem, names[k]);
    wnd__free(s->mem, order);
    wnd__free(s->mem, names);
    wnd__free(s->mem, seen);
    return false;
  }
  wnd__free(s->mem, order);
  /* the kept files hashed are done with */
  for (size_t k = 0; k < nbelow; k++) {
    wnd__free(s->mem, s->v[k].rel);
    wnd__free(s->mem, s->v[k].text);
  }
  memmove(s->v, s->v + nbelow, (s->n - nbelow) * sizeof *s->v);
  s->n -= nbelow;
  s->early = names;
  s->early_seen = seen;
  s->nearly = nearly;
  s->streaming = true;
  return true;
}

bool wnd__srcset_digest(wnd__srcset *s, char out[72]) {
  if (s->n > 1) qsort(s->v, s->n, sizeof *s->v, cmp_rel);
  if (!s->streaming) sha256_init(&s->ctx);
  for (size_t i = 0; i < s->n; i++) {
    const wnd__srcfile *f = &s->v[i];
    if (s->last && strcmp(f->rel, s->last) <= 0) s->broken = true;
    hash_file(&s->ctx, f->rel, f->text, f->len);
  }
  for (size_t i = 0; i < s->nearly; i++)
    if (!s->early_seen[i]) s->broken = true; /* hashed, then never loaded */
  unsigned char d[SHA256_DIGEST_SIZE];
  sha256_digest(&s->ctx, sizeof d, d);
  wnd__sha256_text(d, out);
  return !s->broken;
}

void wnd__srcset_free(wnd__srcset *s) {
  for (size_t i = 0; i < s->n; i++) {
    wnd__free(s->mem, s->v[i].rel);
    wnd__free(s->mem, s->v[i].text);
  }
  wnd__free(s->mem, s->v);
  s->v = NULL;
  s->n = s->cap = 0;
  for (size_t i = 0; i < s->nearly; i++) wnd__free(s->mem, s->early[i]);
  wnd__free(s->mem, s->early);
  wnd__free(s->mem, s->early_seen);
  wnd__free(s->mem, s->last);
  s->early = NULL;
  s->early_seen = NULL;
  s->last = NULL;
  s->nearly = 0;
  s->streaming = false;
}
