#!/usr/bin/env bash
# `tally ingest` of a 1,000,000-payment NACHA file as a user runs it: a fresh data folder,
# the whole command timed from start to exit, then the next command (`tally ledger balance`)
# and `tally ledger verify`. The file comes from bench/make_ach_file.py, not from the code
# being timed. Prints `NAME value= unit= baseline= ratio=` lines (baseline: the budget).
# Usage: bench/ingest_1m.sh TALLY_BINARY [RUNS]   (default 3 runs; ~1 GB in $TMPDIR each)
set -euo pipefail
tally=$1
runs=${2:-3}
work=$(mktemp -d "${TMPDIR:-/tmp}/tally-ingest-1m-XXXXXX")
trap 'rm -rf "$work"' EXIT
python3 "$(dirname "$0")/make_ach_file.py" 1000000 "$work/payments.ach"
now() { date +%s.%N; }
ingest_times=() balance_times=()
for run in $(seq "$runs"); do
  rm -rf "$work/data"
  start=$(now)
  "$tally" --data-dir "$work/data" ingest --keep --user bench "$work/payments.ach" > "$work/out.txt"
  ingest_times+=("$(echo "$(now) - $start" | bc)")
  grep -q "1000100 posted" "$work/out.txt" || { cat "$work/out.txt"; echo "not every event was posted" >&2; exit 1; }
  start=$(now)
  "$tally" --data-dir "$work/data" ledger balance 300001 > /dev/null
  balance_times+=("$(echo "$(now) - $start" | bc)")
  echo "  run $run: tally ingest ${ingest_times[-1]} s, next tally ledger balance ${balance_times[-1]} s" >&2
done
"$tally" --data-dir "$work/data" ledger verify >&2
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
line() { printf '%s value=%.2f unit=s baseline=%.2f ratio=%.3f\n' "$1" "$2" "$3" "$(echo "$2 / $3" | bc -l)"; }
line ingest_1m_command "$(median "${ingest_times[@]}")" 15
line ingest_1m_next_balance "$(median "${balance_times[@]}")" 0.5
