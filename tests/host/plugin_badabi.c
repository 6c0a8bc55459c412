/*
** plugin_badabi.c — libwndtestbadabi.so: exports wnd_plugin_describe with
** a future ABI version; the loader must refuse it without reading further.
*/
#include <stddef.h>

#include "libwindow.h"

const wnd_plugin *wnd_plugin_describe(void);

static bool yes(const char *s) { return s != NULL; }

static const wnd_plugin_function FUNCTIONS[] = {
    {"credit.dishonest", (wnd_fnptr)yes, WND_TYPE_BOOL, 1, {WND_TYPE_STRING}},
};

static const wnd_plugin PLUGIN = {WND_PLUGIN_ABI_VERSION + 1, "wndtestbadabi", 1, FUNCTIONS};

const wnd_plugin *wnd_plugin_describe(void) { return &PLUGIN; }
