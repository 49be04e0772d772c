#!/usr/bin/env bash
# `tally replay` of the log a 1,000,000-payment `tally ingest` wrote, beside that ingest, from
# the same run: a fresh data folder, `tally ingest FILE` timed start to exit (the baseline),
# then `tally replay --into DIR` start to exit (the log read and copied to DIR's synced log,
# the ledger and the reconciler rebuilt from it), then `tally replay --compare DIR` (digests
# of both folders' state; it must say equal). The file comes from bench/make_ach_file.py.
# Prints `NAME value= unit= baseline= ratio=` lines; ratio = baseline / value, so ratio >= 1
# means the replay is at least as fast as the ingest that wrote the log.
# Usage: bench/replay_1m.sh TALLY_BINARY [PAYMENTS]   (default 1000000; ~2 GB in $TMPDIR)
set -euo pipefail
tally=$1
payments=${2:-1000000}
case $payments in
  1000000) label=1m ;;
  *) label=$payments ;;
esac
work=$(mktemp -d "${TMPDIR:-/tmp}/tally-replay-XXXXXX")
trap 'rm -rf "$work"' EXIT
python3 "$(dirname "$0")/make_ach_file.py" "$payments" "$work/payments.ach"
now() { date +%s.%N; }
start=$(now)
"$tally" --data-dir "$work/data" ingest --keep --user bench "$work/payments.ach" > "$work/ingest.txt"
ingest=$(echo "$(now) - $start" | bc)
start=$(now)
"$tally" --data-dir "$work/data" replay --into "$work/replayed" > "$work/replay.txt"
replay=$(echo "$(now) - $start" | bc)
start=$(now)
"$tally" --data-dir "$work/data" replay --compare "$work/replayed" > "$work/compare.txt" ||
  { cat "$work/compare.txt"; echo "the replay does not compare equal" >&2; exit 1; }
compare=$(echo "$(now) - $start" | bc)
echo "  tally ingest $ingest s, tally replay --into $replay s, tally replay --compare $compare s" >&2
sed 's/^/  /' "$work/replay.txt" >&2
line() { printf '%s value=%.2f unit=s baseline=%.2f ratio=%.3f\n' "$1" "$2" "$3" "$(echo "$3 / $2" | bc -l)"; }
line "replay_${label}_command" "$replay" "$ingest"
line "replay_${label}_compare" "$compare" "$ingest"
