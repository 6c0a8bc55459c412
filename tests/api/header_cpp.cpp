// The public header from C++ (extern "C", no C-only constructs).
#include <libwindow.h>
int main() { return wnd_version_number() == WND_VERSION_NUMBER ? 0 : 1; }
