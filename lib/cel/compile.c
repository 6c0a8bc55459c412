/*
** compile.c — the compile driver (limits, parse, check) and program
** lifetime.  Diagnostics lists are in diags.c.
*/
#include "cel_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../core/env.h"
#include "../core/utf8.h"

void wnd__cel_limits(cel_limits *out, const wnd_limits *g) {
  wnd_limits l;
  wnd__limits_fill(&l, g); /* the defaults live in lib/core/api.c only */
  out->max_expr_bytes = l.max_expr_bytes;
  out->max_expr_depth = l.max_expr_depth;
  out->max_eval_cost = l.max_eval_cost;
  out->regex_match_limit = l.regex_match_limit;
  out->regex_depth_limit = l.regex_depth_limit;
  out->regex_heap_kib = l.regex_heap_kib;
  out->max_pattern_bytes = l.max_pattern_bytes;
}

/* ---- programs ------------------------------------------------------------- */

void wnd__cel_program_free(wnd__cel_program *p) {
  if (!p) return;
  for (uint32_t i = 0; i < p->nregexes; i++) pcre2_code_free(p->regexes[i]);
  if (p->gctx) pcre2_general_context_free(p->gctx);
  wnd__mem mem = p->mem;
  wnd__arena_free(&p->own);
  wnd__free(&mem, p);
}

/* Whether the tree under n calls a host function or reads a variable
** whose slot is in `changing` (bit i: slot i; past 63: assumed). */
static bool not_reusable(const cel_node *n, uint64_t changing) {
  if (!n) return false;
  if (n->kind == N_CALL && n->op == F_HOST) return true;
  if (n->kind == N_VAR && (n->aux >= 64 || (changing >> n->aux & 1))) return true;
  if (not_reusable(n->a, changing) || not_reusable(n->b, changing) ||
      not_reusable(n->c, changing))
    return true;
  uint32_t nargs = 0;
  if (n->kind == N_CALL || n->kind == N_LIST) nargs = n->n;
  if (n->kind == N_MAP) nargs = 2 * n->n; /* key, value, key, value ... */
  for (uint32_t i = 0; i < nargs; i++)
    if (not_reusable(n->args[i], changing)) return true;
  return false;
}

bool wnd__cel_program_set_memo(wnd__cel_program *p, uint16_t id, uint64_t changing) {
  if (!p->head.memo && id && !not_reusable(p->root, changing)) p->head.memo = id;
  return p->head.memo != 0;
}

wnd__cel_type wnd__cel_program_type(const wnd__cel_program *p) {
  return p ? p->type : WND_CT_DYN;
}

/* Whether n is a tree plan.c runs directly (CEL_SHAPE_BOOL in
** cel_int.h): &&, || and ! over `var.f`, `has(var.f)`,
** `var.f == "s"` / `var.f != "s"`, `var.f < k` (<=, >, >=; k a number)
** cn.id_card / cn.uscc / cn.mobile of `var.f`, `var.f.matches("k")` and
** `cn.age(var.f, var) < k` (<=, >, >=; k an int), `var.f in [...]`,
** `var == "s"` / `var != "s"` and `var.f < var` (<=, >, >=; timestamps). */
/* cn.age(var.f, var) */
static bool is_age_of_field(const cel_node *n) {
  return n->kind == N_CALL && n->op == F_CN_AGE && !n->a && n->n == 2 &&
         n->args[0]->kind == N_SELECT && n->args[0]->a->kind == N_VAR &&
         n->args[1]->kind == N_VAR;
}

static bool direct_tree(const cel_node *n) {
  switch (n->kind) {
    case N_AND: case N_OR: return direct_tree(n->a) && direct_tree(n->b);
    case N_HAS: case N_SELECT: return n->a->kind == N_VAR || n->a->kind == N_LOCAL;
    case N_COMPR: /* all / exists over var.f, a bool body */
      return (n->op == M_ALL || n->op == M_EXISTS) && n->a->kind == N_SELECT &&
             n->a->a->kind == N_VAR && direct_tree(n->b);
    case N_CALL:
      if (n->op == OP_NOT) return n->n == 1 && direct_tree(n->args[0]);
      if (n->op == F_CN_ID_CARD || n->op == F_CN_USCC || n->op == F_CN_MOBILE)
        return !n->a && n->n == 1 && n->args[0]->kind == N_SELECT &&
               n->args[0]->a->kind == N_VAR;
      if (n->op == F_MATCHES)
        return n->n == 2 && n->args[0]->kind == N_SELECT && n->args[0]->a->kind == N_VAR &&
               n->args[1]->kind == N_CONST && n->args[1]->val.kind == WV_STRING;
      if ((n->op == OP_LT || n->op == OP_LE || n->op == OP_GT || n->op == OP_GE) &&
          n->n == 2 && is_age_of_field(n->args[0]) && n->args[1]->kind == N_CONST &&
          n->args[1]->val.kind == WV_INT)
        return true;
      if ((n->op == OP_EQ || n->op == OP_NE) && n->n == 2 && n->args[0]->kind == N_VAR &&
          n->args[1]->kind == N_CONST && n->args[1]->val.kind == WV_STRING)
        return true; /* var == "s": `channel == "online"` */
      if ((n->op == OP_LT || n->op == OP_LE || n->op == OP_GT || n->op == OP_GE) && n->n == 2 &&
          n->args[0]->kind == N_SELECT && n->args[0]->a->kind == N_VAR &&
          n->args[1]->kind == N_VAR)
        return true; /* var.f < var, timestamps: `m.valid_until > now` */
      if (n->n != 2 || n->args[0]->kind != N_SELECT ||
          (n->args[0]->a->kind != N_VAR && n->args[0]->a->kind != N_LOCAL) ||
          n->args[1]->kind != N_CONST)
        return false;
      if (n->op == OP_EQ || n->op == OP_NE)
        return n->args[1]->val.kind == WV_STRING || n->args[1]->val.kind == WV_BOOL;
      if (n->op == OP_IN) return n->args[1]->val.kind == WV_LIST; /* a folded literal list */
      return (n->op == OP_LT || n->op == OP_LE || n->op == OP_GT || n->op == OP_GE) &&
             (n->args[1]->val.kind == WV_INT || n->args[1]->val.kind == WV_DOUBLE);
    default: return false;
  }
}

int wnd__cel_compile(const wnd__cel_env *env, const char *src, size_t len, bool expect_bool,
                     wnd__cel_program **out, wnd__cel_diags *diags) {
  if (!out) return WND_EINVAL;
  *out = NULL;
  if (!env || !diags || (!src && len)) return WND_EINVAL;
  if (!diags->mem) wnd__cel_diags_init(diags, env->mem);
  cel_limits lim;
  wnd__cel_limits(&lim, env->limits);
  if (len > lim.max_expr_bytes) {
    wnd__cel_diag_add(diags, WND_SEV_ERROR, "expr-limit", 0,
                  "expression longer than %u bytes", lim.max_expr_bytes);
    return diags->oom ? WND_ENOMEM : WND_EINVALID;
  }
  size_t bad = wnd__utf8_check(src ? src : "", len);
  if (bad != len) {
    wnd__cel_diag_add(diags, WND_SEV_ERROR, "expr-syntax", (uint32_t)bad,
                  "expression is not valid UTF-8");
    return diags->oom ? WND_ENOMEM : WND_EINVALID;
  }
  const wnd__mem *mem = env->mem ? env->mem : &wnd__mem_default;
  wnd__cel_program *p = wnd__calloc(mem, 1, sizeof *p);
  if (!p) goto nomem;
  p->mem = *mem;
  p->head.run = wnd__cel_no_plan; /* plan.c sets the plan's own */
  p->local_time = env->rule_file;
  wnd__arena_init(&p->own, &p->mem, NULL, 0);
  p->arena = env->arena ? env->arena : &p->own;
  bool oom = false;
  p->root = wnd__cel_parse(src ? src : "", (uint32_t)len, &lim, p->arena, diags, &oom);
  if (oom) goto nomem;
  if (!p->root) {
    wnd__cel_program_free(p);
    return diags->oom ? WND_ENOMEM : WND_EINVALID;
  }
  bool ok = wnd__cel_check(p, env, &lim, src, (uint32_t)len, diags, &oom);
  if (oom) goto nomem;
  if (ok && expect_bool && p->type != WND_CT_DYN && p->type != WND_CT_BOOL) {
    wnd__cel_diag_add(diags, WND_SEV_ERROR, "expr-type", p->root->off,
                  "condition must be bool, found %s", wnd__cel_type_name(p->type));
    ok = false;
  }
  if (!ok) {
    wnd__cel_program_free(p);
    return diags->oom ? WND_ENOMEM : WND_EINVALID;
  }
  if (diags->oom) {
    /* a warning was dropped; a program without its diagnostics would
    ** hide problems from the loader */
    wnd__cel_program_free(p);
    return WND_ENOMEM;
  }
  p->shape = p->root && direct_tree(p->root) ? CEL_SHAPE_BOOL : CEL_SHAPE_WALK;
  if (p->shape && !wnd__cel_plan_build(p)) goto nomem;
  *out = p;
  return WND_OK;
nomem:
  wnd__cel_program_free(p);
  wnd__cel_diag_add(diags, WND_SEV_ERROR, "out-of-memory", 0, "out of memory compiling expression");
  return WND_ENOMEM;
}
