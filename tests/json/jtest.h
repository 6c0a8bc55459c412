/*
** jtest.h — helpers shared by the JSON tests.
*/
#ifndef WND_TESTS_JTEST_H
#define WND_TESTS_JTEST_H

#include <criterion/criterion.h>
#include <string.h>

#include "json/json.h"

typedef struct jparse {
  wnd__arena arena;
  wnd__value v;
  wnd__json_error err;
  int rc;
} jparse;

/* Parse text (n bytes) with limits lim into j (arena on the default allocator). */
static inline int jparse_n(jparse *j, const char *text, size_t n, const wnd__json_limits *lim) {
  wnd__arena_init(&j->arena, &wnd__mem_default, NULL, 0);
  memset(&j->err, 0, sizeof j->err); /* the reader writes it only on failure */
  j->rc = wnd__json_parse(&j->arena, text, n, lim, &j->v, &j->err);
  return j->rc;
}

static inline void jparse_done(jparse *j) { wnd__arena_free(&j->arena); }

#endif
