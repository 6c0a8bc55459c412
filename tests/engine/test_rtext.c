/*
** The result's text copies (result.h): wnd__rstrs and wnd__add_finding
** copy short texts with overlapping word loads and stores by length class
** (1-3, 4-7, 8-16, 17-32, longer), and a finding
** shares the rule file copy of the finding before it when it names the
** same catalog text.  Every length of each class's edges, NULLs among the
** texts, and rule files that alternate, must give exact, owned copies.
*/
#include <string.h>

#include <criterion/criterion.h>

#include "../../lib/engine/result.h"

static const wnd__mem *mem(void) { return &wnd__mem_default; }

/* "a0123…" of n bytes, distinct per (n, salt). */
static void fill(char *buf, size_t n, int salt) {
  for (size_t i = 0; i < n; i++) buf[i] = (char)('!' + (i * 7 + (size_t)salt) % 90);
  buf[n] = '\0';
}

static void check_copy(const char *copy, const char *src) {
  if (!src) {
    cr_assert_null(copy);
    return;
  }
  cr_assert_not_null(copy);
  cr_assert_neq((const void *)copy, (const void *)src, "a copy, not the source");
  cr_assert_str_eq(copy, src);
}

Test(rtext, rstrs_every_length) {
  static char a[100][120], b[100][120];
  for (size_t n = 0; n < 100; n++) {
    fill(a[n], n, 1);
    fill(b[n], (n * 5) % 70, 2);
  }
  wnd_result *r = wnd__result_new(mem(), false);
  cr_assert_not_null(r);
  for (size_t n = 0; n < 100; n++) {
    const char *src[4] = {a[n], NULL, b[n], a[99 - n]};
    const char *dst[4];
    wnd__rstrs(r, 4, src, dst);
    for (int i = 0; i < 4; i++) check_copy(dst[i], src[i]);
    const char *dst2[4];
    wnd__rstrs(r, 4, src, dst2);
    for (int i = 0; i < 4; i++) check_copy(dst2[i], src[i]);
    /* the first copies are untouched by the later ones */
    for (int i = 0; i < 4; i++) check_copy(dst[i], src[i]);
  }
  const char *none[3] = {NULL, NULL, NULL}, *out[3] = {"x", "y", "z"};
  wnd__rstrs(r, 3, none, out);
  for (int i = 0; i < 3; i++) cr_assert_null(out[i]);
  cr_assert(!r->oom);
  wnd_result_free(r);
}

Test(rtext, finding_texts_and_rule_files) {
  static char code[40][40], subj[40][80], msg[40][200];
  char file_a[] = "items/a.yaml", file_b[] = "materials.yaml", file_a2[] = "items/a.yaml";
  const wnd__loc locs[] = {{file_a, 3, 4},  {file_a, 5, 6}, {file_b, 7, 8},
                           {file_a, 9, 10}, {file_a2, 11, 12}, {NULL, 0, 0}};
  wnd_result *r = wnd__result_new(mem(), false);
  cr_assert_not_null(r);
  for (int i = 0; i < 40; i++) {
    fill(code[i], (size_t)i % 35, 3);
    fill(subj[i], (size_t)i * 2 % 75, 4);
    fill(msg[i], (size_t)i * 5, 5);
    const wnd__loc *loc = i % 7 == 6 ? NULL : &locs[i % 7 % 6];
    const wnd_finding *f =
        i % 3 ? wnd__add_finding(r, code[i], WND_SEV_WARNING, i % 4 ? subj[i] : NULL, msg[i], loc)
              : wnd__add_material_finding(r, (uint32_t)i, code[i], WND_SEV_ERROR, subj[i],
                                          msg[i], loc);
    cr_assert_not_null(f);
  }
  cr_assert_eq(r->nfindings, 40);
  for (int i = 0; i < 40; i++) {
    const wnd_finding *f = &r->findings[i];
    const wnd__loc *loc = i % 7 == 6 ? NULL : &locs[i % 7 % 6];
    check_copy(f->code, code[i]);
    check_copy(f->subject, i % 3 && !(i % 4) ? NULL : subj[i]);
    check_copy(f->message, msg[i]);
    check_copy(f->rule_file, loc ? loc->file : NULL);
    cr_assert_eq(f->rule_line, loc && loc->file ? loc->line : 0);
    cr_assert_eq(f->rule_column, loc && loc->file ? loc->col : 0);
    cr_assert_eq(wnd__finding_material(r, (size_t)i), i % 3 ? 0u : (uint32_t)i + 1);
  }
  cr_assert(!r->oom);
  wnd_result_free(r);
}

/* wnd__result_alloc's inline path hands out what wnd__arena_alloc would:
** the same offsets in the inline buffer, the same counts, 16-byte
** alignment, a new chunk past the buffer, and the arena limit kept. */
Test(rtext, result_alloc_matches_arena_alloc) {
  const size_t sizes[] = {1, 15, 16, 17, 0, 31, 100, 7, 2000, 64, 900, 5000, 3, 40000, 16, 1};
  for (int limited = 0; limited < 2; limited++) {
    wnd_result *a = wnd__result_new(mem(), false), *b = wnd__result_new(mem(), false);
    cr_assert(a && b);
    if (limited) a->arena.limit = b->arena.limit = 4000;
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
      char *p = wnd__result_alloc(a, sizes[i]);
      char *q = wnd__arena_alloc(&b->arena, sizes[i]);
      cr_assert_eq(p == NULL, q == NULL, "size %zu", sizes[i]);
      cr_assert_eq(a->arena.used, b->arena.used, "size %zu", sizes[i]);
      if (!p) continue;
      cr_assert_eq((uintptr_t)p % 16, 0);
      bool p_inline = p >= a->inline_buf && p < a->inline_buf + sizeof a->inline_buf;
      bool q_inline = q >= b->inline_buf && q < b->inline_buf + sizeof b->inline_buf;
      cr_assert_eq(p_inline, q_inline, "size %zu", sizes[i]);
      if (p_inline) cr_assert_eq(p - a->inline_buf, q - b->inline_buf);
      memset(p, 'x', sizes[i]);
    }
    wnd_result_free(a);
    wnd_result_free(b);
  }
}
