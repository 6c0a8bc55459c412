/*
** progcache.h — compile each distinct expression of a catalog once.
**
** Items repeat the same expressions (`has(agent.name)`, `cn.id_card(...)`,
** a field's pattern), and a province-size catalog holds tens of thousands
** of items: compiled programs dominated the memory per item.  A program is
** reused when its text and compile flags are equal and every declared-
** field lookup its type check made gives the same answer for the new item
** (the check is deterministic given those answers, so the program would be
** the same).  Only programs compiled without any diagnostic are reused, so
** every warning is still reported where it is written.
**
** The cache lives while the catalog loads; the programs belong to the
** catalog (one finalizer each, added by the first compile).
*/
#ifndef WND_CATALOG_PROGCACHE_H
#define WND_CATALOG_PROGCACHE_H

#include "../cel/cel.h"
#include "model.h"

#define WND__PC_MAX_LOOKUPS 32

/* The field lookups of one compile, in order: field types, and the
** enum-mismatch questions (`field == "literal"`).  A reusable program was
** compiled without diagnostics, so each of its enum questions was answered
** "no mismatch"; the new item must answer the same. */
typedef struct wnd__pc_lookup {
  const char *path;
  uint32_t n;
  int8_t found;             /* the field_type answer: 1, 0 or -1 */
  uint8_t type;             /* wnd__cel_type when found == 1 */
  bool is_enum;             /* an enum question about literal `val` */
  const char *val;
  uint32_t vn;
} wnd__pc_lookup;

typedef struct wnd__pc_log {
  wnd__pc_lookup v[WND__PC_MAX_LOOKUPS];
  uint32_t n;
  bool overflow;            /* more lookups than kept: not reusable */
  size_t used;
  char paths[1024];         /* the checker reuses its name buffer: copies */
} wnd__pc_log;

/* Record one lookup (called from the loader's field_type hook). */
WND_HIDDEN void wnd__pc_log_add(wnd__pc_log *log, const char *path, size_t n, int found,
                                wnd__cel_type type);
/* Record one enum question (from the field_enum_lacks hook); a mismatch
** is a diagnostic, which makes the program not reusable anyway. */
WND_HIDDEN void wnd__pc_log_enum(wnd__pc_log *log, const char *path, size_t n, const char *val,
                                 size_t vn);

/* Answers field lookups for the item being compiled. */
typedef int (*wnd__pc_field_fn)(void *ud, const char *path, size_t n, wnd__cel_type *out);
/* Whether the item's declared enum of `path` lacks `val` (enum-mismatch). */
typedef bool (*wnd__pc_enum_fn)(void *ud, const char *path, size_t n, const char *val,
                                size_t vn);

/* A program compiled from this text and flags whose lookups answer the
** same for `ud`, or NULL.  A program found again while the same item
** compiles (c->nitems unchanged) gets a memo number (cel.h,
** wnd__cel_program_head): the engine may reuse its answer within one
** evaluation. */
WND_HIDDEN struct wnd__cel_program *wnd__progcache_find(const wnd_catalog *c, const char *src,
                                                        size_t len, unsigned flags,
                                                        wnd__pc_field_fn fn,
                                                        wnd__pc_enum_fn enum_fn, void *ud);
/* Remember a program; copies text and lookup paths.  False on no memory. */
WND_HIDDEN bool wnd__progcache_add(wnd_catalog *c, const char *src, size_t len, unsigned flags,
                                   const wnd__pc_log *log, struct wnd__cel_program *prog);
/* Drop the cache (end of loading, or freeing a catalog mid-load). */
WND_HIDDEN void wnd__progcache_free(wnd_catalog *c);

#endif
