/*
** literal.h — CEL values as test expectations, shared by the conformance
** runner (tests/conformance/runner.c) and the expression-file runner
** (tests/cel/exprfile.c): a constant expression evaluated by the library
** itself is the expected value, compared strictly with the result.
*/
#ifndef WND_TEST_CEL_LITERAL_H
#define WND_TEST_CEL_LITERAL_H

#include <stdbool.h>
#include <stdio.h>

#include "cel/cel.h"

/* Same kind and same value (NaN equals NaN; maps in any order). */
bool lit_same(wnd__value a, wnd__value b);
/* Print a value as kind:JSON (or error(message)) for a failure report. */
void lit_show(FILE *f, wnd__value v);
/* Compile and evaluate the constant expression src without variables.  The
** value may point into the program, which is kept until lit_release. */
bool lit_eval(const char *src, wnd__cel_ctx *ctx, wnd__value *out);
/* Free the programs of lit_eval and reset ctx. */
void lit_release(wnd__cel_ctx *ctx);

#endif
