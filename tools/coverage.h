/*
** coverage.h — rule coverage of a catalog's `tests:` (`window test
** --coverage`): which outcomes of which rules the tests exercised, read
** from the --explain trace and the findings of every test evaluation.
*/
#ifndef WND_TOOLS_COVERAGE_H
#define WND_TOOLS_COVERAGE_H

#include <stdbool.h>
#include <stdio.h>

#include "libwindow.h"

typedef enum { COV_TEXT, COV_JSON, COV_LCOV } cov_format;

typedef struct cov_opts {
  bool on;
  cov_format format;
  double fail_under;       /* percent; -1 = no gate */
  const char *output;      /* file, or NULL for stdout */
  bool below;              /* some catalog was under fail_under */
  bool output_opened;      /* later catalogs append */
} cov_opts;

#define COV_OPTS_INIT {false, COV_TEXT, -1, NULL, false, false}

/* Consume one coverage option of `window test` at argv[*i] (--coverage,
** --format F, --fail-under PCT, --output FILE); 1 when taken, 0 when not a
** coverage option, -1 when its value is bad (message on stderr). */
int cov_option(cov_opts *o, int argc, char **argv, int *i);
/* After a catalog's tests: its report, when asked; 0, or 2 on I/O or
** memory problems.  Sets o->below under the gate. */
int cov_catalog(cov_opts *o, const wnd_catalog *cat, const char *dir);

/* Run every test of the catalog again with a trace, and write the coverage
** report of DIR to out.  Returns the total percentage (0..100), or -1 on no
** memory (message on stderr). */
double cov_report(const wnd_catalog *cat, const char *dir, cov_format fmt, FILE *out);

#endif
