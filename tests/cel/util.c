/*
** util.c — helpers shared by the lib/cel unit tests (see util.h).
*/
#include "util.h"

#include <stdio.h>
#include <string.h>

#include "json/json.h"

wnd__cel_env t_env;
wnd__value t_slots[8];
wnd__cel_activation t_act;

static wnd__arena t_arena;

static int field_type(void *ud, const char *path, size_t n, wnd__cel_type *out) {
  (void)ud;
  static const struct {
    const char *path;
    wnd__cel_type t;
  } decl[] = {
      {"applicant.kind", WND_CT_STRING}, {"applicant.id_number", WND_CT_STRING},
      {"applicant.age", WND_CT_INT},     {"data.area_m2", WND_CT_DOUBLE},
      {"data.category", WND_CT_STRING},  {"data.opened", WND_CT_TIMESTAMP},
      {"data.owner", WND_CT_MAP},        {"data.owner.name", WND_CT_STRING},
      {"data.tags", WND_CT_LIST},
  };
  for (size_t i = 0; i < sizeof decl / sizeof decl[0]; i++)
    if (strlen(decl[i].path) == n && !memcmp(decl[i].path, path, n)) {
      *out = decl[i].t;
      return 1;
    }
  /* undeclared under applicant/agent/data: warn */
  if ((n > 10 && !memcmp(path, "applicant.", 10)) || (n > 5 && !memcmp(path, "data.", 5)))
    return -1;
  return 0;
}

static const wnd__cel_var vars[] = {
    {"applicant", WND_CT_MAP, 0}, {"data", WND_CT_MAP, 1},       {"fast_track", WND_CT_BOOL, 2},
    {"now", WND_CT_TIMESTAMP, 3}, {"x", WND_CT_DYN, 4},          {"materials", WND_CT_MAP, 5},
};

void t_setup(void) {
  memset(&t_env, 0, sizeof t_env);
  t_env.vars = vars;
  t_env.nvars = sizeof vars / sizeof vars[0];
  t_env.field_type = field_type;
  wnd__arena_init(&t_arena, &wnd__mem_default, NULL, 0);
  const char *app = "{\"kind\":\"organization\",\"id_number\":\"11010519491231002X\",\"age\":40,"
                    "\"extra\":\"yes\"}";
  const char *data = "{\"area_m2\":12.5,\"category\":\"餐饮服务\",\"owner\":{\"name\":\"张三\"},"
                     "\"tags\":[\"a\",\"b\"],\"n\":3}";
  const char *mats = "{\"license\":{\"copies\":2}}";
  wnd__json_parse(&t_arena, app, strlen(app), NULL, &t_slots[0], NULL);
  wnd__json_parse(&t_arena, data, strlen(data), NULL, &t_slots[1], NULL);
  t_slots[2] = wnd__v_bool(true);
  t_slots[3] = wnd__v_timestamp(1763600000, 0); /* 2025-11-20T00:53:20Z */
  t_slots[4] = wnd__v_int(7);
  wnd__json_parse(&t_arena, mats, strlen(mats), NULL, &t_slots[5], NULL);
  memset(&t_act, 0, sizeof t_act);
  t_act.slots = t_slots;
  t_act.nslots = 6;
  t_act.now_sec = 1763600000;
  t_act.utc_offset = 8 * 3600;
}

static t_run runs[64];
static size_t nruns;

t_run *t_eval(const char *src, bool expect_bool) {
  t_run *r = &runs[nruns++ % 64];
  memset(r, 0, sizeof *r);
  wnd__cel_diags_init(&r->diags, NULL);
  r->crc = wnd__cel_compile(&t_env, src, strlen(src), expect_bool, &r->prog, &r->diags);
  r->erc = -100;
  if (r->crc == WND_OK) {
    wnd__cel_ctx_new(&r->ctx, NULL, t_env.limits);
    r->erc = wnd__cel_eval(r->prog, &t_act, r->ctx, &r->v);
  }
  if (r->crc != WND_OK || r->erc != WND_OK) {
    fprintf(stderr, "[%.60s] compile %d eval %d", src, r->crc, r->erc);
    for (size_t i = 0; i < r->diags.count; i++)
      fprintf(stderr, " | %s@%u: %s", r->diags.items[i].code, r->diags.items[i].offset,
              r->diags.items[i].message);
    if (r->erc != WND_OK && r->erc != -100) fprintf(stderr, " | error: %s", r->v.u.err->msg);
    fprintf(stderr, "\n");
  }
  return r;
}

void t_done(t_run *r) {
  wnd__cel_ctx_free(r->ctx);
  wnd__cel_program_free(r->prog);
  wnd__cel_diags_free(&r->diags);
  memset(r, 0, sizeof *r);
}

bool t_is_bool(const char *src, bool want) {
  t_run *r = t_eval(src, false);
  bool ok = r->erc == WND_OK && r->v.kind == WV_BOOL && r->v.u.b == want;
  t_done(r);
  return ok;
}

bool t_is_int(const char *src, int64_t want) {
  t_run *r = t_eval(src, false);
  bool ok = r->erc == WND_OK && r->v.kind == WV_INT && r->v.u.i == want;
  if (r->erc == WND_OK && !ok && r->v.kind == WV_INT)
    fprintf(stderr, "[%s] = %lld\n", src, (long long)r->v.u.i);
  t_done(r);
  return ok;
}

bool t_is_string(const char *src, const char *want) {
  t_run *r = t_eval(src, false);
  bool ok = r->erc == WND_OK && r->v.kind == WV_STRING && r->v.n == strlen(want) &&
            !memcmp(r->v.u.s, want, r->v.n);
  if (r->erc == WND_OK && !ok && r->v.kind == WV_STRING)
    fprintf(stderr, "[%s] = \"%s\"\n", src, r->v.u.s);
  t_done(r);
  return ok;
}

bool t_is_error(const char *src, int code) {
  t_run *r = t_eval(src, false);
  bool ok = r->crc == WND_OK && r->erc != WND_OK && r->v.kind == WV_ERROR &&
            r->v.u.err->code == code;
  if (!ok && r->v.kind == WV_ERROR)
    fprintf(stderr, "[%s] error code %d (%s)\n", src, r->v.u.err->code, r->v.u.err->msg);
  t_done(r);
  return ok;
}

bool t_diag_at(const char *src, const char *code, uint32_t offset) {
  t_run *r = t_eval(src, false);
  bool ok = false;
  for (size_t i = 0; i < r->diags.count; i++)
    if (!strcmp(r->diags.items[i].code, code) && r->diags.items[i].offset == offset) ok = true;
  if (!ok)
    for (size_t i = 0; i < r->diags.count; i++)
      fprintf(stderr, "[%.60s] diag %s@%u: %s\n", src, r->diags.items[i].code,
              r->diags.items[i].offset, r->diags.items[i].message);
  t_done(r);
  return ok;
}
