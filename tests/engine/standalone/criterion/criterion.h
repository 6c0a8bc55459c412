/*
** A stand-in for <criterion/criterion.h> used only to build the threaded
** engine tests for ThreadSanitizer: Criterion itself aborts at start-up
** under TSan ("Could not initialize inheritable arena", Snaipe/Criterion
** #274).  It implements the few macros the engine tests use, runs every
** Test() in the process in turn and prints TAP.  Selected in
** tests/engine/meson.build when b_sanitize is 'thread'.
*/
#ifndef ENG_STANDALONE_CRITERION_H
#define ENG_STANDALONE_CRITERION_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

typedef void (*mcr_test_fn)(void);
void mcr_register(const char *suite, const char *name, mcr_test_fn fn);
_Noreturn void mcr_fail(const char *file, int line, const char *cond, const char *fmt, ...);

#define cr_assert(cond, ...) \
  ((cond) ? (void)0 : mcr_fail(__FILE__, __LINE__, #cond, "" __VA_ARGS__))
#define cr_assert_not(cond, ...) cr_assert(!(cond), __VA_ARGS__)
#define cr_assert_eq(a, b, ...) cr_assert((a) == (b), __VA_ARGS__)
#define cr_assert_neq(a, b, ...) cr_assert((a) != (b), __VA_ARGS__)
#define cr_assert_gt(a, b, ...) cr_assert((a) > (b), __VA_ARGS__)
#define cr_assert_geq(a, b, ...) cr_assert((a) >= (b), __VA_ARGS__)
#define cr_assert_lt(a, b, ...) cr_assert((a) < (b), __VA_ARGS__)
#define cr_assert_leq(a, b, ...) cr_assert((a) <= (b), __VA_ARGS__)
#define cr_assert_null(p, ...) cr_assert((p) == NULL, __VA_ARGS__)
#define cr_assert_not_null(p, ...) cr_assert((p) != NULL, __VA_ARGS__)
#define cr_assert_str_eq(a, b, ...) cr_assert(strcmp((a), (b)) == 0, __VA_ARGS__)
#define cr_assert_str_neq(a, b, ...) cr_assert(strcmp((a), (b)) != 0, __VA_ARGS__)
#define cr_assert_fail(...) mcr_fail(__FILE__, __LINE__, "cr_assert_fail", "" __VA_ARGS__)

#define TestSuite(...) extern int mcr_suite_placeholder_
#define Test(suite, name, ...)                                                   \
  static void suite##_##name##_impl(void);                                       \
  __attribute__((constructor)) static void suite##_##name##_reg(void) {          \
    mcr_register(#suite, #name, suite##_##name##_impl);                          \
  }                                                                              \
  static void suite##_##name##_impl(void)

#endif
