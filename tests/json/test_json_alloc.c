/*
** test_json_alloc.c — allocation-failure sweep: a reader whose allocation
** k fails returns WND_ENOMEM and leaks nothing, for every k.
*/
#include <stdio.h>
#include <stdlib.h>

#include "jtest.h"

#define S(lit) lit, sizeof(lit) - 1

typedef struct counting {
  long fail_at;   /* 1-based allocation number that fails; 0 = never */
  long count;     /* allocations (and growing reallocs) so far */
  long live;      /* blocks currently allocated */
} counting;

static void *counting_realloc(void *ud, void *p, size_t n) {
  counting *c = ud;
  if (n == 0) {
    if (p) c->live--;
    free(p);
    return NULL;
  }
  c->count++;
  if (c->fail_at && c->count == c->fail_at) return NULL;
  void *q = realloc(p, n);
  if (q && !p) c->live++;
  return q;
}

/* A document that needs every kind of allocation: many arena chunks,
** heap scratch (> 192 open children), heap frames (> 32 levels) and the
** duplicate-key hash table (> 16 keys). */
static char *make_doc(size_t *n) {
  size_t cap = 64 * 1024, k = 0;
  char *t = malloc(cap);
  t[k++] = '{';
  for (int i = 0; i < 40; i++)
    k += (size_t)sprintf(t + k, "%s\"key_%d\":\"value with \\u00e9scape %d\"", i ? "," : "", i, i);
  k += (size_t)sprintf(t + k, ",\"list\":[");
  for (int i = 0; i < 300; i++) k += (size_t)sprintf(t + k, "%s%d.5", i ? "," : "", i);
  k += (size_t)sprintf(t + k, "],\"deep\":");
  for (int i = 0; i < 40; i++) t[k++] = '[';
  k += (size_t)sprintf(t + k, "\"bottom\"");
  for (int i = 0; i < 40; i++) t[k++] = ']';
  t[k++] = '}';
  *n = k;
  return t;
}

Test(json_alloc, failure_sweep_returns_enomem_and_leaks_nothing) {
  size_t n;
  char *doc = make_doc(&n);
  wnd__json_limits lim = {0, 64, 0};
  /* a clean run first, to count allocations */
  counting c = {0, 0, 0};
  wnd__mem m = {counting_realloc, &c};
  wnd__arena a;
  wnd__arena_init(&a, &m, NULL, 0);
  wnd__value v;
  wnd__json_error err = {0}; /* written only on failure */
  cr_assert_eq(wnd__json_parse(&a, doc, n, &lim, &v, &err), WND_OK, "%s", err.msg);
  wnd__arena_free(&a);
  cr_assert_eq(c.live, 0);
  long total = c.count;
  cr_assert_gt(total, 5, "the document should need several allocations");
  for (long k = 1; k <= total; k++) {
    counting f = {k, 0, 0};
    wnd__mem fm = {counting_realloc, &f};
    wnd__arena_init(&a, &fm, NULL, 0);
    int rc = wnd__json_parse(&a, doc, n, &lim, &v, &err);
    cr_assert_eq(rc, WND_ENOMEM, "allocation %ld of %ld failed: rc %d", k, total, rc);
    cr_assert_eq(v.kind, WV_NULL);
    cr_assert_str_eq(err.msg, "out of memory");
    wnd__arena_free(&a);
    cr_assert_eq(f.live, 0, "leak after failing allocation %ld", k);
  }
  free(doc);
}

Test(json_alloc, arena_limit_is_enomem) {
  wnd__arena a;
  wnd__arena_init(&a, &wnd__mem_default, NULL, 0);
  a.limit = 64;
  wnd__value v;
  cr_assert_eq(wnd__json_parse(&a, S("[\"a long string that does not fit in sixty-four bytes at all\"]"), NULL, &v, NULL), WND_ENOMEM);
  wnd__arena_free(&a);
}
