/*
** regex.c — `matches` through PCRE2 (8-bit, UTF), on the allocator hook.
**
** Patterns are compiled with PCRE2_UTF | PCRE2_NEVER_BACKSLASH_C |
** PCRE2_NO_AUTO_CAPTURE (captures are never used), a length limit
** (max_pattern_bytes) and a parenthesis nesting limit of 32.  CEL's
** `matches` is a search (RE2 semantics: unanchored unless the pattern
** anchors itself).
**
** Match limits.  Every match runs with the ctx's match context:
** match_limit = regex_match_limit, depth_limit = regex_depth_limit,
** heap_limit = regex_heap_kib.  Literal patterns are JIT-compiled when the
** PCRE2 build has JIT.  JIT honours the match limit (counted differently)
** but ignores the depth and heap limits; its memory is bounded instead by
** the JIT stack, which we leave at PCRE2's default (32 KiB on the machine
** stack, thread-safe): a pattern that needs more fails with
** PCRE2_ERROR_JIT_STACKLIMIT, which we report as a WE_REGEX error like
** the other limits.  So on both paths time is bounded by the match limit
** and memory by the heap limit (interpreter) or the JIT stack (JIT).  In
** addition each match is charged subject-length/16 cost units, so many
** matches on large subjects hit the evaluation budget.
**
** Dynamic patterns (not literals) are compiled per evaluation with the
** same options and limits, without JIT, and freed right after the match.
*/
#include "cel_int.h"

#include <stdio.h>
#include <string.h>

static void *re_malloc(PCRE2_SIZE n, void *ud) { return wnd__alloc((const wnd__mem *)ud, n); }
static void re_free(void *p, void *ud) { wnd__free((const wnd__mem *)ud, p); }

pcre2_general_context *wnd__cel_re_gctx(wnd__mem *mem) {
  return pcre2_general_context_create(re_malloc, re_free, mem);
}

pcre2_compile_context *wnd__cel_re_cctx(pcre2_general_context *g) {
  pcre2_compile_context *cc = pcre2_compile_context_create(g);
  if (!cc) return NULL;
  pcre2_set_parens_nest_limit(cc, 32);
  return cc;
}

void wnd__cel_re_message(int errcode, char *buf, size_t n) {
  if (pcre2_get_error_message(errcode, (PCRE2_UCHAR *)buf, n) < 0)
    snprintf(buf, n, "PCRE2 error %d", errcode);
}

pcre2_code *wnd__cel_re_compile(pcre2_general_context *g, pcre2_compile_context *cc,
                                const cel_limits *lim, const char *pat, size_t n, int *errcode,
                                size_t *erroff, bool *toolong, bool jit) {
  (void)g;
  *errcode = 0;
  *erroff = 0;
  *toolong = false;
  if (n > lim->max_pattern_bytes) {
    *toolong = true;
    return NULL;
  }
  pcre2_set_max_pattern_length(cc, lim->max_pattern_bytes);
  int ec = 0;
  PCRE2_SIZE eo = 0;
  pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, n,
                                 PCRE2_UTF | PCRE2_NEVER_BACKSLASH_C | PCRE2_NO_AUTO_CAPTURE,
                                 &ec, &eo, cc);
  if (!re) {
    /* allocation failure comes back as compile error HEAP_FAILED */
    if (ec == PCRE2_ERROR_HEAP_FAILED || ec == PCRE2_ERROR_NOMEMORY) ec = 0;
    *errcode = ec;
    *erroff = eo;
    return NULL;
  }
  if (jit) {
    /* Failure (no JIT in this build, no executable memory) just leaves the
    ** interpreter in charge, which enforces every limit. */
    (void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
  }
  return re;
}

int wnd__cel_re_match(wnd__cel_ctx *ctx, const pcre2_code *re, bool jit, const char *s,
                      size_t n) {
  /* Subjects are valid UTF-8: every way a string enters an evaluation is
  ** validated there (the JSON reader per string, YAML documents whole, the
  ** submission builders, CEL literals, host function results in
  ** call_host), and no CEL function cuts a string.  PCRE2's own check
  ** re-read each subject on every match (~270 instructions a match, a
  ** quarter of the regex cost on the reference item).  With JIT code,
  ** pcre2_jit_match skips pcre2_match's argument checks and dispatch
  ** (~120 instructions a match); it honours the same match context. */
  if (jit) return pcre2_jit_match(re, (PCRE2_SPTR)s, n, 0, 0, ctx->md, ctx->mctx);
  return pcre2_match(re, (PCRE2_SPTR)s, n, 0, PCRE2_NO_UTF_CHECK, ctx->md, ctx->mctx);
}

wnd__value wnd__cel_matches(cel_eval *ev, const cel_node *n, wnd__value subject,
                            wnd__value pattern) {
  if (subject.kind != WV_STRING || pattern.kind != WV_STRING)
    return wnd__cel_no_overload(ev, n, "matches", (wnd__value[]){subject, pattern}, 2);
  wnd__cel_ctx *ctx = ev->ctx;
  if (!cel_charge(ev, 1 + subject.n / 16)) return wnd__cel_cost_error(ev, n->off);
  pcre2_code *re = n->re;
  bool own = false;
  if (!re) {
    if (!cel_charge(ev, 1 + pattern.n)) return wnd__cel_cost_error(ev, n->off);
    int ec;
    size_t eo;
    bool toolong;
    re = wnd__cel_re_compile(ctx->gctx, ctx->cctx, &ctx->lim, pattern.u.s, pattern.n, &ec, &eo,
                             &toolong, false);
    if (!re) {
      if (toolong)
        return wnd__cel_err(ev, n->off, WE_LIMIT, "pattern longer than %u bytes",
                            ctx->lim.max_pattern_bytes);
      if (!ec) return wnd__cel_oom();
      char msg[160];
      wnd__cel_re_message(ec, msg, sizeof msg);
      return wnd__cel_err(ev, n->off, WE_INVALID, "invalid pattern: %s (at pattern offset %zu)",
                          msg, eo);
    }
    own = true;
  }
  int rc = wnd__cel_re_match(ctx, re, !own && (n->flags & CF_JIT), subject.u.s, subject.n);
  if (own) pcre2_code_free(re);
  if (rc >= 0) return wnd__v_bool(true);
  if (rc == PCRE2_ERROR_NOMATCH) return wnd__v_bool(false);
  switch (rc) {
    case PCRE2_ERROR_MATCHLIMIT:
      return wnd__cel_err(ev, n->off, WE_REGEX, "regex match limit exceeded");
    case PCRE2_ERROR_DEPTHLIMIT:
      return wnd__cel_err(ev, n->off, WE_REGEX, "regex depth limit exceeded");
    case PCRE2_ERROR_HEAPLIMIT:
      return wnd__cel_err(ev, n->off, WE_REGEX, "regex heap limit exceeded");
    case PCRE2_ERROR_JIT_STACKLIMIT:
      return wnd__cel_err(ev, n->off, WE_REGEX, "regex JIT stack limit exceeded");
    case PCRE2_ERROR_NOMEMORY:
      return wnd__cel_oom();
    default: {
      char msg[160];
      wnd__cel_re_message(rc, msg, sizeof msg);
      return wnd__cel_err(ev, n->off, WE_REGEX, "regex error: %s", msg);
    }
  }
}
