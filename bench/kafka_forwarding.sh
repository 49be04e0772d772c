#!/usr/bin/env bash
# Any node answers any account (docs/operations.md, "Which node answers which account"): the
# time of GET /api/v1/accounts/{id} over HTTP for a customer asked of the node that does not
# own it (passed on to the owner), and for clearing:ach (gathered from both nodes), each beside
# the baseline: the same customers asked of their owner, answered from its own books.
# Two `tally --kafka ... serve` nodes on the mock cluster, one machine.
# Prints `NAME value= unit= baseline= ratio=` lines; medians of every request.
# Usage: bench/kafka_forwarding.sh TALLY_BINARY [CUSTOMERS] [ROUNDS]   (default 300, 5)
set -euo pipefail
tally=$1
customers=${2:-300}
rounds=${3:-5}
partitions=8
here=$(dirname "$0")
work=$(mktemp -d "${TMPDIR:-/tmp}/tally-kafka-forwarding-XXXXXX")
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
metric_sum() {
  local name=$1 total=0 port v
  shift
  for port in "$@"; do
    v=$(curl -sf "http://127.0.0.1:$port/metrics" 2>/dev/null | awk -v n="$name" '$1 == n || index($1, n "{") == 1 {s += $2} END {print s + 0}')
    total=$((total + ${v:-0}))
  done
  echo "$total"
}
wait_for() {
  local deadline=$(($(date +%s) + $1))
  shift
  until "$@"; do
    [ "$(date +%s)" -lt "$deadline" ] || return 1
    sleep 0.1
  done
}

python3 "$here/make_ach_file.py" "$customers" "$work/payments.ach"
"$tally" dev-broker --brokers 1 --topic tally.events --partitions "$partitions" > "$work/broker.out" 2> "$work/broker.err" &
pids+=($!)
wait_for 10 grep -q '^bootstrap=' "$work/broker.out"
bootstrap=$(sed -n 's/^bootstrap=//p' "$work/broker.out")

for i in 1 2; do
  port[$i]=$(free_port)
  cat > "$work/n$i.toml" <<EOF
data_dir = "$work/n$i"
[http]
rate_per_second = 100000
rate_burst = 100000
[kafka]
session_timeout_ms = 6000
advertise_url = "http://127.0.0.1:${port[$i]}"
EOF
  [ "$i" = 1 ] || { mkdir -p "$work/n$i"; cp -a "$work/n1/keys" "$work/n$i/keys"; }
  "$tally" --config "$work/n$i.toml" --kafka "$bootstrap" users add bench --role read-only --json > "$work/user$i.json"
  token[$i]=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["token"])' "$work/user$i.json")
  "$tally" --config "$work/n$i.toml" --kafka "$bootstrap" serve --port "${port[$i]}" > "$work/n$i.out" 2> "$work/n$i.err" &
  pids+=($!)
done
owned_all() { [ "$(metric_sum tally_kafka_partitions_owned "${port[1]}" "${port[2]}")" -eq "$partitions" ]; }
wait_for 60 owned_all || { echo "the group did not settle" >&2; exit 1; }
"$tally" --config "$work/n1.toml" --kafka "$bootstrap" ingest --user bench --keep "$work/payments.ach" > /dev/null
applied() { [ "$(metric_sum tally_ledger_events_applied_total "${port[1]}" "${port[2]}")" -ge "$customers" ]; }
wait_for 120 applied || { echo "not every event was applied" >&2; exit 1; }
sleep 1  # the directory: each node's latest partitions announced

python3 - "$rounds" "${port[1]}" "${token[1]}" "${port[2]}" "${token[2]}" <<'PY'
import http.client, json, statistics, sys, time
rounds = int(sys.argv[1])
nodes = [(int(sys.argv[2]), sys.argv[3]), (int(sys.argv[4]), sys.argv[5])]
conns = [http.client.HTTPConnection("127.0.0.1", port, timeout=30) for port, _ in nodes]

def get(n, path):
    conns[n].request("GET", path, headers={"Authorization": "Bearer " + nodes[n][1]})
    r = conns[n].getresponse()
    body = r.read()
    return r.status, r.getheader("X-Tally-Answered-By"), body

# Node 1's own customers (its list holds only the partitions it serves).
status, _, body = get(0, "/api/v1/accounts?prefix=customer:&limit=1000")
mine = [a["account"][len("customer:"):] for a in json.loads(body)["accounts"]]
assert mine, "node 1 serves no customer"

def timed(n, path):
    start = time.perf_counter()
    status, by, body = get(n, path)
    elapsed = (time.perf_counter() - start) * 1000
    assert status == 200, (status, body[:200])
    return elapsed, by, body

local, forwarded, gathered, part = [], [], [], []
for _ in range(rounds):
    for c in mine:
        ms, by, a = timed(0, f"/api/v1/accounts/{c}?limit=5")
        local.append(ms)
        ms, by, b = timed(1, f"/api/v1/accounts/{c}?limit=5")
        assert by, "node 2 answered a customer it does not own itself"
        assert json.loads(a)["balance_minor"] == json.loads(b)["balance_minor"]
        forwarded.append(ms)
    for _ in range(20):
        ms, _, body = timed(0, "/api/v1/accounts/clearing%3Aach?limit=5")
        assert json.loads(body)["partitions_missing"] == []
        gathered.append(ms)
m = lambda xs: statistics.median(xs)
print(f"kafka_forwarded_account value={m(forwarded):.2f} unit=ms baseline={m(local):.2f} ratio={m(forwarded)/m(local):.3f}")
print(f"kafka_gathered_spanning_account value={m(gathered):.2f} unit=ms baseline={m(local):.2f} ratio={m(gathered)/m(local):.3f}")
print(f"  {len(mine)} customers x {rounds} rounds; baseline: the owner answering its own customer", file=sys.stderr)
PY
