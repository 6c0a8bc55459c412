#!/bin/sh
# TAP driver for the decision-model fixture catalog (SPEC §4.5): the catalog
# must be clean under `window check --strict`, and every `tests:` case of
# its items and bundles is one TAP test.
W=$1
dir=$2
out=$(mktemp)
trap 'rm -f "$out"' EXIT
{
  if "$W" check --strict "$dir" >"$out.check" 2>&1; then
    echo "ok - window check --strict $dir"
  else
    echo "not ok - window check --strict $dir"
    sed 's/^/# /' "$out.check"
  fi
  rm -f "$out.check"
  # the 0.2 lints, each at its file:line:column with its stable code
  "$W" check "$dir/defects" >"$out.defects" 2>/dev/null
  if [ $? -eq 1 ] && diff -u "$dir/defects.expected" "$out.defects" >"$out.diff"; then
    echo "ok - window check $dir/defects matches defects.expected"
  else
    echo "not ok - window check $dir/defects differs from defects.expected"
    sed 's/^/# /' "$out.diff"
  fi
  rm -f "$out.defects" "$out.diff"
  "$W" test --verbose "$dir" 2>&1 | sed -n -e 's/^ok  */ok - /p' -e 's/^FAIL /not ok - /p'
} >"$out"
cat "$out"
echo "1..$(grep -c -E '^(not )?ok' "$out")"
