/*
** poison.c — see poison.h.  Each block carries a header with its size and
** the quarantine link; the quarantine is shared by all threads.
*/
#include "poison.h"

#include <pthread.h>
#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

typedef struct hdr {
  alignas(max_align_t) size_t size;
  struct hdr *next;
} hdr;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static hdr *quarantine;

static void retire(hdr *h) {
  char *p = (char *)(h + 1);
  memset(p, 'X', h->size);
  p[h->size - 1] = '\0';
  pthread_mutex_lock(&lock);
  h->next = quarantine;
  quarantine = h;
  pthread_mutex_unlock(&lock);
}

static void *poison_realloc(void *ud, void *p, size_t n) {
  (void)ud;
  hdr *old = p ? (hdr *)p - 1 : NULL;
  if (n == 0) {
    if (old) retire(old);
    return NULL;
  }
  if (n > SIZE_MAX - sizeof(hdr)) return NULL;
  hdr *h = malloc(sizeof(hdr) + n);
  if (!h) return NULL;
  h->size = n;
  h->next = NULL;
  if (old) {
    memcpy(h + 1, old + 1, old->size < n ? old->size : n);
    retire(old);
  }
  return h + 1;
}

const wnd_allocator poison_allocator = {poison_realloc, NULL};

void poison_drain(void) {
  pthread_mutex_lock(&lock);
  hdr *h = quarantine;
  quarantine = NULL;
  pthread_mutex_unlock(&lock);
  while (h) {
    hdr *next = h->next;
    free(h);
    h = next;
  }
}
