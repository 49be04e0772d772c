#!/usr/bin/env bash
# What a read of everything the log holds costs on Kafka: GET /api/v1/counter/drawers/{drawer}
# over HTTP, which first brings the counter up to the end of every partition, on a node on the
# mock cluster, beside the same read on the embedded log. Each node holds a day of 300 payments.
# The reconciler's catch-up (deposit slips, discrepancy steps) reads the same way.
# Prints `NAME value= unit= baseline= ratio=`; medians of every request.
# Usage: bench/kafka_counter.sh TALLY_BINARY [REQUESTS]   (default 40)
set -euo pipefail
tally=$1
requests=${2:-40}
here=$(dirname "$0")
# shellcheck source=../tests/support/kafka_nodes.sh
. "$here/../tests/support/kafka_nodes.sh"  # wait_for, free_port, metric_sum
work=$(mktemp -d "${TMPDIR:-/tmp}/tally-kafka-counter-XXXXXX")
pids=()
declare -A port=() token=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"' EXIT

python3 "$here/make_ach_file.py" 300 "$work/payments.ach"
"$tally" dev-broker --brokers 1 --topic tally.events --partitions 8 > "$work/broker.out" 2> "$work/broker.err" &
pids+=($!)
wait_for 10 grep -q '^bootstrap=' "$work/broker.out"
bootstrap=$(sed -n 's/^bootstrap=//p' "$work/broker.out")

# kafka: one node on the mock cluster; embedded: one node on its own log.
for name in kafka embedded; do
  port[$name]=$(free_port)
  printf 'data_dir = "%s"\n[kafka]\nsession_timeout_ms = 6000\n' "$work/$name" > "$work/$name.toml"
  flags=(--config "$work/$name.toml")
  [ "$name" = kafka ] && flags+=(--kafka "$bootstrap")
  "$tally" "${flags[@]}" users add bench --role read-only --json > "$work/$name.user"
  token[$name]=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["token"])' "$work/$name.user")
  "$tally" "${flags[@]}" ingest --user bench --keep "$work/payments.ach" > /dev/null
  "$tally" "${flags[@]}" serve --port "${port[$name]}" > "$work/$name.out" 2> "$work/$name.err" &
  pids+=($!)
done
up() { curl -sf --max-time 2 "http://127.0.0.1:${port[$1]}/healthz" > /dev/null; }
wait_for 60 up kafka || { cat "$work/kafka.err" >&2; exit 1; }
wait_for 60 up embedded || { cat "$work/embedded.err" >&2; exit 1; }

cat > "$work/ask.py" <<'PY'
import http.client, statistics, sys, time
requests, port, token = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
times = []
for _ in range(requests + 2):
    start = time.perf_counter()
    conn.request("GET", "/api/v1/counter/drawers/D1", headers={"Authorization": "Bearer " + token})
    r = conn.getresponse()
    body = r.read()
    assert r.status == 200, (r.status, body[:200])
    times.append((time.perf_counter() - start) * 1000)
print(f"{statistics.median(times[2:]):.3f}")  # the first two bring the counter up to the log's end
PY
kafka_ms=$(python3 "$work/ask.py" "$requests" "${port[kafka]}" "${token[kafka]}")
embedded_ms=$(python3 "$work/ask.py" "$requests" "${port[embedded]}" "${token[embedded]}")
printf 'kafka_counter_read value=%.2f unit=ms baseline=%.2f ratio=%.2f\n' "$kafka_ms" "$embedded_ms" \
  "$(echo "$kafka_ms / $embedded_ms" | bc -l)"
echo "  baseline: the same read on the embedded log; each node holds 300 payments" >&2
