/*
** tree.c — temporary catalogs from fixture trees (see tree.h).
*/
#define _GNU_SOURCE
#include "tree.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <ftw.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void write_file(const char *dir, const char *rel, const char *text, size_t len) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, rel);
  for (char *p = path + strlen(dir) + 1; *p; p++)
    if (*p == '/') {
      *p = 0;
      mkdir(path, 0755);
      *p = '/';
    }
  FILE *f = fopen(path, "wb");
  cr_assert(f, "cannot write %s", path);
  cr_assert_eq(fwrite(text, 1, len, f), len, "cannot write %s", path);
  fclose(f);
}

static bool named(const tr_file *files, size_t n, const char *rel) {
  for (size_t k = 0; k < n; k++)
    if (!strcmp(files[k].path, rel)) return true;
  return false;
}

/* Copy base/rel (a directory; rel "" at the top) into dir/rel. */
static void copy_tree(const char *base, const char *rel, const char *dir, const tr_file *files,
                      size_t n) {
  char from[4096];
  snprintf(from, sizeof from, "%s%s%s", base, *rel ? "/" : "", rel);
  DIR *d = opendir(from);
  cr_assert(d, "cannot read the fixture %s", from);
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.') continue;
    char sub[4096], src[8192];
    snprintf(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", e->d_name);
    snprintf(src, sizeof src, "%s/%s", base, sub);
    struct stat st;
    cr_assert_eq(stat(src, &st), 0, "cannot stat %s", src);
    if (S_ISDIR(st.st_mode)) {
      copy_tree(base, sub, dir, files, n);
    } else if (!named(files, n, sub)) {
      FILE *f = fopen(src, "rb");
      cr_assert(f, "cannot read %s", src);
      char *buf = malloc((size_t)st.st_size + 1);
      cr_assert(buf);
      size_t got = fread(buf, 1, (size_t)st.st_size, f);
      fclose(f);
      write_file(dir, sub, buf, got);
      free(buf);
    }
  }
  closedir(d);
}

char *tr_make(const char *base, const tr_file *files, size_t n) {
  char tmpl[] = "/tmp/wnd-fx-XXXXXX";
  char *dir = mkdtemp(tmpl);
  cr_assert(dir, "mkdtemp failed");
  dir = strdup(dir);
  cr_assert(dir);
  copy_tree(base, "", dir, files, n);
  for (size_t k = 0; k < n; k++)
    if (files[k].text) write_file(dir, files[k].path, files[k].text, strlen(files[k].text));
  return dir;
}

void tr_copy(const char *from, const char *dir, const tr_file *skip, size_t n) {
  copy_tree(from, "", dir, skip, n);
}

void tr_apply(const char *dir, const char *name) {
  char from[4096];
  snprintf(from, sizeof from, "%s/%s", TR_OVERLAY_DIR, name);
  tr_copy(from, dir, NULL, 0);
}

char *tr_make_overlay(const char *base, const char *name) {
  char *dir = tr_make(base, NULL, 0);
  tr_apply(dir, name);
  return dir;
}

static int rm_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw) {
  (void)sb;
  (void)flag;
  (void)ftw;
  return remove(p);
}

void tr_remove(char *dir) {
  if (!dir) return;
  nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
  free(dir);
}
