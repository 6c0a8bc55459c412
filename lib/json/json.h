/*
** json.h — a fast, strict JSON reader into wnd__value, and a writer.
**
** Submissions arrive as JSON (SPEC §4.1) and results leave as JSON (§4.3).
** libyaml is not used for the JSON route because it is not a strict JSON
** parser (RELIABILITY §2.4: it rejects surrogate-pair escapes, accepts
** duplicate keys, comments, trailing commas and \u0000).  This reader is
** RFC 8259 exactly, reads the text in one pass and allocates only from the
** caller's arena, because parse + evaluate must fit in a few microseconds.
*/
#ifndef WND_JSON_JSON_H
#define WND_JSON_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "core/mem.h"
#include "core/strbuf.h"
#include "core/value.h"

/*
** Bounds on one document.  A zero field takes the default of wnd_limits'
** submission bounds: max_bytes 1 MiB, max_depth 32, max_nodes 100000.
** Depth counts open containers: a scalar document has depth 0, "[]" depth
** 1, "[[]]" depth 2.  Every value (scalars and containers, not object keys)
** counts as one node.
*/
typedef struct wnd__json_limits {
  size_t max_bytes;
  uint32_t max_depth;
  uint32_t max_nodes;
} wnd__json_limits;

#define WND_JSON_DEFAULT_MAX_BYTES ((size_t)1 << 20)
#define WND_JSON_DEFAULT_MAX_DEPTH 32u
#define WND_JSON_DEFAULT_MAX_NODES 100000u

/* Where and why a document was refused.  line/column are 1-based; column
** counts code points; offset is the byte offset.  msg is English UTF-8. */
typedef struct wnd__json_error {
  uint32_t line, column;
  size_t offset;
  char msg[160];
} wnd__json_error;

/*
** Parse RFC 8259 JSON text (one value, optional whitespace around it) into
** *out, every node allocated in arena `a` (nothing else is allocated that
** outlives the call; temporary buffers for very wide or deep documents go
** through a->mem and are released before returning).  Every non-empty
** document, a bare number or literal too, first takes one arena copy of
** its text with 16 NUL bytes after it, which the reader reads instead of
** `text` (no end-of-text tests): when that fails the answer is
** WND_ENOMEM, whatever the text.
**
**  - Numbers without fraction or exponent are WV_INT (outside int64:
**    error "integer out of range"); others WV_DOUBLE (finite only: 1e400
**    is "number out of range"; underflow to 0 or a subnormal is accepted).
**    "-0" is the int 0.  Conversion does not depend on the C locale.
**  - Strings: all escapes, \uXXXX surrogate pairs; lone surrogates, \u0000,
**    raw control characters and invalid UTF-8 are errors.  Values are
**    NUL-terminated, valid UTF-8, with no embedded NUL.
**  - Objects: WV_MAP with WV_STRING keys in document order; a duplicate
**    key is an error.
**  - Trailing commas, comments, NaN/Infinity, leading zeros, '+' signs,
**    single quotes, unquoted keys and a byte order mark are errors with
**    messages that say so.
**
** Returns WND_OK; WND_EINVALID (syntax: err filled); WND_ELIMIT (size,
** depth, nodes: err filled); WND_ENOMEM (err says "out of memory").  err
** is written only on failure, all of it.  lim and err may be NULL.  On
** failure *out is null and the arena may hold partial allocations (the
** arena's owner frees or resets it as usual).
*/
WND_HIDDEN int wnd__json_parse(wnd__arena *a, const char *text, size_t n,
                               const wnd__json_limits *lim, wnd__value *out,
                               wnd__json_error *err);

/*
** Append v as JSON text (compact, no spaces):
**  - null, bool, int, uint as JSON literals/integers;
**  - doubles in the shortest form that reads back to the same double
**    ("%.15g".."%.17g"), keeping a ".0" on integral values (1.0 -> "1.0",
**    -0.0 -> "-0.0") so that reading the text back with wnd__json_parse
**    gives a double again (SPEC §4.4: numbers without fraction read as
**    int).  NaN and +-Infinity have no JSON form and are written as null;
**  - strings escaped per RFC 8259 (non-ASCII kept as UTF-8);
**  - timestamps as RFC 3339 UTC strings with a "Z" ("2026-11-20T02:00:00Z",
**    fraction 0/3/6/9 digits), durations as CEL prints them ("3600s",
**    "1.500s", "-0.000001s"), types as their name ("int");
**  - maps as objects; a non-string key is written as the JSON text of the
**    key inside a string (1 -> "1", true -> "true"); lists as arrays;
**  - error values as null.
** Nesting beyond 1000 levels is written as null (values this deep cannot
** come from the bounded readers and evaluator; the cap only protects the
** C stack).  Allocation failure sets b->oom, as every strbuf append does.
*/
WND_HIDDEN void wnd__json_write(wnd__strbuf *b, wnd__value v);

/*
** Canonical JSON of v (RFC 8785: keys sorted by UTF-16 code units, no
** whitespace, minimal string escapes), except that numbers keep their type
** (an int as digits, a double as wnd__jnum_format_double with ".0" when
** the text has no '.', 'e' or 'E'), streamed to `sink` in pieces.  Key
** orderings are allocated in `tmp`.  v holds JSON values only (null, bool,
** int, uint, double, string, list, map with string keys).  Returns WND_OK,
** WND_ENOMEM, WND_ELIMIT (a value other than a plain string nested deeper
** than 256), or
** WND_EINVAL for a value with no JSON form; after an error the sink has
** had only part of the text, and not necessarily all that was gathered.
*/
typedef void (*wnd__json_sink)(void *ud, const char *p, size_t n);
WND_HIDDEN int wnd__json_canon(wnd__value v, wnd__arena *tmp, wnd__json_sink sink, void *ud);

#endif
