#!/usr/bin/env bash
# The reference workload of ../shared/bench (SPEC §6 `window bench`):
# generate 100,000 seeded submissions for the heavy item, then evaluate them
# with 1 and 2 threads, pre-built and from JSON text.  Prints the JSON lines
# of `window bench` and checks the decision totals a correct engine gives.
#   bench/run-reference.sh [BUILD_DIR] [SECONDS] [BEFORE_BUILD_DIR]
# With BEFORE_BUILD_DIR, each measurement runs on the other build right
# before it (alternating, so a change in machine load hits both alike) and
# a before/after table of medians and evaluations per second follows.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
secs=${2:-3}
before=${3:-}
shared=${SHARED:-../shared/bench}
for b in "$build" ${before:+"$before"}; do
  [ -x "$b/tools/window" ] || { echo "build first: meson setup $b && ninja -C $b" >&2; exit 2; }
done
subs=$(mktemp --suffix=.jsonl)
runs=$(mktemp)
trap 'rm -f "$subs" "$runs"' EXIT
/usr/bin/python3 "$shared/gen_submissions.py" --count 100000 --seed 42 --out "$subs" >/dev/null
expect='"decisions": {"accepted": 45437, "accepted_with_gaps": 11625, "incomplete": 37149, "rejected": 5789}'
for threads in 1 2; do
  for b in ${before:+"$before"} "$build"; do
    out=$("$b/tools/window" bench "$shared/catalog" 3415220000-XK-0012-01 "$subs" \
            --seconds "$secs" --threads "$threads")
    echo "$out"
    case "$out" in
      *"$expect"*) ;;
      *) echo "$b: decision totals differ from the reference: $expect" >&2; exit 1 ;;
    esac
    label=after
    [ -n "$before" ] && [ "$b" = "$before" ] && label=before
    echo "$label $out" >> "$runs"
  done
done
[ -n "$before" ] || exit 0
/usr/bin/python3 - "$runs" <<'PY'
import json, sys
rows = {}
for line in open(sys.argv[1]):
    label, text = line.split(" ", 1)
    d = json.loads(text)
    for mode in ("prebuilt", "text"):
        rows.setdefault((d["threads"], mode), {})[label] = d[mode]
print("%-22s %22s %22s" % ("threads, mode", "before: median ns, /s", "after: median ns, /s"))
for (t, mode), r in sorted(rows.items()):
    b, a = r["before"], r["after"]
    print("%-22s %10d %11d %10d %11d  (%+.0f %%)" % (
        "%d, %s" % (t, mode), b["median_ns"], b["evals_per_second"],
        a["median_ns"], a["evals_per_second"],
        100.0 * (a["median_ns"] - b["median_ns"]) / b["median_ns"]))
PY
