/*
** utf8.h — UTF-8 validation and decoding.  Rule files and submissions are
** validated once on input; later code (regex matching with NO_UTF_CHECK,
** size() in code points) relies on that.
*/
#ifndef WND_CORE_UTF8_H
#define WND_CORE_UTF8_H

#include "mem.h"

/*
** Returns the byte offset of the first invalid sequence, or n when the
** whole buffer is valid UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
*/
WND_HIDDEN size_t wnd__utf8_check(const char *s, size_t n);
/* Code points in valid UTF-8. */
WND_HIDDEN size_t wnd__utf8_len(const char *s, size_t n);
/*
** Decode one code point at s[0..n); returns its byte length (>= 1) and sets
** *cp, or 0 on an invalid sequence.
*/
WND_HIDDEN size_t wnd__utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Encode cp (<= 0x10FFFF, not a surrogate) into out[4]; returns bytes. */
WND_HIDDEN size_t wnd__utf8_encode(uint32_t cp, char *out);
/* 1-based column (in code points) of byte offset off within the line that
** starts at line_start. */
WND_HIDDEN uint32_t wnd__utf8_column(const char *line_start, size_t off);
/* 1-based line and column (code points) of byte offset off in text[0..len)
** (off is clamped to len): how expression errors are shown to people. */
WND_HIDDEN void wnd__utf8_position(const char *text, size_t len, size_t off, uint32_t *line,
                                   uint32_t *col);

#endif
