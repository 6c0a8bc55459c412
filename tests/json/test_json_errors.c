/*
** The reader's answer — status, line:column, offset and message — for
** every prefix of a few documents and for every byte of them replaced by a
** structural byte, compared with tests/json/errors.golden.
**
** The reader takes compact text by shortcuts (a comma or '{' followed by a
** quote goes straight to the key, a closing bracket right after a value
** closes at once, a string value is recognised first); everything else
** takes the general path.  The golden file was written by the reader before
** those shortcuts (c548bf7), so a shortcut that answers differently from
** the general path at any position fails here.  To rewrite it after a
** deliberate change of messages: JSON_ERRORS_WRITE=1 test_json
** --filter json_errors/golden (then review the diff).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jtest.h"

static const char *const docs[] = {
    /* compact, a submission's shape */
    ("{\"item\":\"X-1\",\"ok\":true,\"no\":false,\"nil\":null,\"n\":-12,\"d\":7.5e1,"
     "\"a\":{\"kind\":\"org\",\"名称\":\"示范\",\"e\":\"a\\\"b\\u00e9\"},\"b\":{},\"c\":[],"
     "\"l\":[1,\"s\",{\"f\":\"o\"},[2,3],{}],\"m\":{\"x\":{\"form\":\"copy\",\"k\":1}}}"),
    /* the same with whitespace everywhere it may go */
    ("{ \"item\" : \"X-1\" ,\n \"ok\":true , \"n\" : -12,\t\"a\" : { \"kind\" : \"org\" } ,\r\n"
     " \"b\" : { } , \"c\" : [ ] , \"l\" : [ 1 , \"s\" , { \"f\" : \"o\" } , [ 2 ] ] }\n"),
    /* arrays at the top */
    "[\"a\",{\"k\":[]},[[\"b\"],{}],\"c\",{\"x\":\"y\",\"z\":[1,2]}]",
};

static const char repl[] = {',', '"', '}', ']', '{', '[', ':', ' ', 'x', '\\', '1', '\n', '\0'};

static void answer(FILE *out, const char *tag, const char *t, size_t n) {
  jparse j;
  int rc = jparse_n(&j, t, n, NULL);
  if (rc == WND_OK)
    fprintf(out, "%s ok kind %d n %u\n", tag, (int)j.v.kind, (unsigned)j.v.n);
  else
    fprintf(out, "%s rc %d %u:%u @%zu %s\n", tag, rc, (unsigned)j.err.line,
            (unsigned)j.err.column, j.err.offset, j.err.msg);
  jparse_done(&j);
}

static void all_answers(FILE *out) {
  char *t = malloc(4096);
  for (size_t d = 0; d < sizeof docs / sizeof docs[0]; d++) {
    size_t n = strlen(docs[d]);
    char tag[64];
    for (size_t k = 0; k <= n; k++) { /* every prefix, in an exact-size block */
      char *pre = malloc(k ? k : 1);
      memcpy(pre, docs[d], k);
      snprintf(tag, sizeof tag, "doc %zu prefix %zu:", d, k);
      answer(out, tag, pre, k);
      free(pre);
    }
    for (size_t i = 0; i < n; i++)
      for (size_t r = 0; r < sizeof repl; r++) {
        if (docs[d][i] == repl[r]) continue;
        memcpy(t, docs[d], n);
        t[i] = repl[r];
        snprintf(tag, sizeof tag, "doc %zu at %zu byte %d:", d, i, repl[r]);
        answer(out, tag, t, n);
      }
  }
  free(t);
}

Test(json_errors, golden) {
  if (getenv("JSON_ERRORS_WRITE")) {
    FILE *f = fopen(JSON_ERRORS_GOLDEN, "w");
    cr_assert(f);
    all_answers(f);
    fclose(f);
    return;
  }
  char *got = NULL;
  size_t gotn = 0;
  FILE *m = open_memstream(&got, &gotn);
  cr_assert(m);
  all_answers(m);
  fclose(m);
  FILE *f = fopen(JSON_ERRORS_GOLDEN, "r");
  cr_assert(f, "cannot open %s", JSON_ERRORS_GOLDEN);
  char want[512];
  size_t line = 0;
  const char *g = got;
  while (fgets(want, sizeof want, f)) {
    line++;
    const char *nl = strchr(g, '\n');
    cr_assert(nl, "line %zu missing: %s", line, want);
    size_t gl = (size_t)(nl - g) + 1;
    cr_assert(gl == strlen(want) && memcmp(g, want, gl) == 0, "line %zu: got %.*s want %s",
              line, (int)gl, g, want);
    g = nl + 1;
  }
  cr_assert_eq(*g, '\0', "extra lines from: %.80s", g);
  fclose(f);
  free(got);
}
