/*
** test_domain.c — the builtin domain functions cn.* and workdays.*, with
** the real vectors of BRIEF §5.
*/
#include <criterion/criterion.h>
#include <string.h>

#include "time/calendar.h"
#include "time/civil.h"
#include "util.h"

TestSuite(domain, .init = t_setup);

/* cn.* remember the last number parsed (per ctx, keyed by its bytes): numbers
** that differ only in the check character or the date, checked in turn in
** one evaluation, still get their own answers. */
Test(domain, id_numbers_checked_in_turn) {
  cr_assert(t_is_bool("['11010519491231002X', '110105194912310021', '11010519491231002X', "
                      "'110105194902301234', '120223198902021249']"
                      ".map(x, cn.id_card(x)) == [true, false, true, false, true]",
                      true));
  cr_assert(t_is_bool("cn.id_card('130402198207290622') || "
                      "cn.age('120223198902021249', timestamp('2025-02-02T00:00:00+08:00')) == 36",
                      true));
  cr_assert(t_is_error("cn.id_card('120223198902021249') && cn.age('130402198207290622', now) > 0",
                       WE_INVALID));
}

/* In the catalog's zone (+08:00 here), which window expr and the .test files
** (UTC, as CEL) cannot set; the other cn.* vectors are in tests/cel/cn.test. */
Test(domain, id_number_derived_facts_in_local_time) {
  cr_assert(t_is_bool("cn.birthdate('120223198902021249') == timestamp('1989-02-02T00:00:00+08:00')", true));
  /* age on the day before and on the 36th birthday (local dates, +08:00) */
  cr_assert(t_is_int("cn.age('120223198902021249', timestamp('2025-02-01T23:00:00+08:00'))", 35));
  cr_assert(t_is_int("cn.age('120223198902021249', timestamp('2025-02-02T00:00:00+08:00'))", 36));
  /* 16:30Z on Feb 1 is already Feb 2 in +08:00 */
  cr_assert(t_is_int("cn.age('120223198902021249', timestamp('2025-02-01T16:30:00Z'))", 36));
}

Test(domain, type_error_position) {
  cr_assert(t_diag_at("cn.uscc(1)", "expr-type", 8));
}

Test(domain, workdays) {
  wnd__calendar *cal = wnd__calendar_new(&wnd__mem_default);
  cr_assert_not_null(cal);
  cr_assert_eq(wnd__calendar_add_year(cal, 2025), 0);
  /* 2025 National Day: Oct 1-8 off, Sep 28 and Oct 11 work */
  for (int d = 1; d <= 8; d++) wnd__calendar_set_off(cal, wnd__days_from_civil(2025, 10, d));
  wnd__calendar_set_work(cal, wnd__days_from_civil(2025, 9, 28));
  wnd__calendar_set_work(cal, wnd__days_from_civil(2025, 10, 11));
  t_act.calendar = cal;
  /* Tuesday 2025-09-30 10:00 +08:00, 1 working day later: Thursday Oct 9 */
  cr_assert(t_is_bool("workdays.add(timestamp('2025-09-30T10:00:00+08:00'), 1) == "
                      "timestamp('2025-10-09T10:00:00+08:00')", true));
  cr_assert(t_is_bool("workdays.add(timestamp('2025-09-26T10:00:00+08:00'), 1) == "
                      "timestamp('2025-09-28T10:00:00+08:00')", true)); /* Sunday make-up day */
  cr_assert(t_is_int("workdays.between(timestamp('2025-09-30T10:00:00+08:00'), "
                     "timestamp('2025-10-13T09:00:00+08:00'))", 4)); /* Oct 9, 10, 11, 13 */
  cr_assert(t_is_int("workdays.between(timestamp('2025-10-13T09:00:00+08:00'), "
                     "timestamp('2025-09-30T10:00:00+08:00'))", -4));
  /* beyond the loaded years: an error, not a guess */
  cr_assert(t_is_error("workdays.add(timestamp('2025-12-30T10:00:00+08:00'), 5)", WE_RANGE));
  t_act.calendar = NULL;
  cr_assert(t_is_error("workdays.add(now, 1)", WE_INVALID));
  wnd__calendar_free(cal);
}
