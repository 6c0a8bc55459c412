/*
** test_regress.c — regressions across modules; each test names the bug it
** guards against and failed before its fix.
*/
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../catalog/fixture.h"
#include "json/json.h"

/* The `rule` of a finding was printed into the result JSON with %s, so a
** rule file whose path holds a quote or a backslash made invalid JSON. */
Test(regress, rule_paths_are_escaped_in_result_json) {
  fx_file f[] = {
      {"items/a.yaml", NULL},
      {"items/q\"uo\\te.yaml",
       "item:\n  code: \"Q-1\"\n  name: 引号\n  department: market\n"
       "  type: 行政许可\n  handling: instant\n  statutory_limit: 0\n  promised_limit: 0\n"
       "materials:\n  - id: form\n    name: 申请书\n"
       "tests:\n  - {name: t, submission: {}, expect: {decision: incomplete}}\n"},
  };
  char *dir = fx_make(f, 2);
  wnd_env *env = NULL;
  cr_assert_eq(wnd_env_new(&env, NULL), WND_OK);
  wnd_catalog *cat = NULL;
  wnd_diags *d = NULL;
  int st = fx_load_env(env, dir, &cat, &d, 0);
  if (st != WND_OK) fx_dump(d);
  cr_assert_eq(st, WND_OK);
  wnd_submission *s = NULL;
  cr_assert_eq(wnd_submission_parse(&s, env, "{}", 2, WND_FORMAT_JSON), WND_OK);
  wnd_result *r = NULL;
  cr_assert_eq(wnd_evaluate(&r, cat, "Q-1", s, NULL), WND_OK);
  const char *json;
  size_t len;
  cr_assert_eq(wnd_result_json(r, &json, &len), WND_OK);
  wnd__arena a;
  wnd__arena_init(&a, &wnd__mem_default, NULL, 0);
  wnd__value v;
  wnd__json_error err = {0}; /* written only on failure */
  int pst = wnd__json_parse(&a, json, len, NULL, &v, &err);
  cr_assert_eq(pst, WND_OK, "result JSON invalid at %u:%u: %s", err.line, err.column, err.msg);
  cr_assert(strstr(json, "\"items/q\\\"uo\\\\te.yaml:"), "%s", json);
  wnd__arena_free(&a);
  wnd_result_free(r);
  wnd_submission_free(s);
  wnd_diags_free(d);
  wnd_catalog_free(cat);
  wnd_env_free(env);
  fx_remove(dir);
}

/* wnd_env_errmsg was one buffer per env, written by every failing parse:
** threads parsing through a shared env read each other's messages (and
** raced on the buffer). */
typedef struct job {
  wnd_env *env;
  const char *text;
  const char *want;
  pthread_barrier_t *bar;
  bool first;      /* fails its parse before the other thread does */
  char seen[600];
} job;

static void fail_parse(job *j) {
  wnd_submission *s = NULL;
  if (wnd_submission_parse(&s, j->env, j->text, strlen(j->text), WND_FORMAT_JSON) == WND_OK)
    wnd_submission_free(s);
}

/* A fails, then B fails, then both read: each must read its own message. */
static void *parse_bad(void *arg) {
  job *j = arg;
  if (j->first) fail_parse(j);
  pthread_barrier_wait(j->bar);
  if (!j->first) fail_parse(j);
  pthread_barrier_wait(j->bar);
  snprintf(j->seen, sizeof j->seen, "%s", wnd_env_errmsg(j->env));
  return NULL;
}

Test(regress, error_messages_are_per_thread) {
  wnd_env *env = NULL;
  cr_assert_eq(wnd_env_new(&env, NULL), WND_OK);
  pthread_barrier_t bar;
  pthread_barrier_init(&bar, NULL, 2);
  job a = {env, "{\"a\": }", "line 1, column 7", &bar, true, ""};
  job b = {env, "{\n\n\"b\": [1,]}", "line 3, column 8", &bar, false, ""};
  pthread_t ta, tb;
  pthread_create(&ta, NULL, parse_bad, &a);
  pthread_create(&tb, NULL, parse_bad, &b);
  pthread_join(ta, NULL);
  pthread_join(tb, NULL);
  pthread_barrier_destroy(&bar);
  cr_assert(strstr(a.seen, a.want), "thread a read '%s'", a.seen);
  cr_assert(strstr(b.seen, b.want), "thread b read '%s'", b.seen);
  /* a message belongs to the env the failing call went through */
  wnd_env *other = NULL;
  cr_assert_eq(wnd_env_new(&other, NULL), WND_OK);
  wnd_submission *s = NULL;
  cr_assert_neq(wnd_submission_parse(&s, env, "[", 1, WND_FORMAT_JSON), WND_OK);
  cr_assert_str_eq(wnd_env_errmsg(other), "");
  cr_assert_str_neq(wnd_env_errmsg(env), "");
  wnd_env_free(other);
  wnd_env_free(env);
}

/* A builder path recursed once per segment, so a path of 100,000 dots
** overflowed the stack.  Paths deeper than the submission depth limit are
** refused. */
Test(regress, builder_paths_are_bounded) {
  wnd_env *env = NULL;
  cr_assert_eq(wnd_env_new(&env, NULL), WND_OK);
  wnd_submission *s = NULL;
  cr_assert_eq(wnd_submission_new(&s, env), WND_OK);
  size_t n = 200000;
  char *path = malloc(n + 1);
  for (size_t i = 0; i < n; i++) path[i] = i % 2 ? '.' : 'a';
  path[n - 1] = 'a';
  path[n] = '\0';
  cr_assert_eq(wnd_submission_set_int(s, path, 1), WND_ELIMIT);
  /* at the limit (32 levels below the root) it works */
  char ok[128] = "a";
  for (int i = 1; i < 32; i++) strcat(ok, ".a");
  cr_assert_eq(wnd_submission_set_int(s, ok, 1), WND_OK);
  strcat(ok, ".a");
  cr_assert_eq(wnd_submission_set_int(s, ok, 1), WND_ELIMIT);
  free(path);
  wnd_submission_free(s);
  wnd_env_free(env);
}
