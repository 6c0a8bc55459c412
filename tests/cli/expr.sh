#!/usr/bin/env bash
# Golden cases of `window expr` (tests/cli/expr.cases): exit status and the
# printed value or error, with and without --catalog.  Speaks TAP; run from
# the source root.   expr.sh WINDOW_EXE
set -u
W=$1
n=0
bad=0
while IFS=$'\t' read -r want out args; do
  case "$want" in '#'* | '') continue ;; esac
  n=$((n + 1))
  got=$(eval "\"\$W\" expr $args" 2>&1)
  rc=$?
  want_out=$(printf '%b' "$out")
  if [ "$rc" = "$want" ] && [ "$got" = "$want_out" ]; then
    echo "ok $n - expr $args"
  else
    bad=$((bad + 1))
    echo "not ok $n - expr $args"
    echo "#   want exit $want: $want_out"
    echo "#   got  exit $rc: $got" | head -5
  fi
done <tests/cli/expr.cases
echo "1..$n"
[ "$bad" = 0 ]
