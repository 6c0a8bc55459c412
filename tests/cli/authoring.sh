#!/usr/bin/env bash
# Rule authors' safety net (issue 17): every mistake that used to pass
# `window check --strict` silently is a case file in tests/cli/authoring/cases.
# Each case is one item file added to a copy of tests/cli/authoring/base; its
# own comments say what must happen:
#   # expect: LINE CODE [TEXT]   check --strict reports CODE at LINE of the case
#                                file (any column), with TEXT in the message
#   # expect-test: TEXT          `window test` prints a line containing TEXT
#   # expect-clean               check --strict reports nothing at all
# Speaks TAP.   authoring.sh WINDOW_EXE
set -u
W=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$(dirname "$0")/authoring" && pwd)
n=0
bad=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
no() { n=$((n + 1)); bad=$((bad + 1)); echo "not ok $n - $1"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for case in "$src"/cases/*.yaml; do
  name=$(basename "$case" .yaml)
  rm -rf "$tmp/cat" && cp -r "$src/base" "$tmp/cat" && rm -f "$tmp/cat/items/"*.yaml
  cp "$case" "$tmp/cat/items/$name.yaml"
  (cd "$tmp" && "$W" check --strict --today 2026-11-21 cat >"$tmp/check" 2>&1)
  rc=$?
  (cd "$tmp" && "$W" test cat >"$tmp/test" 2>&1)
  file="cat/items/$name.yaml"
  want_errors=0
  while IFS= read -r line; do
    set -- $line
    line_no=$1 code=$2; shift 2; text="$*"
    want_errors=1
    if grep -E "^$file:$line_no:[0-9]+: (error|warning): .*\[$code\]\$" "$tmp/check" |
        grep -qF -- "$text"; then
      ok "$name: $code at line $line_no${text:+ ($text)}"
    else
      no "$name: expected $code at $file:$line_no${text:+ with '$text'}"
      sed 's/^/# /' "$tmp/check" | head -12
    fi
  done < <(sed -n 's/^# expect: //p' "$case")
  if [ $want_errors = 1 ]; then
    if [ $rc = 1 ]; then ok "$name: check --strict exits 1"; else no "$name: check --strict exit $rc, expected 1"; fi
    # The summary (stderr) follows the list (stdout), also when both go to one file.
    if tail -n 1 "$tmp/check" | grep -qE '^[0-9]+ error\(s\), [0-9]+ warning\(s\)$'; then ok "$name: summary is the last line"
    else no "$name: summary is not the last line of check's output"; fi
  fi
  if grep -q '^# expect-clean' "$case"; then
    if [ $rc = 0 ] && grep -q '^0 error(s), 0 warning(s)' "$tmp/check"; then ok "$name: check --strict is clean"
    else no "$name: check --strict not clean (exit $rc)"; sed 's/^/# /' "$tmp/check" | head -12; fi
  fi
  while IFS= read -r text; do
    if grep -qF -- "$text" "$tmp/test"; then ok "$name: test prints '$text'"
    else no "$name: test output lacks '$text'"; sed 's/^/# /' "$tmp/test" | head -12; fi
  done < <(sed -n 's/^# expect-test: //p' "$case")
done

# check/test one item file of a catalog: only its diagnostics and tests.
rm -rf "$tmp/cat" && cp -r "$src/base" "$tmp/cat"
sed 's/XK-0901-01/XK-0902-01/' "$src/cases/enum-mismatch.yaml" >"$tmp/cat/items/x-enum.yaml"
(cd "$tmp" && "$W" check cat/items/x-enum.yaml >"$tmp/one" 2>&1); rc=$?
if [ $rc = 1 ] && grep -q '^cat/items/x-enum.yaml:32:.*\[enum-mismatch\]$' "$tmp/one" && [ "$(grep -c '\[' "$tmp/one")" = 1 ]; then
  ok "check FILE reports that file only, resolved against its catalog"
else no "check FILE (exit $rc)"; sed 's/^/# /' "$tmp/one"; fi
rm "$tmp/cat/items/x-enum.yaml"
sed 's/XK-0901-01/XK-0902-01/' "$src/cases/failing-test.yaml" >"$tmp/cat/items/failing.yaml"
(cd "$tmp/cat/items" && "$W" test school_bus.yaml >"$tmp/one" 2>&1); rc=$?
if [ $rc = 0 ] && [ "$(tail -1 "$tmp/one")" = "1 passed, 0 failed" ]; then ok "test FILE runs that file's tests only"
else no "test FILE (exit $rc): $(tail -1 "$tmp/one")"; fi
(cd "$tmp" && "$W" test --item 3415220000-XK-0902-01 cat >"$tmp/one" 2>&1); rc=$?
if [ $rc = 1 ] && [ "$(tail -1 "$tmp/one")" = "0 passed, 1 failed" ]; then ok "test --item CODE runs that item's tests"
else no "test --item (exit $rc): $(tail -1 "$tmp/one")"; fi
(cd "$tmp" && "$W" test --item NO-SUCH cat >"$tmp/one" 2>&1)
if [ "$(tail -1 "$tmp/one")" = "0 passed, 0 failed" ]; then ok "test --item with an unknown code runs nothing"
else no "test --item NO-SUCH: $(tail -1 "$tmp/one")"; fi

# window gen: test numbers pass the engine's own checks, with the asked
# birth date and region.
for id in $("$W" gen id-card --count 12 --birth 2008-02-29 --region 110101); do
  if [ "$("$W" expr "cn.id_card('$id') && cn.birthdate('$id') == timestamp('2008-02-29T00:00:00Z') && '$id'.startsWith('110101')")" = true ]; then
    ok "gen id-card: $id is valid, born 2008-02-29 in 110101"
  else no "gen id-card: $id"; fi
done
for id in $("$W" gen uscc --count 12); do
  if [ "$("$W" expr "cn.uscc('$id') && '$id'.startsWith('91341522')")" = true ]; then ok "gen uscc: $id is valid"
  else no "gen uscc: $id"; fi
done
if "$W" gen id-card --birth 2001-02-29 >/dev/null 2>&1; then no "gen accepts 2001-02-29"; else ok "gen refuses a date that does not exist"; fi

# The guides' examples of format 0.2 are lines of the case files above, so
# they cannot drift from what the suite loads and tests.
root=$(cd "$src/../../.." && pwd)
for guide in "$root"/docs/rule-authoring.md "$root"/docs/rule-authoring.en.md; do
  while IFS= read -r casefile; do
    gname=$(basename "$guide")
    missing=$(awk -v want="$casefile" '
      /^<!-- example: / { cur = $3; next }
      /^```yaml$/ && cur == want { inblock = 1; next }
      /^```$/ { inblock = 0; cur = ""; next }
      inblock && NF { print }' "$guide" | while IFS= read -r l; do
        grep -qxF -- "$l" "$root/$casefile" || echo "$l"; done)
    if [ -z "$missing" ]; then ok "$gname: examples from $casefile are in the case file"
    else no "$gname: not in $casefile: $missing"; fi
  done < <(sed -n 's/^<!-- example: \([^ ]*\) -->$/\1/p' "$guide" | sort -u)
done

echo "1..$n"
[ $bad = 0 ]
