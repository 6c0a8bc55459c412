#!/usr/bin/env bash
# window stats counts every key of a tally, however many (issue 18: tallies
# stopped at 128 keys and dropped the rest without a word).  Builds a
# catalog of 130 items from the one-item diff
# fixture, each in its own department, and checks by_department and the
# text report.  Speaks TAP.
#   stats_many.sh WINDOW  (from the source root)
set -u
W=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r tests/cli/diff/old "$tmp/cat"
item=$tmp/cat/items/kiosk.yaml
for i in $(seq 1 130); do
  printf '  - id: d%d\n    name: 部门%d\n    level: county\n    sections:\n      - {id: food, name: 食品经营股}\n' \
    "$i" "$i" >>"$tmp/cat/departments.yaml"
  # drop the item's tests: they name the original code
  sed -e "s/9900000000-QT-0001-01/9900000000-QT-$(printf %04d "$i")-01/" \
      -e "s/^  department: .*/  department: d$i/" -e '/^tests:/,$d' "$item" >"$tmp/cat/items/k$i.yaml"
done
rm "$item"
"$W" stats --format json "$tmp/cat" >"$tmp/out.json" 2>"$tmp/err"
rc=$?
if [ $rc -eq 0 ] && /usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
t = d["by_department"]
assert d["items"] == 130 and len(t) == 130 and sum(t.values()) == 130, (d["items"], len(t))
assert t["部门130"] == 1, t.get("部门130")' "$tmp/out.json"
then echo "ok 1 - stats JSON counts 130 departments of 130 items"
else echo "not ok 1 - stats JSON by_department (rc $rc): $(head -c 300 "$tmp/err")"; fi
"$W" stats "$tmp/cat" >"$tmp/out.txt" 2>&1
n=$(awk '/^by department/{on=1; next} /^by /{on=0} on && /^  部门[0-9]+ /{c++} END{print c+0}' "$tmp/out.txt")
if [ "$n" -eq 130 ]; then echo "ok 2 - stats text lists 130 departments"
else echo "not ok 2 - stats text lists $n departments, not 130"; fi
echo "1..2"
