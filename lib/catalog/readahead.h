/*
** readahead.h — read and parse the files of a directory ahead of the
** loader, on worker threads, handing them back strictly in file order.
**
** Reading a rule file and parsing it into a node tree is about three
** quarters of loading a catalog and needs nothing from the files before
** it; compiling an item does (functions, departments, the program cache),
** so it stays on the calling thread, in file order.  Each file's read and
** parse diagnostics are collected in its own list and appended by the
** caller when it takes the file, so the diagnostics, their order and the
** catalog are the same whatever the number of threads.
**
** The calling thread parses too: when the next file in order is not ready
** it takes the next unclaimed one itself.  With threads = 1 no thread is
** started and every file is parsed just before it is compiled.
*/
#ifndef WND_CATALOG_READAHEAD_H
#define WND_CATALOG_READAHEAD_H

#include "../yaml/ytree.h"

/* One file, read and parsed. */
typedef struct wnd__parsed {
  const char *rel;     /* as given to wnd__readahead_new (borrowed) */
  char *path;          /* dir joined with rel; NULL when out of memory */
  char *text;          /* the file's bytes (owned until taken) */
  size_t len;
  int read_status;     /* WND_OK, or why it was not read (diagnostics say) */
  int parse_status;    /* wnd__yparse_in's result when read */
  wnd__ydoc doc;       /* the tree, in this slot's arena */
  wnd_diags *diags;    /* what reading and parsing reported, in order */
  /* private */
  wnd__arena arena;
  size_t index;
  int state;
} wnd__parsed;

typedef struct wnd__readahead wnd__readahead;

/* A file read before its turn (bundles, for the digest: digest.h). */
typedef struct wnd__preread {
  char *rel;           /* sub/name.yaml */
  char *text;          /* NULL when not read, or once taken */
  size_t len;
  int read_status;
  wnd_diags *diags;    /* what reading reported; appended when the file is loaded */
} wnd__preread;

/*
** Read the *.yaml files directly in dir/sub (sorted by name), reporting
** nothing about the directory itself: it is listed again, with its
** diagnostics, when its turn comes.  No directory: no files.  False when
** out of memory.
*/
WND_HIDDEN bool wnd__preread_dir(const wnd__mem *m, const char *dir, const char *sub,
                                 size_t max_file_bytes, wnd__preread **out, size_t *count);
WND_HIDDEN void wnd__preread_free(const wnd__mem *m, wnd__preread *v, size_t count);

/*
** Prepare to read dir/rels[0..count) (rels stay owned by the caller and
** must outlive the readahead) with up to threads - 1 workers; a worker
** that cannot be started is simply not used.  pre, when not NULL, has
** `count` entries: a non-NULL one is file i already read (its text and
** diagnostics are taken instead of reading it again).  NULL when out of
** memory.
*/
WND_HIDDEN wnd__readahead *wnd__readahead_new(const wnd__mem *m, const char *dir,
                                              char *const *rels, size_t count,
                                              size_t max_file_bytes, const wnd__ylimits *yl,
                                              unsigned threads, wnd__preread *const *pre);
/* The next file in order (the i-th call returns rels[i]); waits for a
** worker or parses it on this thread.  Give it back with _done. */
WND_HIDDEN wnd__parsed *wnd__readahead_next(wnd__readahead *ra);
/* Done with p: whatever the caller did not take (text, path, tree,
** diagnostics) is freed, and its slot reused for a later file. */
WND_HIDDEN void wnd__readahead_done(wnd__readahead *ra, wnd__parsed *p);
/* Stop the workers, wait for them, free every file not yet taken. */
WND_HIDDEN void wnd__readahead_free(wnd__readahead *ra);

/* Move every diagnostic of src to the end of dst (src ends empty); what
** cannot be moved for lack of memory sets dst->oom. */
WND_HIDDEN void wnd__diags_move(wnd_diags *dst, wnd_diags *src);

/* The number of threads a load uses: `asked` when not 0; else 2 when the
** env allocates with the C library and more than one CPU is online
** (a host's own allocator hook is not assumed thread-safe), else 1. */
WND_HIDDEN unsigned wnd__load_threads(const wnd__mem *m, unsigned asked);

#endif
