/*
** cel.h — the expression language: a strict subset of CEL (SPEC.md §3).
**
** Life cycle
**   1. Describe the environment in a wnd__cel_env (allocator, limits,
**      variables with their slots, a field-type callback, host functions).
**   2. wnd__cel_compile() parses and type-checks one expression and returns
**      an immutable wnd__cel_program plus diagnostics with byte offsets.
**   3. Each evaluating thread owns a wnd__cel_ctx (arena with an inline
**      buffer, PCRE2 match data, cost meter) and calls wnd__cel_eval() with
**      a wnd__cel_activation (slot values, receipt instant, UTC offset,
**      calendar).  A program may be evaluated by any number of threads at
**      once, each with its own ctx; no locks are taken.
**
** Ownership
**   - A program owns everything it needs (AST, constants, compiled regexes,
**     copies of host-function pointers); the env and the source text may be
**     freed after compile.  Free it with wnd__cel_program_free().
**   - Values produced by an evaluation (strings, lists, maps, error
**     messages) live in the ctx arena until wnd__cel_ctx_reset() or
**     wnd__cel_ctx_free().  Scalars need no memory at all.
**
** Errors
**   Compile problems are diagnostics (code + English message + byte offset
**   of the offending token inside the expression).  Evaluation problems are
**   CEL error values (kind WV_ERROR) — never a crash, hang or abort.
*/
#ifndef WND_CEL_CEL_H
#define WND_CEL_CEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/mem.h"
#include "../core/value.h"

/* ---- static types ----------------------------------------------------- */

/*
** The checker's view of a type.  WND_CT_DYN means "unknown until run time"
** (undeclared field paths, --var values, map values of unknown type); the
** evaluator is fully dynamic, so dyn is always safe.
*/
typedef enum wnd__cel_type {
  WND_CT_DYN = 0,
  WND_CT_NULL,
  WND_CT_BOOL,
  WND_CT_INT,
  WND_CT_UINT,
  WND_CT_DOUBLE,
  WND_CT_STRING,
  WND_CT_LIST,
  WND_CT_MAP,
  WND_CT_TIMESTAMP,
  WND_CT_DURATION,
  WND_CT_TYPE,
} wnd__cel_type;

/* "bool", "int", ... "dyn": the CEL name of a static type (never NULL). */
WND_HIDDEN const char *wnd__cel_type_name(wnd__cel_type t);

/* ---- compile-time environment ---------------------------------------- */

/*
** A variable the expressions may use.  `name` may be dotted ("a.b"): the
** longest declared prefix of a select chain wins, as CEL resolves
** qualified identifiers.  `slot` indexes wnd__cel_activation.slots.
*/
typedef struct wnd__cel_var {
  const char *name;           /* NUL-terminated */
  wnd__cel_type type;         /* WND_CT_DYN when not known */
  uint32_t slot;
} wnd__cel_var;

/*
** Field-type lookup for select chains rooted at a variable.  Called with a
** dotted path ("data.area_m2", "applicant.kind", "data.owner.name"; not
** NUL-terminated, `n` bytes) for every prefix longer than the variable
** name, shortest first, until one is not a declared map.
** Return:
**    1  declared: *out is its type (a declared map may have declared
**       sub-fields, looked up next);
**    0  not declared, silently dyn (e.g. under `materials` or `item`);
**   -1  not declared and worth a warning (under applicant/agent/data):
**       the path is dyn and an `undeclared-field` WARNING is emitted.
** The callback must not fail; it is called only during compile.
*/
typedef int (*wnd__cel_field_fn)(void *ud, const char *path, size_t n,
                                 wnd__cel_type *out);

/*
** A host function (functions.yaml, SPEC §2.9), called with global syntax:
** `credit.dishonest(applicant.id_number)`.
** The call receives arguments already checked against `params` (strings
** are NUL-terminated UTF-8, valid for the call) and must store a value of
** kind `ret` in *out.  Return 0 on success; any other value makes the
** call an evaluation error (WE_HOST) carrying `errmsg` when it was set (it
** may stay NULL); the message is copied at once, so it need only stay valid
** until the call returns to the evaluator (lib/host keeps it thread-local).  It must be safe to call from several
** threads at once if programs are evaluated concurrently.
*/
typedef int (*wnd__cel_call_fn)(void *ud, const wnd__value *args, size_t nargs,
                                wnd__value *out, const char **errmsg);

#define WND__CEL_MAX_PARAMS 8

typedef struct wnd__cel_hostfn {
  const char *name;                           /* dotted, NUL-terminated */
  uint32_t nparams;                           /* <= WND__CEL_MAX_PARAMS */
  wnd__cel_type params[WND__CEL_MAX_PARAMS];  /* BOOL, INT, DOUBLE, STRING */
  wnd__cel_type ret;                          /* BOOL, INT, DOUBLE (STRING ok) */
  wnd__cel_call_fn call;
  void *ud;                                   /* passed back to call */
} wnd__cel_hostfn;

typedef struct wnd__cel_env {
  const wnd__mem *mem;              /* NULL: wnd__mem_default */
  const wnd_limits *limits;         /* NULL or zero fields: library defaults */
  const wnd__cel_var *vars;
  size_t nvars;
  wnd__cel_field_fn field_type;     /* NULL: every field path is silently dyn */
  void *field_ud;
  const wnd__cel_hostfn *fns;       /* host functions; names must not clash
                                       with builtins (cn.*, workdays.*) */
  size_t nfns;
  /*
  ** Maximum nesting of comprehensions (all/exists/exists_one/map/filter
  ** inside each other's bodies); 0 means 2.  Deeper is `expr-limit`.
  */
  uint32_t max_comprehension_nesting;
  /*
  ** CEL's "disable_check": unknown variables and functions and wrong
  ** arities become evaluation errors instead of diagnostics, and operand
  ** type mismatches are left to the (dynamic) evaluator.  For the
  ** conformance runner; the engine leaves it false.
  */
  bool unchecked;
  /*
  ** Rule files (SPEC 0.2 §3).  Timestamp accessors without a time-zone
  ** argument read the activation's utc_offset (the catalog's zone) instead
  ** of UTC, because an author writing now.getHours() >= 8 means local time;
  ** and a constant argument of timestamp() or duration() that can never
  ** parse is an expr-type diagnostic instead of a run-time error (plain
  ** CEL, `window expr` and the conformance suite keep the run-time error).
  */
  bool rule_file;
  /*
  ** Optional: for `field == "literal"`, `!=` and `in [...]`, whether the
  ** declared field `path` (n bytes) has a string enum that lacks `val`.
  ** Return true on such a mismatch and write the allowed values, comma
  ** separated, into allowed[cap] for the message (enum-mismatch error).
  */
  bool (*field_enum_lacks)(void *ud, const char *path, size_t n, const char *val,
                           size_t vn, char *allowed, size_t cap);
  /*
  ** Where the program's nodes, names and constants go; they live as long
  ** as this arena, which must outlive the program.  NULL: the program owns
  ** an arena.  A catalog compiles dozens of small expressions per item
  ** into its own arena: one arena per program cost a 4 KiB chunk each.
  */
  wnd__arena *arena;
} wnd__cel_env;

/* ---- diagnostics ------------------------------------------------------ */

/*
** Stable codes: "expr-syntax", "expr-type", "unknown-variable",
** "unknown-function", "wrong-arity", "expr-limit", "invalid-pattern",
** "undeclared-field" (warning), "out-of-memory".
*/
typedef struct wnd__cel_diag {
  wnd_severity severity;
  const char *code;       /* static string */
  char *message;          /* English, owned by the list */
  uint32_t offset;        /* byte offset inside the expression source */
} wnd__cel_diag;

typedef struct wnd__cel_diags {
  const wnd__mem *mem;
  wnd__cel_diag *items;
  size_t count, cap;
  size_t errors;          /* items with severity WND_SEV_ERROR */
  bool oom;               /* a diagnostic was dropped for lack of memory */
} wnd__cel_diags;

/* Start an empty list (no allocation). */
WND_HIDDEN void wnd__cel_diags_init(wnd__cel_diags *d, const wnd__mem *mem);
/* Free the messages and the array; the list is empty and reusable after. */
WND_HIDDEN void wnd__cel_diags_free(wnd__cel_diags *d);

/* ---- compile ------------------------------------------------------------ */

typedef struct wnd__cel_program wnd__cel_program;

/*
** Parse and type-check src[0..len) (UTF-8; need not be NUL-terminated).
** When expect_bool is true, a result type that is known and not bool is an
** `expr-type` error (dyn is accepted: it is checked at run time).
** Every problem is appended to *diags (which may already hold items).
** Returns:
**   WND_OK        *out is a program (warnings may have been added);
**   WND_EINVALID  at least one error diagnostic; *out = NULL;
**   WND_ENOMEM    allocation failed; *out = NULL (an "out-of-memory"
**                 diagnostic is added when possible);
**   WND_EINVAL    NULL arguments.
** Regex literals in `matches` are compiled (and JIT-compiled when PCRE2
** has JIT) here, once, with PCRE2_UTF | PCRE2_NEVER_BACKSLASH_C, at most
** max_pattern_bytes and 32 nested parentheses.  A dynamic pattern is
** compiled at each evaluation under the same limits (no JIT) and freed
** after the match.
**
** Match limits: every match uses the ctx's match context with
** regex_match_limit, regex_depth_limit and regex_heap_kib.  JIT honours
** the match limit but not the depth/heap limits; its memory is bounded by
** PCRE2's default 32 KiB JIT stack instead (PCRE2_ERROR_JIT_STACKLIMIT),
** so time is bounded by the match limit on both paths and memory by the
** heap limit (interpreter) or the JIT stack (JIT).  Hitting any of them is
** a WE_REGEX evaluation error.  Each match also costs subject-length/16
** units of the evaluation budget.
*/
WND_HIDDEN int wnd__cel_compile(const wnd__cel_env *env, const char *src,
                                size_t len, bool expect_bool,
                                wnd__cel_program **out, wnd__cel_diags *diags);

/*
** Give p the memo number id (1..65535; wnd__cel_program_head, below)
** unless it calls a host function or
** reads a slot of `changing` (bit i: slot i; a slot past 63 counts as
** changing).  For the loader, on a program it found it had compiled
** before (progcache.c): only such a program can run from several places
** of one item.  Not thread-safe: call it before the program is shared.
** Returns whether p has a number now (a number once given stays).
*/
WND_HIDDEN bool wnd__cel_program_set_memo(wnd__cel_program *p, uint16_t id, uint64_t changing);

/* Static result type of a compiled program (WND_CT_DYN when unknown). */
WND_HIDDEN wnd__cel_type wnd__cel_program_type(const wnd__cel_program *p);

WND_HIDDEN void wnd__cel_program_free(wnd__cel_program *p);

/* ---- evaluate ----------------------------------------------------------- */

typedef struct wnd__calendar wnd__calendar;

typedef struct wnd__cel_activation {
  const wnd__value *slots;      /* values of declared variables, by slot */
  size_t nslots;                /* a slot >= nslots reads as an error */
  int64_t now_sec;              /* receipt instant (Unix seconds) ... */
  int32_t now_nsec;             /* ... for cn.id_card's "born by today" */
  int32_t utc_offset;           /* seconds east of UTC: the catalog's zone,
                                   used for calendar days (cn.*, workdays.*) */
  const wnd__calendar *calendar;/* NULL: workdays.* evaluate to an error */
} wnd__cel_activation;

typedef struct wnd__cel_ctx wnd__cel_ctx;

/*
** A per-thread evaluation context.  `limits` gives max_eval_cost and the
** PCRE2 match/depth/heap limits (NULL or zero fields: defaults).  The ctx
** embeds a 4 KiB inline arena chunk, so typical evaluations allocate
** nothing.  Returns WND_OK, WND_ENOMEM or WND_EINVAL.
*/
WND_HIDDEN int wnd__cel_ctx_new(wnd__cel_ctx **out, const wnd__mem *mem,
                                const wnd_limits *limits);
/* Release everything produced by earlier evaluations (cheap: keeps the
** inline chunk and the match data). */
WND_HIDDEN void wnd__cel_ctx_reset(wnd__cel_ctx *ctx);
WND_HIDDEN void wnd__cel_ctx_free(wnd__cel_ctx *ctx);

/*
** Evaluate.  The cost meter restarts at every call; the arena does not
** (results of earlier calls stay valid until wnd__cel_ctx_reset).
** Returns WND_OK with a non-error *out; WND_EEVAL with *out of kind
** WV_ERROR (CEL evaluation error: no such key, overflow, cost budget, regex
** limit, ...); WND_ENOMEM with *out a WE_NOMEM error; WND_EINVAL on NULL
** arguments (then *out is untouched).
*/
WND_HIDDEN int wnd__cel_eval(const wnd__cel_program *p,
                             const wnd__cel_activation *act,
                             wnd__cel_ctx *ctx, wnd__value *out);

/*
** The plain path of wnd__cel_eval, for a caller that runs many small
** programs (the engine: ~26 a submission) and wants no value built: 1 or
** 0, the bool wnd__cel_eval would give, with the cost meter set as it
** sets it; -1 when p has no plan (compile.c: the commonest boolean
** conditions have one) or the plan left its plain path (not a map, no such
** key, another kind, over budget, ...): then call wnd__cel_eval_walk,
** which gives the value or the error exactly as wnd__cel_eval does.
** p, act and ctx must not be NULL.
*/
WND_HIDDEN int wnd__cel_plan_eval(const wnd__cel_program *p,
                                  const wnd__cel_activation *act,
                                  wnd__cel_ctx *ctx);
/*
** What a caller reads of a program without a call: the first member of
** every program (cel_int.h).
**
** `run` is the program's plan runner (plan.c): it answers as
** wnd__cel_plan_eval does for an activation with slots (-1 always for a
** program without a plan).
**
** `memo` is 0 for a program that must run every time it is asked, else a
** number 1..65535 that names it in the caller's table of answers (two
** programs may share a number: the table checks the program too).  A
** program with a number gives the same answer (value or error, and cost)
** every time it runs with the same activation and limits: it calls no
** host function, which may answer differently each time or count its
** calls.  It also reads none of the slots its numbering left out
** (wnd__cel_program_set_memo), so a caller that runs it several times over
** otherwise unchanged slots may reuse the first answer.
*/
typedef int (*wnd__cel_run_fn)(const wnd__cel_program *p, const wnd__cel_activation *act,
                               wnd__cel_ctx *ctx);
typedef struct wnd__cel_program_head {
  wnd__cel_run_fn run;
  uint16_t memo;
} wnd__cel_program_head;

static inline unsigned wnd__cel_program_memo(const wnd__cel_program *p) {
  return ((const wnd__cel_program_head *)(const void *)p)->memo;
}

/* wnd__cel_plan_eval for an activation whose slots are set (the engine's):
** one call, straight into the runner of the program's plan. */
static inline int wnd__cel_plan_run(const wnd__cel_program *p, const wnd__cel_activation *act,
                                    wnd__cel_ctx *ctx) {
  return ((const wnd__cel_program_head *)(const void *)p)->run(p, act, ctx);
}

/* wnd__cel_eval without trying the plan (same returns): after
** wnd__cel_plan_eval gave -1, so that the plan does not run twice. */
WND_HIDDEN int wnd__cel_eval_walk(const wnd__cel_program *p,
                                  const wnd__cel_activation *act,
                                  wnd__cel_ctx *ctx, wnd__value *out);

/*
** Byte offset inside the expression of the sub-expression that raised an
** evaluation error returned by wnd__cel_eval (UINT32_MAX when unknown,
** e.g. an error value that came in through a slot).
*/
WND_HIDDEN uint32_t wnd__cel_error_offset(const wnd__err *e);

/* Cost units spent by the last wnd__cel_eval on ctx (for traces/bench). */
WND_HIDDEN uint64_t wnd__cel_ctx_cost(const wnd__cel_ctx *ctx);

#endif
