/*
** plugin_noentry.c — libwndtestnoentry.so: a shared library that does not
** export wnd_plugin_describe; the loader must refuse it.
*/
#include <stdbool.h>

bool wnd_test_not_a_plugin(const char *s);
bool wnd_test_not_a_plugin(const char *s) { return s && *s; }
