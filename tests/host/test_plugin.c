/*
** test_plugin.c — functions.yaml `library:` plugins: bound from an allowed
** directory and called from an item's condition; every refusal (plugins
** not allowed, library absent from the allowed directories, a symlink out
** of the directory, no entry symbol, another ABI version, a signature that
** differs from the plugin's own description, a function the plugin lacks,
** a broken description, a directory or a world-writable file in the
** library's place); one dlopen per library per load; unloading with
** the last catalog.
*/
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hfix.h"


static wnd_env *env_allowing(const char *dir) {
  wnd_env *env = NULL;
  cr_assert_eq(wnd_env_new(&env, NULL), WND_OK);
  if (dir) cr_assert_eq(wnd_env_allow_plugin_dir(env, dir), WND_OK, "%s", wnd_env_errmsg(env));
  return env;
}

static char *plugin_path(const char *name) {
  char *p = NULL;
  cr_assert(asprintf(&p, "%s/lib%s.so", hx_plugin_dir(), name) > 0);
  return p;
}

/* Load the host base with the functions.yaml of `overlay` with env; expect
** one error `code` at its first declaration (line 3, after the overlay's
** comment line; column 5) whose message contains `part`. */
static void expect_refused(wnd_env *env, const char *overlay, const char *code,
                           const char *part) {
  char *dir = hx_make_overlay(overlay);
  wnd_catalog *cat = NULL;
  wnd_diags *d = NULL;
  cr_assert_eq(hx_load(env, dir, &cat, &d), WND_EINVALID);
  const wnd_diag *x = hx_find(d, code);
  if (!x) hx_dump(d);
  cr_assert(x, "no [%s]", code);
  cr_assert_eq(x->line, 3);
  cr_assert_eq(x->column, 5);
  cr_assert(strstr(x->file, "functions.yaml"));
  cr_assert(strstr(x->message, part), "message '%s' lacks '%s'", x->message, part);
  cr_assert_eq(wnd_diags_count_severity(d, WND_SEV_ERROR), 1);
  wnd_diags_free(d);
  hx_remove(dir);
}

Test(plugin, condition_calls_a_plugin_function) {
  wnd_env *env = env_allowing(hx_plugin_dir());
  char *dir = hx_make_overlay("fn-plugin");
  wnd_catalog *cat = NULL;
  wnd_diags *d = NULL;
  int st = hx_load(env, dir, &cat, &d);
  if (st != WND_OK) hx_dump(d);
  cr_assert_eq(st, WND_OK);
  cr_assert_eq(cat->nhostfns, 1);
  wnd__value v;
  char msg[256];
  cr_assert_eq(hx_eval_condition(cat, "91350100MA2XXXXX1X", &v, msg, sizeof msg), WND_OK);
  cr_assert(v.kind == WV_BOOL && !v.u.b, "blacklisted: the condition fails");
  cr_assert_eq(hx_eval_condition(cat, "91350100MA2YYYYY2Y", &v, msg, sizeof msg), WND_OK);
  cr_assert(v.kind == WV_BOOL && v.u.b);
  wnd_diags_free(d);
  wnd_catalog_free(cat);
  wnd_env_free(env);
  hx_remove(dir);
}

Test(plugin, several_functions_one_library) {
  wnd_env *env = env_allowing(hx_plugin_dir());
  char *dir = hx_make_overlay("fn-plugin-three");
  wnd_catalog *one = NULL, *three = NULL;
  char *dir1 = hx_make_overlay("fn-plugin");
  cr_assert_eq(hx_load(env, dir1, &one, NULL), WND_OK);
  cr_assert_eq(hx_load(env, dir, &three, NULL), WND_OK);
  /* one dlopen (one closing finalizer) per library, however many uses */
  cr_assert_eq(three->nfinalizers, one->nfinalizers);
  cr_assert_eq(three->nhostfns, 3);
  wnd__value v;
  char msg[256];
  cr_assert_eq(hx_eval(three, "credit.score(\"abcd\", 2026)", &v, msg, sizeof msg), WND_OK,
               "%s", msg);
  cr_assert(v.kind == WV_DOUBLE && v.u.d == 66.0, "%g", v.u.d);
  cr_assert_eq(hx_eval(three, "plug.weighted(1, 2, 3, 4, 5, 6, 7, -8)", &v, msg, sizeof msg),
               WND_OK, "%s", msg);
  cr_assert(v.kind == WV_INT && v.u.i == 1 + 4 + 9 + 16 + 25 + 36 + 49 - 64);
  wnd_catalog_free(one);
  wnd_catalog_free(three);
  wnd_env_free(env);
  hx_remove(dir);
  hx_remove(dir1);
}

Test(plugin, refused_when_plugins_are_not_allowed) {
  wnd_env *env = env_allowing(NULL);
  expect_refused(env, "fn-plugin", "function-unprovided", "plugins are not allowed");
  wnd_env_free(env);
}

Test(plugin, refused_when_not_in_the_allowed_directories) {
  char tmpl[] = "/tmp/wnd-hx-empty-XXXXXX";
  cr_assert(mkdtemp(tmpl));
  wnd_env *env = env_allowing(tmpl);
  expect_refused(env, "fn-plugin", "function-unprovided",
                 "libwndtestplugin.so is in none of the allowed plugin directories");
  wnd_env_free(env);
  rmdir(tmpl);
}

Test(plugin, found_in_a_later_allowed_directory) {
  char tmpl[] = "/tmp/wnd-hx-empty-XXXXXX";
  cr_assert(mkdtemp(tmpl));
  wnd_env *env = env_allowing(tmpl);
  cr_assert_eq(wnd_env_allow_plugin_dir(env, hx_plugin_dir()), WND_OK);
  char *dir = hx_make_overlay("fn-plugin");
  wnd_catalog *cat = NULL;
  cr_assert_eq(hx_load(env, dir, &cat, NULL), WND_OK);
  wnd_catalog_free(cat);
  wnd_env_free(env);
  hx_remove(dir);
  rmdir(tmpl);
}

Test(plugin, symlink_out_of_the_directory_is_refused) {
  char tmpl[] = "/tmp/wnd-hx-link-XXXXXX";
  cr_assert(mkdtemp(tmpl));
  char link[512];
  snprintf(link, sizeof link, "%s/libwndtestplugin.so", tmpl);
  char *target = plugin_path("wndtestplugin");
  cr_assert_eq(symlink(target, link), 0);
  wnd_env *env = env_allowing(tmpl);
  expect_refused(env, "fn-plugin", "plugin-error", "outside the allowed directory");
  wnd_env_free(env);
  unlink(link);
  rmdir(tmpl);
  free(target);
}

Test(plugin, missing_entry_symbol) {
  wnd_env *env = env_allowing(hx_plugin_dir());
  expect_refused(env, "fn-plugin-noentry", "plugin-error", "does not export wnd_plugin_describe");
  wnd_env_free(env);
}

Test(plugin, abi_version_mismatch) {
  wnd_env *env = env_allowing(hx_plugin_dir());
  expect_refused(env, "fn-plugin-badabi", "plugin-error",
                 "plugin ABI version 2; this libwindow supports 1");
  wnd_env_free(env);
}

/* A text file with mode `mode` as lib<name>.so in a fresh allowed
** directory; loading the overlay against it is refused for `why`. */
static void refused_text_file(const char *name, mode_t mode, const char *overlay,
                              const char *why) {
  char tmpl[] = "/tmp/wnd-hx-junk-XXXXXX";
  cr_assert(mkdtemp(tmpl));
  char path[512];
  snprintf(path, sizeof path, "%s/lib%s.so", tmpl, name);
  FILE *f = fopen(path, "w");
  cr_assert(f);
  fputs("not an ELF file\n", f);
  fclose(f);
  cr_assert_eq(chmod(path, mode), 0);
  wnd_env *env = env_allowing(tmpl);
  expect_refused(env, overlay, "plugin-error", why);
  wnd_env_free(env);
  unlink(path);
  rmdir(tmpl);
}

Test(plugin, not_a_shared_library) {
  refused_text_file("junk", 0644, "fn-plugin-junk", "cannot load");
}

Test(plugin, signature_differs_from_the_plugin_description) {
  wnd_env *env = env_allowing(hx_plugin_dir());
  expect_refused(env, "fn-plugin-weighted-7", "function-signature-mismatch",
                 "declared as (int, int, int, int, int, int, int) -> int but plugin ");
  expect_refused(env, "fn-plugin-score-1", "function-signature-mismatch",
                 "describes it as (string, int) -> double");
  wnd_env_free(env);
}

Test(plugin, function_the_plugin_lacks) {
  wnd_env *env = env_allowing(hx_plugin_dir());
  expect_refused(env, "fn-plugin-missing", "function-unprovided", "is not provided by plugin");
  wnd_env_free(env);
}

Test(plugin, broken_descriptions_are_refused) {
  wnd_env *env = env_allowing(hx_plugin_dir());
  expect_refused(env, "fn-plugin-broken", "plugin-error", "function pointer is NULL");
  expect_refused(env, "fn-plugin-badtype", "plugin-error", "return type");
  wnd_env_free(env);
}

static bool never(const char *s) {
  (void)s;
  cr_assert_fail("called");
  return false;
}

Test(plugin, host_registration_does_not_stand_in_for_a_plugin) {
  /* `library:` asks for the plugin; a host function of the same name is
  ** not used instead. */
  wnd_env *env = env_allowing(NULL);
  static const wnd_type s1[] = {WND_TYPE_STRING};
  cr_assert_eq(wnd_env_register_function(env, "credit.dishonest", (wnd_fnptr)never,
                                         WND_TYPE_BOOL, s1, 1), WND_OK);
  expect_refused(env, "fn-plugin", "function-unprovided", "plugins are not allowed");
  wnd_env_free(env);
}

Test(plugin, unloaded_with_the_last_catalog) {
  char *path = plugin_path("wndtestplugin");
  void *h = dlopen(path, RTLD_NOW | RTLD_NOLOAD);
  cr_assert_null(h, "loaded before any catalog");
  wnd_env *env = env_allowing(hx_plugin_dir());
  char *dir = hx_make_overlay("fn-plugin");
  wnd_catalog *a = NULL, *b = NULL;
  cr_assert_eq(hx_load(env, dir, &a, NULL), WND_OK);
  cr_assert_eq(hx_load(env, dir, &b, NULL), WND_OK);
  wnd_catalog_free(a);
  h = dlopen(path, RTLD_NOW | RTLD_NOLOAD);
  cr_assert_not_null(h, "still used by a catalog");
  dlclose(h);
  wnd__value v;
  char msg[256];
  cr_assert_eq(hx_eval_condition(b, "91350100MA2XXXXX1X", &v, msg, sizeof msg), WND_OK);
  cr_assert(v.kind == WV_BOOL && !v.u.b);
  wnd_catalog_free(b);
  h = dlopen(path, RTLD_NOW | RTLD_NOLOAD);
  cr_assert_null(h, "unloaded after the last catalog");
  wnd_env_free(env);
  hx_remove(dir);
  free(path);
}

/* A directory named like the library, and a file any user may overwrite
** (anyone could then run code in the hall's process), are refused before
** anything is loaded. */
Test(plugin, not_a_regular_file_is_refused) {
  char tmpl[] = "/tmp/wnd-hx-dir-XXXXXX";
  cr_assert(mkdtemp(tmpl));
  char path[512];
  snprintf(path, sizeof path, "%s/libwndtestplugin.so", tmpl);
  cr_assert_eq(mkdir(path, 0755), 0);
  wnd_env *env = env_allowing(tmpl);
  expect_refused(env, "fn-plugin", "plugin-error", "not a regular file");
  wnd_env_free(env);
  rmdir(path);
  rmdir(tmpl);
}

Test(plugin, world_writable_file_is_refused) {
  refused_text_file("wndtestplugin", 0666, "fn-plugin",
                    "the file is writable by any user");
}
