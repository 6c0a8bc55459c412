/* The public header alone, as a strict C11 consumer sees it. */
#include <libwindow.h>
int main(void) { return wnd_version_number() == WND_VERSION_NUMBER ? 0 : 1; }
