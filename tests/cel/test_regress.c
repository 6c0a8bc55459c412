/*
** test_regress.c — regressions in the expression language, each with the
** bug it guards against.
*/
#include <criterion/criterion.h>
#include <string.h>

#include "core/utf8.h"
#include "util.h"

/* Error messages were cut at 256 bytes without regard to UTF-8, so a long
** Chinese key (or a host failure message) produced invalid UTF-8 in the
** result JSON and traces. */
Test(regress, long_error_messages_stay_valid_utf8) {
  t_setup();
  /* 100 three-byte characters after 0..2 ASCII bytes: the message passes
  ** 256 bytes in the middle of a character at every alignment. */
  for (int shift = 0; shift < 3; shift++) {
    char src[1024] = "{'a': 1}['";
    for (int k = 0; k < shift; k++) strcat(src, "x");
    for (int i = 0; i < 100; i++) strcat(src, "键");
    strcat(src, "'] == 1");
    t_run *r = t_eval(src, true);
    cr_assert_eq(r->crc, WND_OK, "%s", src);
    cr_assert_eq(r->v.kind, WV_ERROR);
    const char *m = r->v.u.err->msg;
    cr_assert_eq(wnd__utf8_check(m, strlen(m)), strlen(m), "message is not valid UTF-8");
    t_done(r);
  }
}

/* The unknown-function message was formatted from a scratch buffer after
** the call's arguments were checked; checking `applicant.name` overwrote
** it, so the message named 'applicant.nam' instead of the function. */
Test(regress, unknown_function_message_names_the_function) {
  t_setup();
  t_run *r = t_eval("credit.lookup(applicant.name)", true);
  cr_assert_neq(r->crc, WND_OK);
  bool found = false;
  for (size_t i = 0; i < r->diags.count; i++) {
    const wnd__cel_diag *d = &r->diags.items[i];
    if (strcmp(d->code, "unknown-function")) continue;
    found = true;
    cr_assert(strstr(d->message, "'credit.lookup'"), "message: %s", d->message);
    cr_assert_eq(d->offset, 0);
  }
  cr_assert(found);
  t_done(r);
}
