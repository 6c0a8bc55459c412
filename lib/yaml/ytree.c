/*
** ytree.c — libyaml events to a positioned node tree (see ytree.h).
*/
#include "ytree.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "../core/utf8.h"
#include "yhints.h"

typedef struct frame {
  wnd__ynode *node;
  char *anchor;            /* registered when the node completes */
  size_t start;            /* first of its children in builder.kids */
  wnd__ynode *pending_key; /* mappings: key waiting for its value */
} frame;

typedef struct anchor {
  char *name;
  wnd__ynode *node;
} anchor;

typedef struct builder {
  wnd__ydoc *doc;
  const wnd__mem *mem;
  const wnd__ylimits *lim;
  wnd_diags *diags;
  frame *stack;
  size_t depth, stack_cap;
  /* Children of every open collection, innermost last (a mapping's as
  ** key, value, key, ...): one array for the whole document instead of one
  ** heap array per collection, copied into the arena when it closes. */
  wnd__ynode **kids;
  size_t nkids, kids_cap;
  anchor *anchors;
  size_t nanchors, anchors_cap;
  uint64_t nodes;          /* real nodes plus alias expansions */
  int status;
} builder;

static void diag(builder *b, const char *code, uint32_t line, uint32_t col,
                 const char *fmt, const char *arg) {
  wnd__diag_add(b->diags, WND_SEV_ERROR, code, b->doc->file, line, col, fmt,
                arg ? arg : "");
}

/* Set the first failure status; diagnostics already say why. */
static void fail(builder *b, int status) {
  if (b->status == WND_OK) b->status = status;
}

static void pos_of_offset(const char *text, size_t off, uint32_t *line,
                          uint32_t *col) {
  uint32_t l = 1;
  size_t ls = 0;
  for (size_t i = 0; i < off; i++)
    if (text[i] == '\n') {
      l++;
      ls = i + 1;
    }
  *line = l;
  *col = wnd__utf8_column(text + ls, off - ls);
}

static wnd__ynode *new_node(builder *b, wnd__ykind kind, yaml_mark_t mark) {
  wnd__ynode *n = wnd__arena_calloc(&b->doc->arena, 1, sizeof *n);
  if (!n) {
    fail(b, WND_ENOMEM);
    return NULL;
  }
  n->kind = (uint8_t)kind;
  n->line = (uint32_t)mark.line + 1;
  n->col = (uint32_t)mark.column + 1;
  n->weight = 1;
  return n;
}

static bool count_nodes(builder *b, uint64_t add, yaml_mark_t mark) {
  b->nodes += add;
  if (b->nodes > b->lim->max_nodes) {
    wnd__diag_add(b->diags, WND_SEV_ERROR, "yaml-limit", b->doc->file,
                  (uint32_t)mark.line + 1, (uint32_t)mark.column + 1,
                  "document has more than %u nodes (aliases counted expanded)",
                  (unsigned)b->lim->max_nodes);
    fail(b, WND_ELIMIT);
    return false;
  }
  return true;
}

/* Put a finished node (or an aliased one) into its parent. */
static void attach(builder *b, wnd__ynode *n) {
  if (b->depth == 0) {
    if (!b->doc->root) b->doc->root = n;
    return;
  }
  frame *f = &b->stack[b->depth - 1];
  f->node->weight += n->weight;
  if (f->node->kind == YN_SEQ) {
    if (!WND_PUSH(b->mem, b->kids, b->nkids, b->kids_cap)) {
      fail(b, WND_ENOMEM);
      return;
    }
    b->kids[b->nkids++] = n;
    return;
  }
  if (!f->pending_key) {
    if (n->kind != YN_SCALAR) {
      diag(b, "yaml-syntax", n->line, n->col,
           "mapping keys must be scalars%s", NULL);
      fail(b, WND_EINVALID);
    }
    f->pending_key = n;
    return;
  }
  if (!WND_PUSH(b->mem, b->kids, b->nkids, b->kids_cap) ||
      !WND_PUSH(b->mem, b->kids, b->nkids + 1, b->kids_cap)) {
    fail(b, WND_ENOMEM);
    return;
  }
  b->kids[b->nkids++] = f->pending_key;
  b->kids[b->nkids++] = n;
  f->pending_key = NULL;
}

static bool check_tag(builder *b, const yaml_char_t *tag, int implicit,
                      yaml_mark_t mark) {
  if (!tag || implicit) return true;
  diag(b, "yaml-tag", (uint32_t)mark.line + 1, (uint32_t)mark.column + 1,
       "YAML tags are not supported (%s)", (const char *)tag);
  fail(b, WND_EINVALID);
  return false;
}

static bool add_anchor(builder *b, char *name, wnd__ynode *n) {
  if (b->nanchors >= b->lim->max_anchors) {
    diag(b, "yaml-limit", n->line, n->col,
         "too many anchors in one file (limit reached at '%s')", name);
    fail(b, WND_ELIMIT);
    return false;
  }
  if (!WND_PUSH(b->mem, b->anchors, b->nanchors, b->anchors_cap)) {
    fail(b, WND_ENOMEM);
    return false;
  }
  b->anchors[b->nanchors].name = name;
  b->anchors[b->nanchors].node = n;
  b->nanchors++;
  return true;
}

static char *copy_anchor(builder *b, const yaml_char_t *a) {
  char *s = wnd__strdup(b->mem, (const char *)a);
  if (!s) fail(b, WND_ENOMEM);
  return s;
}

static void on_scalar(builder *b, const yaml_event_t *ev) {
  if (!check_tag(b, ev->data.scalar.tag,
                 ev->data.scalar.plain_implicit || ev->data.scalar.quoted_implicit,
                 ev->start_mark))
    return;
  /* Values count toward the node limit, mapping keys do not (as in JSON). */
  bool is_key = b->depth > 0 && b->stack[b->depth - 1].node->kind == YN_MAP &&
                !b->stack[b->depth - 1].pending_key;
  if (!is_key && !count_nodes(b, 1, ev->start_mark)) return;
  wnd__ynode *n = new_node(b, YN_SCALAR, ev->start_mark);
  if (!n) return;
  size_t len = ev->data.scalar.length;
  if (memchr(ev->data.scalar.value, 0, len)) {
    diag(b, "yaml-syntax", n->line, n->col,
         "NUL character in a scalar%s", NULL);
    fail(b, WND_EINVALID);
    return;
  }
  char *s = wnd__arena_strndup(&b->doc->arena,
                               (const char *)ev->data.scalar.value, len);
  if (!s) {
    fail(b, WND_ENOMEM);
    return;
  }
  n->u.s = s;
  n->n = (uint32_t)len;
  switch (ev->data.scalar.style) {
    case YAML_SINGLE_QUOTED_SCALAR_STYLE: n->style = YS_SINGLE; break;
    case YAML_DOUBLE_QUOTED_SCALAR_STYLE: n->style = YS_DOUBLE; break;
    case YAML_LITERAL_SCALAR_STYLE: n->style = YS_LITERAL; break;
    case YAML_FOLDED_SCALAR_STYLE: n->style = YS_FOLDED; break;
    default: n->style = YS_PLAIN; break;
  }
  /* [公办学校，民办学校] is one entry with a full-width comma in it: an enum
  ** of one value that nothing ever equals.  Plain scalars only: a quoted
  ** one says the comma is meant. */
  if (n->style == YS_PLAIN && b->depth > 0 && b->stack[b->depth - 1].node->kind == YN_SEQ &&
      b->stack[b->depth - 1].node->style == YS_FLOW && strstr(s, "\xef\xbc\x8c")) {
    diag(b, "yaml-fullwidth", n->line, n->col,
         "full-width comma '，' inside [ ]: YAML separates list entries with ',' "
         "(quote the entry if the comma is meant)%s", NULL);
    fail(b, WND_EINVALID);
    return;
  }
  /* A merge key would be read as an ordinary key named "<<" and its fields
  ** lost without a word; refuse it (docs/reference.md says why). */
  if (is_key && n->style == YS_PLAIN && len == 2 && !memcmp(s, "<<", 2)) {
    diag(b, "yaml-merge", n->line, n->col,
         "YAML merge keys (<<: *anchor) are not supported: repeat the keys, or use an "
         "anchor for the whole mapping (&name ... *name)%s", NULL);
    fail(b, WND_EINVALID);
    return;
  }
  if (ev->data.scalar.anchor) {
    if (b->lim->max_anchors == 0) {
      diag(b, "yaml-alias", n->line, n->col,
           "anchors and aliases are not allowed here%s", NULL);
      fail(b, WND_EINVALID);
      return;
    }
    char *a = copy_anchor(b, ev->data.scalar.anchor);
    if (!a || !add_anchor(b, a, n)) {
      wnd__free(b->mem, a);
      return;
    }
  }
  attach(b, n);
}

static void on_start(builder *b, const yaml_event_t *ev, wnd__ykind kind) {
  const yaml_char_t *tag, *anc;
  int implicit;
  bool flow;
  if (kind == YN_SEQ) {
    tag = ev->data.sequence_start.tag;
    implicit = ev->data.sequence_start.implicit;
    anc = ev->data.sequence_start.anchor;
    flow = ev->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
  } else {
    tag = ev->data.mapping_start.tag;
    implicit = ev->data.mapping_start.implicit;
    anc = ev->data.mapping_start.anchor;
    flow = ev->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
  }
  if (!check_tag(b, tag, implicit, ev->start_mark)) return;
  if (b->depth >= b->lim->max_depth) {
    wnd__diag_add(b->diags, WND_SEV_ERROR, "yaml-limit", b->doc->file,
                  (uint32_t)ev->start_mark.line + 1,
                  (uint32_t)ev->start_mark.column + 1,
                  "nesting deeper than %u levels", (unsigned)b->lim->max_depth);
    fail(b, WND_ELIMIT);
    return;
  }
  if (anc && b->lim->max_anchors == 0) {
    diag(b, "yaml-alias", (uint32_t)ev->start_mark.line + 1,
         (uint32_t)ev->start_mark.column + 1,
         "anchors and aliases are not allowed here%s", NULL);
    fail(b, WND_EINVALID);
    return;
  }
  if (!count_nodes(b, 1, ev->start_mark)) return;
  wnd__ynode *n = new_node(b, kind, ev->start_mark);
  if (!n) return;
  n->style = flow ? YS_FLOW : YS_BLOCK;
  if (!WND_PUSH(b->mem, b->stack, b->depth, b->stack_cap)) {
    fail(b, WND_ENOMEM);
    return;
  }
  frame *f = &b->stack[b->depth++];
  memset(f, 0, sizeof *f);
  f->node = n;
  f->start = b->nkids;
  if (anc) f->anchor = copy_anchor(b, anc);
}

static int cmp_pair_key(const void *x, const void *y) {
  const wnd__ypair *a = *(const wnd__ypair *const *)x;
  const wnd__ypair *c = *(const wnd__ypair *const *)y;
  uint32_t n = a->key->n < c->key->n ? a->key->n : c->key->n;
  int r = memcmp(a->key->u.s, c->key->u.s, n);
  if (r) return r;
  if (a->key->n != c->key->n) return a->key->n < c->key->n ? -1 : 1;
  /* equal keys: order by position so the later one is reported */
  if (a->key->line != c->key->line) return a->key->line < c->key->line ? -1 : 1;
  return a->key->col < c->key->col ? -1 : (a->key->col > c->key->col);
}

/* Whether a small mapping has two equal keys, without allocating: most
** mappings of a rule file have a handful of keys and none repeated. */
static bool small_map_unique(const wnd__ynode *map) {
  if (map->n > 16) return false;
  for (uint32_t i = 1; i < map->n; i++) {
    const wnd__ynode *k = map->u.pairs[i].key;
    for (uint32_t j = 0; j < i; j++) {
      const wnd__ynode *o = map->u.pairs[j].key;
      if (o->n == k->n && memcmp(o->u.s, k->u.s, k->n) == 0) return false;
    }
  }
  return true;
}

/* O(n log n) so a hostile mapping with 10^5 keys costs milliseconds. */
static void check_duplicate_keys(builder *b, wnd__ynode *map) {
  if (map->n < 2 || small_map_unique(map)) return;
  const wnd__ypair **idx = wnd__calloc(b->mem, map->n, sizeof *idx);
  if (!idx) {
    fail(b, WND_ENOMEM);
    return;
  }
  for (uint32_t i = 0; i < map->n; i++) idx[i] = &map->u.pairs[i];
  qsort(idx, map->n, sizeof *idx, cmp_pair_key);
  for (uint32_t i = 1; i < map->n; i++) {
    const wnd__ynode *k0 = idx[i - 1]->key, *k1 = idx[i]->key;
    if (k0->n == k1->n && memcmp(k0->u.s, k1->u.s, k0->n) == 0) {
      wnd__diag_add(b->diags, WND_SEV_ERROR, "duplicate-key", b->doc->file,
                    k1->line, k1->col,
                    "duplicate key '%s' (first at line %u, column %u)",
                    k1->u.s, (unsigned)k0->line, (unsigned)k0->col);
      fail(b, WND_EINVALID);
    }
  }
  wnd__free(b->mem, idx);
}

static void on_end(builder *b) {
  if (b->depth == 0) return;
  frame *f = &b->stack[b->depth - 1];
  wnd__ynode *n = f->node;
  size_t nk = b->nkids - f->start;
  /* b->kids is NULL until the first child: NULL + 0 is undefined in C */
  wnd__ynode **kids = nk ? b->kids + f->start : NULL;
  if (nk && n->kind == YN_SEQ) {
    wnd__ynode **arr = wnd__arena_alloc(&b->doc->arena, nk * sizeof *arr);
    if (!arr) {
      fail(b, WND_ENOMEM);
    } else {
      memcpy(arr, kids, nk * sizeof *arr);
      n->u.items = arr;
      n->n = (uint32_t)nk;
    }
  } else if (nk) {
    wnd__ypair *arr = wnd__arena_alloc(&b->doc->arena, nk / 2 * sizeof *arr);
    if (!arr) {
      fail(b, WND_ENOMEM);
    } else {
      for (size_t i = 0; i < nk / 2; i++) arr[i] = (wnd__ypair){kids[2 * i], kids[2 * i + 1]};
      n->u.pairs = arr;
      n->n = (uint32_t)(nk / 2);
    }
  }
  b->nkids = f->start;
  char *anc = f->anchor;
  f->anchor = NULL;
  b->depth--;
  if (b->status != WND_OK) {
    wnd__free(b->mem, anc);
    return;
  }
  if (n->kind == YN_MAP && b->lim->reject_duplicate_keys)
    check_duplicate_keys(b, n);
  if (anc && !add_anchor(b, anc, n)) wnd__free(b->mem, anc);
  attach(b, n);
}

static void on_alias(builder *b, const yaml_event_t *ev) {
  const char *name = (const char *)ev->data.alias.anchor;
  uint32_t line = (uint32_t)ev->start_mark.line + 1;
  uint32_t col = (uint32_t)ev->start_mark.column + 1;
  if (b->lim->max_anchors == 0) {
    diag(b, "yaml-alias", line, col, "anchors and aliases are not allowed here%s",
         NULL);
    fail(b, WND_EINVALID);
    return;
  }
  /* Latest definition wins (YAML allows redefining an anchor). */
  for (size_t i = b->nanchors; i-- > 0;) {
    if (strcmp(b->anchors[i].name, name) == 0) {
      wnd__ynode *t = b->anchors[i].node;
      if (!count_nodes(b, t->weight, ev->start_mark)) return;
      attach(b, t);
      return;
    }
  }
  for (size_t i = 0; i < b->depth; i++) {
    if (b->stack[i].anchor && strcmp(b->stack[i].anchor, name) == 0) {
      diag(b, "yaml-alias", line, col,
           "alias '*%s' refers to a node that contains it (a cycle)", name);
      fail(b, WND_EINVALID);
      return;
    }
  }
  diag(b, "yaml-alias", line, col, "undefined alias '*%s'", name);
  fail(b, WND_EINVALID);
}

/* libyaml says "found character that cannot start any token" for a tab
** in indentation; say what it is. */
static bool tab_in_indent(const char *text, size_t len, size_t line0) {
  size_t l = 0, i = 0;
  while (i < len && l < line0) {
    if (text[i] == '\n') l++;
    i++;
  }
  for (; i < len && (text[i] == ' ' || text[i] == '\t'); i++)
    if (text[i] == '\t') return true;
  return false;
}

static void syntax_error(builder *b, yaml_parser_t *p) {
  if (p->error == YAML_MEMORY_ERROR) {
    fail(b, WND_ENOMEM);
    return;
  }
  uint32_t line = (uint32_t)p->problem_mark.line + 1;
  uint32_t col = (uint32_t)p->problem_mark.column + 1;
  uint32_t fl, fc;
  const char *hint;
  if (p->error == YAML_READER_ERROR) {
    /* the reader (control characters such as a raw NUL) leaves the mark
       at 0:0 and gives the byte offset instead */
    size_t off = p->problem_offset < b->doc->len ? p->problem_offset : b->doc->len;
    pos_of_offset(b->doc->text, off, &line, &col);
    wnd__diag_add(b->diags, WND_SEV_ERROR, "yaml-syntax", b->doc->file, line, col, "%s",
                  p->problem ? p->problem : "unreadable character");
  } else if (tab_in_indent(b->doc->text, b->doc->len, p->problem_mark.line)) {
    wnd__diag_add(b->diags, WND_SEV_ERROR, "yaml-tab", b->doc->file, line, 1,
                  "tab character in indentation (YAML indents with spaces only)");
  } else if (wnd__yhint_fullwidth(b->doc->text, b->doc->len, p->problem_mark.line, &fl, &fc,
                                  &hint)) {
    wnd__diag_add(b->diags, WND_SEV_ERROR, "yaml-fullwidth", b->doc->file, fl, fc,
                  "%s (YAML: %s)", hint, p->problem ? p->problem : "syntax error");
  } else if (p->context) {
    wnd__diag_add(b->diags, WND_SEV_ERROR, "yaml-syntax", b->doc->file, line,
                  col, "%s %s", p->problem ? p->problem : "syntax error",
                  p->context);
  } else {
    wnd__diag_add(b->diags, WND_SEV_ERROR, "yaml-syntax", b->doc->file, line,
                  col, "%s", p->problem ? p->problem : "syntax error");
  }
  fail(b, WND_EINVALID);
}

static void cleanup(builder *b) {
  for (size_t i = 0; i < b->depth; i++) wnd__free(b->mem, b->stack[i].anchor);
  wnd__free(b->mem, b->stack);
  wnd__free(b->mem, b->kids);
  for (size_t i = 0; i < b->nanchors; i++) wnd__free(b->mem, b->anchors[i].name);
  wnd__free(b->mem, b->anchors);
}

int wnd__yparse(wnd__ydoc *doc, const wnd__mem *m, const char *file,
                const char *text, size_t len, const wnd__ylimits *lim,
                wnd_diags *diags) {
  wnd__arena a;
  wnd__arena_init(&a, m, NULL, 0);
  return wnd__yparse_in(doc, &a, file, text, len, lim, diags);
}

void wnd__ydoc_take_arena(wnd__ydoc *doc, wnd__arena *arena) {
  *arena = doc->arena;
  memset(&doc->arena, 0, sizeof doc->arena);
  doc->root = NULL;
}

int wnd__yparse_in(wnd__ydoc *doc, wnd__arena *arena, const char *file,
                   const char *text, size_t len, const wnd__ylimits *lim,
                   wnd_diags *diags) {
  const wnd__mem *m = arena->mem;
  memset(doc, 0, sizeof *doc);
  doc->arena = *arena;
  memset(arena, 0, sizeof *arena);
  doc->file = file;
  doc->text = text;
  doc->len = len;
  builder b = {0};
  b.doc = doc;
  b.mem = m;
  b.lim = lim;
  b.diags = diags;
  b.status = WND_OK;

  if (len > lim->max_bytes) {
    wnd__diag_add(diags, WND_SEV_ERROR, "yaml-limit", file, 0, 0,
                  "file is %zu bytes; the limit is %zu", len, lim->max_bytes);
    return WND_ELIMIT;
  }
  size_t bad = wnd__utf8_check(text, len);
  if (bad != len) {
    uint32_t line, col;
    pos_of_offset(text, bad, &line, &col);
    wnd__diag_add(diags, WND_SEV_ERROR, "bad-utf8", file, line, col,
                  "invalid UTF-8 (byte 0x%02x at offset %zu)%s",
                  (unsigned)(unsigned char)text[bad], bad, wnd__yhint_encoding(text, len));
    return WND_EINVALID;
  }

  yaml_parser_t p;
  if (!yaml_parser_initialize(&p)) return WND_ENOMEM;
  yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
  int docs = 0;
  bool done = false;
  while (!done && b.status == WND_OK) {
    yaml_event_t ev;
    if (!yaml_parser_parse(&p, &ev)) {
      syntax_error(&b, &p);
      break;
    }
    switch (ev.type) {
      case YAML_STREAM_END_EVENT: done = true; break;
      case YAML_DOCUMENT_START_EVENT:
        if (++docs > 1) {
          wnd__diag_add(diags, WND_SEV_ERROR, "yaml-multidoc", file,
                        (uint32_t)ev.start_mark.line + 1,
                        (uint32_t)ev.start_mark.column + 1,
                        "more than one YAML document in a file");
          fail(&b, WND_EINVALID);
        }
        break;
      case YAML_SCALAR_EVENT: on_scalar(&b, &ev); break;
      case YAML_SEQUENCE_START_EVENT: on_start(&b, &ev, YN_SEQ); break;
      case YAML_MAPPING_START_EVENT: on_start(&b, &ev, YN_MAP); break;
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT: on_end(&b); break;
      case YAML_ALIAS_EVENT: on_alias(&b, &ev); break;
      default: break;
    }
    yaml_event_delete(&ev);
  }
  yaml_parser_delete(&p);
  cleanup(&b);
  if (b.status != WND_OK) doc->root = NULL;
  if (b.status == WND_OK && diags && diags->oom) return WND_ENOMEM;
  return b.status;
}

void wnd__ydoc_free(wnd__ydoc *doc) {
  if (doc) wnd__arena_free(&doc->arena);
}

const wnd__ynode *wnd__ymap_get(const wnd__ynode *map, const char *key) {
  if (!map || map->kind != YN_MAP) return NULL;
  size_t kl = strlen(key);
  for (uint32_t i = 0; i < map->n; i++) {
    const wnd__ynode *k = map->u.pairs[i].key;
    if (k->n == kl && memcmp(k->u.s, key, kl) == 0) return map->u.pairs[i].val;
  }
  return NULL;
}

/* Byte offset in the source of 1-based (line, col in code points). */
static size_t source_offset(const wnd__ydoc *doc, uint32_t line, uint32_t col) {
  size_t i = 0;
  for (uint32_t l = 1; l < line && i < doc->len; i++)
    if (doc->text[i] == '\n') l++;
  for (uint32_t c = 1; c < col && i < doc->len; c++) {
    i++;
    while (i < doc->len && ((unsigned char)doc->text[i] & 0xC0) == 0x80) i++;
  }
  return i;
}

void wnd__yscalar_pos(const wnd__ydoc *doc, const wnd__ynode *n, size_t off,
                      uint32_t *line, uint32_t *col) {
  *line = n->line;
  *col = n->col;
  if (n->kind != YN_SCALAR || !doc->text) return;
  const char *t = doc->text;
  size_t i = source_offset(doc, n->line, n->col);
  size_t v = 0;  /* bytes of the value consumed */
  if (n->style == YS_SINGLE || n->style == YS_DOUBLE) i++;
  if (n->style == YS_LITERAL || n->style == YS_FOLDED) {
    while (i < doc->len && t[i] != '\n') i++; /* skip the indicator line */
    if (i < doc->len) i++;
  }
  /* Walk value and source together: value bytes appear in the source in
  ** order; what the source has in addition (quotes doubled, escapes,
  ** indentation, folded line breaks) is skipped. */
  while (v < off && i < doc->len) {
    char sc = t[i];
    char vc = n->u.s[v];
    if (n->style == YS_SINGLE && sc == '\'' && i + 1 < doc->len && t[i + 1] == '\'') {
      i += 2;
      v++;
    } else if (n->style == YS_DOUBLE && sc == '\\') {
      /* One escape yields one value character (ASCII or a code point). */
      i += 2;
      if (i - 1 < doc->len && (t[i - 1] == 'u' || t[i - 1] == 'x' || t[i - 1] == 'U'))
        while (i < doc->len && ((t[i] >= '0' && t[i] <= '9') || (t[i] >= 'a' && t[i] <= 'f') || (t[i] >= 'A' && t[i] <= 'F'))) i++;
      v++;
      while (v < n->n && ((unsigned char)n->u.s[v] & 0xC0) == 0x80) v++;
    } else if (sc == vc) {
      i++;
      v++;
    } else if (sc == '\n' || sc == ' ' || sc == '\r') {
      i++; /* indentation or a folded break in the source */
      if (vc == ' ' || vc == '\n') {
        /* folded: a source break became a space; consume when next source
        ** char is not also whitespace matching it */
        if (!(i < doc->len && (t[i] == ' ' || t[i] == '\n'))) v++;
      }
    } else {
      i++;
    }
  }
  /* The walk stops as soon as the value offset is reached, which may be
  ** right after a folded break or inside the indentation that follows it:
  ** point at the character itself, not at the whitespace before it. */
  if (v < n->n && n->u.s[v] != ' ' && n->u.s[v] != '\n')
    while (i < doc->len && (t[i] == ' ' || t[i] == '\n' || t[i] == '\r')) i++;
  /* Convert source offset i to line/col. */
  uint32_t l = 1;
  size_t ls = 0;
  for (size_t k = 0; k < i && k < doc->len; k++)
    if (t[k] == '\n') {
      l++;
      ls = k + 1;
    }
  *line = l;
  *col = wnd__utf8_column(t + ls, i - ls);
}
