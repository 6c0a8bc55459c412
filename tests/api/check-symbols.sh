#!/usr/bin/env bash
# Every symbol the shared library exports is public API (wnd_*), and every
# function the header declares is exported.  Speaks TAP.
#   check-symbols.sh LIBWINDOW.so HEADER
set -u
lib=$1 header=$2
exported=$(nm -D --defined-only "$lib" | awk '$2 ~ /[TDBR]/ {print $3}' | sort)
bad=$(echo "$exported" | grep -v '^wnd_' || true)
declared=$(grep -oE 'WND_API [^(]*\b(wnd_[a-z0-9_]+)\(' "$header" | grep -oE 'wnd_[a-z0-9_]+\($' | tr -d '(' | sort -u)
missing=$(comm -23 <(echo "$declared") <(echo "$exported"))
n=0; fail=0
if [ -z "$bad" ]; then echo "ok 1 - only wnd_* symbols are exported ($(echo "$exported" | wc -l))"; else
  echo "not ok 1 - non-API symbols exported:"; echo "$bad" | sed 's/^/# /'; fail=1; fi
if [ -z "$missing" ]; then echo "ok 2 - every declared function is exported ($(echo "$declared" | wc -l))"; else
  echo "not ok 2 - declared but not exported:"; echo "$missing" | sed 's/^/# /'; fail=1; fi
echo "1..2"
exit $fail
