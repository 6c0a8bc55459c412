/*
** test_register.c — wnd_env_register_function and wnd_env_allow_plugin_dir:
** every refusal with its status and message, and allocation failure at
** every step without leaks.
*/
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hfix.h"
#include "host/host.h"

static bool yes(const char *s) { return s != NULL; }

static const wnd_type STR1[] = {WND_TYPE_STRING};

static wnd_env *new_env(void) {
  wnd_env *env = NULL;
  cr_assert_eq(wnd_env_new(&env, NULL), WND_OK);
  return env;
}

static void expect_name_refused(const char *name, const char *why) {
  wnd_env *env = new_env();
  int st = wnd_env_register_function(env, name, (wnd_fnptr)yes, WND_TYPE_BOOL, STR1, 1);
  cr_assert_eq(st, WND_EINVAL, "name '%s' accepted", name ? name : "(null)");
  cr_assert(strstr(wnd_env_errmsg(env), why), "name '%s': message '%s' lacks '%s'",
            name ? name : "(null)", wnd_env_errmsg(env), why);
  wnd_env_free(env);
}

Test(register, accepts_a_dotted_name) {
  wnd_env *env = new_env();
  cr_assert_eq(wnd_env_register_function(env, "credit.dishonest", (wnd_fnptr)yes,
                                         WND_TYPE_BOOL, STR1, 1), WND_OK);
  cr_assert_str_eq(wnd_env_errmsg(env), "");
  cr_assert_eq(wnd_env_register_function(env, "a.b.c_1", (wnd_fnptr)yes, WND_TYPE_BOOL,
                                         STR1, 1), WND_OK);
  cr_assert_eq(wnd_env_register_function(env, "_x.Y9", (wnd_fnptr)yes, WND_TYPE_BOOL, STR1,
                                         1), WND_OK);
  wnd_env_free(env);
}

Test(register, bad_names) {
  expect_name_refused(NULL, "empty");
  expect_name_refused("", "empty");
  expect_name_refused("dishonest", "dotted");
  expect_name_refused(".credit", "identifier");
  expect_name_refused("credit.", "ends with a dot");
  expect_name_refused("credit..dishonest", "identifier");
  expect_name_refused("1credit.x", "identifier");
  expect_name_refused("credit.1x", "identifier");
  expect_name_refused("credit.dis-honest", "only letters");
  expect_name_refused("credit.dis honest", "only letters");
  expect_name_refused("信用.失信", "identifier");
  expect_name_refused("cn.id_card", "builtin");
  expect_name_refused("workdays.add", "builtin");
  char longname[200];
  memset(longname, 'a', sizeof longname - 1);
  longname[sizeof longname - 1] = 0;
  longname[3] = '.';
  expect_name_refused(longname, "longer than");
}

Test(register, bad_signatures) {
  wnd_env *env = new_env();
  wnd_type nine[9] = {WND_TYPE_INT, WND_TYPE_INT, WND_TYPE_INT, WND_TYPE_INT, WND_TYPE_INT,
                      WND_TYPE_INT, WND_TYPE_INT, WND_TYPE_INT, WND_TYPE_INT};
  wnd_type bad[1] = {(wnd_type)0};
  wnd_type bad5[1] = {(wnd_type)5};
  cr_assert_eq(wnd_env_register_function(env, "t.f", NULL, WND_TYPE_BOOL, STR1, 1),
               WND_EINVAL);
  cr_assert(strstr(wnd_env_errmsg(env), "fn is NULL"));
  cr_assert_eq(wnd_env_register_function(env, "t.f", (wnd_fnptr)yes, WND_TYPE_STRING, STR1,
                                         1), WND_EINVAL);
  cr_assert(strstr(wnd_env_errmsg(env), "return type"));
  cr_assert_eq(wnd_env_register_function(env, "t.f", (wnd_fnptr)yes, (wnd_type)0, STR1, 1),
               WND_EINVAL);
  cr_assert_eq(wnd_env_register_function(env, "t.f", (wnd_fnptr)yes, (wnd_type)9, STR1, 1),
               WND_EINVAL);
  cr_assert_eq(wnd_env_register_function(env, "t.f", (wnd_fnptr)yes, WND_TYPE_INT, nine, 9),
               WND_EINVAL);
  cr_assert(strstr(wnd_env_errmsg(env), "too many parameters"));
  cr_assert_eq(wnd_env_register_function(env, "t.f", (wnd_fnptr)yes, WND_TYPE_INT, nine, 8),
               WND_OK);
  cr_assert_eq(wnd_env_register_function(env, "t.g", (wnd_fnptr)yes, WND_TYPE_BOOL, NULL, 1),
               WND_EINVAL);
  cr_assert(strstr(wnd_env_errmsg(env), "params is NULL"));
  cr_assert_eq(wnd_env_register_function(env, "t.g", (wnd_fnptr)yes, WND_TYPE_BOOL, bad, 1),
               WND_EINVAL);
  cr_assert_eq(wnd_env_register_function(env, "t.g", (wnd_fnptr)yes, WND_TYPE_BOOL, bad5, 1),
               WND_EINVAL);
  cr_assert(strstr(wnd_env_errmsg(env), "parameter type"));
  /* params may be NULL when there are none */
  cr_assert_eq(wnd_env_register_function(env, "t.g", (wnd_fnptr)yes, WND_TYPE_BOOL, NULL, 0),
               WND_OK);
  cr_assert_eq(wnd_env_register_function(NULL, "t.h", (wnd_fnptr)yes, WND_TYPE_BOOL, NULL, 0),
               WND_EINVAL);
  wnd_env_free(env);
}

Test(register, duplicate_name) {
  wnd_env *env = new_env();
  cr_assert_eq(wnd_env_register_function(env, "credit.dishonest", (wnd_fnptr)yes,
                                         WND_TYPE_BOOL, STR1, 1), WND_OK);
  cr_assert_eq(wnd_env_register_function(env, "credit.dishonest", (wnd_fnptr)yes,
                                         WND_TYPE_BOOL, STR1, 1), WND_EINVAL);
  cr_assert(strstr(wnd_env_errmsg(env), "already registered"));
  wnd_env_free(env);
}

Test(register, elicense_signature_is_reserved) {
  wnd_env *env = new_env();
  cr_assert_eq(wnd_env_register_function(env, "elicense.available", (wnd_fnptr)yes,
                                         WND_TYPE_BOOL, STR1, 1), WND_EINVAL);
  cr_assert(strstr(wnd_env_errmsg(env), "(string, string) -> bool"));
  static const wnd_type two[] = {WND_TYPE_STRING, WND_TYPE_STRING};
  cr_assert_eq(wnd_env_register_function(env, "elicense.available", (wnd_fnptr)yes,
                                         WND_TYPE_BOOL, two, 2), WND_OK);
  wnd_env_free(env);
}

/* ---- plugin directories ------------------------------------------------- */

Test(plugin_dir, refusals) {
  wnd_env *env = new_env();
  cr_assert_eq(wnd_env_allow_plugin_dir(NULL, "/tmp"), WND_EINVAL);
  cr_assert_eq(wnd_env_allow_plugin_dir(env, NULL), WND_EINVAL);
  cr_assert_eq(wnd_env_allow_plugin_dir(env, ""), WND_EINVAL);
  cr_assert_eq(wnd_env_allow_plugin_dir(env, "/nonexistent/plugins"), WND_EIO);
  cr_assert(strstr(wnd_env_errmsg(env), "/nonexistent/plugins"));
  char tmpl[] = "/tmp/wnd-hx-file-XXXXXX";
  int fd = mkstemp(tmpl);
  cr_assert(fd >= 0);
  close(fd);
  cr_assert_eq(wnd_env_allow_plugin_dir(env, tmpl), WND_EIO);
  cr_assert(strstr(wnd_env_errmsg(env), "not a directory"));
  unlink(tmpl);
  wnd_env_free(env);
}

Test(plugin_dir, accepted_and_canonical) {
  wnd_env *env = new_env();
  cr_assert_eq(wnd_env_allow_plugin_dir(env, "/tmp"), WND_OK);
  cr_assert_eq(wnd_env_allow_plugin_dir(env, "/tmp/."), WND_OK); /* same dir: kept once */
  cr_assert_eq(wnd_env_allow_plugin_dir(env, hx_plugin_dir()), WND_OK);
  cr_assert_eq(env->host->ndirs, 2);
  cr_assert_str_eq(env->host->dirs[0], "/tmp");
  wnd_env_free(env);
}

/* ---- allocation failure ------------------------------------------------- */

typedef struct failing {
  long countdown;  /* allocations left before failing; < 0: never fail */
  long live;       /* blocks currently allocated */
} failing;

static void *failing_realloc(void *ud, void *p, size_t n) {
  failing *f = ud;
  if (n == 0) {
    if (p) f->live--;
    free(p);
    return NULL;
  }
  if (f->countdown == 0) return NULL;
  if (f->countdown > 0) f->countdown--;
  void *q = realloc(p, n);
  if (q && !p) f->live++;
  return q;
}

Test(register, allocation_failure_everywhere) {
  bool succeeded = false;
  for (long k = 0; k < 50 && !succeeded; k++) {
    failing f = {-1, 0};
    wnd_allocator a = {failing_realloc, &f};
    wnd_env_options eo = WND_ENV_OPTIONS_INIT;
    eo.allocator = &a;
    wnd_env *env = NULL;
    cr_assert_eq(wnd_env_new(&env, &eo), WND_OK);
    f.countdown = k;
    int s1 = wnd_env_register_function(env, "t.one", (wnd_fnptr)yes, WND_TYPE_BOOL, STR1, 1);
    int s2 = wnd_env_register_function(env, "t.two", (wnd_fnptr)yes, WND_TYPE_BOOL, STR1, 1);
    int s3 = wnd_env_allow_plugin_dir(env, "/tmp");
    cr_assert(s1 == WND_OK || s1 == WND_ENOMEM);
    cr_assert(s2 == WND_OK || s2 == WND_ENOMEM);
    cr_assert(s3 == WND_OK || s3 == WND_ENOMEM);
    succeeded = s1 == WND_OK && s2 == WND_OK && s3 == WND_OK;
    wnd_env_free(env);
    cr_assert_eq(f.live, 0, "leak after failing allocation %ld", k);
  }
  cr_assert(succeeded);
}
