/*
** hfix.c — temporary catalogs and expression evaluation for the host
** tests (see hfix.h).
*/
#define _GNU_SOURCE
#include "hfix.h"

#include <criterion/criterion.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "catalog/vars.h"

static const hx_file BASE[] = {
    {"catalog.yaml",
     "catalog:\n"
     "  id: host-test\n"
     "  name: 宿主函数测试\n"
     "  version: \"1.0\"\n"
     "  timezone: \"+08:00\"\n"},
    {"departments.yaml",
     "departments:\n"
     "  - id: market\n"
     "    name: 测试县市场监督管理局\n"
     "    level: county\n"},
    {"calendars/2026.yaml", "calendar:\n  year: 2026\n"},
    {"calendars/2027.yaml", "calendar:\n  year: 2027\n"},
    {"functions.yaml",
     "functions:\n"
     "  - name: credit.dishonest\n"
     "    params: [string]\n"
     "    returns: bool\n"},
    {"items/a.yaml",
     "item:\n"
     "  code: \"A-1\"\n"
     "  name: 测试事项\n"
     "  type: 行政许可\n"
     "  department: market\n"
     "  handling: instant\n"
     "  statutory_limit: 0\n"
     "  promised_limit: 0\n"
     "fields:\n"
     "  applicant.credit_code: {type: string, required: true}\n"
     "conditions:\n"
     "  - id: honest\n"
     "    require: \"!credit.dishonest(applicant.credit_code)\"\n"
     "    message: 申请人为失信被执行人\n"
     "materials:\n"
     "  - id: form\n"
     "    name: 申请书\n"},
};

static void write_file(const char *dir, const char *rel, const char *text) {
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
  fputs(text, f);
  fclose(f);
}

char *hx_make(const hx_file *files, size_t n) {
  char tmpl[] = "/tmp/wnd-hx-XXXXXX";
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

char *hx_make_functions(const char *functions) {
  hx_file f = {"functions.yaml", functions};
  return hx_make(&f, 1);
}

static int rm_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw) {
  (void)sb;
  (void)flag;
  (void)ftw;
  return remove(p);
}

void hx_remove(char *dir) {
  if (!dir) return;
  nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
  free(dir);
}

int hx_load(wnd_env *env, const char *dir, wnd_catalog **cat, wnd_diags **diags) {
  wnd_load_options lo = WND_LOAD_OPTIONS_INIT;
  lo.today_set = true;
  lo.today = 20778; /* 2026-11-21 */
  return wnd_catalog_load(cat, diags, env, dir, &lo);
}

const wnd_diag *hx_find(const wnd_diags *d, const char *code) {
  for (size_t i = 0; i < wnd_diags_count(d); i++)
    if (!strcmp(wnd_diags_get(d, i)->code, code)) return wnd_diags_get(d, i);
  return NULL;
}

size_t hx_count(const wnd_diags *d, const char *code) {
  size_t n = 0;
  for (size_t i = 0; i < wnd_diags_count(d); i++)
    if (!strcmp(wnd_diags_get(d, i)->code, code)) n++;
  return n;
}

void hx_dump(const wnd_diags *d) {
  for (size_t i = 0; i < wnd_diags_count(d); i++) {
    const wnd_diag *x = wnd_diags_get(d, i);
    fprintf(stderr, "  %s:%u:%u: %s [%s]\n", x->file, x->line, x->column, x->message, x->code);
  }
}

const char *hx_plugin_dir(void) { return HOST_PLUGIN_DIR; }

static int run(const wnd__cel_program *p, const wnd__cel_activation *act, wnd__value *out,
               char *msg, size_t msgn) {
  wnd__cel_ctx *ctx = NULL;
  cr_assert_eq(wnd__cel_ctx_new(&ctx, NULL, NULL), WND_OK);
  int st = wnd__cel_eval(p, act, ctx, out);
  if (msgn) msg[0] = 0;
  if (st == WND_EEVAL && msgn) snprintf(msg, msgn, "%s", out->u.err->msg);
  /* Scalars need no memory: *out stays valid after the ctx is freed. */
  if (out->kind == WV_ERROR || out->kind == WV_STRING) *out = wnd__v_null();
  wnd__cel_ctx_free(ctx);
  return st;
}

int hx_eval(const wnd_catalog *c, const char *expr, wnd__value *out, char *msg, size_t msgn) {
  wnd__cel_env env;
  memset(&env, 0, sizeof env);
  env.fns = c->hostfns;
  env.nfns = c->nhostfns;
  wnd__cel_diags d;
  wnd__cel_diags_init(&d, NULL);
  wnd__cel_program *p = NULL;
  int st = wnd__cel_compile(&env, expr, strlen(expr), false, &p, &d);
  if (st != WND_OK) {
    if (msgn) snprintf(msg, msgn, "%s: %s", d.count ? d.items[0].code : "?",
                       d.count ? d.items[0].message : "?");
    wnd__cel_diags_free(&d);
    return st;
  }
  wnd__cel_diags_free(&d);
  wnd__cel_activation act;
  memset(&act, 0, sizeof act);
  st = run(p, &act, out, msg, msgn);
  wnd__cel_program_free(p);
  return st;
}

int hx_eval_condition(const wnd_catalog *c, const char *code, wnd__value *out, char *msg,
                      size_t msgn) {
  const wnd__item *it = wnd__find_item(c, "A-1");
  cr_assert(it && it->nconditions == 1 && it->conditions[0].require.prog);
  wnd__mapent ent = {wnd__v_string("credit_code", 11),
                     wnd__v_string(code, (uint32_t)strlen(code))};
  wnd__value slots[SLOT_COUNT];
  for (size_t i = 0; i < SLOT_COUNT; i++) slots[i] = wnd__v_null();
  slots[SLOT_APPLICANT] = wnd__v_map(&ent, 1);
  wnd__cel_activation act;
  memset(&act, 0, sizeof act);
  act.slots = slots;
  act.nslots = SLOT_COUNT;
  return run(it->conditions[0].require.prog, &act, out, msg, msgn);
}
