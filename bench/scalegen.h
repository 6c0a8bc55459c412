/*
** scalegen.h — generate a province-size catalog for scale measurements:
** the shared files of a base catalog (catalog, functions, departments,
** windows, materials, calendars) plus N copies of one template item, each
** with its own code.  Used by bench/scale and by the scaling test, so both
** measure the same shape of catalog.  Generated catalogs go to temporary
** directories and are never committed.
*/
#ifndef WND_BENCH_SCALEGEN_H
#define WND_BENCH_SCALEGEN_H

#include <stdatomic.h>
#include <stddef.h>

typedef struct scalegen_opts {
  const char *base_dir;    /* catalog whose shared files are copied */
  const char *item_file;   /* template item; its `  code:` line is replaced */
  unsigned nitems;
  /* 0: every item keeps the template's department.  Otherwise this many
  ** generated departments (with the sections the template names) are
  ** appended to departments.yaml and items are spread over them unevenly,
  ** a few departments holding most items, as in a real hall. */
  unsigned ndepartments;
} scalegen_opts;

/* The code of generated item i ("SCALE-0000042"); buf holds 32 bytes. */
void scalegen_code(char *buf, unsigned i);

/* Write the catalog into `out_dir` (created; it must not exist).  Returns
** 0, or -1 with a message in err. */
int scalegen_make(const char *out_dir, const scalegen_opts *o, char *err, size_t errlen);

/* A whole file, NUL-terminated, malloc'd; NULL when unreadable. */
char *scalegen_read_file(const char *path, size_t *len);

/* A wnd_allocator hook (ud: a zeroed scale_counter) that counts the bytes
** live, their peak and the bytes requested in total; with `cap` set it
** fails any allocation that would take the live bytes past it, so a
** loader that regresses to quadratic memory fails a test instead of
** exhausting the machine. */
typedef struct scale_counter {
  atomic_size_t live, peak, total;
  size_t cap;  /* 0: no cap */
} scale_counter;

void *scale_counter_realloc(void *ud, void *ptr, size_t size);

#endif
