#!/usr/bin/env bash
# `window --max-catalog-bytes SIZE` (issue 12): the bound on all rule files
# of a catalog together, before or after the command name, refused when it
# is not a size.  Speaks TAP; run from the source root.
#   limits.sh WINDOW_EXE
set -u
W=$1
n=0
bad=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
no() { n=$((n + 1)); bad=$((bad + 1)); echo "not ok $n - $1"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# expect NAME WANT_EXIT CMD...: exit status of CMD (stdout to $tmp/out)
expect() {
  local name=$1 want=$2; shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [ "$got" = "$want" ]; then ok "$name (exit $got)"; else
    no "$name: exit $got, expected $want"; sed 's/^/# /' "$tmp/err" | head -5; fi
}

R=rules
size=$(cat $(find $R -name '*.yaml') | wc -c)
expect "check within the default bound" 0 "$W" check --today 2026-11-21 $R
expect "a bound below the catalog's size" 1 "$W" --max-catalog-bytes 16K check --today 2026-11-21 $R
if grep -q 'error: the catalog is larger than the limit of 16384 bytes \[yaml-limit\]' "$tmp/out"
then ok "the refusal names the limit in bytes"; else no "refusal: $(head -3 "$tmp/out")"; fi
expect "a bound of exactly the catalog's size, after the command" 0 \
  "$W" check --max-catalog-bytes "$size" --today 2026-11-21 $R
expect "one byte less" 1 "$W" check --max-catalog-bytes=$((size - 1)) --today 2026-11-21 $R
expect "M suffix" 0 "$W" list --max-catalog-bytes 1M $R
expect "not a size" 2 "$W" --max-catalog-bytes 2X check $R
if grep -q "window: --max-catalog-bytes '2X' is not a size" "$tmp/err"; then ok "says why"; else
  no "message: $(cat "$tmp/err")"; fi
expect "zero" 2 "$W" --max-catalog-bytes 0 check $R
expect "no value" 2 "$W" check $R --max-catalog-bytes
expect "too large" 2 "$W" --max-catalog-bytes 99999999999999999999G check $R

echo "1..$n"
[ $bad = 0 ]
