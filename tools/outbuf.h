/*
** outbuf.h — a growing text buffer for the subcommands' output (JSON,
** SARIF, reports), so a whole document is written at once or not at all.
** Allocation failure sets `oom` and later appends do nothing.
*/
#ifndef WND_TOOLS_OUTBUF_H
#define WND_TOOLS_OUTBUF_H

#include <stdbool.h>
#include <stddef.h>

typedef struct outbuf {
  char *data;   /* NUL-terminated once anything was added */
  size_t len, cap;
  bool oom;
} outbuf;

#define OUTBUF_INIT {NULL, 0, 0, false}

void ob_add(outbuf *b, const char *s, size_t n);
void ob_adds(outbuf *b, const char *s);
void ob_addc(outbuf *b, char c);
void ob_printf(outbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* s[0..n) as a JSON string: quotes, backslash and control characters
** escaped (\n \r \t \b \f, others as \u00XX); other bytes as they are. */
void ob_json_str(outbuf *b, const char *s, size_t n);
void ob_free(outbuf *b);

#endif
