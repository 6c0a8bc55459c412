/*
** ytree.h — YAML text to a tree of positioned nodes.
**
** Built on libyaml's event API (its document loader leaks on one error path
** and scans anchors linearly).  Every node keeps its 1-based line and
** column and its byte offset, so every diagnostic can name file:line:col.
** Bounds are enforced while events arrive: nesting depth (libyaml 0.2.5
** has none, and its parser is quadratic in depth), node count with aliases
** counted at their expanded size (an alias bomb stops at the first alias
** that would pass the budget), anchors per file, file size, UTF-8.
** Aliases share the anchored node; a tree never contains a cycle because
** an anchor becomes usable only once its node is complete.
*/
#ifndef WND_YAML_YTREE_H
#define WND_YAML_YTREE_H

#include "../core/diag.h"
#include "../core/mem.h"

typedef enum wnd__ykind { YN_SCALAR, YN_SEQ, YN_MAP } wnd__ykind;

typedef enum wnd__ystyle {
  YS_PLAIN,
  YS_SINGLE,
  YS_DOUBLE,
  YS_LITERAL,
  YS_FOLDED,
  YS_FLOW,     /* flow collection */
  YS_BLOCK,    /* block collection */
} wnd__ystyle;

typedef struct wnd__ynode wnd__ynode;
typedef struct wnd__ypair {
  wnd__ynode *key;
  wnd__ynode *val;
} wnd__ypair;

struct wnd__ynode {
  uint8_t kind;     /* wnd__ykind */
  uint8_t style;    /* wnd__ystyle */
  uint32_t line;    /* 1-based */
  uint32_t col;     /* 1-based, in code points */
  uint32_t n;       /* scalar bytes, sequence items, mapping pairs */
  uint32_t weight;  /* nodes in this subtree, aliases expanded */
  union {
    const char *s;          /* scalar, NUL-terminated */
    wnd__ynode **items;
    wnd__ypair *pairs;
  } u;
};

typedef struct wnd__ydoc {
  wnd__arena arena;     /* owns every node and string */
  const char *file;     /* as given */
  const char *text;     /* the source bytes (owned by the caller) */
  size_t len;
  wnd__ynode *root;     /* NULL for an empty document */
} wnd__ydoc;

typedef struct wnd__ylimits {
  size_t max_bytes;
  uint32_t max_depth;
  uint32_t max_nodes;
  uint32_t max_anchors;  /* 0: aliases and anchors are rejected (submissions) */
  bool reject_duplicate_keys;
} wnd__ylimits;

/*
** Parse text[0..len) into doc.  Problems become diagnostics against `file`
** (codes yaml-syntax, bad-utf8, yaml-tab, yaml-limit, yaml-alias,
** duplicate-key, yaml-tag, yaml-multidoc).  Returns WND_OK, WND_EINVALID
** (diagnostics added; doc->root may be NULL), WND_ELIMIT, or WND_ENOMEM.
** The doc must be released with wnd__ydoc_free whatever the result.
*/
WND_HIDDEN int wnd__yparse(wnd__ydoc *doc, const wnd__mem *m, const char *file,
                           const char *text, size_t len,
                           const wnd__ylimits *lim, wnd_diags *diags);
WND_HIDDEN void wnd__ydoc_free(wnd__ydoc *doc);
/* As wnd__yparse, but the nodes go into `arena` (moved into doc->arena;
** the caller takes it back with wnd__ydoc_take_arena instead of freeing
** the doc), so many files can be parsed into one rewound arena. */
WND_HIDDEN int wnd__yparse_in(wnd__ydoc *doc, wnd__arena *arena, const char *file,
                              const char *text, size_t len, const wnd__ylimits *lim,
                              wnd_diags *diags);
WND_HIDDEN void wnd__ydoc_take_arena(wnd__ydoc *doc, wnd__arena *arena);

/* Mapping lookup by key text; NULL when absent or not a mapping. */
WND_HIDDEN const wnd__ynode *wnd__ymap_get(const wnd__ynode *map, const char *key);

/*
** Source position of byte `off` of a scalar's value (for errors inside
** expressions and patterns).  Exact for plain, quoted and block scalars
** whose value maps character by character onto the source; escapes and
** folding are walked, not guessed.
*/
WND_HIDDEN void wnd__yscalar_pos(const wnd__ydoc *doc, const wnd__ynode *n,
                                 size_t off, uint32_t *line, uint32_t *col);

#endif
