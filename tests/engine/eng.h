/*
** eng.h — helpers for the engine tests (SPEC §4): the test catalog in
** tests/engine/cat is loaded once per test, submissions are given as JSON
** text, and assertions print the whole result JSON when they fail.
*/
#ifndef WND_TESTS_ENG_H
#define WND_TESTS_ENG_H

#include <criterion/criterion.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "libwindow.h"

extern wnd_env *eng_env;
extern wnd_catalog *eng_cat;

/* Suite init/fini: load / free ENG_CAT_DIR through a fresh env. */
void eng_setup(void);
void eng_teardown(void);

/* Load any catalog directory (lint day 2026-11-21); asserts success. */
wnd_catalog *eng_load(wnd_env *env, const char *dir);

/* "YYYY-MM-DDTHH:MM:SS(Z|+hh:mm|-hh:mm)" -> Unix seconds. */
int64_t eng_time(const char *rfc3339);

/* Parse a JSON submission through eng_env; asserts WND_OK. */
wnd_submission *eng_sub(const char *json);

/* Evaluate JSON text against an item or bundle.  now: RFC 3339 or NULL
** (then submitted_at / the clock).  Asserts WND_OK. */
wnd_result *eng_eval(const char *code, const char *json, const char *now);
wnd_result *eng_eval_ex(const char *code, const char *json, const char *now, unsigned flags,
                        const wnd_elicenses *el);
wnd_result *eng_eval_sub(const char *code, const wnd_submission *s, const char *now);

/* The result JSON (asserts success). */
const char *eng_json(const wnd_result *r);
/* A malloc'd copy with every whitespace outside strings removed. */
char *eng_squash(const char *json);
char *eng_squash_unrecorded(const char *json);

/* A finding with this code and subject (subject NULL: a null subject). */
const wnd_finding *eng_find(const wnd_result *r, const char *code, const char *subject);
/* Number of findings with this code (any subject). */
size_t eng_count(const wnd_result *r, const char *code);
/* Number of findings whose code starts with prefix. */
size_t eng_count_prefix(const wnd_result *r, const char *prefix);
/* "code:subject" of every finding, sorted, joined with ','; null subject
** written as "code:". Static buffer. */
const char *eng_findings(const wnd_result *r);
/* The documents joined with ','. Static buffer. */
const char *eng_docs(const wnd_result *r);
/* The to_supply list of a bundle joined with ','. Static buffer. */
const char *eng_to_supply(const wnd_result *r);

/* Sort a comma list (for comparing expected finding sets). Static buffer. */
const char *eng_sorted(const char *list);

#define EXPECT_DECISION(r, d)                                                             \
  cr_assert_eq(wnd_result_decision(r), (d), "decision: expected %s, got %s\n%s",          \
               wnd_decision_name(d), wnd_decision_name(wnd_result_decision(r)), eng_json(r))

#define EXPECT_FLOW(r, f)                                                                 \
  cr_assert_eq(wnd_result_flow(r), (f), "flow: expected %s, got %s\n%s", wnd_flow_name(f), \
               wnd_flow_name(wnd_result_flow(r)), eng_json(r))

#define EXPECT_FINDING(r, code, subj)                                                     \
  cr_assert(eng_find((r), (code), (subj)) != NULL, "expected finding %s:%s\n%s", (code),   \
            (subj) ? (const char *)(subj) : "null", eng_json(r))

#define EXPECT_NO_FINDING(r, code)                                                        \
  cr_assert(eng_count((r), (code)) == 0, "unexpected finding %s\n%s", (code), eng_json(r))

/* Exactly these findings (a sorted comparison of "code:subject" strings). */
#define EXPECT_FINDINGS(r, list)                                                          \
  do {                                                                                    \
    char exp_[2048];                                                                      \
    snprintf(exp_, sizeof exp_, "%s", eng_sorted(list));                                  \
    cr_assert_str_eq(eng_findings(r), exp_, "findings: expected [%s], got [%s]\n%s",       \
                     exp_, eng_findings(r), eng_json(r));                                 \
  } while (0)

#define EXPECT_DOCS(r, list)                                                              \
  cr_assert_str_eq(eng_docs(r), (list), "documents: expected [%s], got [%s]\n%s", (list),  \
                   eng_docs(r), eng_json(r))

#define EXPECT_DEADLINE(r, name, val)                                                     \
  do {                                                                                    \
    const char *got_ = wnd_result_deadline((r), (name));                                  \
    const char *exp_ = (val);                                                             \
    if (exp_)                                                                             \
      cr_assert(got_ && !strcmp(got_, exp_), "deadline %s: expected %s, got %s\n%s",       \
                (name), exp_, got_ ? got_ : "null", eng_json(r));                         \
    else                                                                                  \
      cr_assert(got_ == NULL, "deadline %s: expected null, got %s\n%s", (name), got_,      \
                eng_json(r));                                                             \
  } while (0)

#define EXPECT_ROUTE(r, key, val)                                                         \
  do {                                                                                    \
    const char *got_ = wnd_result_route((r), (key));                                      \
    const char *exp_ = (val);                                                             \
    if (exp_)                                                                             \
      cr_assert(got_ && !strcmp(got_, exp_), "route.%s: expected %s, got %s\n%s", (key),   \
                exp_, got_ ? got_ : "null", eng_json(r));                                 \
    else                                                                                  \
      cr_assert(got_ == NULL, "route.%s: expected null, got %s\n%s", (key), got_,          \
                eng_json(r));                                                             \
  } while (0)

#endif
