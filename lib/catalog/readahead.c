/*
** readahead.c — files read and parsed ahead of the loader (readahead.h).
**
** A ring of slots: file i goes to slot i % nslots, and may be claimed once
** the file nslots before it has been given back, so at most nslots files
** (their texts and trees) are held at once.  One mutex guards the claim
** counter and the slot states; reading and parsing happen outside it.
*/
#include "readahead.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/strbuf.h"


enum { SLOT_FREE, SLOT_BUSY, SLOT_READY };

#define MAX_WORKERS 7
#define SLOTS_PER_THREAD 8

struct wnd__readahead {
  const wnd__mem *mem;
  const char *dir;
  char *const *rels;
  wnd__preread *const *pre;
  size_t count;
  size_t max_file_bytes;
  wnd__ylimits yl;
  wnd__parsed *slots;
  size_t nslots;
  pthread_mutex_t lock;
  pthread_cond_t changed;  /* a slot became ready or free, or stop was set */
  size_t next_claim;       /* the first file nobody has claimed */
  size_t consumed;         /* files given back with _done */
  bool stop;
  pthread_t workers[MAX_WORKERS];
  unsigned nworkers;
};

/* Read a whole file, refusing anything over `limit` before reading it.
** The open never blocks (a FIFO or a device named *.yaml would otherwise
** hang the load, or a reload thread, forever), and only a regular file is
** read: the size check and the read see the same file through one fd. */
static int read_file(const wnd__mem *m, const char *path, size_t limit, char **out,
                     size_t *len, wnd_diags *d) {
  *out = NULL;
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) {
    /* strerror may share one buffer between threads; strerror_r does not */
    int e = errno;
    char why[128];
    if (strerror_r(e, why, sizeof why) != 0) snprintf(why, sizeof why, "error %d", e);
    wnd__diag_add(d, WND_SEV_ERROR, "io-error", path, 0, 0, "cannot open: %s", why);
    return WND_EIO;
  }
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    wnd__diag_add(d, WND_SEV_ERROR, "io-error", path, 0, 0,
                  "not a regular file (a directory, FIFO, socket or device); not read");
    close(fd);
    return WND_EIO;
  }
  if ((uintmax_t)st.st_size > limit) {
    wnd__diag_add(d, WND_SEV_ERROR, "yaml-limit", path, 0, 0,
                  "file is %lld bytes; the limit is %zu", (long long)st.st_size, limit);
    close(fd);
    return WND_ELIMIT;
  }
  wnd__strbuf sb;
  wnd__sb_init(&sb, m);
  char buf[16384];
  ssize_t n;
  bool err = false;
  /* the file may grow after fstat: stop one chunk past the limit */
  while (!sb.oom && sb.len <= limit) {
    n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) err = true;
    if (n <= 0) break;
    wnd__sb_add(&sb, buf, (size_t)n);
  }
  close(fd);
  if (sb.oom) {
    wnd__sb_free(&sb);
    return WND_ENOMEM;
  }
  if (err) {
    wnd__sb_free(&sb);
    wnd__diag_add(d, WND_SEV_ERROR, "io-error", path, 0, 0, "read error");
    return WND_EIO;
  }
  if (sb.len > limit) {
    wnd__sb_free(&sb);
    wnd__diag_add(d, WND_SEV_ERROR, "yaml-limit", path, 0, 0,
                  "file is larger than the limit of %zu bytes", limit);
    return WND_ELIMIT;
  }
  *out = wnd__sb_take(&sb, len);
  return *out ? WND_OK : WND_ENOMEM;
}

/* Read and parse file i into its slot (any thread; the slot is ours). */
static void fill(wnd__readahead *ra, wnd__parsed *p, size_t i) {
  p->index = i;
  p->rel = ra->rels[i];
  p->text = NULL;
  p->len = 0;
  p->parse_status = WND_OK;
  memset(&p->doc, 0, sizeof p->doc);
  p->path = wnd__path_join(ra->mem, ra->dir, p->rel);
  if (!p->path) {
    p->read_status = WND_ENOMEM;
    return;
  }
  wnd__preread *pre = ra->pre ? ra->pre[i] : NULL;
  if (pre) {
    p->read_status = pre->read_status;
    p->text = pre->text;
    p->len = pre->len;
    pre->text = NULL;
    wnd__diags_move(p->diags, pre->diags);
  } else {
    p->read_status = read_file(ra->mem, p->path, ra->max_file_bytes, &p->text, &p->len,
                               p->diags);
  }
  if (p->read_status != WND_OK) return;
  p->parse_status = wnd__yparse_in(&p->doc, &p->arena, p->path, p->text, p->len, &ra->yl,
                                   p->diags);
}

/* Free what the caller left in a slot and make it reusable. */
static void clear(wnd__readahead *ra, wnd__parsed *p) {
  wnd__free(ra->mem, p->path);
  wnd__free(ra->mem, p->text);
  p->path = p->text = NULL;
  if (p->read_status == WND_OK) {
    wnd__ydoc_take_arena(&p->doc, &p->arena);
    wnd__arena_rewind(&p->arena);
  }
  p->read_status = WND_EIO; /* nothing parsed into the arena */
  wnd_diags *d = p->diags;
  for (size_t k = 0; k < d->count; k++) {
    wnd__free(&d->mem, (void *)d->items[k].message);
    wnd__free(&d->mem, (void *)d->items[k].file);
  }
  d->count = 0;
  d->oom = false;
}

/* Claim the next file if its slot is free; call with the lock held.
** Parses it (lock released meanwhile) and returns true, else false. */
static bool claim_and_fill(wnd__readahead *ra) {
  size_t j = ra->next_claim;
  if (j >= ra->count || j >= ra->consumed + ra->nslots) return false;
  wnd__parsed *p = &ra->slots[j % ra->nslots];
  ra->next_claim++;
  p->state = SLOT_BUSY;
  pthread_mutex_unlock(&ra->lock);
  fill(ra, p, j);
  pthread_mutex_lock(&ra->lock);
  p->state = SLOT_READY;
  pthread_cond_broadcast(&ra->changed);
  return true;
}

static void *worker(void *arg) {
  wnd__readahead *ra = arg;
  pthread_mutex_lock(&ra->lock);
  while (!ra->stop && ra->next_claim < ra->count)
    if (!claim_and_fill(ra)) pthread_cond_wait(&ra->changed, &ra->lock);
  pthread_mutex_unlock(&ra->lock);
  return NULL;
}

wnd__readahead *wnd__readahead_new(const wnd__mem *m, const char *dir, char *const *rels,
                                   size_t count, size_t max_file_bytes,
                                   const wnd__ylimits *yl, unsigned threads,
                                   wnd__preread *const *pre) {
  wnd__readahead *ra = wnd__calloc(m, 1, sizeof *ra);
  if (!ra) return NULL;
  if (pthread_mutex_init(&ra->lock, NULL) != 0) {
    wnd__free(m, ra);
    return NULL;
  }
  if (pthread_cond_init(&ra->changed, NULL) != 0) {
    pthread_mutex_destroy(&ra->lock);
    wnd__free(m, ra);
    return NULL;
  }
  ra->mem = m;
  ra->dir = dir;
  ra->rels = rels;
  ra->pre = pre;
  ra->count = count;
  ra->max_file_bytes = max_file_bytes;
  ra->yl = *yl;
  unsigned workers = threads > 1 ? threads - 1 : 0;
  if (workers > MAX_WORKERS) workers = MAX_WORKERS;
  if (count < 4) workers = 0; /* too little to overlap to pay for a thread */
  size_t nslots = (size_t)(workers + 1) * SLOTS_PER_THREAD;
  if (workers == 0) nslots = 1; /* each file is parsed just before it is taken */
  ra->slots = wnd__calloc(m, nslots, sizeof *ra->slots);
  if (!ra->slots) {
    wnd__readahead_free(ra);
    return NULL;
  }
  ra->nslots = nslots;
  for (size_t i = 0; i < nslots; i++) {
    wnd__parsed *p = &ra->slots[i];
    wnd__arena_init(&p->arena, m, NULL, 0);
    p->read_status = WND_EIO;
    p->diags = wnd__diags_new(m);
    if (!p->diags) {
      wnd__readahead_free(ra);
      return NULL;
    }
  }
  /* Workers block every signal: a host's handlers (and sigwait loops)
     must not find themselves running on a loader thread. */
  sigset_t all, old;
  sigfillset(&all);
  bool masked = workers && pthread_sigmask(SIG_SETMASK, &all, &old) == 0;
  for (unsigned w = 0; w < workers; w++) {
    if (pthread_create(&ra->workers[w], NULL, worker, ra) != 0) break;
    ra->nworkers++;
  }
  if (masked) pthread_sigmask(SIG_SETMASK, &old, NULL);
  return ra;
}

wnd__parsed *wnd__readahead_next(wnd__readahead *ra) {
  size_t i = ra->consumed;
  if (i >= ra->count) return NULL;
  wnd__parsed *p = &ra->slots[i % ra->nslots];
  pthread_mutex_lock(&ra->lock);
  /* the slot holds file i once it is READY (file i - nslots was given back) */
  while (!(p->state == SLOT_READY && p->index == i))
    if (!claim_and_fill(ra)) pthread_cond_wait(&ra->changed, &ra->lock);
  pthread_mutex_unlock(&ra->lock);
  return p;
}

void wnd__readahead_done(wnd__readahead *ra, wnd__parsed *p) {
  clear(ra, p);
  pthread_mutex_lock(&ra->lock);
  p->state = SLOT_FREE;
  ra->consumed++;
  pthread_cond_broadcast(&ra->changed);
  pthread_mutex_unlock(&ra->lock);
}

void wnd__readahead_free(wnd__readahead *ra) {
  if (!ra) return;
  if (ra->nworkers) {
    pthread_mutex_lock(&ra->lock);
    ra->stop = true;
    pthread_cond_broadcast(&ra->changed);
    pthread_mutex_unlock(&ra->lock);
    for (unsigned w = 0; w < ra->nworkers; w++) pthread_join(ra->workers[w], NULL);
  }
  /* every worker has finished the file it was on: no slot is BUSY */
  for (size_t i = 0; i < ra->nslots; i++) {
    wnd__parsed *p = &ra->slots[i];
    if (!p->diags) break; /* wnd__readahead_new failed here */
    if (p->state == SLOT_READY) clear(ra, p);
    wnd_diags_free(p->diags);
    wnd__arena_free(&p->arena);
  }
  wnd__free(ra->mem, ra->slots);
  pthread_cond_destroy(&ra->changed);
  pthread_mutex_destroy(&ra->lock);
  wnd__free(ra->mem, ra);
}

void wnd__diags_move(wnd_diags *dst, wnd_diags *src) {
  for (size_t k = 0; k < src->count; k++) {
    wnd_diag *g = &src->items[k];
    if (WND_PUSH(&dst->mem, dst->items, dst->count, dst->cap)) {
      dst->items[dst->count++] = *g;
    } else {
      wnd__free(&src->mem, (void *)g->message);
      wnd__free(&src->mem, (void *)g->file);
      dst->oom = true;
    }
  }
  if (src->oom) dst->oom = true;
  src->count = 0;
  src->oom = false;
}

unsigned wnd__load_threads(const wnd__mem *m, unsigned asked) {
  if (asked) return asked;
  if (m->fn != wnd__mem_default.fn) return 1;
  long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  return cpus > 1 ? 2 : 1;
}

/* ---- files read before their turn ------------------------------------ */

static int cmp_preread(const void *a, const void *b) {
  return strcmp(((const wnd__preread *)a)->rel, ((const wnd__preread *)b)->rel);
}

bool wnd__preread_dir(const wnd__mem *m, const char *dir, const char *sub,
                      size_t max_file_bytes, wnd__preread **out, size_t *count) {
  *out = NULL;
  *count = 0;
  char *path = wnd__path_join(m, dir, sub);
  if (!path) return false;
  DIR *dh = opendir(path);
  wnd__free(m, path);
  if (!dh) return true; /* its own listing reports why, in its turn */
  wnd__preread *v = NULL;
  size_t n = 0, cap = 0;
  bool ok = true;
  struct dirent *de;
  while (ok && (de = readdir(dh)) != NULL) {
    const char *nm = de->d_name;
    size_t l = strlen(nm);
    if (nm[0] == '.' || l <= 5 || strcmp(nm + l - 5, ".yaml") != 0) continue;
    char *rel = wnd__path_join(m, sub, nm);
    if (!rel || !WND_PUSH(m, v, n, cap)) {
      wnd__free(m, rel);
      ok = false;
      break;
    }
    v[n++] = (wnd__preread){rel, NULL, 0, WND_EIO, NULL};
  }
  closedir(dh);
  if (ok && n > 1) qsort(v, n, sizeof *v, cmp_preread);
  for (size_t i = 0; ok && i < n; i++) {
    char *full = wnd__path_join(m, dir, v[i].rel);
    struct stat st;
    if (full && stat(full, &st) == 0 && S_ISDIR(st.st_mode)) {
      v[i].read_status = WND_EIO; /* not a file: never read (no diagnostics) */
      wnd__free(m, full);
      continue;
    }
    v[i].diags = full ? wnd__diags_new(m) : NULL;
    if (!v[i].diags) {
      wnd__free(m, full);
      ok = false;
      break;
    }
    v[i].read_status = read_file(m, full, max_file_bytes, &v[i].text, &v[i].len, v[i].diags);
    wnd__free(m, full);
    if (v[i].read_status == WND_ENOMEM) ok = false;
  }
  if (!ok) {
    wnd__preread_free(m, v, n);
    return false;
  }
  *out = v;
  *count = n;
  return true;
}

void wnd__preread_free(const wnd__mem *m, wnd__preread *v, size_t count) {
  for (size_t i = 0; i < count; i++) {
    wnd__free(m, v[i].rel);
    wnd__free(m, v[i].text);
    wnd_diags_free(v[i].diags);
  }
  wnd__free(m, v);
}
