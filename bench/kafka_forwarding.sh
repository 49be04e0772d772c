#!/usr/bin/env bash
# Any node answers any account (docs/operations.md, "Which node answers which account"): the
# time of GET /api/v1/accounts/{id} over HTTP for a customer asked of the node that does not
# own it (passed on to the owner), beside the same customers asked of their owner; and for
# clearing:ach gathered from both nodes, beside one node alone owning every partition.
# Two `tally --kafka ... serve` nodes on the mock cluster, one machine.
# Prints `NAME value= unit= baseline= ratio=` lines; medians of every request.
# Usage: bench/kafka_forwarding.sh TALLY_BINARY [CUSTOMERS] [ROUNDS]   (default 300, 5)
set -euo pipefail
tally=$1
customers=${2:-300}
rounds=${3:-5}
partitions=8
here=$(dirname "$0")
# shellcheck source=../tests/support/kafka_nodes.sh
. "$here/../tests/support/kafka_nodes.sh"  # wait_for, free_port, metric_sum
work=$(mktemp -d "${TMPDIR:-/tmp}/tally-kafka-forwarding-XXXXXX")
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"' EXIT

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

cat > "$work/ask.py" <<'PY'
import http.client, json, statistics, sys, time
mode, rounds, port, token = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
other = (int(sys.argv[5]), sys.argv[6]) if len(sys.argv) > 6 else None

def client(p):
    return http.client.HTTPConnection("127.0.0.1", p, timeout=30)

def timed(conn, tok, path):
    start = time.perf_counter()
    conn.request("GET", path, headers={"Authorization": "Bearer " + tok})
    r = conn.getresponse()
    body = r.read()
    elapsed = (time.perf_counter() - start) * 1000
    assert r.status == 200, (r.status, body[:200])
    return elapsed, r.getheader("X-Tally-Answered-By"), json.loads(body)

here = client(port)
if mode == "customers":
    # This node's own customers (its list holds only the partitions it serves), asked of it and
    # of the other node.
    _, _, page = timed(here, token, "/api/v1/accounts?prefix=customer:&limit=1000")
    mine = [a["account"][len("customer:"):] for a in page["accounts"]]
    assert mine, "the node serves no customer"
    there = client(other[0])
    local, forwarded = [], []
    for _ in range(rounds):
        for c in mine:
            ms, _, a = timed(here, token, f"/api/v1/accounts/{c}?limit=5")
            local.append(ms)
            ms, by, b = timed(there, other[1], f"/api/v1/accounts/{c}?limit=5")
            assert by, "the other node answered a customer it does not own from its own books"
            assert a["balance_minor"] == b["balance_minor"]
            forwarded.append(ms)
    print(f"kafka_forwarded_account value={statistics.median(forwarded):.2f} unit=ms "
          f"baseline={statistics.median(local):.2f} ratio={statistics.median(forwarded) / statistics.median(local):.3f}")
    print(f"  {len(mine)} customers x {rounds} rounds; baseline: the owner answering its own customer", file=sys.stderr)
else:
    times, balance = [], None
    for _ in range(rounds * 20):
        ms, _, body = timed(here, token, "/api/v1/accounts/clearing%3Aach?limit=5")
        assert body.get("partitions_missing", []) == [], body
        balance = body["balance_minor"]
        times.append(ms)
    print(f"{statistics.median(times):.3f} {balance}")
PY
python3 "$work/ask.py" customers "$rounds" "${port[1]}" "${token[1]}" "${port[2]}" "${token[2]}"
read -r gathered gathered_balance < <(python3 "$work/ask.py" spanning "$rounds" "${port[1]}" "${token[1]}")
# The baseline for a spanning account: node 1 alone, owning every partition, asks nobody.
kill -TERM "${pids[2]}"
wait "${pids[2]}" 2>/dev/null || true
one_owns_all() { [ "$(metric_sum tally_kafka_partitions_owned "${port[1]}")" -eq "$partitions" ]; }
wait_for 60 one_owns_all || { echo "node 1 did not take every partition" >&2; exit 1; }
sleep 1
read -r alone alone_balance < <(python3 "$work/ask.py" spanning "$rounds" "${port[1]}" "${token[1]}")
[ "$gathered_balance" = "$alone_balance" ] || { echo "clearing:ach gathered $gathered_balance, alone $alone_balance" >&2; exit 1; }
printf 'kafka_gathered_spanning_account value=%.2f unit=ms baseline=%.2f ratio=%.3f\n' "$gathered" "$alone" \
  "$(echo "$gathered / $alone" | bc -l)"
