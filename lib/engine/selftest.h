/*
** selftest.h — evaluating one rule test (`tests:` of items and bundles),
** shared by wnd_catalog_test and `window test --coverage`.
*/
#ifndef WND_ENGINE_SELFTEST_H
#define WND_ENGINE_SELFTEST_H

#include "../catalog/model.h"

/*
** Evaluate a test's submission against target as wnd_catalog_test does: at
** its `now` (else its submitted_at), with its `elicenses` standing in for
** the e-license provider, with these WND_EVAL_* flags.  Returns
** wnd_evaluate's status; when `now` is not RFC 3339, WND_OK with *out NULL
** and *bad_now set.
*/
WND_HIDDEN int wnd__test_evaluate(wnd_result **out, const wnd_catalog *cat, const char *target,
                                  const wnd__test *t, unsigned flags, bool *bad_now);

#endif
