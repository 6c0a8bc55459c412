/*
** cel_int.h — internals shared by the files of lib/cel (not for other
** areas: use cel.h).
**
** Pipeline: lexer.c (tokens) -> parser.c (AST, macros expanded) ->
** checker.c (name resolution, static types, regex literals) -> eval.c
** (tree-walking evaluator) calling stdlib.c, celtime.c, regex.c, domain.c.
** compile.c also turns the commonest boolean programs into flat plans
** (plan.c, with refixed.c for simple literal patterns) that eval.c runs
** instead of the walk.
*/
#ifndef WND_CEL_INT_H
#define WND_CEL_INT_H

#include "cel.h"

#include <pcre2.h>
#include <string.h>

#include "../core/strbuf.h"
#include "../time/civil.h"
#include "../time/cnid.h"

/* ---- limits that are not in wnd_limits ---------------------------------- */

#define CEL_DEFAULT_COMPR_NESTING 2
#define CEL_MAX_LOCALS 8            /* hard cap on comprehension nesting */
#define CEL_CTX_INLINE 4096         /* inline arena chunk of a ctx */
#define CEL_ARENA_LIMIT ((size_t)64 << 20) /* backstop behind the cost meter */

/* Resolved limits: wnd_limits with zero fields replaced by defaults. */
typedef struct cel_limits {
  uint32_t max_expr_bytes;
  uint32_t max_expr_depth;
  uint64_t max_eval_cost;
  uint32_t regex_match_limit;
  uint32_t regex_depth_limit;
  uint32_t regex_heap_kib;
  uint32_t max_pattern_bytes;
} cel_limits;

WND_HIDDEN void wnd__cel_limits(cel_limits *out, const wnd_limits *given);

/* ---- tokens ------------------------------------------------------------ */

typedef enum cel_tok {
  T_EOF = 0,
  T_ERROR,
  T_IDENT,
  T_QIDENT,       /* `backquoted` field name */
  T_INT,
  T_UINT,
  T_DOUBLE,
  T_STRING,
  T_BYTES,
  T_TRUE,
  T_FALSE,
  T_NULL,
  T_IN,
  T_RESERVED,     /* reserved word: cannot be an identifier */
  T_LPAREN, T_RPAREN, T_LBRACK, T_RBRACK, T_LBRACE, T_RBRACE,
  T_DOT, T_COMMA, T_COLON, T_QUESTION,
  T_OROR, T_ANDAND, T_NOT,
  T_EQ, T_NE, T_LT, T_LE, T_GT, T_GE,
  T_PLUS, T_MINUS, T_STAR, T_SLASH, T_PERCENT,
  T_OPT_DOT,      /* ".?" (optionals: unsupported, reported precisely) */
} cel_tok;

typedef struct cel_token {
  cel_tok kind;
  uint32_t off, len;      /* bytes of the token in the source */
  /* T_INT: i; T_UINT: u; T_DOUBLE: d; T_STRING: decoded text in the
  ** program arena (s, n). */
  union {
    int64_t i;
    uint64_t u;
    double d;
  } num;
  bool int_overflow;      /* T_INT literal above INT64_MAX (fine after '-') */
  const char *s;
  uint32_t n;
  const char *err;        /* T_ERROR: message (static) */
  uint32_t err_off;       /* T_ERROR: byte offset of the problem */
} cel_token;

typedef struct cel_lexer {
  const char *src;
  uint32_t len, pos;
  wnd__arena *arena;      /* decoded string literals */
} cel_lexer;

/* Scan the next token.  Returns false only on allocation failure. */
WND_HIDDEN bool wnd__cel_lex(cel_lexer *lx, cel_token *t);
/*
** Decode the string literal token at src[off..off+len) again, writing for
** each decoded byte the source offset it came from into map[] (which has
** room for len entries: decoding never grows).  Used to point PCRE2
** errors inside a pattern literal back into the expression.
*/
WND_HIDDEN void wnd__cel_string_map(const char *src, uint32_t off, uint32_t len,
                                    uint32_t *map, uint32_t nmap);

/* ---- AST --------------------------------------------------------------- */

typedef enum cel_nkind {
  N_CONST = 0,
  N_IDENT,        /* unresolved name (parser output) */
  N_VAR,          /* declared variable: aux = slot */
  N_LOCAL,        /* comprehension variable: aux = local index */
  N_SELECT,       /* a.str */
  N_HAS,          /* has(a.str) */
  N_INDEX,        /* a[b] */
  N_CALL,         /* op = function id; a = receiver or NULL; args[n] */
  N_LIST,         /* args[n] */
  N_MAP,          /* args[2n]: key, value, key, value ... */
  N_AND,
  N_OR,
  N_COND,         /* a ? b : c */
  N_COMPR,        /* op = macro; aux = local index; a = range; b, c bodies */
  N_ERROR,        /* unchecked mode: evaluates to an error; str = message */
} cel_nkind;

/* Function identifiers (N_CALL.op). */
typedef enum cel_fn {
  F_UNRESOLVED = 0,   /* parser output: name in str */
  OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_MOD,
  OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_IN,
  OP_NEG, OP_NOT,
  F_SIZE, F_CONTAINS, F_STARTS, F_ENDS, F_MATCHES,
  F_INT, F_UINT, F_DOUBLE, F_STRING, F_BOOL, F_TYPE, F_DYN,
  F_TIMESTAMP, F_DURATION,
  F_GETFULLYEAR, F_GETMONTH, F_GETDATE, F_GETDAYOFMONTH, F_GETDAYOFWEEK,
  F_GETDAYOFYEAR, F_GETHOURS, F_GETMINUTES, F_GETSECONDS, F_GETMILLIS,
  F_CN_ID_CARD, F_CN_USCC, F_CN_MOBILE, F_CN_BIRTHDATE, F_CN_AGE, F_CN_GENDER,
  F_WD_ADD, F_WD_BETWEEN,
  F_HOST,             /* aux = index into program's host table */
  F__COUNT
} cel_fn;

#define CF_PATH 1         /* a variable or declared map field: its
                             sub-fields go to the field-type callback */
#define CF_JIT 2          /* F_MATCHES: the literal regex has JIT code */

/* Macros (N_COMPR.op). */
typedef enum cel_macro { M_ALL = 1, M_EXISTS, M_EXISTS_ONE, M_MAP, M_FILTER } cel_macro;

typedef struct cel_node cel_node;
struct cel_node {
  uint8_t kind;           /* cel_nkind */
  uint8_t op;             /* cel_fn or cel_macro */
  uint8_t type;           /* static type (wnd__cel_type) */
  uint8_t etype;          /* list element / map value type when known */
  uint8_t flags;          /* CF_* (checker) */
  uint32_t off;           /* source byte offset of the node's token */
  uint32_t len;           /* source bytes of that token (strings, names) */
  uint32_t n;             /* args / items / entries */
  uint32_t aux;           /* slot, local index, host index */
  cel_node *a, *b, *c;
  cel_node **args;
  const char *str;        /* name / field (NUL-terminated) */
  uint32_t slen;
  wnd__value val;         /* N_CONST */
  pcre2_code *re;         /* F_MATCHES with a literal pattern */
};

/* ---- program ----------------------------------------------------------- */

typedef struct cel_hostfn {
  wnd__cel_hostfn decl;   /* copy: name points into the program arena */
} cel_hostfn;

struct wnd__cel_program {
  /* What a run reads first, together: the plan's runner and the memo
  ** number (read inline by the engine through cel.h, so first), the shape
  ** and the plan. */
  wnd__cel_program_head head;
  uint8_t shape;          /* CEL_SHAPE_*: a root eval.c runs without the walk */
  bool local_time;        /* accessors default to act->utc_offset */
  uint32_t max_locals;    /* deepest comprehension nesting + 1 */
  struct cel_step *plan;  /* CEL_SHAPE_BOOL: the flat plan (plan.c), in the arena */
  cel_node *root;
  wnd__mem mem;           /* copy: PCRE2's general context points here */
  wnd__arena own;         /* used when the compiling env gives no arena */
  wnd__arena *arena;      /* nodes, names, constants: `own` or the env's */
  wnd__cel_type type;
  uint32_t nhosts;
  cel_hostfn *hosts;      /* in the arena */
  pcre2_code **regexes;   /* to free; in the arena */
  uint32_t nregexes, capregexes;
  pcre2_general_context *gctx;
};

/* Program shapes with a direct path in wnd__cel_eval (set by compile.c):
** the commonest conditions of a catalog, `applicant.kind == "x"`,
** `has(agent.name)`, `has(d.f) && d.f`, `d.c == "a" || d.c == "b"`.  The
** direct path gives the tree walk's value and charges its cost units;
** anything off the plain path (not a map, no such key, another kind, a
** budget too small) leaves the program to the walk. */
enum {
  CEL_SHAPE_WALK = 0,
  CEL_SHAPE_BOOL,           /* &&, ||, ! over the leaves plan.c knows: p->plan */
};

/* ---- plans (plan.c) ----------------------------------------------------- */

/* A text known at compile time (a field name, a string constant), compared
** with a candidate of the same length through words loaded once at
** compile time: w0/w1 are the first and last 8 bytes (4 when it has 4 to 7
** bytes; for 1 to 3 bytes w0 packs bytes 0, n/2 and n-1). */
typedef struct cel_text {
  const char *s;
  uint32_t n;
  uint8_t hash;           /* of the text: the ctx's key_hint slot */
  uint64_t w0, w1;
} cel_text;

/* Whether s (t->n bytes long, like t) is t's text. */
static inline bool cel_text_eq(const cel_text *t, const char *s) {
  uint32_t n = t->n;
  if (n >= 8) {
    uint64_t a0, a1;
    memcpy(&a0, s, 8);
    memcpy(&a1, s + n - 8, 8);
    if ((a0 ^ t->w0) | (a1 ^ t->w1)) return false;
    if (n <= 16) return true;
    /* the bytes between, 8 at a time (the last load may overlap the last
    ** word): no call, so the plan runners that inline this stay leaves */
    for (uint32_t i = 8; i + 8 < n; i += 8) {
      memcpy(&a0, s + i, 8);
      memcpy(&a1, t->s + i, 8);
      if (a0 != a1) return false;
    }
    return true;
  }
  if (n >= 4) {
    uint32_t a0, a1;
    memcpy(&a0, s, 4);
    memcpy(&a1, s + n - 4, 4);
    return ((a0 ^ (uint32_t)t->w0) | (a1 ^ (uint32_t)t->w1)) == 0;
  }
  if (n == 0) return true;
  return ((uint64_t)(uint8_t)s[0] | (uint64_t)(uint8_t)s[n / 2] << 8 |
          (uint64_t)(uint8_t)s[n - 1] << 16) == t->w0;
}

/* The runner of a program without a plan (cel.h wnd__cel_program_head):
** -1, the walk answers. */
WND_HIDDEN int wnd__cel_no_plan(const wnd__cel_program *p, const wnd__cel_activation *act,
                                wnd__cel_ctx *ctx);
/* Build p->plan for a root of CEL_SHAPE_BOOL; false on allocation failure
** (p->shape is reset to CEL_SHAPE_WALK when the tree is too big for one). */
WND_HIDDEN bool wnd__cel_plan_build(wnd__cel_program *p);
/* Running a plan: wnd__cel_plan_eval (cel.h). */

/* ---- evaluation context ------------------------------------------------ */

struct wnd__cel_ctx {
  wnd__mem mem;
  cel_limits lim;
  wnd__arena arena;
  pcre2_general_context *gctx;
  pcre2_compile_context *cctx;    /* dynamic patterns */
  pcre2_match_context *mctx;
  pcre2_match_data *md;
  uint64_t cost;
  /* The last two 18-character resident ID numbers cn.* parsed, keyed by
  ** their bytes (not their address: arenas reuse addresses): one
  ** evaluation checks the applicant's number up to four times (field
  ** check, `when`, cn.age, a window's `when`), the agent's in between. */
  struct cel_id_memo {
    uint64_t t0, t1;            /* the number's bytes 0..7, 8..15 and 16..17 */
    uint16_t t2;                /* (a fresh ctx's zeros: 18 NULs, never valid) */
    bool valid;
    wnd__cn_birth birth;        /* when valid: read off the number, as cnid.c
                                ** reads it (no day-count conversion back) */
  } ids[2];                     /* two: the applicant's and the agent's */
  uint8_t id_next;              /* the entry the next new number replaces */
  /* The last 18-character credit code cn.uscc checked (a field check and
  ** a condition check the same code). */
  char uscc_text[18];
  bool uscc_cached, uscc_valid;
  /* The civil date of the last day cn.age needed one (evaluations at
  ** different instants of a day share it; the conversion divides a lot). */
  bool civil_cached;
  int64_t civil_day, civil_y;
  int civil_m, civil_d;
  /* Where a plan step last found its key in a map, by a hash of the key
  ** (cel_text.hash): a guess, checked before it is used, that skips the
  ** scan when maps keep their keys in the same order (submissions of one
  ** form do; several programs read the same fields of one evaluation). */
  uint8_t key_hint[256];
  _Alignas(16) char inline_buf[CEL_CTX_INLINE];
};

/* Per-call state of one wnd__cel_eval (on the stack: thread-safe). */
typedef struct cel_eval cel_eval;
struct cel_eval {
  const wnd__cel_program *prog;
  const wnd__cel_activation *act;
  wnd__cel_ctx *ctx;
  wnd__value locals[CEL_MAX_LOCALS];
};

/* ---- errors ------------------------------------------------------------ */

/* Every error value the evaluator produces is one of these. */
typedef struct cel_err {
  wnd__err e;
  uint32_t off;
} cel_err;

/* An error value at source offset off; message formatted like printf.
** Falls back to a static out-of-memory error when the arena is full. */
WND_HIDDEN wnd__value wnd__cel_err(cel_eval *ev, uint32_t off, int code,
                                   const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
WND_HIDDEN wnd__value wnd__cel_oom(void);
WND_HIDDEN wnd__value wnd__cel_no_overload(cel_eval *ev, const cel_node *n,
                                           const char *fname,
                                           const wnd__value *args, size_t nargs);

/* Charge cost units; false (and the caller returns a WE_COST error) when
** the budget is spent. */
static inline bool cel_charge(cel_eval *ev, uint64_t units) {
  ev->ctx->cost += units;
  return ev->ctx->cost <= ev->ctx->lim.max_eval_cost;
}
WND_HIDDEN wnd__value wnd__cel_cost_error(cel_eval *ev, uint32_t off);
/* Allocate in the ctx arena, charging 1 cost unit per 16 bytes. */
WND_HIDDEN void *wnd__cel_alloc(cel_eval *ev, size_t n);

/* ---- values ------------------------------------------------------------ */

WND_HIDDEN const char *wnd__cel_kind_name(wnd__value v);
WND_HIDDEN wnd__value wnd__cel_type_of(wnd__value v);
/* CEL equality (heterogeneous numbers; false across kinds). Errors must be
** filtered out before. */
WND_HIDDEN bool wnd__cel_equal(wnd__value a, wnd__value b);
/* Ordering: -1, 0, 1; 2 = unordered (NaN); -2 = no overload. */
WND_HIDDEN int wnd__cel_compare(wnd__value a, wnd__value b);
/* Map lookup with CEL key equality; NULL when absent. */
WND_HIDDEN const wnd__value *wnd__cel_map_find(wnd__value map, wnd__value key);
WND_HIDDEN bool wnd__cel_valid_key(wnd__value k);

/* ---- library functions (stdlib.c, celtime.c, regex.c, domain.c) -------- */

/* Apply builtin function n->op to evaluated args (receiver first). */
WND_HIDDEN wnd__value wnd__cel_call(cel_eval *ev, const cel_node *n,
                                    const wnd__value *args, size_t nargs);
WND_HIDDEN wnd__value wnd__cel_arith(cel_eval *ev, const cel_node *n,
                                     wnd__value a, wnd__value b);
WND_HIDDEN wnd__value wnd__cel_time_call(cel_eval *ev, const cel_node *n,
                                         const wnd__value *args, size_t nargs);
WND_HIDDEN wnd__value wnd__cel_domain_call(cel_eval *ev, const cel_node *n,
                                           const wnd__value *args, size_t nargs);
WND_HIDDEN wnd__value wnd__cel_matches(cel_eval *ev, const cel_node *n,
                                       wnd__value subject, wnd__value pattern);
/* (cn.id_card, cn.uscc, cn.mobile and cn.age through the ctx's memos:
** wnd__cel_cn_check and wnd__cel_cn_age, in the cn.* section below.) */
/* Match a compiled regex against a valid UTF-8 subject with the ctx's
** match data and limits (jit: re has JIT code, see CF_JIT): PCRE2's rc. */
WND_HIDDEN int wnd__cel_re_match(wnd__cel_ctx *ctx, const pcre2_code *re, bool jit,
                                 const char *s, size_t n);

/* Timestamps and durations (celtime.c). */
#define CEL_TS_MIN (-62135596800LL)      /* 0001-01-01T00:00:00Z */
#define CEL_TS_MAX (253402300799LL)      /* 9999-12-31T23:59:59Z */
#define CEL_DUR_MAX (315576000000LL)     /* protobuf Duration range */
WND_HIDDEN bool wnd__cel_ts_ok(int64_t sec);
WND_HIDDEN bool wnd__cel_dur_ok(int64_t sec, int32_t nsec);
/* Normalise sec/nsec: nsec in [0, 1e9). */
WND_HIDDEN void wnd__cel_norm(int64_t *sec, int64_t *nsec);
WND_HIDDEN wnd__value wnd__cel_parse_timestamp(cel_eval *ev, uint32_t off,
                                               const char *s, size_t n);
WND_HIDDEN wnd__value wnd__cel_parse_duration(cel_eval *ev, uint32_t off,
                                              const char *s, size_t n);
/* Go/CEL duration text: 0 ok, 1 invalid, 2 out of range. */
WND_HIDDEN int wnd__cel_dur_parse(const char *s, size_t n, int64_t *sec, int32_t *nsec);
/* Load-time check of a constant string argument of timestamp() or
** duration() (op F_TIMESTAMP / F_DURATION): true and a message with a hint
** in msg[cap] when evaluation could only ever fail (constargs.c). */
WND_HIDDEN bool wnd__cel_const_arg_bad(int op, const char *s, size_t n, char *msg, size_t cap);
/* Into buf (>= 48 bytes): RFC 3339 UTC with only the needed fraction,
** or CEL's "1.5s".  Returns the length. */
WND_HIDDEN size_t wnd__cel_fmt_timestamp(char *buf, int64_t sec, int32_t nsec);
WND_HIDDEN size_t wnd__cel_fmt_duration(char *buf, int64_t sec, int32_t nsec);
/* Shortest round-trip text of a double, as Go's strconv 'g' -1. */
WND_HIDDEN size_t wnd__cel_fmt_double(char *buf /* >= 32 */, double d);

/* ---- regex (regex.c) --------------------------------------------------- */

/* A general context whose allocations go through mem (which must outlive
** it and everything made from it). */
WND_HIDDEN pcre2_general_context *wnd__cel_re_gctx(wnd__mem *mem);
/*
** Compile a pattern with the project's options and limits.  Returns NULL
** and sets *errcode / *erroff (offset in the pattern) on failure;
** *errcode = 0 with NULL means out of memory or over the length limit
** (then *toolong tells which).
*/
WND_HIDDEN pcre2_code *wnd__cel_re_compile(pcre2_general_context *g,
                                           pcre2_compile_context *cc,
                                           const cel_limits *lim, const char *pat,
                                           size_t n, int *errcode, size_t *erroff,
                                           bool *toolong, bool jit);
WND_HIDDEN pcre2_compile_context *wnd__cel_re_cctx(pcre2_general_context *g);
WND_HIDDEN void wnd__cel_re_message(int errcode, char *buf, size_t n);

/* A literal pattern `^` fixed ASCII byte classes `$` (refixed.c): runs of
** `count` bytes of one class (digits: it is 0-9, checked eight bytes a
** step; a class of one byte is compared, the others, at most eight, are
** each a bit of a 256-entry table); n bytes in all. */
typedef struct cel_fixed_run {
  uint32_t count;
  uint8_t digits;  /* the class is \d: eight bytes at a time first */
  uint8_t bit;     /* the class's bit in cel_fixed.tab; 0: the one byte `byte` */
  uint8_t byte;
} cel_fixed_run;
typedef struct cel_fixed {
  uint32_t n, nruns;
  uint8_t tab[256]; /* bit b of tab[c]: c is in the b-th class of more than one byte */
  cel_fixed_run runs[];
} cel_fixed;
/* The fixed form of pattern p (n bytes), compiled as re, in the arena; NULL
** when it has none (or *oom). */
WND_HIDDEN cel_fixed *wnd__cel_re_fixed(wnd__arena *arena, const pcre2_code *re, const char *p,
                                        size_t n, bool *oom);
/* Whether the valid UTF-8 subject s (n bytes) matches, as PCRE2 would say. */
WND_HIDDEN bool wnd__cel_fixed_match(const cel_fixed *f, const char *s, size_t n);
/* Whether f matches every text of n bytes whose byte i is one of the
** characters of sets[i]: then a text known to be such (a valid ID number,
** a valid credit code) matches without being read again. */
WND_HIDDEN bool wnd__cel_fixed_covers(const cel_fixed *f, const char *const *sets, uint32_t n);
/* The check (F_CN_ID_CARD, F_CN_USCC) every valid text of which the
** fixed pattern f matches (ID number: 17 digits and a digit or X), or 0. */
WND_HIDDEN int wnd__cel_cn_covered(const cel_fixed *f);

/* ---- cn.* through the ctx's memos (inline here, misses in domain.c) ------- */

/* Inline, where the steps of a plan (plan.c) and the walk (domain.c) ask:
** an evaluation asks about the applicant's ID number five or six times and
** learns it once, so the common answer is a memo hit, which costs a few
** compares; as a call into domain.c the call, its frame and the switch
** cost about as much again.  What misses (a new number, a new credit code,
** a new day for cn.age) goes out of line. */

/* Learn the 18-character number at s into the older of the two entries. */
WND_HIDDEN const struct cel_id_memo *wnd__cel_id_learn(wnd__cel_ctx *c, const char *s);
/* Learn the 18-character credit code at s; whether it is valid. */
WND_HIDDEN bool wnd__cel_uscc_learn(wnd__cel_ctx *c, const char *s);
/* Set the ctx's civil date to that of day. */
WND_HIDDEN void wnd__cel_civil_learn(wnd__cel_ctx *c, int64_t day);

/* The 18 bytes at s as three words (a, b, c) */
static inline void cel_load18(const char *s, uint64_t *a, uint64_t *b, uint16_t *c) {
  memcpy(a, s, 8);
  memcpy(b, s + 8, 8);
  memcpy(c, s + 16, 2);
}

/* The memo entry of a valid 18-character ID number (learnt on first
** sight), or NULL when s is not one (every text of another length: never
** valid, no need to remember).  An entry never filled holds 18 NUL bytes,
** marked not valid: the answer for that text too, so no entry needs a
** "used" flag. */
static inline const struct cel_id_memo *wnd__cel_id_birth(wnd__cel_ctx *c, const char *s,
                                                          uint32_t n) {
  if (n != 18) return NULL;
  uint64_t s0, s1;
  uint16_t s2;
  cel_load18(s, &s0, &s1, &s2);
  const struct cel_id_memo *m = c->ids;
  if (((m[0].t0 ^ s0) | (m[0].t1 ^ s1) | (uint64_t)(m[0].t2 ^ s2)) != 0) {
    m++;
    if (((m->t0 ^ s0) | (m->t1 ^ s1) | (uint64_t)(m->t2 ^ s2)) != 0) m = wnd__cel_id_learn(c, s);
  }
  return m->valid ? m : NULL;
}

/* wnd__cn_uscc through the ctx's one-entry memo. */
static inline bool wnd__cel_uscc(wnd__cel_ctx *c, const char *s, uint32_t n) {
  if (n != 18) return false; /* wnd__cn_uscc's answer for every other length */
  uint64_t s0, s1, t0, t1;
  uint16_t s2, t2;
  cel_load18(s, &s0, &s1, &s2);
  cel_load18(c->uscc_text, &t0, &t1, &t2);
  if (c->uscc_cached && ((s0 ^ t0) | (s1 ^ t1) | (uint64_t)(s2 ^ t2)) == 0) return c->uscc_valid;
  return wnd__cel_uscc_learn(c, s);
}

/* Whether s is valid for check op of wnd__cel_cn_covered (an ID number: in
** form, check character and date, with no bound on the birth date), through
** the ctx's memos: a pattern step learns the number the check then reads. */
static inline bool wnd__cel_cn_valid(wnd__cel_ctx *c, int op, const char *s, uint32_t n) {
  if (op == F_CN_USCC) return wnd__cel_uscc(c, s, n);
  return wnd__cel_id_birth(c, s, n) != NULL;
}

/* cn.id_card / cn.uscc / cn.mobile (op) of a string: never an error.  An
** ID number's birth date must be by today, the local day of act's `now`
** (a multiplication: cheaper than a memo of it). */
static inline bool wnd__cel_cn_check(wnd__cel_ctx *c, const wnd__cel_activation *act, int op,
                                     const char *s, uint32_t n) {
  if (op == F_CN_ID_CARD) {
    const struct cel_id_memo *m = wnd__cel_id_birth(c, s, n);
    return m && m->birth.days <= wnd__local_day(act->now_sec, act->utc_offset);
  }
  if (op == F_CN_USCC) return wnd__cel_uscc(c, s, n);
  return wnd__cn_mobile(s, n);
}

/* cn.age(s, at): 0 with *age, or -1 when it is an error (which the caller
** words: not an ID number, or `at` before the birth date).  Whole years
** between the birth date and `at`'s local date (the ctx's civil date:
** evaluations at different instants of one day share it, the conversion
** divides a lot). */
static inline int wnd__cel_cn_age(wnd__cel_ctx *c, const wnd__cel_activation *act,
                                  const char *s, uint32_t n, int64_t at_sec, int64_t *age) {
  const struct cel_id_memo *m = wnd__cel_id_birth(c, s, n);
  if (!m) return -1;
  int64_t at = wnd__local_day(at_sec, act->utc_offset);
  if (at < m->birth.days) return -1;
  if (!c->civil_cached || c->civil_day != at) wnd__cel_civil_learn(c, at);
  int64_t years = c->civil_y - m->birth.y;
  if (c->civil_m < m->birth.m || (c->civil_m == m->birth.m && c->civil_d < m->birth.d))
    years--;
  *age = years;
  return 0;
}
/* A literal pattern `C+L` (refixed.c), searched: an ASCII class C (cls)
** repeated, then a literal text L (lit, nlit bytes) whose first character
** is not in C.  It matches where L follows a byte of C. */
typedef struct cel_search {
  uint64_t cls[2];
  uint32_t nlit;
  char lit[];
} cel_search;
WND_HIDDEN cel_search *wnd__cel_re_search(wnd__arena *arena, const pcre2_code *re, const char *p,
                                          size_t n, bool *oom);
WND_HIDDEN bool wnd__cel_search_match(const cel_search *f, const char *s, size_t n);
/* Match limits at or above this cannot stop a fixed pattern's JIT match,
** so the two ways of matching give the same answers. */
#define CEL_FIXED_MIN_MATCH_LIMIT 1000
/* A search pattern's JIT match counts toward the limit a bounded number of
** times per start position (C+ is made possessive: L's first character is
** not in C); below this many per subject byte the search leaves the match
** to PCRE2, which then reports the limit itself. */
#define CEL_SEARCH_LIMIT_PER_BYTE 8

/* ---- compile-time helpers (checker.c) ---------------------------------- */

typedef struct cel_parser cel_parser;
WND_HIDDEN cel_node *wnd__cel_parse(const char *src, uint32_t len,
                                    const cel_limits *lim, wnd__arena *arena,
                                    wnd__cel_diags *diags, bool *oom);
WND_HIDDEN bool wnd__cel_check(wnd__cel_program *p, const wnd__cel_env *env,
                               const cel_limits *lim, const char *src,
                               uint32_t len, wnd__cel_diags *diags,
                               bool *oom);
WND_HIDDEN void wnd__cel_diag_add(wnd__cel_diags *d, wnd_severity sev,
                              const char *code, uint32_t off, const char *fmt,
                              ...) __attribute__((format(printf, 5, 6)));

/* Builtin function table entry, for the checker and error messages. */
typedef struct cel_builtin {
  const char *name;       /* as written: "size", "cn.id_card", "_+_" */
  uint8_t fn;             /* cel_fn */
  uint8_t member;         /* 0 global only, 1 member only, 2 both */
  uint8_t minargs, maxargs; /* counting the receiver for member calls */
} cel_builtin;
WND_HIDDEN const cel_builtin *wnd__cel_builtin_find(const char *name, size_t n);
WND_HIDDEN const char *wnd__cel_fn_name(int fn);

#endif
