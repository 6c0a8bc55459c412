/*
** test_diff.h — print a failed test's differences one per line.
*/
#ifndef WND_TOOLS_TEST_DIFF_H
#define WND_TOOLS_TEST_DIFF_H

#include <stdio.h>

/* `message` is wnd_test_outcome.message: "key: expected W, got G" parts
** joined by "; ".  Prints each key with expected and actual values on their
** own lines; lists show only what is missing (-) and unexpected (+). */
void test_diff_print(FILE *out, const char *message);

#endif
