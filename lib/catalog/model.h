/*
** model.h — the in-memory catalog: what the loader builds from the rule
** files and what the engine evaluates.  Immutable once loading returns;
** every string and array lives in the catalog's arena, and resources that
** need their own release (compiled expressions, regexes, the calendar) are
** listed in `finalizers`.
*/
#ifndef WND_CATALOG_MODEL_H
#define WND_CATALOG_MODEL_H

#include "../core/env.h"
#include "../core/value.h"
#include "../time/span.h"
#include "index.h"

struct wnd__cel_program;
struct wnd__calendar;
struct wnd__cel_hostfn;
struct wnd__progcache;
struct wnd__intern_table;

typedef struct wnd__loc {
  const char *file;  /* relative to the catalog directory, e.g. items/a.yaml */
  uint32_t line, col;
} wnd__loc;

/* An expression of a rule file: text, where it is, and once compiled, the
** program.  `constant` holds true/false when the YAML value was a bool. */
typedef struct wnd__expr {
  /* pointers first, small members last: no padding (48 bytes, not 56;
     an item has about 50 expressions) */
  const char *text;
  struct wnd__cel_program *prog;
  const void *node;  /* the YAML node; valid only while its file loads */
  wnd__loc loc;
  uint32_t len;
  int8_t constant;   /* -1 not constant, 0 false, 1 true */
} wnd__expr;

typedef enum { LEVEL_PROVINCE, LEVEL_CITY, LEVEL_COUNTY, LEVEL_TOWN, LEVEL_VILLAGE } wnd__level;

typedef struct wnd__section {
  const char *id, *name;
  wnd__loc loc;
  uint32_t id_len;          /* strlen(id): a result copies the id without a strlen */
} wnd__section;

typedef struct wnd__department {
  const char *id, *name;
  int level;
  const char *parent_id;
  struct wnd__department *parent;
  wnd__section *sections;
  uint32_t nsections;
  wnd__loc loc, parent_loc;
  uint32_t id_len, name_len; /* strlen of id and name (0 when NULL), for the result */
} wnd__department;

typedef enum {
  WK_COMPREHENSIVE, WK_DOMAIN, WK_PROFESSIONAL, WK_THEME, WK_SPECIAL, WK_OUTPUT
} wnd__winkind;

typedef struct wnd__strlist {
  const char **v;
  wnd__loc *locs;
  uint32_t n;
} wnd__strlist;

#define FREQ_HIGH 1u
#define FREQ_LOW 2u

typedef struct wnd__window {
  const char *id, *name;
  int kind;
  bool serves_set;          /* has a serves mapping */
  unsigned frequency;       /* FREQ_* mask; 0 = criterion absent */
  wnd__strlist departments, themes, items;
  wnd__expr when;           /* text NULL when absent */
  int64_t priority;
  uint32_t order;
  wnd__loc loc;
  uint32_t id_len;          /* strlen(id), for the result */
} wnd__window;

/* Forms as a bit mask. */
#define FORM_ORIGINAL 1u
#define FORM_COPY 2u
#define FORM_ELECTRONIC 4u
#define FORM_E_LICENSE 8u

typedef enum { SRC_APPLICANT, SRC_GOVERNMENT, SRC_INTERMEDIARY } wnd__source;

typedef struct wnd__libmat {
  const char *id, *name;
  unsigned forms;           /* 0 = not given (all forms) */
  int64_t copies;           /* 0 = not given */
  int source;               /* -1 not given */
  const char *e_license;
  int8_t verify_only;       /* -1 not given */
  int8_t commitment;        /* 告知承诺 may stand in (SPEC §4.5); -1 not given */
  bool has_verify;          /* verify_within given */
  wnd__span verify_within;
  wnd__expr holder;         /* e_license_holder; text NULL when absent */
  wnd__loc loc;
} wnd__libmat;

typedef enum { FT_STRING, FT_INT, FT_DOUBLE, FT_BOOL, FT_TIMESTAMP, FT_LIST, FT_MAP } wnd__ftype;

typedef struct wnd__field {
  const char *path;         /* "data.area_m2" */
  const char *sub;          /* the path below the root ("area_m2") */
  int slot;                 /* activation slot of the root (SLOT_DATA) */
  uint32_t sublen;
  int type;                 /* wnd__ftype */
  bool required;
  bool has_min, has_max;    /* with the other small members: no padding */
  bool nested;              /* sub has a '.': more than one key below the root */
  const char *label;
  wnd__strlist enum_vals;   /* string enums; numbers compared as text of the YAML */
  wnd__value *enum_values;  /* enum values converted to the field type */
  const char *pattern;
  wnd__loc pattern_loc;
  const void *pattern_node;  /* load time only */
  struct wnd__cel_program *regex_prog;  /* path.matches("pattern") */
  double min, max;
  const char *check;        /* function name */
  wnd__loc check_loc;
  struct wnd__cel_program *check_prog; /* check(path) compiled as a call */
  wnd__loc loc;
} wnd__field;

typedef struct wnd__condition {
  const char *id;
  wnd__expr when, require;
  const char *message;
  bool correct;             /* on_fail: correct */
  bool approval;            /* stage: approval (SPEC §4.5): only warns */
  wnd__loc loc;
} wnd__condition;

typedef struct wnd__mcheck {
  wnd__expr require;
  const char *message;
  const char *code;         /* default material_check_failed */
  wnd__loc loc;
} wnd__mcheck;

typedef struct wnd__material {
  const char *id, *name;
  const wnd__libmat *use;
  int64_t copies;           /* effective minimum, >= 1 */
  const char *e_license;
  wnd__span verify_within;  /* 事中事后核查 period of a commitment */
  const wnd__expr *holder;  /* e_license_holder (the item's or the library's); NULL: default */
  wnd__expr holder_own;     /* the item's own e_license_holder */
  wnd__expr required;       /* constant 1 by default */
  wnd__strlist any_of;
  wnd__span supplement_within;
  wnd__loc supplement_loc;
  wnd__mcheck *checks;
  wnd__loc loc;
  /* small members together at the end: no padding between them */
  unsigned forms;           /* effective; 0 = any */
  int source;
  uint32_t nchecks;
  bool verify_only;
  bool commitment;          /* a 告知承诺 may stand in for it (SPEC §4.5) */
  bool has_verify;
  bool tolerable;
  bool has_supplement;
  uint32_t idlen;           /* strlen(id), in what was padding: matched against keys */
} wnd__material;

typedef struct wnd__route {
  wnd__expr when;           /* absent: always (constant 1) */
  const char *subject;      /* "routing:N", the subject of its findings */
  const char *department_id, *section_id, *escalate_id, *window_id;
  const wnd__department *department, *escalate_to;
  const wnd__section *section;
  const wnd__window *window;
  const char *reject;       /* message, or NULL */
  wnd__loc loc, department_loc, section_loc, escalate_loc, window_loc;
} wnd__route;

typedef struct wnd__fasttrack {
  bool present, enabled;
  int64_t max_gaps;         /* -1 = catalog default */
  wnd__expr eligible;
  bool issue_before_supplement;
  wnd__loc loc;
} wnd__fasttrack;

typedef struct wnd__test {
  const char *name;
  const char *now;          /* text, or NULL */
  wnd__value submission;
  wnd__value expect;        /* map */
  wnd__value elicenses;     /* map holder -> list, or null */
  wnd__loc loc;
} wnd__test;

typedef enum { HANDLING_INSTANT, HANDLING_PROMISED } wnd__handling;
typedef enum { AUTH_NONE, AUTH_ACCEPT, AUTH_DECIDE } wnd__auth;

typedef struct wnd__item {
  const char *code, *name, *type;
  const char *department_id, *section_id, *window_id, *output_window_id;
  const wnd__department *department;
  const wnd__section *section;
  const wnd__window *window, *output_window;
  int handling, authorized;
  int flow;                 /* wnd_flow declared by `flow:`, or WND_FLOW_NONE: derived */
  unsigned frequency;       /* FREQ_HIGH or FREQ_LOW */
  wnd__strlist themes;
  bool has_statutory, has_promised, has_extension;
  wnd__span statutory, promised, extension;  /* extension: statutory_extension */
  wnd__expr commitment_eligible;  /* text NULL: everyone may commit */
  bool comprehensive;
  const char *exclusion_reason, *fee, *basis;
  wnd__field *fields;
  uint32_t nfields;
  wnd__condition *conditions;
  uint32_t nconditions;
  wnd__material *materials;
  uint32_t nmaterials;
  wnd__fasttrack fast_track;
  wnd__route *routes;
  uint32_t nroutes;
  wnd__test *tests;
  uint32_t ntests;
  const char *file;
  wnd__loc loc, code_loc, department_loc, section_loc, window_loc,
      output_window_loc, statutory_loc, promised_loc, comprehensive_loc, flow_loc;
  /* No expression evaluated for this item (its own, a library material's
     holder, a window's `when`) names the `materials` variable: material
     dates are converted only in the entry a check sees as `m` (decide.c).
     false, as calloc leaves it: every entry is converted up front. */
  bool dates_lazy;
} wnd__item;

/* One entry of a bundle's `after:` (SPEC §4.5 bundle steps). */
typedef struct wnd__bundle_step {
  const char *code;
  wnd__loc loc;
  wnd__strlist pre;         /* prerequisite codes */
} wnd__bundle_step;

typedef struct wnd__bundle {
  const char *id, *name;
  wnd__strlist item_codes;
  const wnd__item **items;
  uint32_t nitems;
  wnd__bundle_step *steps;  /* as written */
  uint32_t nsteps;
  /* Resolved: prerequisites of item i are pre[i][0..npre[i]) (indexes into
  ** items), and `order` lists every item index after its prerequisites. */
  uint32_t **pre;
  uint32_t *npre;
  uint32_t *order;
  bool has_promised;
  wnd__span promised;
  wnd__test *tests;
  uint32_t ntests;
  wnd__loc loc;
} wnd__bundle;

typedef enum { HT_BOOL, HT_INT, HT_DOUBLE, HT_STRING } wnd__htype;

typedef struct wnd__fndecl {
  const char *name;
  uint8_t params[8];
  uint32_t nparams;
  uint8_t ret;
  const char *library;
  wnd__loc loc;
  const void *binding;      /* the provider bound at load (lib/host) */
} wnd__fndecl;

typedef struct wnd__finalizer {
  void (*fn)(void *ud, void *p);
  void *ud;
  void *p;
} wnd__finalizer;

typedef struct wnd__defaults {
  wnd__span notify_within, supplement_within, transfer_within;
  int64_t max_gaps;
} wnd__defaults;

struct wnd_catalog {
  wnd_env *env;
  wnd__arena arena;
  const char *dir;
  const char *id, *name, *version;
  int32_t offset;            /* timezone, seconds east of UTC */
  wnd__defaults defaults;
  wnd__department *departments;
  uint32_t ndepartments;
  wnd__window *windows;
  uint32_t nwindows;
  wnd__libmat *libmats;
  uint32_t nlibmats;
  struct wnd__calendar *calendar;
  int *years;
  bool *provisional;         /* per entry of years: published before the official notice */
  bool any_provisional;      /* some entry of provisional is true (lets deadlines skip the check) */
  uint32_t nyears;
  char digest[72];           /* "sha256:" + hex over the loaded files (SPEC §4.5) */
  wnd__item *items;
  uint32_t nitems;
  /* Items and bundles grow geometrically on the heap while files are read
  ** (one file per item) and are freed with the catalog; the indexes are
  ** built once every item and bundle is read (resolve.c). */
  size_t items_cap;
  wnd__index item_index;
  wnd__bundle *bundles;
  uint32_t nbundles;
  size_t bundles_cap;
  wnd__index bundle_index;
  /* Departments, windows and library materials, each read from one file
  ** into an array that does not move, indexed while it is read (the
  ** duplicate-id check and every reference from items find them by hash). */
  wnd__index department_index;
  wnd__index window_index;
  wnd__index libmat_index;
  wnd__fndecl *functions;
  uint32_t nfunctions;
  struct wnd__cel_hostfn *hostfns;  /* bound host functions, for the compiler */
  uint32_t nhostfns;
  /* elicense.available when the host registered it (string, string) -> bool,
  ** declared in functions.yaml or not; NULL otherwise (lib/host). */
  const struct wnd__cel_hostfn *elicense;
  wnd__finalizer *finalizers;
  size_t nfinalizers, finalizers_cap;
  struct wnd__progcache *progcache;  /* while loading only (progcache.c) */
  struct wnd__intern_table *interned; /* while loading only (intern.c) */
  void *scratch_pool;        /* evaluation scratch (lib/engine/scratch.c) */
  void *engine_snapshot;     /* the engine snapshot holding it, if any */
  /* References besides the loader's, taken by expressions compiled against
  ** it (wnd__catalog_retain); zero, as the loader's calloc leaves it, is
  ** one holder.  wnd_catalog_free drops one and frees at the last. */
  atomic_int extra_refs;
};

/* Lookups.  Items by code and bundles by id go through a hash index once
** loading has read them all (a province holds tens of thousands of items
** and evaluation looks an item up by code); the others are linear: tens of
** entries, looked up at load only. */
WND_HIDDEN const wnd__department *wnd__find_department(const wnd_catalog *c, const char *id);
WND_HIDDEN const wnd__section *wnd__find_section(const wnd__department *d, const char *id);
WND_HIDDEN const wnd__window *wnd__find_window(const wnd_catalog *c, const char *id);
WND_HIDDEN const wnd__libmat *wnd__find_libmat(const wnd_catalog *c, const char *id);
WND_HIDDEN const wnd__item *wnd__find_item(const wnd_catalog *c, const char *code);
WND_HIDDEN const wnd__bundle *wnd__find_bundle(const wnd_catalog *c, const char *id);
/* The flow of an item by SPEC §4.5: its `flow:`, else derived from handling
** and authority (the 0.1 rule). */
WND_HIDDEN int wnd__item_flow(const wnd__item *it);
/* What the layers above the catalog add to a load (lib/engine/load.c
** passes them): binding functions.yaml to host providers once that file is
** read, and the evaluation scratch pool once the catalog is complete.  The
** catalog layer may not call up into host or engine, so they come as hooks. */
typedef struct wnd__load_hooks {
  void (*bind_functions)(wnd_catalog *c, wnd_diags *d);
  bool (*finish)(wnd_catalog *c); /* false: out of memory */
} wnd__load_hooks;
/* wnd_catalog_load without its upper layers' steps; hooks may be NULL. */
WND_HIDDEN int wnd__catalog_load(wnd_catalog **out, wnd_diags **diags, wnd_env *env,
                                 const char *dir, const wnd_load_options *opts,
                                 const wnd__load_hooks *hooks);
/* Take a reference (NULL passes through): the catalog then lives until
** one more wnd_catalog_free. */
WND_HIDDEN wnd_catalog *wnd__catalog_retain(const wnd_catalog *c);
WND_HIDDEN bool wnd__catalog_add_finalizer(wnd_catalog *c, void (*fn)(void *, void *),
                                           void *ud, void *p);

#endif
