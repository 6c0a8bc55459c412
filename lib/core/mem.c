/*
** mem.c — allocator hook and arena (see mem.h for why).
*/
#include "mem.h"

#include <stdlib.h>
#include <string.h>

static void *default_realloc(void *ud, void *ptr, size_t size) {
  (void)ud;
  if (size == 0) {
    free(ptr);
    return NULL;
  }
  /* malloc for a new block: glibc's realloc(NULL, n) reaches it through
  ** extra tests, and most calls are new blocks (a result, arena chunks) */
  return ptr ? realloc(ptr, size) : malloc(size);
}

const wnd__mem wnd__mem_default = {default_realloc, NULL};

void *wnd__alloc(const wnd__mem *m, size_t n) {
  if (n == 0) n = 1;
  return m->fn(m->ud, NULL, n);
}

void *wnd__calloc(const wnd__mem *m, size_t count, size_t size) {
  if (size && count > SIZE_MAX / size) return NULL;
  void *p = wnd__alloc(m, count * size);
  if (p) memset(p, 0, count * size);
  return p;
}

void *wnd__realloc(const wnd__mem *m, void *p, size_t n) {
  if (n == 0) n = 1;
  return m->fn(m->ud, p, n);
}

void wnd__free(const wnd__mem *m, void *p) {
  if (p) m->fn(m->ud, p, 0);
}

char *wnd__strndup(const wnd__mem *m, const char *s, size_t n) {
  if (n == SIZE_MAX) return NULL;
  char *d = wnd__alloc(m, n + 1);
  if (!d) return NULL;
  if (n) memcpy(d, s, n);
  d[n] = '\0';
  return d;
}

char *wnd__strdup(const wnd__mem *m, const char *s) {
  return wnd__strndup(m, s, strlen(s));
}

bool wnd__grow(const wnd__mem *m, void **ptr, size_t *cap, size_t count,
               size_t elem) {
  if (count < *cap) return true;
  size_t ncap = *cap ? *cap * 2 : 8;
  if (ncap < *cap || ncap > SIZE_MAX / elem) return false;
  void *p = wnd__realloc(m, *ptr, ncap * elem);
  if (!p) return false;
  *ptr = p;
  *cap = ncap;
  return true;
}

/* ---- arena ---------------------------------------------------------- */

struct wnd__chunk {
  wnd__chunk *next;
  size_t size;
  /* data follows, aligned to 16 */
};

#define ARENA_ALIGN 16
#define CHUNK_HEADER ((sizeof(wnd__chunk) + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1))
#define ARENA_MIN_CHUNK 4096

static char *align_up(char *p) {
  uintptr_t u = (uintptr_t)p;
  u = (u + ARENA_ALIGN - 1) & ~(uintptr_t)(ARENA_ALIGN - 1);
  return (char *)u;
}

void wnd__arena_init(wnd__arena *a, const wnd__mem *m, void *inline_buf,
                     size_t inline_size) {
  memset(a, 0, sizeof *a);
  a->mem = m;
  a->inline_buf = inline_buf;
  a->inline_size = inline_buf ? inline_size : 0;
  if (inline_buf) {
    a->cur = align_up(inline_buf);
    a->end = (char *)inline_buf + inline_size;
    if (a->cur > a->end) a->cur = a->end;
  }
}

void *wnd__arena_alloc(wnd__arena *a, size_t n) {
  if (n == 0) n = 1;
  if (n > SIZE_MAX / 2) return NULL;
  size_t need = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
  if (a->limit && (a->used > a->limit || need > a->limit - a->used))
    return NULL;
  if (a->cur && (size_t)(a->end - a->cur) >= need) {
    void *p = a->cur;
    a->cur += need;
    a->used += need;
    return p;
  }
  size_t prev = a->chunks ? a->chunks->size : ARENA_MIN_CHUNK / 2;
  size_t size = prev * 2;
  if (size > (size_t)1 << 20) size = (size_t)1 << 20;
  if (size < need) size = need;
  wnd__chunk *c = wnd__alloc(a->mem, CHUNK_HEADER + size);
  if (!c) return NULL;
  c->next = a->chunks;
  c->size = size;
  a->chunks = c;
  char *data = (char *)c + CHUNK_HEADER;
  a->cur = data + need;
  a->end = data + size;
  a->used += need;
  return data;
}

void *wnd__arena_calloc(wnd__arena *a, size_t count, size_t size) {
  if (size && count > SIZE_MAX / size) return NULL;
  void *p = wnd__arena_alloc(a, count * size);
  if (p) memset(p, 0, count * size);
  return p;
}

char *wnd__arena_strndup(wnd__arena *a, const char *s, size_t n) {
  if (n == SIZE_MAX) return NULL;
  char *d = wnd__arena_alloc(a, n + 1);
  if (!d) return NULL;
  if (n) memcpy(d, s, n);
  d[n] = '\0';
  return d;
}

static void free_chunks(wnd__arena *a) {
  wnd__chunk *c = a->chunks;
  while (c) {
    wnd__chunk *next = c->next;
    wnd__free(a->mem, c);
    c = next;
  }
  a->chunks = NULL;
}

void wnd__arena_reset(wnd__arena *a) {
  free_chunks(a);
  a->used = 0;
  if (a->inline_buf) {
    a->cur = align_up(a->inline_buf);
    a->end = a->inline_buf + a->inline_size;
    if (a->cur > a->end) a->cur = a->end;
  } else {
    a->cur = a->end = NULL;
  }
}

void wnd__arena_rewind(wnd__arena *a) {
  if (!a->chunks || a->inline_buf) {
    wnd__arena_reset(a);
    return;
  }
  wnd__chunk *keep = a->chunks; /* the newest is the largest */
  a->chunks = keep->next;
  free_chunks(a);
  keep->next = NULL;
  a->chunks = keep;
  a->cur = (char *)keep + CHUNK_HEADER;
  a->end = a->cur + keep->size;
  a->used = 0;
}

void wnd__arena_free(wnd__arena *a) {
  free_chunks(a);
  a->cur = a->end = NULL;
  a->used = 0;
}
