/*
** suggest.c — "did you mean" for references to catalog ids (issue 17).
**
** A misspelt department, section, window, item code or library material
** is reported as a dangling reference; the nearest defined id (by edit
** distance, within a third of the word) turns a search into a fix.
*/
#include "loader.h"

#include <string.h>

typedef struct best {
  const char *word, *hit;
  size_t dist, limit;
} best;

static void consider(best *b, const char *cand) {
  if (!cand) return;
  size_t d = wnd__edit_distance(b->word, cand);
  if (d < b->dist) {
    b->dist = d;
    b->hit = cand;
  }
}

const char *wnd__suggest_ref(const wnd_catalog *c, wnd__refkind kind, const char *word,
                             const char *department) {
  if (!word) return NULL;
  size_t l = strlen(word);
  best b = {word, NULL, (size_t)-1, l / 3 < 2 ? 2 : l / 3};
  switch (kind) {
    case WND_REF_DEPARTMENT:
      for (uint32_t i = 0; i < c->ndepartments; i++) consider(&b, c->departments[i].id);
      break;
    case WND_REF_SECTION: {
      const wnd__department *d = department ? wnd__find_department(c, department) : NULL;
      for (uint32_t i = 0; d && i < d->nsections; i++) consider(&b, d->sections[i].id);
      break;
    }
    case WND_REF_WINDOW:
      for (uint32_t i = 0; i < c->nwindows; i++) consider(&b, c->windows[i].id);
      break;
    case WND_REF_ITEM:
      for (uint32_t i = 0; i < c->nitems; i++) consider(&b, c->items[i].code);
      break;
    case WND_REF_LIBMAT:
      for (uint32_t i = 0; i < c->nlibmats; i++) consider(&b, c->libmats[i].id);
      break;
  }
  return b.dist <= b.limit && b.dist > 0 ? b.hit : NULL;
}
