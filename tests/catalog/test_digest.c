/*
** test_digest.c — the catalog digest hashed as files arrive (issue 12,
** lib/catalog/digest.c) is the digest of all files hashed at the end in
** path order (SPEC §4.5), and says so when it cannot be: a file that
** arrives after its place in path order has passed, or a file hashed
** early (bundles/, read before the items) that is never loaded.
*/
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/digest.h"

static char *dup(const char *s) {
  char *d = strdup(s);
  cr_assert(d);
  return d;
}

static void add(wnd__srcset *s, const char *rel) {
  /* the text names the file, so a file hashed in another place changes the digest */
  cr_assert(wnd__srcset_add(s, rel, dup(rel), strlen(rel)));
}

/* The reference: every file kept, hashed once in path order. */
static void reference(char out[72]) {
  wnd__srcset s = {.mem = &wnd__mem_default};
  static const char *const all[] = {"windows.yaml", "items/y.yaml", "bundles/a.yaml",
                                    "catalog.yaml", "items/x/1.yaml", "calendars/2026.yaml",
                                    "materials.yaml", "bundles/b.yaml"};
  for (size_t i = 0; i < sizeof all / sizeof *all; i++) add(&s, all[i]);
  cr_assert(wnd__srcset_digest(&s, out));
  wnd__srcset_free(&s);
}

/* As the loader does it: the shared files, then streaming from items/
** with the bundles read early, the items, the bundles loaded. */
static bool streamed(char out[72], const char *const *items, size_t nitems, bool load_b) {
  wnd__srcset s = {.mem = &wnd__mem_default};
  add(&s, "catalog.yaml");
  add(&s, "windows.yaml");
  add(&s, "materials.yaml");
  add(&s, "calendars/2026.yaml");
  wnd__srcfile early[] = {{"bundles/b.yaml", "bundles/b.yaml", 14},
                          {"bundles/a.yaml", "bundles/a.yaml", 14}};
  cr_assert(wnd__srcset_stream(&s, "items/", early, 2));
  cr_assert_eq(s.n, 2, "materials.yaml and windows.yaml stay kept");
  for (size_t i = 0; i < nitems; i++) add(&s, items[i]);
  cr_assert_eq(s.n, 2, "items are hashed as they come, not kept");
  add(&s, "bundles/a.yaml");
  if (load_b) add(&s, "bundles/b.yaml");
  bool ok = wnd__srcset_digest(&s, out);
  wnd__srcset_free(&s);
  return ok;
}

Test(digest, streamed_equals_hashed_at_the_end) {
  char want[72], got[72];
  reference(want);
  static const char *const items[] = {"items/x/1.yaml", "items/y.yaml"};
  cr_assert(streamed(got, items, 2, true));
  cr_assert_str_eq(got, want);
}

Test(digest, a_file_out_of_path_order_is_refused) {
  char got[72];
  static const char *const items[] = {"items/y.yaml", "items/x/1.yaml"};
  cr_assert_not(streamed(got, items, 2, true));
}

Test(digest, a_bundle_hashed_early_but_never_loaded_is_refused) {
  char got[72];
  static const char *const items[] = {"items/x/1.yaml", "items/y.yaml"};
  cr_assert_not(streamed(got, items, 2, false));
}

/* The digest's text: "sha256:" and two lowercase hex digits a byte, for
** every byte value at every position (the digit pairs are made four
** bytes at a time), against snprintf. */
Test(digest, text_of_every_byte_at_every_position) {
  for (int shift = 0; shift < 32; shift++) {
    unsigned char d[32];
    for (int i = 0; i < 32; i++) d[i] = (unsigned char)(i * 8 + shift * 37);
    for (int b = 0; b < 256; b++) {
      d[(b + shift) % 32] = (unsigned char)b;
      char got[72], want[72];
      memset(got, '?', sizeof got);
      wnd__sha256_text(d, got);
      int o = snprintf(want, sizeof want, "sha256:");
      for (int i = 0; i < 32; i++) o += snprintf(want + o, sizeof want - (size_t)o, "%02x", d[i]);
      cr_assert_eq(o, 71);
      cr_assert_str_eq(got, want);
    }
  }
}
