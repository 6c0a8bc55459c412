/*
** util.h — helpers shared by the lib/cel unit tests.
*/
#ifndef WND_TEST_CEL_UTIL_H
#define WND_TEST_CEL_UTIL_H

#include "cel/cel.h"

/* One compile + evaluate; everything is released by t_done(). */
typedef struct t_run {
  int crc;                  /* compile status */
  int erc;                  /* eval status (when compiled) */
  wnd__value v;             /* result */
  wnd__cel_diags diags;
  wnd__cel_program *prog;
  wnd__cel_ctx *ctx;
} t_run;

/* The test environment: variables applicant (map), data (map), fast_track
** (bool), now (timestamp), x (dyn); fields declared by t_field_type. */
extern wnd__cel_env t_env;
extern wnd__value t_slots[8];
extern wnd__cel_activation t_act;

void t_setup(void);
/* Compile src in t_env (expect_bool as given) and evaluate with t_act. */
t_run *t_eval(const char *src, bool expect_bool);
void t_done(t_run *r);
/* Convenience: evaluate and check. */
bool t_is_bool(const char *src, bool want);
bool t_is_int(const char *src, int64_t want);
bool t_is_string(const char *src, const char *want);
/* Evaluation error with this code (wnd__errcode). */
bool t_is_error(const char *src, int code);
/* Compile fails with a diagnostic of this code at this byte offset. */
bool t_diag_at(const char *src, const char *code, uint32_t offset);

#endif
