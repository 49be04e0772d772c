#!/usr/bin/env bash
# Tally scaled out on Kafka, on one machine: events applied per second by 1, 2 and 3
# `tally --kafka ... serve` nodes sharing librdkafka's mock cluster (`tally dev-broker`), beside
# the embedded log's `tally ingest` of the same file from the same run. All nodes share these
# cores, so the figures show the Kafka path's overhead, not added capacity.
#
# Then failover: with three nodes serving, one is SIGKILLed; the time until the two left own
# every partition again (their tally_kafka_partitions_owned sums to the topic's partitions) is
# printed beside the session timeout, which bounds how soon the group can notice.
#
# Timed: from the `tally ingest` that publishes the file (through node 1) until the nodes'
# tally_ledger_events_applied_total sum to the file's events (every event durable in a ledger).
# Prints `NAME value= unit= baseline= ratio=` lines.
# Usage: bench/kafka_nodes.sh TALLY_BINARY [PAYMENTS] [RUNS]   (default 100000 payments, 3 runs)
set -euo pipefail
tally=$1
payments=${2:-100000}
runs=${3:-3}
partitions=8
session_ms=6000
here=$(dirname "$0")
# shellcheck source=../tests/support/kafka_nodes.sh
. "$here/../tests/support/kafka_nodes.sh"  # wait_for, free_port, metric_sum
work=$(mktemp -d "${TMPDIR:-/tmp}/tally-kafka-nodes-XXXXXX")
pids=()
stop_all() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  pids=()
}
trap 'stop_all; rm -rf "$work"' EXIT
python3 "$here/make_ach_file.py" "$payments" "$work/payments.ach"
now() { date +%s.%N; }

# The embedded baseline: the same file, the whole command.
events=0
embedded_times=()
for run in $(seq "$runs"); do
  rm -rf "$work/embedded"
  start=$(now)
  "$tally" --data-dir "$work/embedded" ingest --keep --user bench "$work/payments.ach" > "$work/embedded.out"
  embedded_times+=("$(echo "$(now) - $start" | bc)")
  events=$(sed -n 's/.* \([0-9]*\) event(s) published.*/\1/p' "$work/embedded.out" | tail -1)
done
[ "${events:-0}" -gt 0 ] || { cat "$work/embedded.out"; echo "no events published" >&2; exit 1; }

start_broker() {
  "$tally" dev-broker --brokers 1 --topic tally.events --partitions "$partitions" > "$work/broker.out" 2> "$work/broker.err" &
  pids+=($!)
  wait_for 10 grep -q '^bootstrap=' "$work/broker.out"
  bootstrap=$(sed -n 's/^bootstrap=//p' "$work/broker.out")
}

# start_node I: a node with its own data folder and port (ports[I]). Every node of a cluster
# uses node 1's keys (a node with other keys refuses to start, docs/operations.md).
start_node() {
  local i=$1
  mkdir -p "$work/node$i"
  if [ "$i" != 1 ]; then
    wait_for 30 test -f "$work/node1/data/keys/files.key" || { echo "node 1 made no keys" >&2; exit 1; }
    mkdir -p "$work/node$i/data"
    cp -a "$work/node1/data/keys" "$work/node$i/data/keys"
  fi
  cat > "$work/node$i.toml" <<EOF
data_dir = "$work/node$i/data"
[kafka]
session_timeout_ms = $session_ms
EOF
  "$tally" --config "$work/node$i.toml" --kafka "$bootstrap" serve --port "${ports[$i]}" \
    > "$work/node$i.out" 2> "$work/node$i.err" &
  node_pids[$i]=$!
  pids+=($!)
}

owned_all() { [ "$(metric_sum tally_kafka_partitions_owned "$@")" -eq "$partitions" ]; }
# Every node of the run answers /healthz: none refused to start.
all_up() {
  local port
  for port in "$@"; do curl -sf --max-time 2 "http://127.0.0.1:$port/metrics" >/dev/null || return 1; done
}
applied_all() { [ "$(metric_sum tally_ledger_events_applied_total "$@")" -ge "$events" ]; }

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
rate() { echo "$events / $1" | bc -l; }
embedded_rate=$(rate "$(median "${embedded_times[@]}")")
printf 'kafka_embedded_ingest value=%.0f unit=events/s\n' "$embedded_rate" >&2

failovers=()
for nodes in 1 2 3; do
  times=()
  for run in $(seq "$runs"); do
    rm -rf "$work"/node*
    start_broker
    ports=() node_pids=()
    for i in $(seq 1 "$nodes"); do ports[$i]=$(free_port); start_node "$i"; done
    wait_for 60 owned_all "${ports[@]}" || { echo "the group did not settle" >&2; cat "$work"/node*.err >&2; exit 1; }
    wait_for 30 all_up "${ports[@]}" || { echo "a node is not up" >&2; cat "$work"/node*.err >&2; exit 1; }
    start=$(now)
    "$tally" --config "$work/node1.toml" --kafka "$bootstrap" ingest --user bench --keep "$work/payments.ach" > /dev/null
    wait_for 600 applied_all "${ports[@]}" || { echo "not every event was applied" >&2; exit 1; }
    times+=("$(echo "$(now) - $start" | bc)")
    echo "  $nodes node(s), run $run: ${times[-1]} s" >&2
    if [ "$nodes" -eq 3 ]; then
      start=$(now)
      kill -KILL "${node_pids[3]}"
      wait_for 120 owned_all "${ports[1]}" "${ports[2]}" || { echo "the partitions were not taken over" >&2; exit 1; }
      failovers+=("$(echo "$(now) - $start" | bc)")
      echo "  failover: ${failovers[-1]} s" >&2
    fi
    stop_all
  done
  r=$(rate "$(median "${times[@]}")")
  printf 'kafka_%d_nodes_apply value=%.0f unit=events/s baseline=%.0f ratio=%.3f\n' \
    "$nodes" "$r" "$embedded_rate" "$(echo "$r / $embedded_rate" | bc -l)"
done
f=$(median "${failovers[@]}")
printf 'kafka_failover value=%.2f unit=s baseline=%.2f ratio=%.3f\n' "$f" "$(echo "$session_ms / 1000" | bc -l)" \
  "$(echo "$f / ($session_ms / 1000)" | bc -l)"
