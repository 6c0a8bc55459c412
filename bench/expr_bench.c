/*
** expr_bench.c — micro-benchmark of the common expression shapes (issues 3
** and 16): a field compare, `in` a literal list, `matches`, `cn.id_card`,
** a comprehension, and the typical condition combining three of them.
** Each is compiled once against declared field types and evaluated against
** a prepared activation.  Prints one JSON line per shape: the median ns per
** evaluation over 51 batches and the number of allocations made while
** evaluating (must be 0: boolean results need no memory).  Not a timed
** test: run it by hand.
**
** usage: expr_bench [evaluations-per-batch]
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cel/cel.h"
#include "json/json.h"

static long allocations;

static void *counting_realloc(void *ud, void *p, size_t n) {
  (void)ud;
  if (n == 0) {
    free(p);
    return NULL;
  }
  allocations++;
  return realloc(p, n);
}

static int field_type(void *ud, const char *path, size_t n, wnd__cel_type *out) {
  (void)ud;
  static const struct {
    const char *p;
    wnd__cel_type t;
  } decl[] = {{"applicant.kind", WND_CT_STRING},
              {"applicant.id_number", WND_CT_STRING},
              {"applicant.credit_code", WND_CT_STRING},
              {"data.area_m2", WND_CT_DOUBLE},
              {"data.category", WND_CT_STRING},
              {"data.address", WND_CT_STRING},
              {"data.staff", WND_CT_LIST}};
  for (size_t i = 0; i < sizeof decl / sizeof decl[0]; i++)
    if (strlen(decl[i].p) == n && !memcmp(decl[i].p, path, n)) {
      *out = decl[i].t;
      return 1;
    }
  return -1;
}

static double now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static const struct shape {
  const char *name, *src;
} SHAPES[] = {
    {"field compare", "applicant.kind == \"organization\""},
    {"in list", "data.category in [\"餐饮服务\", \"食品销售\", \"单位食堂\"]"},
    {"matches", "data.address.matches(\"[0-9]+号\")"},
    {"cn.id_card", "cn.id_card(applicant.id_number)"},
    {"comprehension", "data.staff.all(s, s.health_cert == true)"},
    {"typical condition",
     "applicant.kind == \"organization\" && data.area_m2 >= 10.0 && "
     "data.category in [\"餐饮服务\", \"食品销售\"]"},
};

/* Compile, check the answer is true, time; 0 when no allocation was made
** while evaluating. */
static int run_shape(const struct shape *sh, const wnd__mem *mem, const wnd__cel_env *env,
                     const wnd__cel_activation *act, wnd__cel_ctx *ctx, long per_batch) {
  wnd__cel_diags diags;
  wnd__cel_diags_init(&diags, mem);
  wnd__cel_program *prog = NULL;
  if (wnd__cel_compile(env, sh->src, strlen(sh->src), true, &prog, &diags) != WND_OK) {
    fprintf(stderr, "expr_bench: %s: compile failed: %s\n", sh->name,
            diags.count ? diags.items[0].message : "?");
    wnd__cel_diags_free(&diags);
    return 1;
  }
  wnd__cel_diags_free(&diags);
  /* warm up, and check the answer */
  wnd__value v;
  for (int i = 0; i < 10000; i++) wnd__cel_eval(prog, act, ctx, &v);
  if (v.kind != WV_BOOL || !v.u.b) {
    fprintf(stderr, "expr_bench: %s: unexpected result\n", sh->name);
    wnd__cel_program_free(prog);
    return 1;
  }
  enum { BATCHES = 51 };
  double ns[BATCHES];
  long before = allocations;
  long trues = 0;
  for (int b = 0; b < BATCHES; b++) {
    double t0 = now_ns();
    for (long i = 0; i < per_batch; i++) {
      wnd__cel_eval(prog, act, ctx, &v);
      trues += v.u.b;
    }
    ns[b] = (now_ns() - t0) / (double)per_batch;
  }
  long during = allocations - before;
  qsort(ns, BATCHES, sizeof ns[0], cmp_double);
  printf("{\"expr\": \"%s\", \"evals\": %ld, \"median_ns\": %.1f, \"min_ns\": %.1f, "
         "\"max_ns\": %.1f, \"allocations_during_eval\": %ld, \"true\": %ld}\n",
         sh->name, per_batch * BATCHES, ns[BATCHES / 2], ns[0], ns[BATCHES - 1], during, trues);
  wnd__cel_program_free(prog);
  return during != 0;
}

int main(int argc, char **argv) {
  long per_batch = argc > 1 ? atol(argv[1]) : 200000;
  if (per_batch <= 0) per_batch = 200000;
  const wnd__mem mem = {counting_realloc, NULL};
  const wnd__cel_var vars[] = {{"applicant", WND_CT_MAP, 0}, {"data", WND_CT_MAP, 1}};
  wnd__cel_env env;
  memset(&env, 0, sizeof env);
  env.mem = &mem;
  env.vars = vars;
  env.nvars = 2;
  env.field_type = field_type;
  /* the activation: a submission as the JSON reader would build it */
  wnd__arena arena;
  wnd__arena_init(&arena, &mem, NULL, 0);
  const char *app = "{\"kind\":\"organization\",\"name\":\"某某餐饮有限公司\","
                    "\"credit_code\":\"91350100M000100Y43\",\"id_number\":\"11010519491231002X\"}";
  const char *data = "{\"area_m2\":35.5,\"seats\":40,\"category\":\"食品销售\","
                     "\"address\":\"某县某路1号\",\"staff\":[{\"name\":\"甲\",\"health_cert\":true},"
                     "{\"name\":\"乙\",\"health_cert\":true},{\"name\":\"丙\",\"health_cert\":true}]}";
  wnd__value slots[2];
  if (wnd__json_parse(&arena, app, strlen(app), NULL, &slots[0], NULL) != WND_OK ||
      wnd__json_parse(&arena, data, strlen(data), NULL, &slots[1], NULL) != WND_OK) {
    fprintf(stderr, "expr_bench: bad activation\n");
    return 1;
  }
  wnd__cel_activation act;
  memset(&act, 0, sizeof act);
  act.slots = slots;
  act.nslots = 2;
  act.now_sec = 1795154400; /* 2026-11-20T14:00:00+08:00 */
  act.utc_offset = 8 * 3600;
  wnd__cel_ctx *ctx = NULL;
  if (wnd__cel_ctx_new(&ctx, &mem, NULL) != WND_OK) return 1;
  int bad = 0;
  for (size_t i = 0; i < sizeof SHAPES / sizeof SHAPES[0]; i++)
    bad |= run_shape(&SHAPES[i], &mem, &env, &act, ctx, per_batch);
  wnd__cel_ctx_free(ctx);
  wnd__arena_free(&arena);
  return bad;
}
