/*
** exprfault.h — fault sweeps of one expression-file case (cel-exprfile
** --faults): the case is compiled and evaluated again with allocation N
** failing, for every N, and with every cost budget below what the clean run
** spent.  Each run must end like the clean run or with the injected fault
** reported (WND_ENOMEM, a cost-budget error), never otherwise, and must
** release every block it allocated.  This reaches the allocation-failure and
** budget branches of every construct the expression files use.
*/
#ifndef WND_TEST_CEL_EXPRFAULT_H
#define WND_TEST_CEL_EXPRFAULT_H

#include <stdbool.h>
#include <stddef.h>

#include "cel/cel.h"

/* What the clean run gave: a value, or the first error (offset, message). */
typedef struct fault_clean {
  bool failed;
  uint32_t off;        /* error offset (UINT32_MAX: none) */
  const char *msg;     /* error message */
  wnd__value value;    /* the value when !failed */
  uint64_t cost;       /* cost units the clean evaluation spent */
} fault_clean;

/* NULL when every faulty run behaved; else what went wrong, written to buf. */
const char *fault_sweep(const wnd__cel_env *env, const wnd__cel_activation *act,
                        const char *expr, const fault_clean *clean, char *buf, size_t cap);

#endif
