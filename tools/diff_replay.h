/*
** diff_replay.h — evaluate recorded submissions under two catalogs and
** collect what would be decided differently (`window diff --replay`).
*/
#ifndef WND_TOOLS_DIFF_REPLAY_H
#define WND_TOOLS_DIFF_REPLAY_H

#include <stdbool.h>
#include <stddef.h>

#include "libwindow.h"

/* One sorted set of "what the result says" lines: decision, findings as
** code:subject, route, deadlines; bundle items prefixed with their code. */
typedef struct replay_sig {
  char **v;
  size_t n, cap;
} replay_sig;

typedef struct replay_example {
  size_t line;          /* 1-based line of the submissions file */
  char *target;         /* item code or bundle id */
  char *old_decision, *new_decision;  /* "(absent)" when not in that catalog */
  replay_sig removed, added;          /* lines only in the old / only in the new result */
} replay_example;

typedef struct replay_count {
  char *key;            /* item code, or "old → new" */
  size_t evaluated, changed;
} replay_count;

typedef struct replay_report {
  size_t evaluated, changed, errors;
  replay_count *items, *pairs;
  size_t nitems, npairs;
  replay_example *examples;
  size_t nexamples, max_examples;
  bool oom;
} replay_report;

/* Replay every line of the JSONL text (one submission per line, with
** "item"; receipt instant = its submitted_at, else one instant fixed at the
** start so both catalogs see the same).  Bad lines are counted in
** rep->errors and reported on stderr as PATH:LINE: message. */
void replay_run(replay_report *rep, wnd_env *env, const wnd_catalog *old_cat,
                const wnd_catalog *new_cat, const char *path, const char *text, size_t len);
void replay_free(replay_report *rep);

#endif
