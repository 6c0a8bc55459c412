/*
** scalegen.c — generated catalogs for scale measurements (see scalegen.h).
*/
#define _POSIX_C_SOURCE 200809L
#include "scalegen.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_SECTIONS 16

typedef struct gen {
  const scalegen_opts *o;
  const char *out;
  char *err;
  size_t errlen;
  char sections[MAX_SECTIONS][64];
  unsigned nsections;
} gen;

static int fail(gen *g, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(g->err, g->errlen, fmt, ap);
  va_end(ap);
  return -1;
}

char *scalegen_read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 8192, n = 0;
  char *buf = malloc(cap + 1);
  size_t r;
  while (buf && (r = fread(buf + n, 1, cap - n, f)) > 0) {
    n += r;
    if (n == cap) {
      char *nb = realloc(buf, cap * 2 + 1);
      if (!nb) {
        free(buf);
        buf = NULL;
        break;
      }
      buf = nb;
      cap *= 2;
    }
  }
  fclose(f);
  if (buf) buf[n] = '\0';
  *len = n;
  return buf;
}

static int write_text(gen *g, const char *path, const char *a, size_t alen, const char *b,
                      size_t blen) {
  FILE *f = fopen(path, "wb");
  if (!f) return fail(g, "%s: %s", path, strerror(errno));
  bool ok = fwrite(a, 1, alen, f) == alen && fwrite(b, 1, blen, f) == blen;
  if (fclose(f) != 0) ok = false;
  return ok ? 0 : fail(g, "%s: write failed", path);
}

static int copy_file(gen *g, const char *rel, bool required) {
  char src[4096], dst[4096];
  snprintf(src, sizeof src, "%s/%s", g->o->base_dir, rel);
  snprintf(dst, sizeof dst, "%s/%s", g->out, rel);
  size_t len;
  char *text = scalegen_read_file(src, &len);
  if (!text) return required ? fail(g, "%s: cannot read", src) : 0;
  int st = write_text(g, dst, text, len, "", 0);
  free(text);
  return st;
}

static int copy_calendars(gen *g) {
  char src[4096];
  snprintf(src, sizeof src, "%s/calendars", g->o->base_dir);
  DIR *d = opendir(src);
  if (!d) return 0;
  struct dirent *de;
  int st = 0;
  while (st == 0 && (de = readdir(d)) != NULL) {
    size_t l = strlen(de->d_name);
    if (de->d_name[0] == '.' || l < 6 || strcmp(de->d_name + l - 5, ".yaml") != 0) continue;
    char rel[512];
    snprintf(rel, sizeof rel, "calendars/%s", de->d_name);
    st = copy_file(g, rel, true);
  }
  closedir(d);
  return st;
}

/* A line's text after its indentation and an optional "- ". */
static const char *line_body(const char *p) {
  while (*p == ' ') p++;
  if (p[0] == '-' && p[1] == ' ') p += 2;
  while (*p == ' ') p++;
  return p;
}

/* Remember the section ids the template names, so that generated
** departments have them. */
static void collect_sections(gen *g, const char *text) {
  for (const char *line = text; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
    const char *b = line_body(line);
    if (strncmp(b, "section:", 8) != 0) continue;
    b += 8;
    while (*b == ' ') b++;
    size_t n = strspn(b, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
    if (n == 0 || n >= sizeof g->sections[0]) continue;
    bool seen = false;
    for (unsigned i = 0; i < g->nsections; i++)
      seen = seen || (strlen(g->sections[i]) == n && strncmp(g->sections[i], b, n) == 0);
    if (!seen && g->nsections < MAX_SECTIONS) {
      memcpy(g->sections[g->nsections], b, n);
      g->sections[g->nsections++][n] = '\0';
    }
  }
}

static int write_departments(gen *g) {
  char src[4096], dst[4096];
  snprintf(src, sizeof src, "%s/departments.yaml", g->o->base_dir);
  snprintf(dst, sizeof dst, "%s/departments.yaml", g->out);
  size_t len;
  char *text = scalegen_read_file(src, &len);
  if (!text) return fail(g, "%s: cannot read", src);
  /* Generated entries take the indentation of the file's first entry. */
  int indent = 2;
  for (const char *line = text; line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
    int sp = (int)strspn(line, " ");
    if (line[sp] == '-' && line[sp + 1] == ' ') {
      indent = sp;
      break;
    }
  }
  size_t cap = 1024 + (size_t)g->o->ndepartments * (256 + 64 * g->nsections), n = 0;
  char *extra = malloc(cap);
  if (!extra) {
    free(text);
    return fail(g, "out of memory");
  }
  n += (size_t)snprintf(extra + n, cap - n, "%s", len && text[len - 1] != '\n' ? "\n" : "");
  for (unsigned d = 0; d < g->o->ndepartments; d++) {
    n += (size_t)snprintf(extra + n, cap - n,
                          "%*s- id: gen_%03u\n%*s  name: 示范县第%u承办部门\n%*s  level: county\n",
                          indent, "", d, indent, "", d + 1, indent, "");
    if (g->nsections)
      n += (size_t)snprintf(extra + n, cap - n, "%*s  sections:\n", indent, "");
    for (unsigned s = 0; s < g->nsections; s++)
      n += (size_t)snprintf(extra + n, cap - n, "%*s    - {id: %s, name: %s股}\n", indent, "",
                            g->sections[s], g->sections[s]);
  }
  int st = write_text(g, dst, text, len, extra, n);
  free(extra);
  free(text);
  return st;
}

void scalegen_code(char *buf, unsigned i) { snprintf(buf, 32, "SCALE-%07u", i); }

/* Uneven spread: the square of a uniform hash puts about one item in six
** in the first of 40 departments and few in the last, like a hall where
** market supervision and civil affairs hold most items. */
static unsigned department_of(unsigned i, unsigned ndep) {
  uint32_t h = i * 2654435761u;
  h ^= h >> 16;
  double u = h / 4294967296.0;
  unsigned d = (unsigned)(u * u * ndep);
  return d < ndep ? d : ndep - 1;
}

static int write_items(gen *g, const char *tmpl) {
  /* The template's header lines to replace (two-space indent: item keys). */
  const char *code_line = NULL, *dep_line = NULL;
  for (const char *line = tmpl; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
    if (!code_line && strncmp(line, "  code:", 7) == 0) code_line = line;
    if (!dep_line && strncmp(line, "  department:", 13) == 0) dep_line = line;
  }
  if (!code_line) return fail(g, "%s: no '  code:' line in the item header", g->o->item_file);
  if (!g->o->ndepartments) dep_line = NULL;
  char dir[4096], path[4096], code[32];
  snprintf(dir, sizeof dir, "%s/items", g->out);
  if (mkdir(dir, 0755) != 0) return fail(g, "%s: %s", dir, strerror(errno));
  for (unsigned d = 0; d < g->o->ndepartments; d++) {
    snprintf(dir, sizeof dir, "%s/items/gen_%03u", g->out, d);
    if (mkdir(dir, 0755) != 0) return fail(g, "%s: %s", dir, strerror(errno));
  }
  for (unsigned i = 0; i < g->o->nitems; i++) {
    scalegen_code(code, i);
    unsigned d = g->o->ndepartments ? department_of(i, g->o->ndepartments) : 0;
    if (g->o->ndepartments)
      snprintf(path, sizeof path, "%s/items/gen_%03u/%s.yaml", g->out, d, code);
    else
      snprintf(path, sizeof path, "%s/items/%s.yaml", g->out, code);
    FILE *f = fopen(path, "wb");
    if (!f) return fail(g, "%s: %s", path, strerror(errno));
    for (const char *line = tmpl; line && *line;) {
      const char *end = strchr(line, '\n');
      size_t n = end ? (size_t)(end - line + 1) : strlen(line);
      if (line == code_line)
        fprintf(f, "  code: \"%s\"\n", code);
      else if (line == dep_line)
        fprintf(f, "  department: gen_%03u\n", d);
      else
        fwrite(line, 1, n, f);
      line += n;
    }
    if (ferror(f) | (fclose(f) != 0)) return fail(g, "%s: write failed", path);
  }
  return 0;
}

int scalegen_make(const char *out_dir, const scalegen_opts *o, char *err, size_t errlen) {
  gen g = {o, out_dir, err, errlen, {{0}}, 0};
  if (mkdir(out_dir, 0755) != 0) return fail(&g, "%s: %s", out_dir, strerror(errno));
  char dir[4096];
  snprintf(dir, sizeof dir, "%s/calendars", out_dir);
  if (mkdir(dir, 0755) != 0) return fail(&g, "%s: %s", dir, strerror(errno));
  size_t len;
  char *tmpl = scalegen_read_file(o->item_file, &len);
  if (!tmpl) return fail(&g, "%s: cannot read", o->item_file);
  collect_sections(&g, tmpl);
  int st = copy_file(&g, "catalog.yaml", true);
  if (st == 0) st = copy_file(&g, "functions.yaml", false);
  if (st == 0) st = copy_file(&g, "windows.yaml", false);
  if (st == 0) st = copy_file(&g, "materials.yaml", false);
  if (st == 0) st = o->ndepartments ? write_departments(&g) : copy_file(&g, "departments.yaml", true);
  if (st == 0) st = copy_calendars(&g);
  if (st == 0) st = write_items(&g, tmpl);
  free(tmpl);
  return st;
}

/* ---- counting allocator: a size header before each block ------------- */

#define HDR 16

void *scale_counter_realloc(void *ud, void *ptr, size_t size) {
  scale_counter *c = ud;
  size_t old = 0;
  char *base = NULL;
  if (ptr) {
    base = (char *)ptr - HDR;
    memcpy(&old, base, sizeof old);
  }
  if (size == 0) {
    free(base);
    atomic_fetch_sub(&c->live, old);
    return NULL;
  }
  if (c->cap && size > old && atomic_load(&c->live) + (size - old) > c->cap) return NULL;
  char *nb = realloc(base, size + HDR);
  if (!nb) return NULL;
  memcpy(nb, &size, sizeof size);
  size_t live = atomic_fetch_add(&c->live, size) + size;
  atomic_fetch_sub(&c->live, old);
  live -= old;
  atomic_fetch_add(&c->total, size);
  size_t pk = atomic_load(&c->peak);
  while (live > pk && !atomic_compare_exchange_weak(&c->peak, &pk, live)) {
  }
  return nb + HDR;
}
