/*
** test_traverse.c — walking a catalog directory cannot hang or explode
** (issue 15): a FIFO is reported, not opened for a blocking read; a
** directory reached twice (symbolic link loops) is read once and the loop
** reported; directories nested too deep are reported, not dropped
** silently; an unreadable subdirectory is reported.  The odd entries are
** created by the tests in temporary fixture catalogs.  A timeout turns a
** hang into a failure.
*/
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fixture.h"

TestSuite(traverse, .timeout = 20);

static char *at(const char *dir, const char *rel) {
  static char buf[4096];
  snprintf(buf, sizeof buf, "%s/%s", dir, rel);
  return buf;
}

/* Load dir through a fresh env; returns the status and the diagnostics
** (the catalog is freed: these catalogs all have errors). */
static int load(const char *dir, wnd_diags **d) {
  wnd_env *env = NULL;
  cr_assert_eq(wnd_env_new(&env, NULL), WND_OK);
  wnd_catalog *cat = NULL;
  int st = fx_load_env(env, dir, &cat, d, 0);
  wnd_catalog_free(cat);
  wnd_env_free(env);
  return st;
}

Test(traverse, fifo_in_items_is_reported_not_read) {
  fx_file f[] = {{"items/x/keep.txt", "not a rule file"}};
  char *dir = fx_make(f, 1);
  cr_assert_eq(mkfifo(at(dir, "items/x/fifo.yaml"), 0644), 0);
  wnd_diags *d = NULL;
  cr_assert_eq(load(dir, &d), WND_EINVALID);
  fx_expect(d, "io-error", "items/x/fifo.yaml", 0, 0);
  cr_assert(strstr(wnd_diags_get(d, 0)->message, "not a regular file"), "%s",
            wnd_diags_get(d, 0)->message);
  cr_assert_eq(wnd_diags_count_severity(d, WND_SEV_ERROR), 1);
  wnd_diags_free(d);
  fx_remove(dir);
}

Test(traverse, fifo_catalog_yaml_is_reported_not_read) {
  fx_file f[] = {{"catalog.yaml", NULL}};
  char *dir = fx_make(f, 1);
  cr_assert_eq(mkfifo(at(dir, "catalog.yaml"), 0644), 0);
  wnd_diags *d = NULL;
  cr_assert_eq(load(dir, &d), WND_EINVALID);
  fx_expect(d, "io-error", "/catalog.yaml", 0, 0);
  wnd_diags_free(d);
  fx_remove(dir);
}

Test(traverse, one_link_to_itself_is_one_loop_diagnostic) {
  char *dir = fx_make(NULL, 0);
  cr_assert_eq(symlink(".", at(dir, "items/l1")), 0);
  wnd_diags *d = NULL;
  cr_assert_eq(load(dir, &d), WND_EINVALID);
  if (wnd_diags_count(d) != 1) fx_dump(d);
  cr_assert_eq(wnd_diags_count(d), 1, "one diagnostic, not one per level");
  fx_expect(d, "dir-loop", "items/l1", 0, 0);
  wnd_diags_free(d);
  fx_remove(dir);
}

Test(traverse, two_links_to_parent_are_walked_once) {
  char *dir = fx_make(NULL, 0);
  cr_assert_eq(symlink(".", at(dir, "items/l1")), 0);
  cr_assert_eq(symlink(".", at(dir, "items/l2")), 0);
  wnd_diags *d = NULL;
  cr_assert_eq(load(dir, &d), WND_EINVALID);
  fx_expect(d, "dir-loop", "items/l1", 0, 0);
  fx_expect(d, "dir-loop", "items/l2", 0, 0);
  if (wnd_diags_count(d) != 2) fx_dump(d);
  cr_assert_eq(wnd_diags_count(d), 2, "no duplicate-code from items read again");
  wnd_diags_free(d);
  fx_remove(dir);
}

/* A file that is an error when read: proves which levels were read. */
static const char BAD_ITEM[] = "itme: {}\n";

Test(traverse, too_deep_is_reported_and_the_rest_loads) {
  char *dir = fx_make(NULL, 0);
  char rel[512] = "items", read16[600] = "";
  for (int level = 1; level <= 17; level++) {
    strcat(rel, "/d");
    cr_assert_eq(mkdir(at(dir, rel), 0755), 0);
    if (level == 16 || level == 17) {
      char file[600];
      snprintf(file, sizeof file, "%s/x.yaml", rel);
      FILE *fp = fopen(at(dir, file), "wb");
      cr_assert(fp);
      fputs(BAD_ITEM, fp);
      fclose(fp);
      if (level == 16) snprintf(read16, sizeof read16, "%s", file);
    }
  }
  wnd_diags *d = NULL;
  cr_assert_eq(load(dir, &d), WND_EINVALID);
  /* 16 levels below items/ are read (the file there is reported); the
     17th level is reported by name and its file is not read */
  fx_expect(d, "dir-depth", rel, 0, 0);
  cr_assert(fx_find(d, "unknown-key") && strstr(fx_find(d, "unknown-key")->file, read16));
  char deepest[600];
  snprintf(deepest, sizeof deepest, "%s/x.yaml", rel);
  for (size_t i = 0; i < wnd_diags_count(d); i++)
    cr_assert_not(strstr(wnd_diags_get(d, i)->file, deepest), "level 17 was read");
  wnd_diags_free(d);
  fx_remove(dir);
}

Test(traverse, unreadable_subdirectory_is_reported) {
  if (geteuid() == 0) cr_skip_test("running as root: a mode-000 directory is still readable");
  fx_file f[] = {{"items/locked/b.yaml", "item: {}\n"}};
  char *dir = fx_make(f, 1);
  cr_assert_eq(chmod(at(dir, "items/locked"), 0), 0);
  wnd_diags *d = NULL;
  int st = load(dir, &d);
  chmod(at(dir, "items/locked"), 0755);
  cr_assert_eq(st, WND_EINVALID);
  fx_expect(d, "io-error", "items/locked", 0, 0);
  wnd_diags_free(d);
  fx_remove(dir);
}

/* The read error branch: /proc/self/mem is a regular file whose read at
** offset 0 fails (EIO: page 0 is never mapped), reached through a link. */
Test(traverse, read_error_is_reported) {
  if (access("/proc/self/mem", R_OK) != 0) cr_skip_test("no /proc/self/mem to fail a read with");
  fx_file f[] = {{"items/x/keep.txt", "not a rule file"}};
  char *dir = fx_make(f, 1);
  cr_assert_eq(symlink("/proc/self/mem", at(dir, "items/x/mem.yaml")), 0);
  wnd_diags *d = NULL;
  cr_assert_eq(load(dir, &d), WND_EINVALID);
  fx_expect(d, "io-error", "items/x/mem.yaml", 0, 0);
  cr_assert_str_eq(fx_find(d, "io-error")->message, "read error");
  wnd_diags_free(d);
  fx_remove(dir);
}

/* A file that fstat says is empty but reads longer than the limit (a file
** growing while it is read; /proc files report size 0) stops at the limit. */
Test(traverse, file_longer_than_its_size_is_stopped_at_the_limit) {
  if (access("/proc/self/maps", R_OK) != 0) cr_skip_test("no /proc/self/maps to read");
  fx_file f[] = {{"items/x/keep.txt", "not a rule file"}};
  char *dir = fx_make(f, 1);
  cr_assert_eq(symlink("/proc/self/maps", at(dir, "items/x/maps.yaml")), 0);
  wnd_limits lim = WND_LIMITS_INIT;
  lim.max_file_bytes = 1024;  /* above every file of the base fixture, below /proc/self/maps */
  wnd_env_options o = WND_ENV_OPTIONS_INIT;
  o.limits = &lim;
  wnd_env *env = NULL;
  cr_assert_eq(wnd_env_new(&env, &o), WND_OK);
  wnd_catalog *cat = NULL;
  wnd_diags *d = NULL;
  int st = fx_load_env(env, dir, &cat, &d, 0);
  cr_assert_eq(st, WND_EINVALID);
  fx_expect(d, "yaml-limit", "items/x/maps.yaml", 0, 0);
  cr_assert_str_eq(fx_find(d, "yaml-limit")->message,
                   "file is larger than the limit of 1024 bytes");
  wnd_catalog_free(cat);
  wnd_diags_free(d);
  wnd_env_free(env);
  fx_remove(dir);
}
