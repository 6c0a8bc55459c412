/*
** test_progcache.c — an expression repeated across items is compiled once
** (lib/catalog/progcache.c), but only where that gives the same program:
** the same declared field types, and no diagnostics to report again.
*/
#include <criterion/criterion.h>
#include <string.h>

#include "fixture.h"

#define ITEM_HEAD(code)          \
  "item:\n"                      \
  "  code: \"" code "\"\n"       \
  "  name: 乙事项\n"             \
  "  type: 行政许可\n"           \
  "  department: market\n"       \
  "  section: food\n"            \
  "  handling: promised\n"       \
  "  statutory_limit: 20 workdays\n" \
  "  promised_limit: 10个工作日\n"

/* The number of diagnostics with this code in a file ending in `file`,
** and the line of the last one. */
static size_t count_at(const wnd_diags *d, const char *code, const char *file, unsigned *line) {
  size_t n = 0;
  for (size_t i = 0; i < wnd_diags_count(d); i++) {
    const wnd_diag *x = wnd_diags_get(d, i);
    size_t fl = strlen(x->file), sl = strlen(file);
    if (strcmp(x->code, code) || fl < sl || strcmp(x->file + fl - sl, file)) continue;
    n++;
    *line = x->line;
  }
  return n;
}

/* items/a.yaml of the base catalog declares data.area_m2 a double and
** requires `data.area_m2 >= 10.0`; the same text over a string field is a
** type error, which a reused program would hide. */
Test(progcache, same_text_other_field_type_is_compiled_again) {
  fx_file f = {"items/b.yaml",
               ITEM_HEAD("B-1")
               "fields:\n"
               "  data.area_m2: {type: string}\n"
               "conditions:\n"
               "  - id: big_enough\n"
               "    require: data.area_m2 >= 10.0\n"
               "    message: 面积不足\n"};
  char *dir = fx_make(&f, 1);
  wnd_diags *d = NULL;
  int st = fx_load(dir, &d, 0);
  unsigned line = 0;
  size_t n = count_at(d, "expr-type", "items/b.yaml", &line);
  if (n != 1) fx_dump(d);
  cr_expect_eq(st, WND_EINVALID);
  cr_expect_eq(n, 1, "expected one expr-type error in items/b.yaml, got %zu", n);
  cr_expect_eq(line, 14);
  cr_expect_eq(count_at(d, "expr-type", "items/a.yaml", &line), 0);
  wnd_diags_free(d);
  fx_remove(dir);
}

/* A warning belongs to each place the expression is written. */
Test(progcache, warnings_are_reported_for_every_copy) {
  fx_file f[] = {{"items/b.yaml", ITEM_HEAD("B-1")
                                  "conditions:\n"
                                  "  - id: flagged\n"
                                  "    require: data.flag == true\n"},
                 {"items/c.yaml", ITEM_HEAD("C-1")
                                  "conditions:\n"
                                  "  - id: flagged\n"
                                  "    require: data.flag == true\n"}};
  char *dir = fx_make(f, 2);
  wnd_diags *d = NULL;
  fx_load(dir, &d, 0);
  unsigned line = 0;
  cr_expect_eq(count_at(d, "undeclared-field", "items/b.yaml", &line), 1);
  cr_expect_eq(line, 12);
  cr_expect_eq(count_at(d, "undeclared-field", "items/c.yaml", &line), 1);
  cr_expect_eq(line, 12);
  wnd_diags_free(d);
  fx_remove(dir);
}

/* Expressions with string literals are reused too (field patterns are
** `path.matches("...")`): the enum questions of the first compile are
** asked again of the next item.  b.yaml's enum has 个体, so its program
** is reusable; c.yaml's enum lacks it and must still get enum-mismatch. */
Test(progcache, literal_outside_the_next_items_enum_is_reported) {
  fx_file f[] = {{"items/b.yaml", ITEM_HEAD("B-1")
                                  "fields:\n"
                                  "  data.kind: {type: string, enum: [个体, 企业]}\n"
                                  "conditions:\n"
                                  "  - id: kind\n"
                                  "    require: data.kind == \"个体\"\n"
                                  "    message: 类型不符\n"},
                 {"items/c.yaml", ITEM_HEAD("C-1")
                                  "fields:\n"
                                  "  data.kind: {type: string, enum: [企业, 合作社]}\n"
                                  "conditions:\n"
                                  "  - id: kind\n"
                                  "    require: data.kind == \"个体\"\n"
                                  "    message: 类型不符\n"}};
  char *dir = fx_make(f, 2);
  wnd_diags *d = NULL;
  int st = fx_load(dir, &d, 0);
  unsigned line = 0;
  size_t nb = count_at(d, "enum-mismatch", "items/b.yaml", &line);
  size_t nc = count_at(d, "enum-mismatch", "items/c.yaml", &line);
  if (nb != 0 || nc != 1) fx_dump(d);
  cr_expect_eq(st, WND_EINVALID);
  cr_expect_eq(nb, 0);
  cr_expect_eq(nc, 1, "expected one enum-mismatch in items/c.yaml, got %zu", nc);
  cr_expect_eq(line, 14);
  wnd_diags_free(d);
  fx_remove(dir);
}
