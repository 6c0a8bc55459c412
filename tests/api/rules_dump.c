/*
** rules_dump.c — prints a catalog's rules snapshot (wnd_rules_new) as
** text: one line per rule "kind id @file:line:col", one per attribute
** "  key = value @file:line:col", then the trace of each rule test's
** result evaluated with WND_EVAL_EXPLAIN.  The golden file of its output
** (tests/api/expected/) is the test of the introspection API.  The catalog
** is freed before the snapshot is read: the snapshot must not need it.
**   rules_dump CATALOG_DIR
*/
#include <stdio.h>

#include "libwindow.h"

static void loc(const wnd_loc *l) {
  if (l->file)
    printf(" @%s:%u:%u", l->file, l->line, l->column);
  printf("\n");
}

static void dump(const wnd_rule *r, int depth) {
  wnd_loc l;
  if (wnd_rule_loc(r, NULL, &l) != WND_OK) return;
  printf("%*s%s %s", depth * 2, "", wnd_rule_kind(r), wnd_rule_id(r) ? wnd_rule_id(r) : "-");
  loc(&l);
  for (size_t i = 0; i < wnd_rule_attr_count(r); i++) {
    const char *k = wnd_rule_attr_key(r, i), *v = wnd_rule_attr(r, k);
    wnd_rule_loc(r, k, &l);
    printf("%*s  %s = %s", depth * 2, "", k, v ? v : "(absent)");
    loc(&l);
  }
  static const char *const KINDS[] = {"defaults", "department", "section", "window", "item",
                                      "field", "condition", "material", "check", "route",
                                      "fast_track", "bundle", "step"};
  for (size_t k = 0; k < sizeof KINDS / sizeof KINDS[0]; k++)
    for (size_t i = 0; i < wnd_rule_count(r, KINDS[k]); i++) {
      const wnd_rule *c = wnd_rule_child(r, KINDS[k], i);
      if (wnd_rule_parent(c) != r) printf("BAD PARENT\n");
      if (wnd_rule_id(c) && wnd_rule_find(r, KINDS[k], wnd_rule_id(c)) != c)
        printf("find(%s) is not the first of its id\n", wnd_rule_id(c));
      dump(c, depth + 1);
    }
}

static void on_test(const wnd_test_outcome *o, const wnd_result *r, void *payload) {
  (void)payload;
  printf("test %s %s: %s\n", o->target, o->name, o->passed ? "passed" : "failed");
  for (size_t i = 0; r && i < wnd_result_trace_count(r); i++) {
    wnd_loc l;
    wnd_result_trace_loc(r, i, &l);
    const char *v = wnd_result_trace(r, i, "value");
    printf("  %s %s = %s", wnd_result_trace(r, i, "kind"),
           wnd_result_trace(r, i, "subject") ? wnd_result_trace(r, i, "subject") : "-",
           v ? v : "(error)");
    loc(&l);
  }
}

int main(int argc, char **argv) {
  wnd_env *env = NULL;
  wnd_catalog *cat = NULL;
  wnd_rules *rules = NULL;
  if (argc != 2 || wnd_env_new(&env, NULL) != WND_OK) return 2;
  if (wnd_catalog_load(&cat, NULL, env, argv[1], NULL) != WND_OK) return 2;
  if (wnd_rules_new(&rules, cat) != WND_OK) return 2;
  size_t passed = 0, failed = 0;
  if (wnd_catalog_test_results(cat, WND_EVAL_EXPLAIN, on_test, NULL, &passed, &failed) != WND_OK)
    return 2;
  printf("tests: %zu passed, %zu failed\n", passed, failed);
  wnd_catalog_free(cat);
  const wnd_rule *root = wnd_rules_root(rules);
  dump(root, 0);
  /* misuse: an unknown key is WND_ENOTFOUND with a message */
  wnd_loc l;
  int st = wnd_rule_loc(root, "no_such_key", &l);
  printf("loc(no_such_key): %s: %s\n", wnd_errstr(st),
         wnd_error_last() ? wnd_error_last()->message : "(no message)");
  printf("find(item, nope): %s\n", wnd_rule_find(root, "item", "nope") ? "found" : "NULL");
  wnd_rules_free(rules);
  wnd_env_free(env);
  return 0;
}
