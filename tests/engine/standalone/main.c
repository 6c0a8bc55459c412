/*
** The runner behind standalone/criterion/criterion.h: runs every
** registered test in the process, one after the other, and prints TAP.
*/
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "criterion/criterion.h"

typedef struct mcr_test {
  const char *suite, *name;
  mcr_test_fn fn;
} mcr_test;

static mcr_test *tests;
static size_t ntests, captests;
static bool lost; /* a registration could not be stored: fail, never skip silently */
static jmp_buf on_fail;

void mcr_register(const char *suite, const char *name, mcr_test_fn fn) {
  if (ntests == captests) {
    size_t ncap = captests ? captests * 2 : 32;
    mcr_test *nt = realloc(tests, ncap * sizeof *nt);
    if (!nt) {
      lost = true;
      return;
    }
    tests = nt;
    captests = ncap;
  }
  tests[ntests++] = (mcr_test){suite, name, fn};
}

void mcr_fail(const char *file, int line, const char *cond, const char *fmt, ...) {
  fprintf(stdout, "# %s:%d: assertion failed: %s\n# ", file, line, cond);
  va_list ap;
  va_start(ap, fmt);
  vfprintf(stdout, fmt, ap);
  va_end(ap);
  fprintf(stdout, "\n");
  fflush(stdout);
  longjmp(on_fail, 1);
}

int main(void) {
  /* static: they live across longjmp */
  static int failed;
  static size_t i;
  if (lost) {
    printf("Bail out! out of memory registering tests\n");
    return 1;
  }
  printf("1..%zu\n", ntests);
  for (i = 0; i < ntests; i++) {
    fflush(stdout);
    if (setjmp(on_fail) == 0) {
      tests[i].fn();
      printf("ok %zu - %s::%s\n", i + 1, tests[i].suite, tests[i].name);
    } else {
      printf("not ok %zu - %s::%s\n", i + 1, tests[i].suite, tests[i].name);
      failed++;
    }
  }
  fflush(stdout);
  free(tests);
  return failed ? 1 : 0;
}
