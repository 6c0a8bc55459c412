/*
** yhints.h — say what a Chinese-keyboard mistake is when libyaml fails.
*/
#ifndef WND_YAML_YHINTS_H
#define WND_YAML_YHINTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/mem.h"

/* For text that is not UTF-8: a sentence naming the encoding it looks like
** (UTF-16, GBK/GB18030) and how to save it as UTF-8, or "" if unknown. */
WND_HIDDEN const char *wnd__yhint_encoding(const char *text, size_t len);

/*
** Look on line line0 (0-based, where libyaml stopped) and the line before
** for a full-width colon or comma used as YAML punctuation, or a full-width
** space (U+3000) in indentation.  On a hit, set *line and *col (1-based, column
** in code points) and *msg to the explanation, and return true.
*/
WND_HIDDEN bool wnd__yhint_fullwidth(const char *text, size_t len, size_t line0, uint32_t *line,
                                     uint32_t *col, const char **msg);

#endif
