/*
** libwindow.h — the public API of libwindow, a rules engine for the
** "comprehensive window" (综合窗口, 一窗受理) of government service halls.
**
** Conventions (after SQLite and libgit2):
**   - every function returns an int status: WND_OK (0) or a negative WND_E*
**     code; objects come back through the first argument (`out`);
**   - an object returned through `**out` belongs to the caller and is freed
**     with its own *_free function, which accepts NULL;
**   - a pointer returned directly is borrowed from its parent object and
**     lives as long as that object;
**   - option structs start with an int `version` and have an _INIT macro;
**   - the library never prints, exits or aborts; every allocation goes
**     through the allocator given to wnd_env_new.
**
** Thread safety:
**   - shared by any number of threads at once: a wnd_catalog (immutable
**     after loading), a wnd_engine (evaluate, acquire, release and reload
**     from any thread), a wnd_env once its setup (host registration,
**     plugin directories) is done, and every const read of a wnd_result,
**     a wnd_submission or a wnd_elicenses (wnd_result_json included);
**   - one thread at a time: setting up a wnd_env, the wnd_submission_set_*
**     calls, and freeing any object (no other thread may still use it).
*/
#ifndef LIBWINDOW_H
#define LIBWINDOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(WND_BUILDING) && defined(__GNUC__)
#define WND_API __attribute__((visibility("default")))
#else
#define WND_API
#endif

/* ---- version -------------------------------------------------------- */

#define WND_VERSION_MAJOR 0
#define WND_VERSION_MINOR 2
#define WND_VERSION_PATCH 0
#define WND_VERSION "0.2.0"
#define WND_VERSION_NUMBER \
  (WND_VERSION_MAJOR * 1000000 + WND_VERSION_MINOR * 1000 + WND_VERSION_PATCH)

/* The version of the library actually linked, "0.1.0". */
WND_API const char *wnd_version(void);
/* WND_VERSION_NUMBER of the library actually linked. */
WND_API int wnd_version_number(void);

/* ---- status codes --------------------------------------------------- */

/*
** Two codes are easy to confuse; they blame different people:
**   WND_EINVAL   (-3) the CALLER's bug: a NULL pointer, an unknown option
**                version or name, a malformed path.  Fix the calling code;
**                retrying with the same arguments fails again.
**   WND_EINVALID (-6) the DATA is bad: a rule file, a submission's text, an
**                expression or a time that does not parse or check.  Report
**                it to whoever wrote the data (diagnostics, line, column).
** Every failing call also sets the thread's last error (wnd_error_last).
*/
#define WND_OK 0
#define WND_ERROR (-1)     /* generic failure (libffi refused a signature) */
#define WND_ENOMEM (-2)    /* an allocation failed */
#define WND_EINVAL (-3)    /* caller misuse: NULL handle, bad argument or option */
#define WND_ENOTFOUND (-4) /* unknown item code, bundle id, limit, deadline */
#define WND_EIO (-5)       /* a file or directory could not be read */
#define WND_EINVALID (-6)  /* bad input data: catalog, submission, expression text */
#define WND_ELIMIT (-7)    /* an input bound (wnd_limits) was exceeded */
#define WND_EEVAL (-8)     /* wnd_expr_eval_json: the expression failed at run time */

/* Static English text for a status code; never NULL. */
WND_API const char *wnd_errstr(int status);

/*
** The last error of the calling thread (after libgit2's git_error_last):
** every public call that returns a status other than WND_OK records that
** status and an English message saying what was wrong (which argument,
** which code, which file); file, line and column are set when the failure has a
** place in a file (else NULL and 0).  Borrowed; valid until the thread's
** next failing call or wnd_error_clear.  NULL when nothing failed since
** the last clear.  Successful calls leave it alone, so read it right after
** the failing call.  wnd_env_errmsg gives the same message for calls made
** through one env.
*/
typedef struct wnd_error {
  int code;             /* WND_E* */
  const char *message;
  const char *file;
  uint32_t line, column;
} wnd_error;

WND_API const wnd_error *wnd_error_last(void);
WND_API void wnd_error_clear(void);

/* ---- allocator ------------------------------------------------------ */

/*
** One realloc-style hook for every allocation the library makes:
** fn(ud, NULL, n) allocates, fn(ud, p, n) resizes, fn(ud, p, 0) frees and
** returns NULL.  Returning NULL for n > 0 is an allocation failure, which
** the library reports as WND_ENOMEM.  (libyaml and PCRE2's JIT allocate
** with their own allocators; PCRE2's interpreter uses this hook.)
** Thread safety: evaluations on several threads call the hook at once,
** and so does wnd_catalog_load (and wnd_engine_new/_reload) with
** wnd_load_options.threads > 1, from its worker threads.  A hook that is
** not thread-safe keeps threads at 0 or 1: the default never starts a
** worker when the env has a hook of its own.
** With the default (no hook), each thread keeps the block of the last
** result it freed (about 3.6 KB) for its next result, and frees it when
** it exits; the thread that unloads the library frees its own, and a
** thread still running then keeps its one block until the process ends.
** A hook of the host's sees every allocation and free as they happen.
*/
typedef void *(*wnd_realloc_fn)(void *ud, void *ptr, size_t size);

typedef struct wnd_allocator {
  wnd_realloc_fn realloc;
  void *ud;
} wnd_allocator;

/* ---- limits --------------------------------------------------------- */

/*
** Bounds on every input.  Zero fields take the default shown.  Exceeding a
** bound is a diagnostic (files) or WND_ELIMIT / an evaluation error.
*/
typedef struct wnd_limits {
  int version;
  size_t max_file_bytes;        /* one rule file: 1 MiB */
  size_t max_catalog_bytes;     /* all rule files together: 64 MiB */
  uint32_t max_yaml_depth;      /* rule-file nesting: 64 */
  uint32_t max_yaml_nodes;      /* nodes per rule file, aliases expanded: 200000 */
  uint32_t max_yaml_anchors;    /* anchors per rule file: 64 */
  size_t max_submission_bytes;  /* one submission: 1 MiB */
  uint32_t max_submission_depth;/* submission nesting: 32 */
  uint32_t max_submission_nodes;/* values per submission: 100000 */
  uint32_t max_expr_bytes;      /* one expression: 16 KiB */
  uint32_t max_expr_depth;      /* expression nesting: 64 */
  uint64_t max_eval_cost;       /* cost units per expression evaluation: 1000000 */
  uint32_t regex_match_limit;   /* PCRE2 match limit: 1000000 */
  uint32_t regex_depth_limit;   /* PCRE2 depth limit: 10000 */
  uint32_t regex_heap_kib;      /* PCRE2 heap limit: 4096 KiB */
  uint32_t max_pattern_bytes;   /* one regex pattern: 1024 */
} wnd_limits;

#define WND_LIMITS_VERSION 1
#define WND_LIMITS_INIT {WND_LIMITS_VERSION, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}

/* ---- environment ---------------------------------------------------- */

/*
** An environment holds what the host decides once: the allocator, the
** limits, registered host functions and the directories plugins may be
** loaded from.  It keeps the last error message of calls made through it.
**
** Reference-counted: every catalog, engine, expression, expression
** variable set, submission and e-license list made with an env holds a
** reference to it, and wnd_env_free drops the caller's.  The env is freed
** (with its registered functions) when the last of them is freed, so
** objects may be freed in any order, from any thread.  After wnd_env_free
** the caller must not use the env pointer itself again (wnd_env_errmsg,
** new objects); text it handed over is freed with wnd_free(NULL, text).
*/
typedef struct wnd_env wnd_env;

typedef struct wnd_env_options {
  int version;
  const wnd_allocator *allocator;  /* NULL: the C library's realloc/free */
  const wnd_limits *limits;        /* NULL: all defaults */
} wnd_env_options;

#define WND_ENV_OPTIONS_VERSION 1
#define WND_ENV_OPTIONS_INIT {WND_ENV_OPTIONS_VERSION, NULL, NULL}

WND_API int wnd_env_new(wnd_env **out, const wnd_env_options *opts);
WND_API void wnd_env_free(wnd_env *env);
/*
** The message of the last failed call made through env on the calling
** thread; "" when none.  Messages are kept per thread, so threads sharing
** an env never see each other's errors.  Valid until the thread's next
** failing call.
*/
WND_API const char *wnd_env_errmsg(const wnd_env *env);

/* ---- diagnostics ---------------------------------------------------- */

typedef enum wnd_severity {
  WND_SEV_ERROR = 0,
  WND_SEV_WARNING = 1,
  WND_SEV_INFO = 2,
} wnd_severity;

/* One problem found in a catalog.  Line and column are 1-based; 0 when
** the problem concerns a whole file or directory.  Column counts code points. */
typedef struct wnd_diag {
  wnd_severity severity;
  const char *code;      /* stable code, e.g. "unknown-key" */
  const char *message;   /* English */
  const char *file;      /* path as given to the loader, joined with the file */
  uint32_t line;
  uint32_t column;
  uint32_t offset;       /* wnd_expr_compile: byte offset inside the text; else 0 */
} wnd_diag;

typedef struct wnd_diags wnd_diags;

WND_API size_t wnd_diags_count(const wnd_diags *d);
/* Borrowed; NULL when i is out of range. */
WND_API const wnd_diag *wnd_diags_get(const wnd_diags *d, size_t i);
WND_API size_t wnd_diags_count_severity(const wnd_diags *d, wnd_severity sev);
WND_API void wnd_diags_free(wnd_diags *d);

/* ---- catalogs ------------------------------------------------------- */

/*
** A catalog: the rule files of one hall (catalog.yaml, departments.yaml,
** windows.yaml, materials.yaml, functions.yaml, calendars/, items/,
** bundles/) loaded, checked and
** compiled.  Immutable; evaluate it from any number of threads.
*/
typedef struct wnd_catalog wnd_catalog;

#define WND_LOAD_STRICT 1u   /* warnings count as errors */

/*
** `threads` (version 2): how many threads read and parse rule files.  The
** calling thread compiles them in file order, so diagnostics, their order
** and the catalog are the same for every value.  0: the default, 2 when
** the env uses the C library's allocator and more than one CPU is online,
** else 1; 1: no other thread; n > 1: up to n - 1 worker threads (at most
** 7; none for a directory of fewer than 4 files), started and joined
** within the call, with every signal blocked.  With more than one thread the
** allocator hook is called from the workers too, concurrently with the
** calling thread (see wnd_allocator).  A worker that cannot be started is
** not an error: the calling thread does its work.  Every value is valid
** and the return codes are those of wnd_catalog_load (an allocation that
** fails on a worker is WND_ENOMEM, as on the calling thread).  Version 1
** structs (without `threads`) are still accepted and load with the default.
*/
typedef struct wnd_load_options {
  int version;
  unsigned flags;            /* WND_LOAD_* */
  bool today_set;            /* use `today` instead of the clock for lint */
  int64_t today;             /* days since 1970-01-01 (calendar coverage) */
  unsigned threads;          /* 0: default; 1: no worker thread; n: n - 1 workers */
} wnd_load_options;

#define WND_LOAD_OPTIONS_VERSION 2
#define WND_LOAD_OPTIONS_INIT {WND_LOAD_OPTIONS_VERSION, 0u, false, 0, 0u}

/*
** Load the catalog in directory `dir`.  Every problem found (errors and
** warnings, with file:line:column) goes to *diags when diags is not NULL;
** free it with wnd_diags_free.  Returns WND_OK (*out set; warnings may
** exist), WND_EINVALID (errors; *out NULL), WND_EIO (dir unreadable: an
** io-error diagnostic names it and says why),
** WND_ENOMEM, or WND_EINVAL.  opts may be NULL.
*/
WND_API int wnd_catalog_load(wnd_catalog **out, wnd_diags **diags, wnd_env *env,
                             const char *dir, const wnd_load_options *opts);
/* Drop the caller's reference.  Expressions compiled against the catalog
** (wnd_expr_compile) hold references of their own, so it is freed when the
** last of them goes, in any order.  NULL is ignored. */
WND_API void wnd_catalog_free(wnd_catalog *cat);

/* Borrowed strings, "" when absent. */
WND_API const char *wnd_catalog_id(const wnd_catalog *cat);
/* The catalog's fixed UTC offset in seconds (catalog.yaml timezone). */
WND_API int32_t wnd_catalog_utc_offset(const wnd_catalog *cat);
WND_API const char *wnd_catalog_name(const wnd_catalog *cat);
WND_API const char *wnd_catalog_version(const wnd_catalog *cat);
/* "sha256:" + hex SHA-256 over the loaded rule files (the decision
** record's catalog_digest): changes when any byte of any loaded file changes. */
WND_API const char *wnd_catalog_digest(const wnd_catalog *cat);
WND_API size_t wnd_catalog_item_count(const wnd_catalog *cat);
/* NULL when i is out of range. */
WND_API const char *wnd_catalog_item_code(const wnd_catalog *cat, size_t i);
WND_API const char *wnd_catalog_item_name(const wnd_catalog *cat, size_t i);
/* The item's department id, as written (NULL when i is out of range). */
WND_API const char *wnd_catalog_item_department(const wnd_catalog *cat, size_t i);
/*
** One of the item's limits as canonical text ("20 workdays", "0 days"):
** which is "statutory", "promised" or "statutory_extension".  Writes a
** NUL-terminated string of at most size bytes (32 always suffice).
** Returns WND_OK, WND_ENOTFOUND (no such item or the item has no such
** limit) or WND_EINVAL.
*/
WND_API int wnd_catalog_item_limit(const wnd_catalog *cat, size_t i, const char *which,
                                   char *buf, size_t size);
WND_API size_t wnd_catalog_bundle_count(const wnd_catalog *cat);
WND_API const char *wnd_catalog_bundle_id(const wnd_catalog *cat, size_t i);

/* ---- host functions and plugins (functions.yaml) ---------------------- */

typedef enum wnd_type {
  WND_TYPE_BOOL = 1,    /* C bool */
  WND_TYPE_INT = 2,     /* C int64_t */
  WND_TYPE_DOUBLE = 3,  /* C double */
  WND_TYPE_STRING = 4,  /* C const char * (UTF-8, NUL-terminated, valid for the call) */
} wnd_type;

/* Any C function pointer; it is called through libffi with the signature
** given at registration, never with one taken from a rule file. */
typedef void (*wnd_fnptr)(void);

#define WND_MAX_PARAMS 8

/*
** Register a host function under a dotted name (e.g. "credit.dishonest")
** before loading catalogs that declare it in functions.yaml.  A catalog
** binds a declaration only when its parameter and return types equal these.
** `ret` is BOOL, INT or DOUBLE.  The function must be safe to call from
** several threads at once.  The name "elicense.available" (string, string)
** -> bool is the 电子证照 lookup used for material substitution.
*/
WND_API int wnd_env_register_function(wnd_env *env, const char *name, wnd_fnptr fn,
                                      wnd_type ret, const wnd_type *params,
                                      size_t nparams);

/*
** Called by a host function, during its call, to report failure: the
** expression then evaluates to an error carrying `message` (copied).  The
** function's return value is ignored in that case.  Thread-local.
*/
WND_API void wnd_host_fail(const char *message);

/*
** Allow plugins (functions.yaml `library: name`) to be loaded from `dir`.
** Without any allowed directory no plugin is ever loaded.  A library name
** is looked up only as <dir>/lib<name>.so in the allowed directories.
*/
WND_API int wnd_env_allow_plugin_dir(wnd_env *env, const char *dir);

/* The plugin ABI: a plugin exports `const wnd_plugin *wnd_plugin_describe(void)`. */
#define WND_PLUGIN_ABI_VERSION 1
#define WND_PLUGIN_ENTRY "wnd_plugin_describe"

typedef struct wnd_plugin_function {
  const char *name;                 /* dotted, as declared in functions.yaml */
  wnd_fnptr fn;
  wnd_type ret;
  size_t nparams;
  wnd_type params[WND_MAX_PARAMS];
} wnd_plugin_function;

typedef struct wnd_plugin {
  int abi_version;                  /* WND_PLUGIN_ABI_VERSION */
  const char *name;
  size_t nfunctions;
  const wnd_plugin_function *functions;
} wnd_plugin;

typedef const wnd_plugin *(*wnd_plugin_describe_fn)(void);

/* ---- submissions: what an applicant hands in --------------------------- */

typedef struct wnd_submission wnd_submission;

#define WND_FORMAT_AUTO 0   /* JSON when the text starts with '{', else YAML */
#define WND_FORMAT_JSON 1
#define WND_FORMAT_YAML 2

/*
** Parse a submission from JSON or YAML text.  On failure returns
** WND_EINVALID or WND_ELIMIT and the env's message says "line L, column C:
** what".  The submission keeps a reference to env.
*/
WND_API int wnd_submission_parse(wnd_submission **out, wnd_env *env, const char *text,
                                 size_t len, int format);

/* An empty submission, to be filled with the setters below. */
WND_API int wnd_submission_new(wnd_submission **out, wnd_env *env);

/*
** Set a value at a dotted path, creating maps on the way:
** "applicant.kind", "data.area_m2", "submitted_at", "fast_track",
** "materials.health_cert.valid_until".  Setting a path again replaces it.
** Path segments are map keys; WND_EINVAL for an empty segment.
*/
WND_API int wnd_submission_set_string(wnd_submission *s, const char *path, const char *value);
WND_API int wnd_submission_set_int(wnd_submission *s, const char *path, int64_t value);
WND_API int wnd_submission_set_double(wnd_submission *s, const char *path, double value);
WND_API int wnd_submission_set_bool(wnd_submission *s, const char *path, bool value);
WND_API int wnd_submission_set_null(wnd_submission *s, const char *path);
/* Any JSON value (lists, maps) at a path. */
WND_API int wnd_submission_set_json(wnd_submission *s, const char *path, const char *json,
                                    size_t len);
/* materials.<id> = {form, copies}; form NULL means "original", copies < 1 means 1. */
WND_API int wnd_submission_add_material(wnd_submission *s, const char *id, const char *form,
                                        int64_t copies);
WND_API void wnd_submission_free(wnd_submission *s);
/* The string at a dotted path ("applicant.name"), borrowed from the
** submission; NULL when absent or not a string. */
WND_API const char *wnd_submission_get_string(const wnd_submission *s, const char *path);

/*
** E-licenses standing in for the host's elicense.available (window eval
** --elicense, tests' `elicenses:`): JSON or YAML mapping holder id -> list
** of license types.
*/
typedef struct wnd_elicenses wnd_elicenses;
WND_API int wnd_elicenses_parse(wnd_elicenses **out, wnd_env *env, const char *text,
                                size_t len);
WND_API void wnd_elicenses_free(wnd_elicenses *e);

/* ---- evaluation and results ------------------------------------------------ */

typedef enum wnd_decision {
  WND_ACCEPTED = 0,
  WND_ACCEPTED_WITH_GAPS = 1,
  WND_INCOMPLETE = 2,
  WND_REJECTED = 3,
} wnd_decision;

typedef enum wnd_flow {
  WND_FLOW_NONE = 0,
  WND_FLOW_ON_SPOT_COMPLETION = 1,
  WND_FLOW_ON_SPOT_ACCEPTANCE = 2,
  WND_FLOW_RECEIPT = 3,
} wnd_flow;

/* "accepted", "accepted_with_gaps", "incomplete", "rejected". */
WND_API const char *wnd_decision_name(wnd_decision d);
/* "none", "on_spot_completion", "on_spot_acceptance", "receipt". */
WND_API const char *wnd_flow_name(wnd_flow f);
/* The item's service flow (办理流程): its `flow:`, else the one derived
** from handling and authority; WND_FLOW_NONE when i is out of range. */
WND_API wnd_flow wnd_catalog_item_flow(const wnd_catalog *cat, size_t i);

/* Who makes the decision: the front-desk window within the
** authority its department delegated, or the department's back office. */
typedef enum wnd_decider {
  WND_DECIDED_BY_WINDOW = 1,
  WND_DECIDED_BY_BACK_OFFICE = 2,
} wnd_decider;

/* "window", "back_office"; NULL for any other value. */
WND_API const char *wnd_decider_name(wnd_decider d);

#define WND_EVAL_EXPLAIN 1u  /* record a trace of every rule evaluated */

typedef struct wnd_eval_options {
  int version;
  unsigned flags;                  /* WND_EVAL_* */
  bool now_set;                    /* use now_sec instead of submitted_at / clock */
  int64_t now_sec;                 /* Unix seconds */
  const wnd_elicenses *elicenses;  /* NULL: the host's elicense.available, if any */
} wnd_eval_options;

#define WND_EVAL_OPTIONS_VERSION 1
#define WND_EVAL_OPTIONS_INIT {WND_EVAL_OPTIONS_VERSION, 0u, false, 0, NULL}

typedef struct wnd_result wnd_result;

/*
** Evaluate a submission against the item with this code, or the bundle
** with this id; code NULL takes the submission's "item" key.  Thread-safe on a shared catalog.  Returns WND_OK (*out
** set, whatever the decision), WND_ENOTFOUND (no such item or bundle, or
** no string "item" in the submission; the env's message says which),
** WND_ENOMEM, WND_EINVAL.  The result does not reference the catalog or
** the submission: free them in any order.
*/
WND_API int wnd_evaluate(wnd_result **out, const wnd_catalog *cat, const char *code,
                         const wnd_submission *sub, const wnd_eval_options *opts);
WND_API void wnd_result_free(wnd_result *r);

typedef struct wnd_finding {
  const char *code;        /* "material_missing", ... */
  wnd_severity severity;
  const char *subject;     /* material id, field path, condition id, "routing:N", or NULL */
  const char *message;     /* Chinese text for the applicant or clerk */
  bool tolerated;          /* a 容缺 gap */
  const char *due;         /* "YYYY-MM-DD" for gaps, else NULL */
  const char *rule_file;   /* relative to the catalog, or NULL */
  uint32_t rule_line, rule_column;
} wnd_finding;

/* Decision of an item result, or the worst decision of a bundle. */
WND_API wnd_decision wnd_result_decision(const wnd_result *r);
WND_API wnd_flow wnd_result_flow(const wnd_result *r);
/* Route keys: "department", "department_name", "section", "window",
** "output_window", "escalated_from".  NULL when the value is null. */
WND_API const char *wnd_result_route(const wnd_result *r, const char *key);
WND_API size_t wnd_result_finding_count(const wnd_result *r);
WND_API const wnd_finding *wnd_result_finding(const wnd_result *r, size_t i);
/* Deadline by name ("promised", "statutory", "statutory_extended",
** "supplement", "notify", "transfer", "reply", "verify"; a bundle result
** has "promised"): "YYYY-MM-DD" or an RFC 3339 instant; NULL when absent
** or not computable (see the calendar_exhausted finding). */
WND_API const char *wnd_result_deadline(const wnd_result *r, const char *name);
/* Whether the decision has this deadline at all (its key is in the JSON),
** computable or not: tells "not applicable" from "calendars exhausted". */
WND_API bool wnd_result_has_deadline(const wnd_result *r, const char *name);
WND_API size_t wnd_result_document_count(const wnd_result *r);
WND_API const char *wnd_result_document(const wnd_result *r, size_t i);
/* Bundles: the per-item results and the deduplicated materials to supply. */
WND_API bool wnd_result_is_bundle(const wnd_result *r);
WND_API size_t wnd_result_item_count(const wnd_result *r);
WND_API const wnd_result *wnd_result_item(const wnd_result *r, size_t i);
WND_API size_t wnd_result_to_supply_count(const wnd_result *r);
WND_API const char *wnd_result_to_supply(const wnd_result *r, size_t i);
/* Who decides an item result (0 for a bundle result). */
WND_API wnd_decider wnd_result_decided_by(const wnd_result *r);
/*
** The decision record (全程电子监察) by key: "catalog_digest"
** and "submission_digest" ("sha256:" + 64 hex digits), "engine"
** ("libwindow 0.2.0"), "received_at" (RFC 3339 in the catalog's offset).
** An item result evaluated alone and a bundle result carry one; the item
** results inside a bundle do not.  NULL for an unknown key or no record.
*/
WND_API const char *wnd_result_record(const wnd_result *r, const char *key);
/* The catalog a result came from: id and version ("" when unset). */
WND_API const char *wnd_result_catalog_id(const wnd_result *r);
WND_API const char *wnd_result_catalog_version(const wnd_result *r);
/* Item code and name of an item result. */
WND_API const char *wnd_result_item_code(const wnd_result *r);
WND_API const char *wnd_result_item_name(const wnd_result *r);

/*
** The result as JSON (decision, flow, item, route, findings, deadlines,
** documents, record; bundles also items and to_supply), keys in a fixed
** order; with
** WND_EVAL_EXPLAIN, a "trace" key follows.  The text is owned by the
** result and rendered on the first call; any number of threads may call
** this on one result at once and get the same text.  Returns WND_OK,
** WND_EINVAL (r or out NULL) or WND_ENOMEM.
*/
WND_API int wnd_result_json(const wnd_result *r, const char **out, size_t *len);

/* ---- rule tests (`tests:` of items and bundles, `window test`) ----------- */

typedef struct wnd_test_outcome {
  const char *target;     /* item code or bundle id */
  const char *name;       /* the test's name */
  const char *file;       /* rule file, relative to the catalog */
  uint32_t line, column;
  bool passed;
  const char *message;    /* what differed: "decision: expected accepted, got incomplete; ..." */
} wnd_test_outcome;

/* Called once per test; the outcome is valid during the call only. */
typedef void (*wnd_test_fn)(const wnd_test_outcome *outcome, void *payload);

/*
** Run every test of every item and bundle of the catalog, in file order.
** Each test evaluates its submission at its `now` (else its submitted_at)
** with its `elicenses` standing in for the e-license provider, and compares
** the result with `expect` (decision, flow, department, section, window,
** output_window, escalated_from, findings as "code:subject" strings compared
** as a set, gaps as material ids, deadlines by name, documents, to_supply).
** Returns WND_OK or WND_ENOMEM; counts go to *passed and *failed.
*/
WND_API int wnd_catalog_test(const wnd_catalog *cat, wnd_test_fn fn, void *payload,
                             size_t *passed, size_t *failed);

/* ---- engine holder: hot reload ---------------------------------------------- */

/*
** An engine serves one catalog directory and can reload it.  Evaluations
** take a snapshot reference, so a reload never disturbs evaluations in
** flight; a failed reload keeps the current snapshot.  The replaced
** snapshot is freed by wnd_engine_reload itself, after the evaluations in
** flight on it end (they never pay for the free), or, if a host still
** holds it through wnd_engine_acquire, by that host's last
** wnd_engine_release.  So a reload must not be made from inside an
** evaluation (a host function): it would wait for itself.  Evaluate,
** acquire, release, generation and reload may be called from any number
** of threads at once; wnd_engine_free only when no other call is running.
*/
typedef struct wnd_engine wnd_engine;

WND_API int wnd_engine_new(wnd_engine **out, wnd_diags **diags, wnd_env *env, const char *dir,
                           const wnd_load_options *opts);
/* WND_OK: the new catalog is live.  Otherwise the old one stays. */
WND_API int wnd_engine_reload(wnd_engine *e, wnd_diags **diags);
/* Take / drop a reference on the current snapshot. */
WND_API const wnd_catalog *wnd_engine_acquire(wnd_engine *e);
WND_API void wnd_engine_release(wnd_engine *e, const wnd_catalog *cat);
/* Acquire, evaluate, release. */
WND_API int wnd_engine_evaluate(wnd_result **out, wnd_engine *e, const char *code,
                                const wnd_submission *sub, const wnd_eval_options *opts);
/* How many reloads succeeded since wnd_engine_new (0 at first). */
WND_API uint64_t wnd_engine_generation(const wnd_engine *e);
WND_API void wnd_engine_free(wnd_engine *e);

/* ---- names: departments, sections, windows, materials --------------------- */

/*
** The departments and windows a catalog declares, in file order, and the
** names behind the ids a result gives (wnd_result_route, a finding's
** material subject, a bundle's to_supply).  Strings are borrowed from the
** catalog and live as long as it; NULL for an index out of range or an
** unknown id.  Thread-safe on a shared catalog.
*/
WND_API size_t wnd_catalog_department_count(const wnd_catalog *cat);
WND_API const char *wnd_catalog_department_id(const wnd_catalog *cat, size_t i);
WND_API const char *wnd_catalog_department_name(const wnd_catalog *cat, const char *id);
WND_API const char *wnd_catalog_section_name(const wnd_catalog *cat, const char *department_id,
                                             const char *section_id);
WND_API size_t wnd_catalog_window_count(const wnd_catalog *cat);
WND_API const char *wnd_catalog_window_id(const wnd_catalog *cat, size_t i);
WND_API const char *wnd_catalog_window_name(const wnd_catalog *cat, const char *id);
/* The name of material `id` of the item with this code, or of the first
** item of the bundle with this id that has such a material. */
WND_API const char *wnd_catalog_material_name(const wnd_catalog *cat, const char *code,
                                              const char *id);

/* ---- times: instants and calendar days ----------------------------------- */

/*
** A time as rule files, submissions and results write it: an RFC 3339
** instant ("2026-11-20T10:00:00+08:00") or a calendar day ("2026-11-20").
** For a day, sec is the start (00:00:00) of that day in utc_offset, and
** the whole day is meant: a deadline on a day passes at sec + 86400.
*/
typedef struct wnd_time {
  int64_t sec;         /* Unix seconds */
  bool date_only;      /* the text was "YYYY-MM-DD" */
  int32_t utc_offset;  /* seconds east of UTC the text was read in */
} wnd_time;

/*
** Parse `text` as the catalog reads times: a text without an offset (a day,
** or "2026-11-20T10:00:00") is in the catalog's timezone, not the
** machine's and not +08:00.  cat NULL: such a text is in UTC.  Returns
** WND_OK, WND_EINVALID (not a time; the message quotes it) or WND_EINVAL
** (text or out NULL).  Thread-safe.
*/
WND_API int wnd_catalog_parse_time(const wnd_catalog *cat, const char *text, wnd_time *out);

/*
** A deadline of an item result as a typed value, for any deadline name the
** result has (see wnd_result_deadline).  Returns WND_OK, WND_ENOTFOUND (the
** result has no such deadline, or it is null because the calendars cannot
** reach it) or WND_EINVAL.  Thread-safe on a const result.
*/
WND_API int wnd_result_deadline_time(const wnd_result *r, const char *name, wnd_time *out);

/* ---- expressions (the rule language on its own, `window expr`) ------------ */

/*
** One expression of the rule language (a subset of Google's CEL) compiled
** once and evaluated any number of times, from any number of threads.
**
** Without a catalog it is plain CEL in UTC.  With a catalog it also sees
** the catalog's working-day calendar (workdays.*), its timezone (timestamp
** accessors without a zone argument, such as now.getHours(), read local
** time, as in rule files) and its bound host functions.  The submission's
** variables (applicant, data, ...) are not declared; declare your own.
**
** Lifetimes: an expression keeps a reference on its env and on its
** catalog, so wnd_env_free and wnd_catalog_free may come before
** wnd_expr_free; the last free releases them.
**
** Thread-safety: a compiled expression is immutable to its callers;
** any number of threads may evaluate it at once (wnd_expr_eval_json,
** wnd_expr_eval) without locks.  It keeps a few evaluation contexts
** (16) inside, so evaluating allocates nothing for the context unless more
** threads than that evaluate it at the same moment.  wnd_expr_free must
** not race with an evaluation of the same expression.
*/
typedef struct wnd_expr wnd_expr;

typedef struct wnd_expr_options {
  int version;
  const char *const *vars;   /* names of the variables (type dyn) the expression may use */
  size_t nvars;              /* `now` is a timestamp unless declared here */
} wnd_expr_options;

#define WND_EXPR_OPTIONS_VERSION 1
#define WND_EXPR_OPTIONS_INIT {WND_EXPR_OPTIONS_VERSION, NULL, 0}

/*
** Compile text[0..len) (UTF-8).  cat may be NULL; opts may be NULL (no
** variables but `now`).  Every problem goes to *diags when diags is not
** NULL (free with wnd_diags_free): stable code (expr-syntax, expr-type,
** unknown-variable, unknown-function, wrong-arity, expr-limit,
** invalid-pattern), `offset` the byte offset inside text, line and column
** (code points) inside text, file "".  Returns WND_OK (*out set; free with
** wnd_expr_free), WND_EINVALID (errors; the env's message and
** wnd_error_last carry the first, at file "<expr>"), WND_ENOMEM, WND_EINVAL.
*/
WND_API int wnd_expr_compile(wnd_expr **out, wnd_env *env, const wnd_catalog *cat,
                             const char *text, size_t len, const wnd_expr_options *opts,
                             wnd_diags **diags);

typedef struct wnd_expr_eval_options {
  int version;
  bool now_set;      /* bind `now` to now_sec instead of the clock */
  int64_t now_sec;   /* Unix seconds */
} wnd_expr_eval_options;

#define WND_EXPR_EVAL_OPTIONS_VERSION 1
#define WND_EXPR_EVAL_OPTIONS_INIT {WND_EXPR_EVAL_OPTIONS_VERSION, false, 0}

/*
** Evaluate with the variables in vars_json, a JSON object {"name": value,
** ...} (NULL: none); a declared variable it does not give is null, a name
** not declared is WND_EINVALID.  opts may be NULL (now = the clock).  On
** WND_OK *out_json is the value as JSON (timestamps as RFC 3339 UTC
** strings, durations as "3600s"), NUL-terminated, to free with wnd_free.
** WND_EEVAL: the expression failed (division by zero, no such key, cost
** budget, a host function's failure); the env's message says why and
** wnd_error_last gives line and column inside the text when known.
** Also WND_EINVALID (bad vars_json), WND_ENOMEM, WND_EINVAL.
*/
WND_API int wnd_expr_eval_json(const wnd_expr *e, const char *vars_json,
                               const wnd_expr_eval_options *opts, char **out_json);

/*
** Variables parsed once, for evaluating with wnd_expr_eval many times:
** json[0..len) is a JSON object {"name": value, ...}.  Immutable, so any
** number of threads may use one wnd_expr_vars at once, with any number of
** expressions: each expression reads the variables it declared (a declared
** one that vars lacks is null) and ignores the others.  Keeps a reference
** on env.  Returns WND_OK (*out set; free with wnd_expr_vars_free),
** WND_EINVALID (not JSON, or not an object: the message gives line and
** column), WND_ELIMIT (deeper or larger than a submission may be),
** WND_ENOMEM, WND_EINVAL (NULL out or env, or json NULL with len > 0).
** json NULL with len 0 gives an empty set.
*/
typedef struct wnd_expr_vars wnd_expr_vars;

WND_API int wnd_expr_vars_new(wnd_expr_vars **out, wnd_env *env, const char *json, size_t len);
WND_API void wnd_expr_vars_free(wnd_expr_vars *vars);

/* The kind of a value wnd_expr_eval gives. */
typedef enum wnd_expr_kind {
  WND_EXPR_NULL = 0,
  WND_EXPR_BOOL,
  WND_EXPR_INT,
  WND_EXPR_UINT,
  WND_EXPR_DOUBLE,
  WND_EXPR_STRING,
  WND_EXPR_TIMESTAMP,
  WND_EXPR_DURATION,
  WND_EXPR_LIST,   /* only its size: wnd_expr_eval_json gives the items */
  WND_EXPR_MAP,    /* only its size: wnd_expr_eval_json gives the entries */
  WND_EXPR_TYPE,   /* a type value, such as type(1): its name in str */
} wnd_expr_kind;

/*
** A typed result.  The field of `kind` is set, the others are zero.
** str is NUL-terminated UTF-8 of len bytes, borrowed: valid until
** wnd_expr_value_clear(value), and only while the expression and the vars
** it was evaluated with live.
*/
typedef struct wnd_expr_value {
  wnd_expr_kind kind;
  bool b;            /* BOOL */
  int64_t i;         /* INT */
  uint64_t u;        /* UINT */
  double d;          /* DOUBLE */
  const char *str;   /* STRING, TYPE */
  size_t len;        /* STRING, TYPE: bytes in str */
  int64_t sec;       /* TIMESTAMP: Unix seconds; DURATION: seconds */
  int32_t nsec;      /* TIMESTAMP, DURATION: nanoseconds, same sign as sec */
  size_t count;      /* LIST: items; MAP: entries */
  void *internal_[2];/* what a STRING result lives in (the library's) */
} wnd_expr_value;

#define WND_EXPR_VALUE_INIT {WND_EXPR_NULL, false, 0, 0, 0.0, NULL, 0, 0, 0, 0, {NULL, NULL}}

/*
** Evaluate e with the variables in vars (NULL: every declared variable is
** null) into *out.  opts may be NULL (now = the clock).  The evaluation
** runs in one of the expression's contexts (see above) and the result,
** a string included, is read from it in place: nothing is allocated unless
** more threads than the pool holds evaluate at once or the expression
** builds values beyond a context's 4 KiB arena chunk.
** Returns WND_OK (*out set; pass it to wnd_expr_value_clear when done, from
** any thread, before wnd_expr_free: until then a STRING or TYPE result
** keeps its context); WND_EEVAL (the expression failed at run time:
** wnd_error_last says why, with line and column inside the text when
** known); WND_ENOMEM (a context or a value could not be allocated);
** WND_EINVAL (NULL e or out, options version).  On failure *out is
** WND_EXPR_VALUE_INIT.  *out is overwritten, never read.
*/
WND_API int wnd_expr_eval(const wnd_expr *e, const wnd_expr_vars *vars,
                          const wnd_expr_eval_options *opts, wnd_expr_value *out);
/* Release what a result holds and reset it to WND_EXPR_VALUE_INIT.  Safe on
** WND_EXPR_VALUE_INIT, on a cleared value and on NULL. */
WND_API void wnd_expr_value_clear(wnd_expr_value *value);

/* Drop the caller's reference (the env and catalog references with it).
** NULL is ignored. */
WND_API void wnd_expr_free(wnd_expr *e);

/* Free text the library handed over (wnd_expr_eval_json's) through the
** allocator of the env it came from.  The text holds a reference on that
** env, so it may be freed after wnd_env_free and wnd_expr_free; `env` is
** not used (pass it or NULL).  p NULL is ignored.  Any thread. */
WND_API void wnd_free(wnd_env *env, void *p);

/* ---- rules: a catalog's rules as a tree, for tools -------------------------- */

/*
** A read-only snapshot of what a catalog's rule files say, for tools that
** show, compare or measure rules (`window diff`, `window test --coverage`,
** `window stats`) without parsing the YAML themselves.
**
** The snapshot is a tree of rules.  Each rule has a kind, an id (NULL for
** rules that have none), the place it is written and named attributes whose
** values are text as a reviewer reads it.  Kinds, their ids, attributes (in
** this order) and child kinds:
**
**   catalog     catalog id; name, version;
**               children defaults, department, window, item, bundle
**   defaults    -; notify_within, supplement_within, transfer_within, max_gaps
**   department  id; name, parent; children section
**   section     id; name
**   window      id; name, kind, serves.departments, serves.themes,
**               serves.items, serves.frequency, when, priority
**   item        code; name, type, handling, authorized, comprehensive,
**               exclusion_reason, department, section, window, output_window,
**               statutory_limit, promised_limit, statutory_extension, flow,
**               commitment_eligible;
**               children field, condition, material, route, fast_track (0 or 1)
**   field       path; type, required, enum, pattern, check, min, max
**   condition   id or NULL; when, require, message, on_fail, stage
**   material    id; name, required, any_of, forms, copies, source, e_license,
**               verify_only, tolerable, supplement_within, commitment,
**               verify_within, e_license_holder; children check
**   check       NULL; require, message, code
**   route       its finding subject "routing:N"; when, department, section,
**               escalate_to, window, reject
**   fast_track  NULL; enabled, max_gaps, eligible, issue_before_supplement
**   bundle      id; name, items, promised_limit; children step
**   step        item code; after
**
** Value text: durations canonical ("20 workdays", "0 days"); booleans
** "true"/"false"; integers in decimal; numbers as C's %g; lists joined
** with ", "; expressions as written ("true"/"false" for a YAML boolean);
** a field's enum as a JSON array; a material's forms as "original|copy"
** or "any"; a value not written and without a default is NULL.  Materials
** show their effective values (a library material's, unless the item
** overrides them).  Children keep file order; routes keep their order,
** which is their meaning (the first match wins).
**
** Ownership: the snapshot is the caller's (wnd_rules_free); rules and
** strings are borrowed from it and live until it is freed.  It copies what
** it needs, so the catalog may be freed first.  Thread-safety: built by one
** call; then any number of threads may read one snapshot at once.
*/
typedef struct wnd_rules wnd_rules;
typedef struct wnd_rule wnd_rule;

/* A place in a rule file: file relative to the catalog directory, 1-based
** line and column (code points).  file NULL (line and column 0) when the
** value has no place, such as an absent expression; line 0 with a file:
** the file as a whole. */
typedef struct wnd_loc {
  const char *file;
  uint32_t line, column;
} wnd_loc;

/* Build the snapshot of cat, linear in the catalog's size.  Returns WND_OK
** (*out set), WND_ENOMEM or WND_EINVAL (NULL argument); on failure *out is
** NULL and wnd_error_last says why. */
WND_API int wnd_rules_new(wnd_rules **out, const wnd_catalog *cat);
WND_API void wnd_rules_free(wnd_rules *rules);
/* The rule of kind "catalog"; NULL when rules is NULL. */
WND_API const wnd_rule *wnd_rules_root(const wnd_rules *rules);

/* Kind and id (see above); NULL for a NULL rule.  Parent: NULL for the root. */
WND_API const char *wnd_rule_kind(const wnd_rule *r);
WND_API const char *wnd_rule_id(const wnd_rule *r);
WND_API const wnd_rule *wnd_rule_parent(const wnd_rule *r);

/* Children of one kind: how many, the i-th in file order (NULL out of
** range or for a kind the rule has no children of), and the first with
** this id (NULL when none; O(log n)). */
WND_API size_t wnd_rule_count(const wnd_rule *r, const char *kind);
WND_API const wnd_rule *wnd_rule_child(const wnd_rule *r, const char *kind, size_t i);
WND_API const wnd_rule *wnd_rule_find(const wnd_rule *r, const char *kind, const char *id);

/* Attributes in the order listed above: their number, the i-th key (NULL
** out of range), and a value by key (NULL when absent or not a key of the
** rule's kind). */
WND_API size_t wnd_rule_attr_count(const wnd_rule *r);
WND_API const char *wnd_rule_attr_key(const wnd_rule *r, size_t i);
WND_API const char *wnd_rule_attr(const wnd_rule *r, const char *key);

/*
** Where the rule (key NULL) or one of its attributes is written: the key's
** own place when the file gives one, else its rule's; an expression's place
** is the expression's; a list's is its first entry's.  Returns WND_OK,
** WND_ENOTFOUND (not a key of the rule's kind) or WND_EINVAL (NULL rule or
** out).
*/
WND_API int wnd_rule_loc(const wnd_rule *r, const char *key, wnd_loc *out);

/* Whether every `serves` criterion of the window matches the item (its
** `when` aside, which depends on the applicant).  false for unknown ids. */
WND_API bool wnd_catalog_window_serves(const wnd_catalog *cat, const char *window_id,
                                       const char *item_code);

/* ---- traces: what an evaluation with WND_EVAL_EXPLAIN looked at ------------ */

/*
** The trace of a result evaluated with WND_EVAL_EXPLAIN, one entry per rule
** evaluated, in evaluation order (none without the flag).  Per entry, by key:
**   "kind"     routing, field, condition, material, check, fast_track, window
**   "subject"  material id, field path, condition id, "routing:N", ...
**   "expr"     the expression as written (NULL when the rule had none)
**   "value"    its value as JSON ("true", "false", ...); NULL on error
**   "error"    why it failed to evaluate; NULL when it did not
**   "stage"    conditions: "acceptance" or "approval"; else NULL
** Strings are borrowed from the result.  wnd_result_trace_loc gives the
** expression's place (WND_OK; WND_ENOTFOUND when i is out of range;
** WND_EINVAL for NULL).  Thread-safe on a const result.
*/
WND_API size_t wnd_result_trace_count(const wnd_result *r);
WND_API const char *wnd_result_trace(const wnd_result *r, size_t i, const char *key);
WND_API int wnd_result_trace_loc(const wnd_result *r, size_t i, wnd_loc *out);

/*
** Run every rule test as wnd_catalog_test does, evaluating with
** `eval_flags` (WND_EVAL_*), and hand each test's result to fn with its
** outcome; the result is NULL when the test could not be evaluated (its
** `now` is not a time, or no such target) and is valid during the call
** only.  Returns WND_OK, WND_ENOMEM or WND_EINVAL; counts as
** wnd_catalog_test.  Thread-safe on a shared catalog; fn is called on the
** calling thread.
*/
typedef void (*wnd_test_result_fn)(const wnd_test_outcome *outcome, const wnd_result *result,
                                   void *payload);
WND_API int wnd_catalog_test_results(const wnd_catalog *cat, unsigned eval_flags,
                                     wnd_test_result_fn fn, void *payload, size_t *passed,
                                     size_t *failed);

#ifdef __cplusplus
}
#endif

#endif /* LIBWINDOW_H */
