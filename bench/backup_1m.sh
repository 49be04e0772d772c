#!/usr/bin/env bash
# `tally backup` of the data folder of 1,000,000 payments, as an operator runs it, beside a
# plain copy of the same folder (the baseline); an incremental backup right after; and what a
# backup taken while `tally serve` ingests the file costs the ingest (the baseline: the same
# ingest with no backup). Every figure is a whole command, start to exit. Prints
# `NAME value= unit= baseline= ratio=` lines.
# Usage: bench/backup_1m.sh TALLY_BINARY   (~3 GB in $TMPDIR)
set -euo pipefail
tally=$1
work=$(mktemp -d "${TMPDIR:-/tmp}/tally-backup-1m-XXXXXX")
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
python3 "$(dirname "$0")/make_ach_file.py" 1000000 "$work/payments.ach"
now() { date +%s.%N; }
since() { echo "$(now) - $1" | bc; }
line() { printf '%s value=%.2f unit=s baseline=%.2f ratio=%.3f\n' "$1" "$2" "$3" "$(echo "$2 / $3" | bc -l)"; }

"$tally" --data-dir "$work/data" ingest --keep --user bench "$work/payments.ach" > /dev/null
start=$(now); cp -a "$work/data" "$work/copy"; copy=$(since "$start"); rm -rf "$work/copy"
start=$(now); "$tally" --data-dir "$work/data" backup "$work/backup" > /dev/null; full=$(since "$start")
start=$(now); "$tally" --data-dir "$work/data" backup "$work/backup" > /dev/null; again=$(since "$start")
start=$(now); "$tally" backup verify "$work/backup" > /dev/null; verify=$(since "$start")
echo "  backup ${full} s, again ${again} s, verify ${verify} s; cp -a ${copy} s" >&2
line backup_1m_command "$full" "$copy"
line backup_1m_incremental "$again" "$full"
line backup_1m_verify "$verify" "$full"

# The ingest through a running server, alone and with a backup taken while it runs.
serve_ingest() {  # $1: data folder, $2: "backup" to take one 2 s into the ingest
  rm -rf "$1" "$work/backup2"
  "$tally" --data-dir "$1" users add bench --role admin > /dev/null
  "$tally" --data-dir "$1" serve --port 0 > "$work/serve.log" 2>&1 &
  server=$!
  until [ -S "$1/api.sock" ]; do sleep 0.1; done
  local start; start=$(now)
  "$tally" --data-dir "$1" ingest --keep --user bench "$work/payments.ach" > /dev/null &
  local ingest=$!
  if [ "$2" = backup ]; then
    sleep 2
    "$tally" --data-dir "$1" backup "$work/backup2" --user bench > /dev/null
  fi
  wait "$ingest"
  since "$start"
  kill "$server"; wait "$server" || true; server=""
}
alone=$(serve_ingest "$work/served" none)
beside=$(serve_ingest "$work/served" backup)
echo "  ingest through tally serve ${alone} s alone, ${beside} s with a backup taken during it" >&2
line backup_1m_ingest_during_backup "$beside" "$alone"
