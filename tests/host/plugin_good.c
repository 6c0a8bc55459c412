/*
** plugin_good.c — the test plugin libwndtestplugin.so: a credit blacklist
** and a few functions whose descriptions the tests bind against (or refuse
** to, when functions.yaml declares them differently).
*/
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "libwindow.h"

const wnd_plugin *wnd_plugin_describe(void);

/* 失信被执行人: unified social credit codes on the blacklist. */
static bool dishonest(const char *credit_code) {
  static const char *const blacklist[] = {"91350100MA2XXXXX1X", "91110000000000000X"};
  for (size_t i = 0; i < sizeof blacklist / sizeof blacklist[0]; i++)
    if (!strcmp(credit_code, blacklist[i])) return true;
  return false;
}

static double score(const char *credit_code, int64_t year) {
  return (double)strlen(credit_code) * 10.0 + (double)(year % 100);
}

static int64_t weighted(int64_t a, int64_t b, int64_t c, int64_t d, int64_t e, int64_t f,
                        int64_t g, int64_t h) {
  return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + 7 * g + 8 * h;
}

static const wnd_plugin_function FUNCTIONS[] = {
    {"credit.dishonest", (wnd_fnptr)dishonest, WND_TYPE_BOOL, 1, {WND_TYPE_STRING}},
    {"credit.score", (wnd_fnptr)score, WND_TYPE_DOUBLE, 2, {WND_TYPE_STRING, WND_TYPE_INT}},
    {"plug.weighted", (wnd_fnptr)weighted, WND_TYPE_INT, 8,
     {WND_TYPE_INT, WND_TYPE_INT, WND_TYPE_INT, WND_TYPE_INT, WND_TYPE_INT, WND_TYPE_INT,
      WND_TYPE_INT, WND_TYPE_INT}},
    /* A broken description: a plugin bug the loader must refuse to call. */
    {"plug.broken", NULL, WND_TYPE_BOOL, 0, {0}},
    {"plug.badtype", (wnd_fnptr)dishonest, WND_TYPE_STRING, 1, {WND_TYPE_STRING}},
};

static const wnd_plugin PLUGIN = {
    WND_PLUGIN_ABI_VERSION,
    "wndtestplugin",
    sizeof FUNCTIONS / sizeof FUNCTIONS[0],
    FUNCTIONS,
};

const wnd_plugin *wnd_plugin_describe(void) { return &PLUGIN; }
