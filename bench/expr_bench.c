/*
** expr_bench.c — micro-benchmark of the common expression shapes (issues 3
** and 16): a field compare, `in` a literal list, `matches`, `cn.id_card`,
** a comprehension, and the typical condition combining three of them.
** Each is compiled once through the public API (wnd_expr_compile, the
** variables applicant and data declared) and evaluated with wnd_expr_eval
** against variables parsed once (wnd_expr_vars).  Prints one JSON line per
** shape: the median ns per evaluation over 51 batches and the number of
** allocations made while evaluating (must be 0: boolean results need no
** memory).  Not a timed test: run it by hand.
**
** usage: expr_bench [evaluations-per-batch [shape-name]]
** (a shape name runs that shape alone: for instruction counts per shape,
** `valgrind --tool=callgrind --toggle-collect=wnd_expr_eval`)
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "libwindow.h"

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
static int run_shape(const struct shape *sh, wnd_env *env, const wnd_expr_vars *vars,
                     const wnd_expr_eval_options *opts, long per_batch) {
  static const char *const names[] = {"applicant", "data"};
  wnd_expr_options xo = WND_EXPR_OPTIONS_INIT;
  xo.vars = names;
  xo.nvars = 2;
  wnd_expr *x = NULL;
  if (wnd_expr_compile(&x, env, NULL, sh->src, strlen(sh->src), &xo, NULL) != WND_OK) {
    fprintf(stderr, "expr_bench: %s: compile failed: %s\n", sh->name,
            wnd_error_last()->message);
    return 1;
  }
  /* warm up, and check the answer */
  wnd_expr_value v = WND_EXPR_VALUE_INIT;
  int st = WND_OK;
  for (int i = 0; i < 10000 && st == WND_OK; i++) {
    st = wnd_expr_eval(x, vars, opts, &v);
    wnd_expr_value_clear(&v);
  }
  if (st != WND_OK || wnd_expr_eval(x, vars, opts, &v) != WND_OK || v.kind != WND_EXPR_BOOL ||
      !v.b) {
    fprintf(stderr, "expr_bench: %s: unexpected result\n", sh->name);
    wnd_expr_free(x);
    return 1;
  }
  enum { BATCHES = 51 };
  double ns[BATCHES];
  long before = allocations;
  long trues = 0;
  for (int b = 0; b < BATCHES; b++) {
    double t0 = now_ns();
    for (long i = 0; i < per_batch; i++) {
      wnd_expr_eval(x, vars, opts, &v);
      trues += v.b;
      wnd_expr_value_clear(&v);
    }
    ns[b] = (now_ns() - t0) / (double)per_batch;
  }
  long during = allocations - before;
  qsort(ns, BATCHES, sizeof ns[0], cmp_double);
  printf("{\"expr\": \"%s\", \"evals\": %ld, \"median_ns\": %.1f, \"min_ns\": %.1f, "
         "\"max_ns\": %.1f, \"allocations_during_eval\": %ld, \"true\": %ld}\n",
         sh->name, per_batch * BATCHES, ns[BATCHES / 2], ns[0], ns[BATCHES - 1], during, trues);
  wnd_expr_free(x);
  return during != 0;
}

int main(int argc, char **argv) {
  long per_batch = argc > 1 ? atol(argv[1]) : 200000;
  if (per_batch <= 0) per_batch = 200000;
  static const wnd_allocator counting = {counting_realloc, NULL};
  wnd_env_options eo = WND_ENV_OPTIONS_INIT;
  eo.allocator = &counting;
  wnd_env *env = NULL;
  if (wnd_env_new(&env, &eo) != WND_OK) return 1;
  /* the variables: a submission's applicant and data, parsed once */
  const char *json =
      "{\"applicant\": {\"kind\":\"organization\",\"name\":\"某某餐饮有限公司\","
      "\"credit_code\":\"91350100M000100Y43\",\"id_number\":\"11010519491231002X\"},"
      "\"data\": {\"area_m2\":35.5,\"seats\":40,\"category\":\"食品销售\","
      "\"address\":\"某县某路1号\",\"staff\":[{\"name\":\"甲\",\"health_cert\":true},"
      "{\"name\":\"乙\",\"health_cert\":true},{\"name\":\"丙\",\"health_cert\":true}]}}";
  wnd_expr_vars *vars = NULL;
  if (wnd_expr_vars_new(&vars, env, json, strlen(json)) != WND_OK) {
    fprintf(stderr, "expr_bench: bad variables: %s\n", wnd_error_last()->message);
    return 1;
  }
  wnd_expr_eval_options opts = WND_EXPR_EVAL_OPTIONS_INIT;
  opts.now_set = true; /* no clock read per evaluation */
  opts.now_sec = 1795154400; /* 2026-11-20T14:00:00+08:00 */
  int bad = 0;
  const char *only = argc > 2 ? argv[2] : NULL;
  for (size_t i = 0; i < sizeof SHAPES / sizeof SHAPES[0]; i++)
    if (!only || !strcmp(only, SHAPES[i].name))
      bad |= run_shape(&SHAPES[i], env, vars, &opts, per_batch);
  wnd_expr_vars_free(vars);
  wnd_env_free(env);
  return bad;
}
