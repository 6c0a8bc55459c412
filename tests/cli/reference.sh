#!/usr/bin/env bash
# The reference workload (../shared/bench): 100,000 seeded submissions for
# the heavy food-licence item must get exactly the decision totals a
# correct engine gives (its README).  Guards the decision procedure as a
# whole; it caught a change that stopped rejecting invalid credit codes.
#   reference.sh WINDOW_EXE SHARED_BENCH_DIR
set -u
W=$1 shared=$2
if [ ! -f "$shared/gen_submissions.py" ]; then
  echo "1..0 # SKIP the reference workload $shared is not beside this checkout"
  exit 0
fi
tmp=$(mktemp --suffix=.jsonl)
trap 'rm -f "$tmp"' EXIT
/usr/bin/python3 "$shared/gen_submissions.py" --count 100000 --seed 42 --out "$tmp" 2>/dev/null
out=$("$W" bench "$shared/catalog" 3415220000-XK-0012-01 "$tmp" --seconds 0.05)
want='"decisions": {"accepted": 45437, "accepted_with_gaps": 11625, "incomplete": 37149, "rejected": 5789}'
echo "1..1"
case "$out" in
  *"$want"*) echo "ok 1 - reference decision totals" ;;
  *) echo "not ok 1 - reference decision totals"; echo "# want $want"; echo "# got  $out"; exit 1 ;;
esac
