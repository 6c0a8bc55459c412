/*
** names.c — introspection a hall's software needs to show a result:
** the departments and windows of a catalog, and the names behind the ids
** a result gives (route, findings' material subjects, a bundle's
** to_supply), so no consumer parses the rule files itself.
*/
#include <string.h>

#include "model.h"

size_t wnd_catalog_department_count(const wnd_catalog *c) { return c ? c->ndepartments : 0; }

const char *wnd_catalog_department_id(const wnd_catalog *c, size_t i) {
  return c && i < c->ndepartments ? c->departments[i].id : NULL;
}

const char *wnd_catalog_department_name(const wnd_catalog *c, const char *id) {
  const wnd__department *d = c ? wnd__find_department(c, id) : NULL;
  return d ? d->name : NULL;
}

const char *wnd_catalog_section_name(const wnd_catalog *c, const char *department_id,
                                     const char *section_id) {
  const wnd__department *d = c ? wnd__find_department(c, department_id) : NULL;
  const wnd__section *s = wnd__find_section(d, section_id);
  return s ? s->name : NULL;
}

size_t wnd_catalog_window_count(const wnd_catalog *c) { return c ? c->nwindows : 0; }

const char *wnd_catalog_window_id(const wnd_catalog *c, size_t i) {
  return c && i < c->nwindows ? c->windows[i].id : NULL;
}

const char *wnd_catalog_window_name(const wnd_catalog *c, const char *id) {
  const wnd__window *w = c ? wnd__find_window(c, id) : NULL;
  return w ? w->name : NULL;
}

static const char *item_material_name(const wnd__item *it, const char *id) {
  for (uint32_t i = 0; it && id && i < it->nmaterials; i++)
    if (!strcmp(it->materials[i].id, id)) return it->materials[i].name;
  return NULL;
}

const char *wnd_catalog_material_name(const wnd_catalog *c, const char *code, const char *id) {
  if (!c || !code || !id) return NULL;
  const wnd__item *it = wnd__find_item(c, code);
  if (it) return item_material_name(it, id);
  const wnd__bundle *b = wnd__find_bundle(c, code);
  for (uint32_t i = 0; b && i < b->nitems; i++) {
    const char *name = item_material_name(b->items[i], id);
    if (name) return name;
  }
  return NULL;
}
