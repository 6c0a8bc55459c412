/*
** fuzz.h — the entry points every target in fuzz/ defines.
**
** Each <name>_fuzzer.c is linked either with libFuzzer (-fsanitize=fuzzer,
** clang only) or with standalone_driver.c, which replays files and
** directories given on the command line through the same two functions.
*/
#ifndef WND_FUZZ_FUZZ_H
#define WND_FUZZ_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* Called once before the first input (libFuzzer and the standalone driver). */
int LLVMFuzzerInitialize(int *argc, char ***argv);
/* Called once per input; returns 0 (libFuzzer reserves other values). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Create a private temporary directory (under /dev/shm when writable,
** else $TMPDIR or /tmp) named wnd-<name>-XXXXXX into out; aborts on
** failure (tmpdir.c). */
void fuzz_mkdtemp(char *out, size_t n, const char *name);

/* Default catalog: <source root>/rules, set by fuzz/meson.build. */
#ifndef WND_FUZZ_SOURCE_ROOT
#define WND_FUZZ_SOURCE_ROOT "."
#endif

#endif
