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
# Defects in the catalog's own files (catalog, departments, windows, materials,
# functions, calendars, bundles), each at its line.
DF=tests/catalog/defects-files
expect "check on the defects-files catalog" 1 "$W" check --today 2026-11-21 $DF
if diff -u tests/cli/expected/defects-files.text "$tmp/out" >"$tmp/diff"; then
  ok "check matches tests/cli/expected/defects-files.text"
else
  no "check differs from tests/cli/expected/defects-files.text"; sed 's/^/# /' "$tmp/diff" | head -20
fi
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
if grep -A2 '^    decision$' "$tmp/out" | grep -q 'expected: rejected' && grep -q '^      got:      accepted$' "$tmp/out"; then ok "failure shows expected and actual"; else no "failure lines: $(head -4 "$tmp/out")"; fi

S=examples/submissions/02-food-license-fast-track.json
expect "eval an example submission" 0 "$W" eval rules/ 3415220000-XK-0102-01 $S
if /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["decision"]=="accepted_with_gaps" and d["deadlines"]["supplement"]=="2026-11-27", d' "$tmp/out"; then ok "eval prints the result JSON"; else no "eval JSON"; fi
expect "eval --explain" 0 "$W" eval --explain rules/ 3415220000-XK-0102-01 $S
if grep -q '"trace"' "$tmp/out"; then ok "--explain adds a trace"; else no "--explain trace missing"; fi
expect "eval an unknown item" 1 "$W" eval rules/ NO-SUCH-ITEM $S
expect "eval an invalid submission" 1 "$W" eval rules/ 3415220000-XK-0102-01 tests/cli/expected/defects.text
expect "eval a missing submission file" 2 "$W" eval rules/ 3415220000-XK-0102-01 /nonexistent.json
# an endless submission on stdin is refused at the 1 MiB limit, not read whole
expect "eval an endless submission" 1 timeout 20 sh -c "yes '{}' | \"\$0\" eval rules/ 3415220000-XK-0102-01 -" "$W"
if grep -q 'larger than the limit of 1048576 bytes' "$tmp/err"; then ok "eval names the submission limit"; else no "eval limit message: $(head -2 "$tmp/err")"; fi
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
if /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); t=d["deadlines"]["transfer"]; assert t=="2026-11-20T20:20:00+00:00", t' "$tmp/out"; then ok "--now without offset is read in the catalog timezone"; else no "--now in a +00:00 catalog: transfer $(grep transfer "$tmp/out")"; fi

expect "expr arithmetic" 0 "$W" expr '1 + 2 * 3'
if [ "$(cat "$tmp/out")" = "7" ]; then ok "expr prints 7"; else no "expr printed $(cat "$tmp/out")"; fi
expect "expr with --var" 0 "$W" expr 'x.a > 1' --var 'x={"a": 2}'
expect "expr parse error" 1 "$W" expr '1 +'
expect "expr evaluation error" 1 "$W" expr '1 / 0'

expect "stats text" 0 "$W" stats rules/
expect "stats json" 0 "$W" stats --format json rules/
if /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert 0 < d["comprehensive_family_share"] <= 1 and d["items"] >= 24' "$tmp/out"; then ok "stats JSON reports the comprehensive-window share"; else no "stats JSON"; fi

# window test --coverage: golden reports of the one-item diff fixture in
# three formats; a new test moves an outcome from missed to hit; the gate.
CD=tests/cli/diff/old
expect "test --coverage, text" 0 "$W" test --coverage $CD
if diff -u tests/cli/expected/coverage.text "$tmp/out" >"$tmp/diff"; then ok "coverage text matches tests/cli/expected/coverage.text"
else no "coverage text differs"; sed 's/^/# /' "$tmp/diff" | head -20; fi
for f in json lcov; do
  expect "test --coverage --format $f" 0 "$W" test --coverage --format $f --output "$tmp/cov.$f" $CD
  if diff -u tests/cli/expected/coverage.$f "$tmp/cov.$f" >"$tmp/diff"; then ok "coverage $f matches tests/cli/expected/coverage.$f"
  else no "coverage $f differs"; sed 's/^/# /' "$tmp/diff" | head -20; fi
done
if /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert (d["goals"], d["hit"]) == (15, 6), d' "$tmp/cov.json"; then ok "coverage JSON parses, 6 of 15 outcomes"; else no "coverage JSON"; fi
if lcov --summary "$tmp/cov.lcov" --rc lcov_branch_coverage=1 >"$tmp/lcov" 2>&1 && grep -q 'branches...: 40.0% (6 of 15 branches)' "$tmp/lcov"
then ok "lcov reads the report: 6 of 15 outcomes as branches"; else no "lcov --summary: $(cat "$tmp/lcov")"; fi
expect "test --fail-under above the coverage" 1 "$W" test --coverage --fail-under 50 $CD
if grep -q 'coverage of tests/cli/diff/old is 40.0%, under --fail-under 50' "$tmp/err"; then ok "--fail-under says why"; else no "--fail-under message: $(cat "$tmp/err")"; fi
expect "test --fail-under below the coverage" 0 "$W" test --coverage --fail-under 40 $CD
expect "test --fail-under with a bad percentage" 2 "$W" test --coverage --fail-under 120 $CD
expect "test --coverage with an unknown format" 2 "$W" test --coverage --format xml $CD
mkdir -p "$tmp/cov" && cp -r $CD/. "$tmp/cov/"
cat >>"$tmp/cov/items/kiosk.yaml" <<'YAML'
  - name: 摊位过大，不予受理
    now: "2026-11-20T10:00:00+08:00"
    submission:
      applicant: {name: 张三}
      data: {area_m2: 30.0, district: 本县}
    expect:
      decision: rejected
YAML
expect "test --coverage with one more test" 0 "$W" test --coverage "$tmp/cov"
if grep -q 'total: 73.3% (11 of 15' "$tmp/out" && ! grep -q 'area_limit never failed' "$tmp/out" && ! grep -q 'decision never rejected' "$tmp/out"
then ok "a rejecting test without materials covers the failed condition, the rejection and three missing materials"; else no "coverage after a new test: $(grep -E 'total|area_limit|rejected' "$tmp/out")"; fi

# window diff: golden output on a one-item catalog and its proposed change
# (tests/cli/diff), then the CI-gate exit codes.
DD=tests/cli/diff
expect "diff --replay, text" 1 "$W" diff $DD/old $DD/new --replay $DD/submissions.jsonl
if diff -u tests/cli/expected/diff.text "$tmp/out" >"$tmp/diff"; then ok "diff text matches tests/cli/expected/diff.text"
else no "diff text differs from tests/cli/expected/diff.text"; sed 's/^/# /' "$tmp/diff" | head -20; fi
expect "diff --replay, json" 1 "$W" diff --format json $DD/old $DD/new --replay $DD/submissions.jsonl --examples 2
if diff -u tests/cli/expected/diff.json "$tmp/out" >"$tmp/diff"; then ok "diff json matches tests/cli/expected/diff.json"
else no "diff json differs from tests/cli/expected/diff.json"; sed 's/^/# /' "$tmp/diff" | head -20; fi
expect "diff of a catalog with itself" 0 "$W" diff rules/ rules/
if [ "$(cat "$tmp/out")" = "0 rule changes" ]; then ok "diff rules/ rules/ reports no change"; else no "diff rules/ rules/: $(head -3 "$tmp/out")"; fi
for s in examples/submissions/*.json; do case $s in *.expected.json) continue;; esac; /usr/bin/python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))))' "$s"; done >"$tmp/examples.jsonl"
expect "diff --replay of the examples, catalog with itself" 0 "$W" diff rules/ rules/ --replay "$tmp/examples.jsonl"
if grep -Eq '^replay: 16 submissions, 0 decided differently, 0 errors$' "$tmp/out"; then ok "replay evaluates every example, none changed"; else no "replay line: $(grep replay "$tmp/out")"; fi
# added item and a changed routing rule, located at the key that changed
mkdir -p "$tmp/d2" && cp -r $DD/old/. "$tmp/d2/"
sed 's/9900000000-QT-0001-01/9900000000-QT-0002-01/; s/name: 食品摊贩登记$/name: 食品摊贩登记（夜市）/' $DD/old/items/kiosk.yaml >"$tmp/d2/items/night.yaml"
sed -i 's/data.district != "本县"/data.district != "本县" \&\& data.district != "城关镇"/' "$tmp/d2/items/kiosk.yaml"
(cd "$tmp" && "$W" diff "$OLDPWD/$DD/old" d2 >out 2>err); got=$?
if [ $got = 1 ] && grep -qx '  item: (absent) -> 食品摊贩登记（夜市）' "$tmp/out" && grep -qx '    - -> d2/items/night.yaml:3:3' "$tmp/out" \
   && grep -qx '  routing\[0\].when: data.district != "本县" -> data.district != "本县" && data.district != "城关镇"' "$tmp/out" \
   && grep -q 'old/items/kiosk.yaml:40:11 -> d2/items/kiosk.yaml:40:11$' "$tmp/out"
then ok "diff reports an added item and a changed routing rule at its position"; else no "diff added item/routing (exit $got)"; sed 's/^/# /' "$tmp/out" | head; fi

# SPEC 0.2 keys: an item's flow, a condition's stage, a bundle's step order
mkdir -p "$tmp/m2" && cp -r tests/model/. "$tmp/m2/"
sed -i 's/^  flow: on_spot_acceptance$/  flow: receipt/' "$tmp/m2/items/b_unauthorized_on_spot.yaml"
sed -i '0,/stage: approval/s//stage: acceptance/' "$tmp/m2/items/e_approval.yaml"
sed -i 's/^    Q-NEXT: \[P-FIRST\]$/    Q-NEXT: []/' "$tmp/m2/bundles/steps.yaml"
"$W" diff tests/model "$tmp/m2" >"$tmp/out" 2>&1; got=$?
if [ $got = 1 ] && grep -qx '  flow: on_spot_acceptance -> receipt' "$tmp/out" && grep -qx '  condition members.stage: approval -> acceptance' "$tmp/out" \
   && grep -qx '  after.Q-NEXT: P-FIRST -> ' "$tmp/out" && grep -qx '3 rule changes' "$tmp/out"
then ok "diff reports 0.2 keys: flow, stage, after"; else no "diff of 0.2 keys (exit $got)"; sed 's/^/# /' "$tmp/out" | head; fi

expect "diff with only one catalog changed: no replay" 1 "$W" diff $DD/old $DD/new
{ head -1 $DD/submissions.jsonl; echo '{"item": '; echo '{"data": {}}'; } >"$tmp/bad.jsonl"
expect "diff --replay with bad lines" 2 "$W" diff $DD/old $DD/new --replay "$tmp/bad.jsonl"
if grep -q "bad.jsonl:3: the submission has no \"item\"" "$tmp/err" && grep -q 'bad.jsonl:2:' "$tmp/err"; then ok "bad replay lines are reported with their line"; else no "replay errors: $(head -3 "$tmp/err")"; fi
expect "diff with a missing catalog" 2 "$W" diff rules/ /nonexistent-catalog
expect "diff with a missing submissions file" 2 "$W" diff rules/ rules/ --replay /nonexistent.jsonl
expect "diff with one directory" 2 "$W" diff rules/
expect "diff with an unknown format" 2 "$W" diff --format xml rules/ rules/
expect "list" 0 "$W" list rules/
if grep -qP '^item\t3415220000-XK-0102-01\t食品经营许可' "$tmp/out" && grep -qP '^department\tmarket\t' "$tmp/out" && grep -q '^window' "$tmp/out"; then ok "list shows items, departments and windows"; else no "list output: $(head -3 "$tmp/out")"; fi
expect "list --name" 0 "$W" list --name 危险化学品 rules/
if [ "$(cat "$tmp/out")" = "$(printf 'item\t3415220000-XK-0501-00\t危险化学品经营许可证核发\temergency\ton_spot_acceptance\t15 workdays\t30 workdays\nitem\t3415220000-XK-0501-01\t危险化学品经营许可证核发（市级，县级代收）\tcity_emergency\treceipt\t15 workdays\t30 workdays')" ]
then ok "list --name: matching items with department, flow and limits only"; else no "list --name: $(cat "$tmp/out")"; fi
expect "list a missing directory" 2 "$W" list /nonexistent
expect "list usage" 2 "$W" list

# window --max-catalog-bytes (issue 12): the bound on all rule files together,
# before or after the command name; refused when it is not a size.
size=$(cat $(find rules -name '*.yaml') | wc -c)
expect "check within the default bound" 0 "$W" check --today 2026-11-21 rules
expect "a bound below the catalog's size" 1 "$W" --max-catalog-bytes 16K check --today 2026-11-21 rules
if grep -q 'error: the catalog is larger than the limit of 16384 bytes \[yaml-limit\]' "$tmp/out"
then ok "the refusal names the limit in bytes"; else no "refusal: $(head -3 "$tmp/out")"; fi
expect "a bound of exactly the catalog's size, after the command" 0 \
  "$W" check --max-catalog-bytes "$size" --today 2026-11-21 rules
expect "one byte less" 1 "$W" check --max-catalog-bytes=$((size - 1)) --today 2026-11-21 rules
expect "M suffix" 0 "$W" list --max-catalog-bytes 1M rules
expect "not a size" 2 "$W" --max-catalog-bytes 2X check rules
if grep -q "window: --max-catalog-bytes '2X' is not a size" "$tmp/err"; then ok "says why"; else
  no "message: $(cat "$tmp/err")"; fi
expect "zero" 2 "$W" --max-catalog-bytes 0 check rules
expect "no value" 2 "$W" check rules --max-catalog-bytes
expect "too large" 2 "$W" --max-catalog-bytes 99999999999999999999G check rules


expect "unknown command" 2 "$W" frobnicate
expect "--version" 0 "$W" --version

echo "1..$n"
[ $bad = 0 ]
