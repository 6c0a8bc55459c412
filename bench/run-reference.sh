#!/usr/bin/env bash
# The reference workload of ../shared/bench (SPEC §6 `window bench`):
# generate 100,000 seeded submissions for the heavy item, then evaluate them
# with 1 and 2 threads, pre-built and from JSON text.  Prints the JSON lines
# of `window bench` and checks the decision totals a correct engine gives.
#   bench/run-reference.sh [BUILD_DIR] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
secs=${2:-3}
shared=${SHARED:-../shared/bench}
[ -x "$build/tools/window" ] || { echo "build first: meson setup $build && ninja -C $build" >&2; exit 2; }
subs=$(mktemp --suffix=.jsonl)
trap 'rm -f "$subs"' EXIT
/usr/bin/python3 "$shared/gen_submissions.py" --count 100000 --seed 42 --out "$subs" >/dev/null
expect='"decisions": {"accepted": 45437, "accepted_with_gaps": 11625, "incomplete": 37149, "rejected": 5789}'
for threads in 1 2; do
  out=$("$build/tools/window" bench "$shared/catalog" 3415220000-XK-0012-01 "$subs" \
          --seconds "$secs" --threads "$threads")
  echo "$out"
  case "$out" in
    *"$expect"*) ;;
    *) echo "decision totals differ from the reference: $expect" >&2; exit 1 ;;
  esac
done
