#!/usr/bin/env bash
# Behaviour of the `window` command: golden output of `window check` in all
# four formats on a catalog with many kinds of defects, and the exit codes
# and key outputs of every subcommand.  Speaks TAP; run from the source root.
#   cli.sh WINDOW_EXE
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

D=tests/catalog/defects
for f in text json github sarif; do
  expect "check --format $f on the defects catalog" 1 "$W" check --today 2026-11-21 --format $f $D
  if diff -u "tests/cli/expected/defects.$f" "$tmp/out" >"$tmp/diff"; then
    ok "check --format $f matches tests/cli/expected/defects.$f"
  else
    no "check --format $f differs from tests/cli/expected/defects.$f"; sed 's/^/# /' "$tmp/diff" | head -20
  fi
done
"$W" check --today 2026-11-21 --format sarif $D >"$tmp/sarif"
if /usr/bin/python3 tests/cli/validate_sarif.py "$tmp/sarif" >"$tmp/v"; then ok "SARIF output is structurally valid 2.1.0"; else no "SARIF: $(cat "$tmp/v")"; fi
"$W" check --today 2026-11-21 --format json $D >"$tmp/json"
if /usr/bin/python3 - "$tmp/json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
keys = {"file", "line", "column", "severity", "code", "message"}
assert all(set(x) == keys for x in d), "keys"
codes = {x["code"] for x in d}
assert len(codes) >= 20, f"only {len(codes)} kinds of defects"
PY
then ok "JSON diagnostics carry exactly file, line, column, severity, code, message; >= 20 codes"
else no "JSON diagnostics shape"; fi

expect "check --strict on the shipped catalog" 0 "$W" check --strict rules/
expect "check on a missing directory" 2 "$W" check /nonexistent-catalog
expect "check with an unknown option" 2 "$W" check --frobnicate rules/
expect "check with an unknown format" 2 "$W" check --format xml rules/
expect "check with no directory" 2 "$W" check

expect "test on the shipped catalog" 0 "$W" test rules/
if tail -1 "$tmp/out" | grep -Eq '^[0-9]+ passed, 0 failed$'; then ok "test ends with 'N passed, 0 failed'"; else no "test closing line: $(tail -1 "$tmp/out")"; fi
# a catalog whose test fails: copy the base fixture and break one expectation
mkdir -p "$tmp/cat" && cp -r rules/. "$tmp/cat/"
f=$(grep -l 'decision: accepted$' "$tmp"/cat/items/*/*.yaml | head -1)
sed -i '0,/decision: accepted$/s//decision: rejected/' "$f"
expect "test with a failing expectation" 1 "$W" test "$tmp/cat"
if grep -q 'decision: expected rejected, got accepted' "$tmp/out"; then ok "failure line shows expected and actual"; else no "failure line: $(head -2 "$tmp/out")"; fi

S=examples/submissions/02-food-license-fast-track.json
expect "eval an example submission" 0 "$W" eval rules/ 3415220000-XK-0102-01 $S
if /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["decision"]=="accepted_with_gaps" and d["deadlines"]["supplement"]=="2026-11-27", d' "$tmp/out"; then ok "eval prints the result JSON"; else no "eval JSON"; fi
expect "eval --explain" 0 "$W" eval --explain rules/ 3415220000-XK-0102-01 $S
if grep -q '"trace"' "$tmp/out"; then ok "--explain adds a trace"; else no "--explain trace missing"; fi
expect "eval an unknown item" 1 "$W" eval rules/ NO-SUCH-ITEM $S
expect "eval an invalid submission" 1 "$W" eval rules/ 3415220000-XK-0102-01 tests/cli/expected/defects.text
expect "eval a missing submission file" 2 "$W" eval rules/ 3415220000-XK-0102-01 /nonexistent.json
expect "eval with a bad --now" 2 "$W" eval --now yesterday rules/ 3415220000-XK-0102-01 $S
expect "eval usage" 2 "$W" eval rules/
expect "eval by item name" 0 "$W" eval rules/ 食品经营许可（新办） $S
if /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["item"]["code"]=="3415220000-XK-0102-01", d["item"]' "$tmp/out"; then ok "eval by name picks the one item"; else no "eval by name: $(head -c 200 "$tmp/out")"; fi
expect "eval by an ambiguous name" 1 "$W" eval rules/ 食品经营许可 $S
if grep -q "give the code" "$tmp/err"; then ok "ambiguous name lists the candidates"; else no "ambiguous: $(cat "$tmp/err")"; fi
# SPEC: a --now without an offset is in the catalog's timezone (the CLI
# assumed +08:00 whatever the catalog said).
cp -r rules "$tmp/utc"
sed -i 's/^  timezone: "+08:00"/  timezone: "+00:00"/' "$tmp/utc/catalog.yaml"
S1=examples/submissions/01-food-license-complete.json
expect "eval in a +00:00 catalog" 0 "$W" eval "$tmp/utc" 3415220000-XK-0102-01 $S1 --now 2026-11-20T20:00:00
if /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); t=d["deadlines"]["transfer"]; assert t=="2026-11-20T20:30:00+00:00", t' "$tmp/out"; then ok "--now without offset is read in the catalog timezone"; else no "--now in a +00:00 catalog: transfer $(grep transfer "$tmp/out")"; fi

expect "expr arithmetic" 0 "$W" expr '1 + 2 * 3'
if [ "$(cat "$tmp/out")" = "7" ]; then ok "expr prints 7"; else no "expr printed $(cat "$tmp/out")"; fi
expect "expr with --var" 0 "$W" expr 'x.a > 1' --var 'x={"a": 2}'
expect "expr parse error" 1 "$W" expr '1 +'
expect "expr evaluation error" 1 "$W" expr '1 / 0'

expect "stats text" 0 "$W" stats rules/
expect "stats json" 0 "$W" stats --format json rules/
if /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert 0 < d["comprehensive_family_share"] <= 1 and d["items"] >= 24' "$tmp/out"; then ok "stats JSON reports the comprehensive-window share"; else no "stats JSON"; fi

expect "list" 0 "$W" list rules/
if grep -qP '^item\t3415220000-XK-0102-01\t食品经营许可' "$tmp/out" && grep -qP '^department\tmarket\t' "$tmp/out" && grep -q '^window' "$tmp/out"; then ok "list shows items, departments and windows"; else no "list output: $(head -3 "$tmp/out")"; fi
expect "list a missing directory" 2 "$W" list /nonexistent
expect "list usage" 2 "$W" list

expect "unknown command" 2 "$W" frobnicate
expect "--version" 0 "$W" --version

echo "1..$n"
[ $bad = 0 ]
