/*
** fixture.c — temporary catalogs for tests (see fixture.h).
*/
#define _GNU_SOURCE
#include "fixture.h"

#include <criterion/criterion.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const fx_file BASE[] = {
    {"catalog.yaml",
     "catalog:\n"
     "  id: test-county\n"
     "  name: 测试县政务服务中心\n"
     "  version: \"1.0\"\n"
     "  timezone: \"+08:00\"\n"
     "defaults:\n"
     "  notify_within: 5 workdays\n"
     "  supplement_within: 5个工作日\n"
     "  transfer_within: 20 minutes\n"
     "  max_gaps: 2\n"},
    {"departments.yaml",
     "departments:\n"
     "  - id: city_market\n"
     "    name: 市市场监督管理局\n"
     "    level: city\n"
     "  - id: market\n"
     "    name: 测试县市场监督管理局\n"
     "    level: county\n"
     "    parent: city_market\n"
     "    sections:\n"
     "      - {id: food, name: 食品经营许可股}\n"
     "      - {id: canteen, name: 餐饮监管股}\n"},
    {"windows.yaml",
     "windows:\n"
     "  - id: general\n"
     "    name: 综合窗口\n"
     "    kind: comprehensive\n"
     "    serves: {frequency: [high, low]}\n"
     "  - id: output\n"
     "    name: 出件窗口\n"
     "    kind: output\n"},
    {"materials.yaml",
     "materials:\n"
     "  - id: id_card\n"
     "    name: 居民身份证\n"
     "    forms: [original]\n"
     "    e_license: 居民身份证\n"},
    {"calendars/2026.yaml",
     "calendar:\n"
     "  year: 2026\n"
     "  holidays:\n"
     "    - {name: 元旦, from: 2026-01-01, to: 2026-01-03}\n"
     "  workdays:\n"
     "    - {name: 元旦调休, date: 2026-01-04}\n"},
    {"calendars/2027.yaml", "calendar:\n  year: 2027\n"},
    {"items/a.yaml",
     "item:\n"
     "  code: \"A-1\"\n"
     "  name: 测试事项\n"
     "  type: 行政许可\n"
     "  department: market\n"
     "  section: food\n"
     "  handling: promised\n"
     "  statutory_limit: 20 workdays\n"
     "  promised_limit: 10个工作日\n"
     "fields:\n"
     "  data.area_m2: {type: double, min: 0}\n"
     "  applicant.kind: {type: string, enum: [person, organization], required: true}\n"
     "conditions:\n"
     "  - id: big_enough\n"
     "    require: data.area_m2 >= 10.0\n"
     "    message: 面积不足\n"
     "materials:\n"
     "  - use: id_card\n"
     "  - id: form\n"
     "    name: 申请书\n"
     "tests:\n"
     "  - name: 齐全\n"
     "    submission: {data: {area_m2: 20.0}}\n"
     "    expect: {decision: accepted}\n"},
};

static int write_file(const char *dir, const char *rel, const char *text) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, rel);
  for (char *p = path + strlen(dir) + 1; *p; p++)
    if (*p == '/') {
      *p = 0;
      mkdir(path, 0755);
      *p = '/';
    }
  FILE *f = fopen(path, "wb");
  if (!f) return -1;
  fputs(text, f);
  fclose(f);
  return 0;
}

char *fx_make(const fx_file *files, size_t n) {
  char tmpl[] = "/tmp/wnd-fx-XXXXXX";
  char *dir = mkdtemp(tmpl);
  cr_assert(dir, "mkdtemp failed");
  dir = strdup(dir);
  for (size_t i = 0; i < sizeof BASE / sizeof BASE[0]; i++) {
    bool overridden = false;
    for (size_t k = 0; k < n; k++)
      if (!strcmp(files[k].path, BASE[i].path)) overridden = true;
    if (!overridden) write_file(dir, BASE[i].path, BASE[i].text);
  }
  for (size_t k = 0; k < n; k++)
    if (files[k].text) write_file(dir, files[k].path, files[k].text);
  return dir;
}

static int rm_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw) {
  (void)sb;
  (void)flag;
  (void)ftw;
  return remove(p);
}

void fx_remove(char *dir) {
  if (!dir) return;
  nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
  free(dir);
}

int fx_load_env(wnd_env *env, const char *dir, wnd_catalog **cat, wnd_diags **diags,
                unsigned flags) {
  wnd_load_options lo = WND_LOAD_OPTIONS_INIT;
  lo.flags = flags;
  lo.today_set = true;
  lo.today = 20778; /* 2026-11-21 */
  return wnd_catalog_load(cat, diags, env, dir, &lo);
}

int fx_load(const char *dir, wnd_diags **diags, unsigned flags) {
  wnd_env *env = NULL;
  cr_assert_eq(wnd_env_new(&env, NULL), WND_OK);
  wnd_catalog *cat = NULL;
  int st = fx_load_env(env, dir, &cat, diags, flags);
  wnd_catalog_free(cat);
  wnd_env_free(env);
  return st;
}

const wnd_diag *fx_find(const wnd_diags *d, const char *code) {
  for (size_t i = 0; i < wnd_diags_count(d); i++)
    if (!strcmp(wnd_diags_get(d, i)->code, code)) return wnd_diags_get(d, i);
  return NULL;
}

void fx_dump(const wnd_diags *d) {
  for (size_t i = 0; i < wnd_diags_count(d); i++) {
    const wnd_diag *x = wnd_diags_get(d, i);
    fprintf(stderr, "  %s:%u:%u: %s [%s]\n", x->file, x->line, x->column, x->message, x->code);
  }
}

void fx_expect(const wnd_diags *d, const char *code, const char *file, unsigned line,
               unsigned col) {
  for (size_t i = 0; i < wnd_diags_count(d); i++) {
    const wnd_diag *x = wnd_diags_get(d, i);
    size_t fl = strlen(x->file), sl = strlen(file);
    if (!strcmp(x->code, code) && fl >= sl && !strcmp(x->file + fl - sl, file) &&
        x->line == line && x->column == col)
      return;
  }
  fx_dump(d);
  cr_assert_fail("expected [%s] at %s:%u:%u", code, file, line, col);
}
