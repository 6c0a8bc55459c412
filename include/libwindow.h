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
** Thread safety: a wnd_catalog is immutable after loading and may be
** evaluated from any number of threads at once.  A wnd_env may be shared
** read-only after setup (host registration, plugin directories) is done.
** Other objects belong to one thread at a time.
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
#define WND_VERSION_MINOR 1
#define WND_VERSION_PATCH 0
#define WND_VERSION "0.1.0"
#define WND_VERSION_NUMBER \
  (WND_VERSION_MAJOR * 1000000 + WND_VERSION_MINOR * 1000 + WND_VERSION_PATCH)

/* The version of the library actually linked, "0.1.0". */
WND_API const char *wnd_version(void);
/* WND_VERSION_NUMBER of the library actually linked. */
WND_API int wnd_version_number(void);

/* ---- status codes --------------------------------------------------- */

#define WND_OK 0
#define WND_ERROR (-1)     /* generic failure; see the handle's message */
#define WND_ENOMEM (-2)    /* an allocation failed */
#define WND_EINVAL (-3)    /* API misuse: NULL handle, bad argument */
#define WND_ENOTFOUND (-4) /* unknown item code, bundle id, path */
#define WND_EIO (-5)       /* a file or directory could not be read */
#define WND_EINVALID (-6)  /* the input (catalog, submission, expression) is invalid */
#define WND_ELIMIT (-7)    /* an input bound was exceeded */
#define WND_EEVAL (-8)     /* an expression failed to evaluate */

/* Static English text for a status code; never NULL. */
WND_API const char *wnd_errstr(int status);

/* ---- allocator ------------------------------------------------------ */

/*
** One realloc-style hook for every allocation the library makes:
** fn(ud, NULL, n) allocates, fn(ud, p, n) resizes, fn(ud, p, 0) frees and
** returns NULL.  Returning NULL for n > 0 is an allocation failure, which
** the library reports as WND_ENOMEM.  (libyaml and PCRE2's JIT allocate
** with their own allocators; PCRE2's interpreter uses this hook.)
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
** Catalogs keep a reference to their environment: free every catalog
** before the environment.
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
/* The message of the last failed call made through env; "" when none. */
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
} wnd_diag;

typedef struct wnd_diags wnd_diags;

WND_API size_t wnd_diags_count(const wnd_diags *d);
/* Borrowed; NULL when i is out of range. */
WND_API const wnd_diag *wnd_diags_get(const wnd_diags *d, size_t i);
WND_API size_t wnd_diags_count_severity(const wnd_diags *d, wnd_severity sev);
WND_API void wnd_diags_free(wnd_diags *d);

/* ---- catalogs ------------------------------------------------------- */

/*
** A catalog: the rule files of one hall (SPEC §2) loaded, checked and
** compiled.  Immutable; evaluate it from any number of threads.
*/
typedef struct wnd_catalog wnd_catalog;

#define WND_LOAD_STRICT 1u   /* warnings count as errors */

typedef struct wnd_load_options {
  int version;
  unsigned flags;            /* WND_LOAD_* */
  bool today_set;            /* use `today` instead of the clock for lint */
  int64_t today;             /* days since 1970-01-01 (calendar coverage) */
} wnd_load_options;

#define WND_LOAD_OPTIONS_VERSION 1
#define WND_LOAD_OPTIONS_INIT {WND_LOAD_OPTIONS_VERSION, 0u, false, 0}

/*
** Load the catalog in directory `dir`.  Every problem found (errors and
** warnings, with file:line:column) goes to *diags when diags is not NULL;
** free it with wnd_diags_free.  Returns WND_OK (*out set; warnings may
** exist), WND_EINVALID (errors; *out NULL), WND_EIO (dir unreadable),
** WND_ENOMEM, or WND_EINVAL.  opts may be NULL.
*/
WND_API int wnd_catalog_load(wnd_catalog **out, wnd_diags **diags, wnd_env *env,
                             const char *dir, const wnd_load_options *opts);
WND_API void wnd_catalog_free(wnd_catalog *cat);

/* Borrowed strings, "" when absent. */
WND_API const char *wnd_catalog_id(const wnd_catalog *cat);
WND_API const char *wnd_catalog_name(const wnd_catalog *cat);
WND_API const char *wnd_catalog_version(const wnd_catalog *cat);
WND_API size_t wnd_catalog_item_count(const wnd_catalog *cat);
/* NULL when i is out of range. */
WND_API const char *wnd_catalog_item_code(const wnd_catalog *cat, size_t i);
WND_API const char *wnd_catalog_item_name(const wnd_catalog *cat, size_t i);
WND_API size_t wnd_catalog_bundle_count(const wnd_catalog *cat);
WND_API const char *wnd_catalog_bundle_id(const wnd_catalog *cat, size_t i);

#ifdef __cplusplus
}
#endif

#endif /* LIBWINDOW_H */
