/*
** catalog.c — the catalog object: lookups, finalizers, free, and the
** public getters.
*/
#include "model.h"
#include "intern.h"
#include "progcache.h"

#include <string.h>

/* Through the index once its file is read; a scan while it is being read
** (and when it could not be built). */
#define FIND_INDEXED(ix, arr, key)                          \
  if ((ix).slots) {                                         \
    uint32_t at = wnd__index_find(&(ix), key);              \
    return at == WND__INDEX_NONE ? NULL : &(arr)[at];       \
  }

const wnd__department *wnd__find_department(const wnd_catalog *c, const char *id) {
  FIND_INDEXED(c->department_index, c->departments, id)
  for (uint32_t i = 0; id && i < c->ndepartments; i++)
    if (strcmp(c->departments[i].id, id) == 0) return &c->departments[i];
  return NULL;
}

const wnd__section *wnd__find_section(const wnd__department *d, const char *id) {
  for (uint32_t i = 0; d && id && i < d->nsections; i++)
    if (strcmp(d->sections[i].id, id) == 0) return &d->sections[i];
  return NULL;
}

const wnd__window *wnd__find_window(const wnd_catalog *c, const char *id) {
  FIND_INDEXED(c->window_index, c->windows, id)
  for (uint32_t i = 0; id && i < c->nwindows; i++)
    if (strcmp(c->windows[i].id, id) == 0) return &c->windows[i];
  return NULL;
}

const wnd__libmat *wnd__find_libmat(const wnd_catalog *c, const char *id) {
  FIND_INDEXED(c->libmat_index, c->libmats, id)
  for (uint32_t i = 0; id && i < c->nlibmats; i++)
    if (strcmp(c->libmats[i].id, id) == 0) return &c->libmats[i];
  return NULL;
}

const wnd__item *wnd__find_item(const wnd_catalog *c, const char *code) {
  if (c->item_index.slots) {
    uint32_t i = wnd__index_find(&c->item_index, code);
    return i == WND__INDEX_NONE ? NULL : &c->items[i];
  }
  for (uint32_t i = 0; code && i < c->nitems; i++)
    if (c->items[i].code && strcmp(c->items[i].code, code) == 0) return &c->items[i];
  return NULL;
}

const wnd__bundle *wnd__find_bundle(const wnd_catalog *c, const char *id) {
  if (c->bundle_index.slots) {
    uint32_t i = wnd__index_find(&c->bundle_index, id);
    return i == WND__INDEX_NONE ? NULL : &c->bundles[i];
  }
  for (uint32_t i = 0; id && i < c->nbundles; i++)
    if (c->bundles[i].id && strcmp(c->bundles[i].id, id) == 0) return &c->bundles[i];
  return NULL;
}

bool wnd__catalog_add_finalizer(wnd_catalog *c, void (*fn)(void *, void *), void *ud,
                                void *p) {
  if (!WND_PUSH(&c->env->mem, c->finalizers, c->nfinalizers, c->finalizers_cap))
    return false;
  c->finalizers[c->nfinalizers].fn = fn;
  c->finalizers[c->nfinalizers].ud = ud;
  c->finalizers[c->nfinalizers].p = p;
  c->nfinalizers++;
  return true;
}

wnd_catalog *wnd__catalog_retain(const wnd_catalog *cc) {
  /* The count is the one mutable field of an immutable catalog. */
  wnd_catalog *c = (wnd_catalog *)cc;
  if (c) atomic_fetch_add_explicit(&c->extra_refs, 1, memory_order_relaxed);
  return c;
}

void wnd_catalog_free(wnd_catalog *c) {
  if (!c) return;
  /* acq_rel, as for the env: the thread that frees sees every holder's
  ** last use */
  if (atomic_fetch_sub_explicit(&c->extra_refs, 1, memory_order_acq_rel) > 0) return;
  const wnd__mem *m = &c->env->mem;
  for (size_t i = c->nfinalizers; i-- > 0;)
    c->finalizers[i].fn(c->finalizers[i].ud, c->finalizers[i].p);
  wnd__free(m, c->finalizers);
  wnd__progcache_free(c);
  wnd__intern_free(c);
  wnd__free(m, c->items);
  wnd__free(m, c->bundles);
  wnd__arena_free(&c->arena);
  wnd_env *env = c->env;
  wnd__free(m, c);
  wnd__env_release(env); /* last: m points into it */
}

const char *wnd_catalog_id(const wnd_catalog *c) { return c && c->id ? c->id : ""; }
int32_t wnd_catalog_utc_offset(const wnd_catalog *c) { return c ? c->offset : 0; }
const char *wnd_catalog_name(const wnd_catalog *c) { return c && c->name ? c->name : ""; }
const char *wnd_catalog_version(const wnd_catalog *c) {
  return c && c->version ? c->version : "";
}
const char *wnd_catalog_digest(const wnd_catalog *c) { return c ? c->digest : ""; }
size_t wnd_catalog_item_count(const wnd_catalog *c) { return c ? c->nitems : 0; }
const char *wnd_catalog_item_code(const wnd_catalog *c, size_t i) {
  return c && i < c->nitems ? c->items[i].code : NULL;
}
const char *wnd_catalog_item_name(const wnd_catalog *c, size_t i) {
  return c && i < c->nitems ? c->items[i].name : NULL;
}
const char *wnd_catalog_item_department(const wnd_catalog *c, size_t i) {
  return c && i < c->nitems ? c->items[i].department_id : NULL;
}

int wnd__item_flow(const wnd__item *it) {
  if (it->flow != WND_FLOW_NONE) return it->flow;
  if (it->handling == HANDLING_INSTANT && it->authorized == AUTH_DECIDE)
    return WND_FLOW_ON_SPOT_COMPLETION;
  if (it->authorized == AUTH_ACCEPT || it->authorized == AUTH_DECIDE)
    return WND_FLOW_ON_SPOT_ACCEPTANCE;
  return WND_FLOW_RECEIPT;
}

wnd_flow wnd_catalog_item_flow(const wnd_catalog *c, size_t i) {
  return c && i < c->nitems ? (wnd_flow)wnd__item_flow(&c->items[i]) : WND_FLOW_NONE;
}

int wnd_catalog_item_limit(const wnd_catalog *c, size_t i, const char *which, char *buf,
                           size_t size) {
  if (!c || !which || !buf || size == 0)
    return wnd__fail(WND_EINVAL, "wnd_catalog_item_limit: a NULL argument or size 0");
  if (i >= c->nitems)
    return wnd__fail(WND_ENOTFOUND, "wnd_catalog_item_limit: no item %zu (the catalog has %u)",
                     i, (unsigned)c->nitems);
  const wnd__item *it = &c->items[i];
  bool has;
  wnd__span span;
  if (!strcmp(which, "statutory")) has = it->has_statutory, span = it->statutory;
  else if (!strcmp(which, "promised")) has = it->has_promised, span = it->promised;
  else if (!strcmp(which, "statutory_extension")) has = it->has_extension, span = it->extension;
  else
    return wnd__fail(WND_EINVAL, "wnd_catalog_item_limit: unknown limit '%s' (statutory, "
                     "promised or statutory_extension)", which);
  if (!has) return wnd__fail(WND_ENOTFOUND, "item %s has no %s limit", it->code, which);
  char text[64];
  wnd__span_format(text, span);
  size_t n = strlen(text);
  if (n >= size) n = size - 1;
  memcpy(buf, text, n);
  buf[n] = '\0';
  return WND_OK;
}

size_t wnd_catalog_bundle_count(const wnd_catalog *c) { return c ? c->nbundles : 0; }
const char *wnd_catalog_bundle_id(const wnd_catalog *c, size_t i) {
  return c && i < c->nbundles ? c->bundles[i].id : NULL;
}
