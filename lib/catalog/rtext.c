/*
** rtext.c — result texts laid out at load (model.h, wnd__rtext).
**
** An evaluation copies every text of its result into the result's own
** arena (results outlive the catalog).  The texts that do not depend on
** the submission -- an item's code and name with the catalog's id and
** version, the finding of a missing material, of a failed condition, of a
** missing field -- are composed here once, exactly as lib/engine/decide.c
** composes them, so the engine copies each group with one memcpy of a
** known length instead of joining the message and measuring each string.
*/
#include <string.h>

#include "../core/strbuf.h"
#include "loader.h"

/* Lay out n <= WND__RTEXT_MAX strings (NULL allowed) in the catalog arena. */
static bool layout(wnd_catalog *c, wnd__rtext *t, size_t n, const char *const *src) {
  size_t len[WND__RTEXT_MAX], total = 0;
  for (size_t i = 0; i < n; i++) {
    len[i] = src[i] ? strlen(src[i]) + 1 : 0;
    total += len[i];
  }
  if (total > UINT32_MAX - 1) return false; /* offsets are 32-bit */
  char *d = wnd__arena_alloc(&c->arena, total ? total : 1);
  if (!d) return false;
  memset(t, 0, sizeof *t);
  for (size_t i = 0; i < WND__RTEXT_MAX; i++) t->off[i] = WND__RTEXT_NULL;
  size_t at = 0;
  for (size_t i = 0; i < n; i++) {
    if (!src[i]) continue;
    memcpy(d + at, src[i], len[i]);
    t->off[i] = (uint32_t)at;
    at += len[i];
  }
  t->text = d;
  t->len = (uint32_t)total;
  return true;
}

/* The message buffers and joins are decide.c's (check_fields,
** check_materials): the same truncation of a very long name. */
static bool layout_item(wnd_catalog *c, wnd__item *it) {
  char msg[400];
  if (!layout(c, &it->head, 4,
              (const char *const[]){it->code, it->name, c->id, c->version ? c->version : ""}))
    return false;
  for (uint32_t i = 0; i < it->nfields; i++) {
    wnd__field *f = &it->fields[i];
    if (!f->required) continue;
    wnd__join(msg, sizeof msg, (const char *[]){"缺少", f->label ? f->label : f->path}, 2);
    if (!layout(c, &f->missing, 4,
                (const char *const[]){"field_missing", f->path, msg, f->loc.file}))
      return false;
  }
  for (uint32_t i = 0; i < it->nconditions; i++) {
    wnd__condition *k = &it->conditions[i];
    if (k->approval) continue;
    const char *code = k->correct ? "condition_correctable" : "condition_failed";
    const char *text = k->message ? k->message : "不符合受理条件";
    if (!layout(c, &k->failed, 4, (const char *const[]){code, k->id, text, k->loc.file}))
      return false;
  }
  for (uint32_t i = 0; i < it->nmaterials; i++) {
    wnd__material *m = &it->materials[i];
    wnd__join(msg, sizeof msg, (const char *[]){"缺少：", m->name}, 2);
    if (!layout(c, &m->missing, 4,
                (const char *const[]){"material_missing", m->id, msg, m->loc.file}))
      return false;
  }
  return true;
}

bool wnd__layout_texts(wnd_catalog *c) {
  for (uint32_t i = 0; i < c->nitems; i++)
    if (!layout_item(c, &c->items[i])) return false;
  return true;
}
