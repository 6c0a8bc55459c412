/*
** loader.c — load a catalog directory (SPEC §2): read each file within
** the size bounds, parse it into a node tree, hand it to its loader, then
** resolve references and lint.  Files are read in a fixed order (catalog,
** functions, departments, windows, materials, calendars, items, bundles)
** so that expressions can be compiled as soon as their file is read, and
** in sorted name order within a directory so output is reproducible.
** Reading and parsing may run ahead on worker threads (readahead.c);
** compiling stays here, in that order.
*/
/* d_type and DT_* of struct dirent */
#define _DEFAULT_SOURCE
#include "loader.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "../core/strbuf.h"
#include "digest.h"
#include "../time/calendar.h"
#include "../time/civil.h"
#include "intern.h"
#include "progcache.h"
#include "readahead.h"

typedef struct dirid {
  dev_t dev;
  ino_t ino;
} dirid;

typedef struct loadrun {
  wnd_catalog *cat;
  wnd_diags *diags;
  const char *dir;
  size_t total_bytes;
  wnd__srcset sources;  /* every file read, for the catalog digest */
  int status;
  unsigned threads;     /* reading and parsing: this one and threads - 1 workers */
  dirid *dirs; /* directories listed so far */
  size_t ndirs, capdirs;
} loadrun;

typedef void (*file_loader)(wnd__lctx *x, const wnd__ynode *root);

/* Compile one file that was read and parsed (readahead.c), in file
** order: its read and parse diagnostics first, then what its loader finds. */
static void load_parsed(loadrun *r, wnd__parsed *p, file_loader fn) {
  wnd_catalog *c = r->cat;
  const wnd_limits *lim = &c->env->limits;
  if (p->read_status != WND_OK) {
    wnd__diags_move(r->diags, p->diags);
    if (p->read_status == WND_ENOMEM) r->status = WND_ENOMEM;
    return;
  }
  r->total_bytes += p->len;
  if (r->total_bytes > lim->max_catalog_bytes) {
    /* not parsed, had the files been read one at a time: drop what the
       parse reported (readahead_done frees it) */
    wnd__diag_add(r->diags, WND_SEV_ERROR, "yaml-limit", p->path, 0, 0,
                  "the catalog is larger than the limit of %zu bytes",
                  lim->max_catalog_bytes);
    return;
  }
  wnd__diags_move(r->diags, p->diags);
  int st = p->parse_status;
  if (st == WND_ENOMEM) r->status = WND_ENOMEM;
  if (st == WND_OK) {
    if (!p->doc.root) {
      wnd__diag_add(r->diags, WND_SEV_ERROR, "yaml-syntax", p->path, 1, 1, "the file is empty");
    } else {
      wnd__lctx x = {c, r->diags, &p->doc, NULL, p->path, WND_OK};
      x.rel = wnd__arena_strndup(&c->arena, p->rel, strlen(p->rel));
      if (!x.rel) {
        r->status = WND_ENOMEM;
      } else {
        fn(&x, p->doc.root);
        if (x.status == WND_ENOMEM) r->status = WND_ENOMEM;
      }
    }
  }
  /* the set takes the text, also when it fails */
  if (!wnd__srcset_add(&r->sources, p->rel, p->text, p->len)) r->status = WND_ENOMEM;
  p->text = NULL;
}

/* Read, parse and compile dir/rels[0..count) in order, reading and
** parsing ahead on r->threads - 1 workers. */
static void load_files(loadrun *r, char *const *rels, size_t count, file_loader fn,
                       wnd__preread *const *pre) {
  const wnd_limits *lim = &r->cat->env->limits;
  wnd__ylimits yl = {lim->max_file_bytes, lim->max_yaml_depth, lim->max_yaml_nodes,
                     lim->max_yaml_anchors, true};
  wnd__readahead *ra = wnd__readahead_new(&r->cat->env->mem, r->dir, rels, count,
                                          lim->max_file_bytes, &yl, r->threads, pre);
  if (!ra) {
    r->status = WND_ENOMEM;
    return;
  }
  for (size_t i = 0; i < count && r->status != WND_ENOMEM; i++) {
    wnd__parsed *p = wnd__readahead_next(ra);
    load_parsed(r, p, fn);
    wnd__readahead_done(ra, p);
  }
  wnd__readahead_free(ra);
}

/* Hash what comes before items/ in path order (the files read so far and
** the bundles read early) and from now on each file as it is read.  Out
** of memory here only means the texts are kept until the end. */
static void stream_digest(loadrun *r, const wnd__preread *pre, size_t npre) {
  const wnd__mem *m = &r->cat->env->mem;
  wnd__srcfile *early = wnd__calloc(m, npre ? npre : 1, sizeof *early);
  if (!early) return;
  size_t n = 0;
  for (size_t i = 0; i < npre; i++)
    if (pre[i].text) early[n++] = (wnd__srcfile){pre[i].rel, pre[i].text, pre[i].len};
  wnd__srcset_stream(&r->sources, "items/", early, n);
  wnd__free(m, early);
}

static bool exists(const char *path) {
  struct stat st;
  return stat(path, &st) == 0;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Directories deeper than this below items/ are reported, not read. */
#define MAX_DIR_DEPTH 16

/* Has this directory (device + inode) been listed in this load already?
** If not, remember it.  A symbolic link back up the tree (`l -> .`) would
** otherwise be walked again at every level, and two such links double
** the walk at each level.  Returns -1 when out of memory. */
static int seen_before(loadrun *r, const struct stat *st) {
  for (size_t i = 0; i < r->ndirs; i++)
    if (r->dirs[i].dev == st->st_dev && r->dirs[i].ino == st->st_ino) return 1;
  if (!WND_PUSH(&r->cat->env->mem, r->dirs, r->ndirs, r->capdirs)) return -1;
  r->dirs[r->ndirs++] = (dirid){st->st_dev, st->st_ino};
  return 0;
}

/* A directory entry: its name and what readdir says it is. */
typedef struct dirent_name {
  char *name;
  unsigned char type;  /* DT_* (DT_UNKNOWN when the file system does not say) */
} dirent_name;

static int cmp_entry(const void *a, const void *b) {
  return strcmp(((const dirent_name *)a)->name, ((const dirent_name *)b)->name);
}

/* The entries of a directory except dot files, sorted by name, so the walk
** (and which of two paths to one directory counts as the loop) does not
** depend on readdir order.  Returns false when out of memory. */
static bool dir_names(const wnd__mem *m, DIR *dh, dirent_name **names, size_t *count) {
  size_t cap = 0;
  struct dirent *de;
  *names = NULL;
  *count = 0;
  while ((de = readdir(dh)) != NULL) {
    if (de->d_name[0] == '.') continue;
    char *nm = wnd__strdup(m, de->d_name);
    if (!nm || !WND_PUSH(m, *names, *count, cap)) {
      wnd__free(m, nm);
      return false;
    }
    (*names)[(*count)++] = (dirent_name){nm, de->d_type};
  }
  if (*count > 1) qsort(*names, *count, sizeof **names, cmp_entry);
  return true;
}

static void free_names(const wnd__mem *m, dirent_name *names, size_t count) {
  for (size_t i = 0; i < count; i++) wnd__free(m, names[i].name);
  wnd__free(m, names);
}

static bool ends_with(const char *s, const char *suffix) {
  size_t l = strlen(s), n = strlen(suffix);
  return l > n && strcmp(s + l - n, suffix) == 0;
}

/* Collect *.yaml under rel (recursively when `deep`), each directory once
** and at most MAX_DIR_DEPTH levels down; what is skipped is reported. */
static void list_yaml(loadrun *r, const char *rel, bool deep, char ***names,
                      size_t *count, size_t *cap, int depth) {
  const wnd__mem *m = &r->cat->env->mem;
  char *path = wnd__path_join(m, r->dir, rel);
  if (!path) {
    r->status = WND_ENOMEM;
    return;
  }
  DIR *dh = opendir(path);
  if (!dh) {
    /* a missing top directory is optional (load_dir reports required
       ones); anything else unreadable would drop rule files silently */
    if (depth > 0 || errno != ENOENT)
      wnd__diag_add(r->diags, WND_SEV_ERROR, "io-error", path, 0, 0,
                    "cannot read directory: %s", strerror(errno));
    wnd__free(m, path);
    return;
  }
  struct stat dst;
  int seen = fstat(dirfd(dh), &dst) == 0 ? seen_before(r, &dst) : 0;
  dirent_name *ents = NULL;
  size_t nents = 0;
  bool ok = seen == 0 && dir_names(m, dh, &ents, &nents);
  closedir(dh);
  if (seen > 0)
    wnd__diag_add(r->diags, WND_SEV_ERROR, "dir-loop", path, 0, 0,
                  "this directory was already read through another path (a symbolic "
                  "link loop?); not read again");
  wnd__free(m, path);
  if (seen < 0 || (seen == 0 && !ok)) r->status = WND_ENOMEM;
  for (size_t i = 0; i < nents && r->status != WND_ENOMEM; i++) {
    const char *nm = ents[i].name;
    char *sub = wnd__path_join(m, rel, nm);
    char *full = sub ? wnd__path_join(m, r->dir, sub) : NULL;
    if (!full) {
      wnd__free(m, sub);
      r->status = WND_ENOMEM;
      break;
    }
    /* readdir's type saves a stat (a path walk) per file; symbolic links
       and file systems that do not say are stat'ed, following links */
    struct stat st;
    unsigned char ty = ents[i].type;
    bool isdir = ty == DT_DIR ||
                 (ty != DT_REG && stat(full, &st) == 0 && S_ISDIR(st.st_mode));
    if (isdir && deep && depth >= MAX_DIR_DEPTH) {
      wnd__diag_add(r->diags, WND_SEV_ERROR, "dir-depth", full, 0, 0,
                    "directories nest more than %d levels deep; this one was not read",
                    MAX_DIR_DEPTH);
      wnd__free(m, sub);
    } else if (isdir && deep) {
      list_yaml(r, sub, deep, names, count, cap, depth + 1);
      wnd__free(m, sub);
    } else if (!isdir && ends_with(nm, ".yaml")) {
      if (!WND_PUSH(m, *names, *count, *cap)) {
        wnd__free(m, sub);
        r->status = WND_ENOMEM;
      } else {
        (*names)[(*count)++] = sub;
      }
    } else {
      if (!isdir && ends_with(nm, ".yml"))
        wnd__diag_add(r->diags, WND_SEV_WARNING, "ignored-file", sub, 0, 0,
                      "ignored: rule files end in .yaml");
      wnd__free(m, sub);
    }
    wnd__free(m, full);
  }
  free_names(m, ents, nents);
}

/* The file of `pre` (sorted) read early for `rel`, or NULL. */
static wnd__preread *find_preread(wnd__preread *pre, size_t npre, const char *rel) {
  size_t lo = 0, hi = npre;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = strcmp(rel, pre[mid].rel);
    if (c == 0) return pre[mid].diags ? &pre[mid] : NULL;
    if (c < 0) hi = mid;
    else lo = mid + 1;
  }
  return NULL;
}

static void load_dir(loadrun *r, const char *rel, bool deep, file_loader fn,
                     bool required, wnd__preread *pre, size_t npre) {
  const wnd__mem *m = &r->cat->env->mem;
  char **names = NULL;
  size_t count = 0, cap = 0;
  list_yaml(r, rel, deep, &names, &count, &cap, 0);
  if (count > 1) qsort(names, count, sizeof *names, cmp_str);
  wnd__preread **map = NULL;
  if (count && npre && r->status != WND_ENOMEM) {
    map = wnd__calloc(m, count, sizeof *map);
    if (!map) r->status = WND_ENOMEM;
    for (size_t i = 0; map && i < count; i++) map[i] = find_preread(pre, npre, names[i]);
  }
  if (count && r->status != WND_ENOMEM) load_files(r, names, count, fn, map);
  wnd__free(m, map);
  if (required && count == 0 && r->status != WND_ENOMEM) {
    char *p = wnd__path_join(m, r->dir, rel);
    wnd__diag_add(r->diags, WND_SEV_ERROR, "missing-file", p ? p : rel, 0, 0,
                  "a catalog needs at least one file in %s/", rel);
    wnd__free(m, p);
  }
  for (size_t i = 0; i < count; i++) wnd__free(m, names[i]);
  wnd__free(m, names);
}

static void load_fixed(loadrun *r, const char *rel, file_loader fn, bool required) {
  const wnd__mem *m = &r->cat->env->mem;
  char *p = wnd__path_join(m, r->dir, rel);
  if (!p) {
    r->status = WND_ENOMEM;
    return;
  }
  char *one = (char *)rel;
  if (exists(p))
    load_files(r, &one, 1, fn, NULL);
  else if (required)
    wnd__diag_add(r->diags, WND_SEV_ERROR, "missing-file", p, 0, 0,
                  "required file %s is missing", rel);
  wnd__free(m, p);
}

static void free_calendar(void *ud, void *p) {
  (void)ud;
  wnd__calendar_free(p);
}

int wnd__catalog_load(wnd_catalog **out, wnd_diags **diags_out, wnd_env *env,
                      const char *dir, const wnd_load_options *opts,
                      const wnd__load_hooks *hooks) {
  if (out) *out = NULL;
  if (diags_out) *diags_out = NULL;
  if (!out || !env || !dir)
    return wnd__env_error(env, WND_EINVAL, "wnd_catalog_load: out, env or dir is NULL");
  /* version 1 is the same struct without `threads` */
  if (opts && opts->version != WND_LOAD_OPTIONS_VERSION && opts->version != 1)
    return wnd__env_error(env, WND_EINVAL, "unknown wnd_load_options version");
  wnd__env_clear_error(env);
  struct stat st;
  int rc = stat(dir, &st);
  if (rc != 0 || !S_ISDIR(st.st_mode)) {
    const char *why = rc != 0 ? strerror(errno) : "not a directory";
    /* a diagnostic too: callers that print diagnostics show the reason */
    if (diags_out) {
      *diags_out = wnd__diags_new(&env->mem);
      if (!*diags_out) return wnd__env_error(env, WND_ENOMEM, "out of memory");
      wnd__diag_add(*diags_out, WND_SEV_ERROR, "io-error", dir, 0, 0,
                    "cannot open the catalog directory: %s", why);
    }
    return wnd__env_error(env, WND_EIO, "%s: %s", dir, why);
  }

  const wnd__mem *m = &env->mem;
  wnd_diags *diags = wnd__diags_new(m);
  wnd_catalog *c = wnd__calloc(m, 1, sizeof *c);
  if (!diags || !c) {
    wnd_diags_free(diags);
    wnd__free(m, c);
    return wnd__env_error(env, WND_ENOMEM, "out of memory");
  }
  c->env = wnd__env_retain(env); /* released by wnd_catalog_free */
  wnd__arena_init(&c->arena, m, NULL, 0);
  c->offset = 8 * 3600; /* China Standard Time unless the catalog says */
  c->defaults.notify_within = (wnd__span){5, WND_U_WORKDAYS};
  c->defaults.supplement_within = (wnd__span){5, WND_U_WORKDAYS};
  c->defaults.transfer_within = (wnd__span){20, WND_U_MINUTES};
  c->defaults.max_gaps = 2;
  c->calendar = wnd__calendar_new(m);
  c->dir = wnd__arena_strndup(&c->arena, dir, strlen(dir));
  loadrun r = {.cat = c, .diags = diags, .dir = dir, .sources = {.mem = m},
               .status = WND_OK};
  r.threads = wnd__load_threads(m, opts && opts->version >= 2 ? opts->threads : 0);
  if (!c->calendar || !c->dir ||
      !wnd__catalog_add_finalizer(c, free_calendar, NULL, c->calendar)) {
    if (c->calendar && !c->nfinalizers) wnd__calendar_free(c->calendar);
    r.status = WND_ENOMEM;
  }

  if (r.status == WND_OK) load_fixed(&r, "catalog.yaml", wnd__load_catalog_file, true);
  if (r.status == WND_OK) load_fixed(&r, "functions.yaml", wnd__load_functions_file, false);
  if (r.status == WND_OK && hooks && hooks->bind_functions) hooks->bind_functions(c, diags);
  if (r.status == WND_OK) load_fixed(&r, "departments.yaml", wnd__load_departments_file, true);
  if (r.status == WND_OK) load_fixed(&r, "windows.yaml", wnd__load_windows_file, false);
  if (r.status == WND_OK) load_fixed(&r, "materials.yaml", wnd__load_materials_file, false);
  if (r.status == WND_OK) load_dir(&r, "calendars", false, wnd__load_calendar_file, false, NULL, 0);
  /* bundles/ comes before items/ in path order (the digest's) but is
     loaded after them: read its files now, so that every file before
     items/ can be hashed and each item hashed and freed as it is read */
  wnd__preread *pre = NULL;
  size_t npre = 0;
  if (r.status == WND_OK &&
      !wnd__preread_dir(m, dir, "bundles", env->limits.max_file_bytes, &pre, &npre))
    r.status = WND_ENOMEM;
  if (r.status == WND_OK) stream_digest(&r, pre, npre);
  if (r.status == WND_OK) load_dir(&r, "items", true, wnd__load_item_file, true, NULL, 0);
  if (r.status == WND_OK) load_dir(&r, "bundles", false, wnd__load_bundle_file, false, pre, npre);
  wnd__preread_free(m, pre, npre);
  wnd__free(m, r.dirs);
  wnd__progcache_free(c); /* every expression is compiled */
  wnd__intern_free(c);    /* every string is kept */
  if (r.status == WND_OK) wnd__resolve(c, diags, dir);
  if (r.status == WND_OK) {
    int64_t today;
    if (opts && opts->today_set) {
      today = opts->today;
    } else {
      today = wnd__local_day((int64_t)time(NULL), c->offset);
    }
    wnd__lint(c, diags, dir, today);
  }
  if (r.status == WND_OK && hooks && hooks->finish && !hooks->finish(c)) r.status = WND_ENOMEM;
  if (r.status == WND_OK && !wnd__srcset_digest(&r.sources, c->digest))
    /* a bundle read early is not the one loaded: the directory changed */
    wnd__diag_add(diags, WND_SEV_ERROR, "io-error", dir, 0, 0,
                  "the rule files changed while the catalog was loaded; load it again");
  wnd__srcset_free(&r.sources);
  wnd__diags_sort(diags);
  if (r.status == WND_OK && diags->oom) r.status = WND_ENOMEM;

  size_t errors = wnd_diags_count_severity(diags, WND_SEV_ERROR);
  bool strict = opts && (opts->flags & WND_LOAD_STRICT);
  if (strict) errors += wnd_diags_count_severity(diags, WND_SEV_WARNING);
  int status = r.status;
  if (status == WND_OK && errors) status = WND_EINVALID;
  /* the first problem (diagnostics are sorted) is the last error's place */
  char first_file[512] = "";
  uint32_t first_line = 0, first_col = 0;
  for (size_t i = 0; i < wnd_diags_count(diags) && !first_file[0]; i++) {
    const wnd_diag *g = wnd_diags_get(diags, i);
    if (g->severity == WND_SEV_ERROR || (strict && g->severity == WND_SEV_WARNING)) {
      snprintf(first_file, sizeof first_file, "%s", g->file ? g->file : dir);
      first_line = g->line;
      first_col = g->column;
    }
  }
  if (diags_out)
    *diags_out = diags;
  else
    wnd_diags_free(diags);
  if (status != WND_OK) {
    wnd_catalog_free(c);
    if (status == WND_ENOMEM) return wnd__env_error(env, status, "out of memory");
    wnd__env_error(env, status, "%s: %zu error(s) in the catalog", dir, errors);
    wnd__error_at(first_file[0] ? first_file : NULL, first_line, first_col);
    return status;
  }
  *out = c;
  return WND_OK;
}
