#!/usr/bin/env bash
# Three `tally serve` nodes on one Kafka topic keep the books of one embedded run.
#
# Files are dropped into the inboxes of different nodes (one file into two of them); one node
# is SIGKILLed and started again, another stopped and started; then EVERY node must answer
# EVERY account (GET /api/v1/accounts/{id}) with the balance one embedded `tally ingest` and
# `tally reconcile run` of the same files give: a customer kept on another node's partition is
# forwarded to its owner, an account that spans partitions is gathered from every owner (no
# partitions_missing), and no node answers from the books it kept of a partition it no longer
# owns. The node serving
# partition 0 reconciles, and every node lists the same matches and discrepancies. Then `tally
# --kafka ... ledger verify` passes on every node's folder.
#
# On librdkafka's mock cluster (`tally dev-broker`), or on a real cluster when
# TALLY_KAFKA_BROKERS is set: a topic of its own is made with deploy/kafka-topics.sh (the Kafka
# CLI on the PATH or in KAFKA_BIN; replication TALLY_KAFKA_REPLICATION, default 3) and deleted
# afterwards; plaintext only.
# Usage: kafka_cluster_test.sh TALLY_BINARY
set -euo pipefail
tally=$1
here=$(cd "$(dirname "$0")" && pwd)
begun=$(date +%s.%N)
partitions=8
session_ms=6000  # the mock cluster rebalances slowly unless this is low (DESIGN.md)
work=$(mktemp -d "${TMPDIR:-/tmp}/tally-kafka-cluster-XXXXXX")
nodes=(1 2 3)
declare -A pid=() port=() token=() clerk=()
broker_pid=
topic=tally.events
group=tally-cluster-test-$$
real_topic=

# shellcheck source=support/kafka_nodes.sh
. "$here/support/kafka_nodes.sh"  # wait_for, free_port, metric_sum
elapsed() { printf '%.1f s' "$(echo "$(date +%s.%N) - $begun" | bc)"; }
gone() { ! kill -0 "$1" 2>/dev/null; }
cleanup() {  # on every exit: no process and no folder left behind; the exit status kept
  local rc=$? p
  set +e
  for p in "${pid[@]}" $broker_pid; do kill "$p" 2>/dev/null; done
  for p in "${pid[@]}" $broker_pid; do wait_for 10 gone "$p" || kill -KILL "$p" 2>/dev/null; done
  wait
  if [ -n "$real_topic" ]; then
    local cli=(--bootstrap-server "$TALLY_KAFKA_BROKERS")
    [ -n "${KAFKA_COMMAND_CONFIG:-}" ] && cli+=(--command-config "$KAFKA_COMMAND_CONFIG")
    "${KAFKA_BIN:+$KAFKA_BIN/}kafka-topics.sh" "${cli[@]}" --delete --topic "$real_topic" >/dev/null 2>&1
    "${KAFKA_BIN:+$KAFKA_BIN/}kafka-topics.sh" "${cli[@]}" --delete --topic "$real_topic.deadletter" >/dev/null 2>&1
    "${KAFKA_BIN:+$KAFKA_BIN/}kafka-topics.sh" "${cli[@]}" --delete --topic "$real_topic.nodes" >/dev/null 2>&1
  fi
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $* (after $(elapsed))"
  local i
  for i in "${nodes[@]}"; do
    [ -f "$work/n$i.err" ] && { echo "--- n$i, the end of its log:"; tail -n 15 "$work/n$i.err"; }
  done
  exit 1
}
# node_metric NAME I...: metric_sum over nodes I... by number.
node_metric() {
  local name=$1 i ports=()
  shift
  for i in "$@"; do ports+=("${port[$i]}"); done
  metric_sum "$name" "${ports[@]}"
}
healthy() { curl -sf --max-time 2 "http://127.0.0.1:${port[$1]}/healthz" 2>/dev/null | grep -q '"status":"ok"'; }
owned_all() { [ "$(node_metric tally_kafka_partitions_owned "$@")" -eq "$partitions" ]; }
inbox_empty() { [ -z "$(ls -A "$work/n$1/inbox")" ]; }
drop() {  # drop FILE NODE: written as .part and renamed when whole, as operators are told to
  cp "$1" "$work/n$2/inbox/$(basename "$1").part"
  mv "$work/n$2/inbox/$(basename "$1").part" "$work/n$2/inbox/$(basename "$1")"
}
start_node() {
  "$tally" --config "$work/n$1.toml" --kafka "$bootstrap" serve --port "${port[$1]}" >>"$work/n$1.out" 2>>"$work/n$1.err" &
  pid[$1]=$!
}
# stop_nodes I...: SIGTERM; each must exit 0 within 30 s (a clean stop, docs/operations.md).
stop_nodes() {
  local i rc
  for i in "$@"; do kill -TERM "${pid[$i]}"; done
  for i in "$@"; do
    wait_for 30 gone "${pid[$i]}" || fail "n$i did not stop within 30 s of SIGTERM"
    rc=0
    wait "${pid[$i]}" || rc=$?
    [ "$rc" = 0 ] || fail "n$i exited $rc on SIGTERM"
    unset "pid[$i]"
  done
}
# settle SECONDS: until every node is up and healthy (200 "ok"), the group has given out every
# partition, no node lags, every inbox is empty, and the events the nodes applied have not
# changed for 2 s (the applied counts start again with each process: only stability says done).
settle() {
  local deadline=$(($(date +%s) + $1)) last=-1 since=0 now applied i ok
  while [ "$(date +%s)" -lt "$deadline" ]; do
    ok=1
    for i in "${nodes[@]}"; do healthy "$i" && inbox_empty "$i" || ok=0; done
    [ "$ok" = 1 ] && owned_all "${nodes[@]}" && [ "$(node_metric tally_log_lag_records "${nodes[@]}")" -eq 0 ] || ok=0
    applied=$(node_metric tally_ledger_events_applied_total "${nodes[@]}")
    now=$(date +%s.%N)
    if [ "$ok" = 1 ] && [ "$applied" = "$last" ]; then
      [ "$(echo "$now - $since >= 2" | bc)" = 1 ] && return 0
    else
      last=$applied since=$now
    fi
    sleep 0.2
  done
  for i in "${nodes[@]}"; do echo "n$i /healthz: $(curl -s --max-time 2 "http://127.0.0.1:${port[$i]}/healthz")"; done
  fail "the nodes did not settle (each healthy, every partition owned, nothing lagging, inboxes empty)"
}

# The files: a demo day's billing export, autopay enrolments and the debits Tally originated,
# lockbox and card settlement (the demo's 120 customers, billed and paying, on every
# partition), the bank's returns of some of those debits (dropped on another node than the
# debits: a return must find its payment whichever node ingested it), the next day's bills for
# the same customers, and a NACHA file of 300 autopay debits for other customers.
"$tally" demo --out "$work/demo1" --date 2026-03-02 >/dev/null
"$tally" demo --out "$work/demo2" --date 2026-03-03 >/dev/null
mkdir "$work/files"
cp "$work"/demo1/01-billing-*.csv "$work/files/billing.csv"
cp "$work"/demo1/02-autopay-enrollments-*.csv "$work/files/enrollments.csv"
cp "$work"/demo1/03-autopay-debits-*.ach "$work/files/debits.ach"
cp "$work"/demo1/04-lockbox-*.txt "$work/files/lockbox.txt"
cp "$work"/demo1/06-ach-returns-*.ach "$work/files/returns.ach"
cp "$work"/demo1/05-card-settlement-*.csv "$work/files/card.csv"
cp "$work"/demo1/07-statement-*.bai "$work/files/statement.bai"
cp "$work"/demo2/01-billing-*.csv "$work/files/billing2.csv"
python3 "$here/../bench/make_ach_file.py" 300 "$work/files/autopay.ach" 900001
files=(billing.csv enrollments.csv debits.ach autopay.ach lockbox.txt card.csv returns.ach billing2.csv statement.bai)

# The reference: one embedded run of the same files, reconciled against the bank's statement
# (the reconciler's matches move deposits out of transit); every account with its balance.
printf 'data_dir = "%s"\n' "$work/ref" >"$work/ref.toml"
(cd "$work/files" && "$tally" --config "$work/ref.toml" ingest --keep --user test "${files[@]}") >"$work/ref.out" 2>&1 ||
  { cat "$work/ref.out"; fail "the embedded ingest of the files"; }
"$tally" --config "$work/ref.toml" reconcile run --json >"$work/ref-reconcile.json" 2>>"$work/ref.out" ||
  { cat "$work/ref.out"; fail "the embedded reconcile run"; }
statement_date=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["date"])' "$work/ref-reconcile.json")
ref_matched=$(python3 -c 'import json, sys; r = json.load(open(sys.argv[1])); print(r["confirmed"] + r["proposed"])' "$work/ref-reconcile.json")
[ "$ref_matched" -gt 0 ] || fail "the embedded reconcile run matched nothing: $(cat "$work/ref-reconcile.json")"
# The lockbox check held in suspense, applied to a billed customer.
suspended=$("$tally" --config "$work/ref.toml" suspense list --json | python3 -c 'import json, sys; print(json.load(sys.stdin)["payments"][0]["event_id"])')
applied_to=100002
"$tally" --config "$work/ref.toml" suspense apply "$suspended" "$applied_to" --user test >>"$work/ref.out" 2>&1 ||
  { cat "$work/ref.out"; fail "the embedded suspense apply"; }
"$tally" --config "$work/ref.toml" ledger accounts --limit 100000 --json |
  python3 -c 'import json, sys; print(json.dumps({a["account"]: a["balance_minor"] for a in json.load(sys.stdin)["accounts"]}))' \
    >"$work/ref.json"
accounts=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))))' "$work/ref.json")
[ "$accounts" -gt 400 ] || fail "the reference holds $accounts accounts, expected over 400"
echo "reference: $accounts accounts from one embedded run ($(tail -n 1 "$work/ref.out")), $ref_matched matches on $statement_date"

# The cluster.
if [ -n "${TALLY_KAFKA_BROKERS:-}" ]; then
  if command -v "${KAFKA_BIN:+$KAFKA_BIN/}kafka-topics.sh" >/dev/null 2>&1; then
    topic=tally.cluster-test.$(date +%s).$$
    TOPIC=$topic "$here/../deploy/kafka-topics.sh" "$TALLY_KAFKA_BROKERS" "$partitions" "${TALLY_KAFKA_REPLICATION:-3}" ||
      fail "could not make topic $topic on $TALLY_KAFKA_BROKERS"
    real_topic=$topic
    bootstrap=$TALLY_KAFKA_BROKERS
    echo "real cluster $bootstrap, topic $topic"
  else
    echo "SKIP real cluster: TALLY_KAFKA_BROKERS is set, but kafka-topics.sh is neither on the PATH nor in KAFKA_BIN to make a topic; on the mock cluster"
  fi
fi
if [ -z "$real_topic" ]; then
  "$tally" dev-broker --brokers 1 --topic "$topic" --partitions "$partitions" >"$work/broker.out" 2>"$work/broker.err" &
  broker_pid=$!
  wait_for 10 grep -q '^bootstrap=' "$work/broker.out" || { cat "$work/broker.err"; fail "dev-broker printed no bootstrap address"; }
  bootstrap=$(sed -n 's/^bootstrap=//p' "$work/broker.out")
  echo "mock cluster at $bootstrap"
fi

# Each node: its own folder, port and API users; advertise_url is where the other nodes reach
# its API. The rate limit is lifted: the checks ask about every account at once.
for i in "${nodes[@]}"; do
  port[$i]=$(free_port)
  cat >"$work/n$i.toml" <<EOF
data_dir = "$work/n$i"
[http]
rate_per_second = 100000
rate_burst = 100000
[kafka]
topic = "$topic"
group = "$group"
session_timeout_ms = $session_ms
advertise_url = "http://127.0.0.1:${port[$i]}"
EOF
done
# Every node must hold the same keys (a bank account must hash alike on every node; a file one
# node sealed must open on another): n1's folder makes them, the others get a copy before they
# first open their folders. Then a reader on each node (its users are its own).
for i in "${nodes[@]}"; do
  if [ "$i" != 1 ]; then mkdir -p "$work/n$i" && cp -a "$work/n1/keys" "$work/n$i/keys"; fi
  "$tally" --config "$work/n$i.toml" --kafka "$bootstrap" users add reader --role read-only --json \
    >"$work/reader$i.json" 2>>"$work/n$i.err" || fail "users add on n$i"
  token[$i]=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["token"])' "$work/reader$i.json")
  "$tally" --config "$work/n$i.toml" --kafka "$bootstrap" users add clerk --role billing --json \
    >"$work/clerk$i.json" 2>>"$work/n$i.err" || fail "users add on n$i"
  clerk[$i]=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["token"])' "$work/clerk$i.json")
done
for i in 2 3; do diff -r "$work/n1/keys" "$work/n$i/keys" >/dev/null || fail "n$i's keys are not n1's"; done
for i in "${nodes[@]}"; do start_node "$i"; done
wait_for 45 owned_all "${nodes[@]}" || fail "the group did not give out every partition"
echo "three nodes own the $partitions partitions ($(elapsed))"

# Wave 1: files on different nodes, autopay.ach on two of them (the books must take each event
# once). Once n3 has taken its file, with the nodes applying, n3 is SIGKILLed: its partitions
# move to n1 and n2.
drop "$work/files/billing.csv" 1
drop "$work/files/enrollments.csv" 1
drop "$work/files/debits.ach" 1
drop "$work/files/autopay.ach" 1
drop "$work/files/autopay.ach" 2
drop "$work/files/lockbox.txt" 3
wait_for 30 inbox_empty 3 || fail "n3 did not take lockbox.txt"
kill -KILL "${pid[3]}"
wait "${pid[3]}" 2>/dev/null || true
echo "n3 SIGKILLed once it took its file ($(elapsed))"
wait_for 45 owned_all 1 2 || fail "n1 and n2 did not take over n3's partitions"

# Wave 2, n3 down: the card settlement, for customers billed in wave 1.
drop "$work/files/card.csv" 2
drop "$work/files/returns.ach" 2
wait_for 30 inbox_empty 2 || fail "n2 did not take card.csv"

# n3 starts again; once it answers, n2 is stopped (SIGTERM) and started again while the group
# is still rebalancing.
start_node 3
wait_for 30 healthy 3 || fail "n3 did not come back"
stop_nodes 2
start_node 2
settle 90
echo "settled after the restarts ($(elapsed))"

# Wave 3: the next day's bills, for customers on every partition, and the bank's statement.
# Partitions have moved (n3's away and some back, n2's away and back), and their former owners
# still have the books they applied: from here on those copies are stale, and an answer from one
# is a wrong balance. The node serving partition 0 reconciles the statement (every node's
# reconciler follows every partition); its matches move money, so the balances below say
# whether it matched as the embedded run did.
drop "$work/files/billing2.csv" 3
drop "$work/files/statement.bai" 2
matched_on() { curl -sf --max-time 5 -H "Authorization: Bearer ${token[$1]}" \
  "http://127.0.0.1:${port[$1]}/api/v1/reconcile/matches?date=$statement_date&limit=1000" |
  python3 -c 'import json, sys; print(len(json.load(sys.stdin)["matches"]))'; }
reconciled() { local i; for i in "${nodes[@]}"; do [ "$(matched_on "$i" 2>/dev/null)" = "$ref_matched" ] || return 1; done; }
wait_for 60 reconciled || fail "the nodes' reconcilers do not all hold the $ref_matched matches of the embedded run"
settle 60
for i in "${nodes[@]}"; do
  echo "n$i owns $(curl -sf "http://127.0.0.1:${port[$i]}/healthz" | python3 -c 'import json, sys; print(json.load(sys.stdin)["details"]["kafka"]["owned_partitions"])')"
done
echo "settled after the last file ($(elapsed))"

# The check held in suspense is applied as in the embedded run, on a node serving neither the
# suspense account's partition nor the customer's when one does: the payment is looked up on
# the node keeping it, the customer's bills on theirs, and the credit, posted on the suspense
# partition, is part of the customer's balance whichever node answers.
partition_of() { python3 -c 'import sys
h = 0xcbf29ce484222325
for b in sys.argv[1].encode(): h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
print(h % int(sys.argv[2]))' "$1" "$partitions"; }
owns() { curl -sf --max-time 5 "http://127.0.0.1:${port[$1]}/healthz" |
  python3 -c 'import json, sys; sys.exit(0 if int(sys.argv[1]) in json.load(sys.stdin)["details"]["kafka"]["owned_partitions"] else 1)' "$2"; }
held_at=$(partition_of suspense) home_at=$(partition_of "customer:$applied_to") applier=1
for i in "${nodes[@]}"; do
  if ! owns "$i" "$held_at" && ! owns "$i" "$home_at"; then applier=$i; break; fi
done
# The payment's id is the cluster's own (a check's id is keyed with the installation's keys).
suspended=$(curl -sf --max-time 10 -H "Authorization: Bearer ${token[$applier]}" "http://127.0.0.1:${port[$applier]}/api/v1/suspense" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["payments"][0]["event_id"])') ||
  fail "n$applier did not list the payment held in suspense"
status=$(curl -s --max-time 10 -o "$work/applied.json" -w '%{http_code}' -H "Authorization: Bearer ${clerk[$applier]}" \
  -H "Content-Type: application/json" -H "Idempotency-Key: cluster-apply-1" -d "{\"account\": \"$applied_to\"}" \
  "http://127.0.0.1:${port[$applier]}/api/v1/suspense/$suspended/apply" || true)
[ "$status" = 200 ] || {
  cat "$work/applied.json"
  echo " n$applier lists in suspense: $(curl -s -H "Authorization: Bearer ${token[$applier]}" "http://127.0.0.1:${port[$applier]}/api/v1/suspense")"
  fail "n$applier did not apply the payment held in suspense $suspended: $status"
}
echo "n$applier applied the check held in suspense (partition $held_at) to customer $applied_to (partition $home_at)"
settle 30

# Every node, every account: 200, the reference's balance, nothing missing. One python process
# per node, on one kept-alive connection.
cat >"$work/check.py" <<'EOF'
import http.client, json, sys, urllib.parse
ref_path, node, port, token = sys.argv[1:5]
ref = json.load(open(ref_path))
conn = None

def get(path):
    global conn
    for attempt in (1, 2):  # once more on a fresh connection if the kept one was closed
        try:
            if conn is None:
                conn = http.client.HTTPConnection("127.0.0.1", int(port), timeout=15)
            conn.request("GET", path, headers={"Authorization": "Bearer " + token})
            r = conn.getresponse()
            return r.status, r.getheader("X-Tally-Answered-By"), r.read()
        except (http.client.HTTPException, OSError):
            if conn is not None:
                conn.close()
            conn = None
            if attempt == 2:
                raise

wrong, listed, forwarded = [], [], 0
for account, want in sorted(ref.items()):
    customer = account.startswith("customer:")
    # A customer as clients ask for it, by its number; other accounts by their journal name.
    ident = account[len("customer:"):] if customer else account
    status, by, raw = get("/api/v1/accounts/" + urllib.parse.quote(ident, safe="") + "?limit=1")
    try:
        body = json.loads(raw)
    except ValueError:
        body = {"unparsed": raw[:200].decode(errors="replace")}
    forwarded += bool(by)
    if status != 200:
        wrong.append(f"{account}: expected 200 with balance_minor {want}, got {status} {json.dumps(body)[:300]}")
    elif body.get("account") != account or body.get("balance_minor") != want:
        wrong.append(f"{account}: expected balance_minor {want}, got {body.get('account')} {body.get('balance_minor')}"
                     + (f" (answered by {by})" if by else ""))
    elif not customer and body.get("partitions_missing"):
        wrong.append(f"{account}: balance_minor {want} but partitions_missing {body['partitions_missing']}")

# The account list answers accounts too: it may name none the embedded run lacks (a stale copy
# holds no name its partition's owner lacks), and a customer it lists whole (its own partition
# and the suspense account's, unless the row names one missing) has the embedded run's balance,
# not a stale copy's.
after = ""
while True:
    status, _, raw = get("/api/v1/accounts?limit=1000&after=" + urllib.parse.quote(after, safe=""))
    if status != 200:
        listed.append(f"GET /api/v1/accounts: expected 200, got {status} {raw[:300]!r}")
        break
    page = json.loads(raw)
    for a in page["accounts"]:
        if a["account"] not in ref:
            listed.append(f"{a['account']}: listed with balance_minor {a['balance_minor']}, not in the embedded run's books")
        elif a["account"].startswith("customer:") and not a.get("partitions_missing") and a["balance_minor"] != ref[a["account"]]:
            listed.append(f"{a['account']}: listed with balance_minor {a['balance_minor']}, expected {ref[a['account']]}")
    if "next_after" not in page:
        break
    after = page["next_after"]

print(f"n{node}: {len(ref) - len(wrong)} of {len(ref)} accounts answered as the embedded run"
      f" ({forwarded} with X-Tally-Answered-By); {len(listed)} wrong in the account list")
for what in (wrong, listed):
    for line in what[:5]:
        print(f"  n{node} {line}")
    if len(what) > 5:
        print(f"  n{node} ... and {len(what) - 5} more")
sys.exit(1 if wrong or listed else 0)
EOF
bad=0
for i in "${nodes[@]}"; do
  python3 "$work/check.py" "$work/ref.json" "$i" "${port[$i]}" "${token[$i]}" || bad=1
done

# The reconciliation is one on every node: the same matches and the same reconciler's
# discrepancies, decided by one node (the one serving partition 0, which /healthz names).
deciders=0
for i in "${nodes[@]}"; do
  curl -sf --max-time 5 -H "Authorization: Bearer ${token[$i]}" \
    "http://127.0.0.1:${port[$i]}/api/v1/reconcile/matches?date=$statement_date&limit=1000" >"$work/matches$i.json" ||
    fail "n$i did not list the matches"
  curl -sf --max-time 5 -H "Authorization: Bearer ${token[$i]}" "http://127.0.0.1:${port[$i]}/api/v1/discrepancies?limit=10000" |
    python3 -c 'import json, sys; print(json.dumps(sorted((d["id"], d["kind"], d["status"], d.get("amount_minor", 0))
                for d in json.load(sys.stdin)["discrepancies"] if d["origin"] == "reconcile")))' >"$work/raised$i.json" ||
    fail "n$i did not list the discrepancies"
  state=$(curl -sf --max-time 5 "http://127.0.0.1:${port[$i]}/healthz" | python3 -c 'import json, sys; print(json.load(sys.stdin)["details"]["reconcile"])')
  echo "n$i reconciler: $state"
  case $state in running*) deciders=$((deciders + 1)) ;; following*) ;; *) fail "n$i's reconciler is $state" ;; esac
done
[ "$deciders" = 1 ] || fail "$deciders nodes decide the reconciler's runs, want 1"
for i in 2 3; do
  cmp -s "$work/matches1.json" "$work/matches$i.json" || fail "n$i lists other matches than n1"
  cmp -s "$work/raised1.json" "$work/raised$i.json" || fail "n$i lists other reconciler discrepancies than n1"
done
echo "every node holds the same $ref_matched matches and $(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))))' "$work/raised1.json") reconciler discrepancies"

# The books of each node verify (hash chains, sums, positions within the topic): the nodes
# stopped, the broker still up.
# autopay.ach was dropped on n1 and n2: one node took it (its claim came first), the other
# published nothing, kept it as a duplicate and named the node that took it.
taken_by=$(grep -ho "autopay.ach: already ingested by node [^ ]*" "$work/n1.err" "$work/n2.err" | sort -u || true)
if [ -z "$taken_by" ] || [ "$(wc -l <<<"$taken_by")" != 1 ]; then
  grep -h "autopay.ach" "$work/n1.err" "$work/n2.err" || true
  fail "autopay.ach on n1 and n2: want one 'already ingested by node' line, got: ${taken_by:-none}"
fi
dups=$( (find "$work/n1/processed/duplicates" "$work/n2/processed/duplicates" -type f -name '*autopay*' 2>/dev/null || true) | wc -l)
[ "$dups" = 1 ] || fail "autopay.ach on n1 and n2: $dups copies kept as duplicates, want 1"
echo "the file dropped on two nodes was taken once: $taken_by"

# The command line claims too: `tally --kafka ... ingest` of autopay.ach from a folder with the
# cluster's keys publishes nothing (the intake publishes no file claimed elsewhere) and names
# the node that took it.
mkdir -p "$work/n5" && cp -a "$work/n1/keys" "$work/n5/keys"
printf 'data_dir = "%s"\n[kafka]\ntopic = "%s"\n' "$work/n5" "$topic" >"$work/n5.toml"
(cd "$work/files" && "$tally" --config "$work/n5.toml" --kafka "$bootstrap" ingest --keep --user test autopay.ach) \
  >"$work/n5.out" 2>"$work/n5.err" || { cat "$work/n5.out" "$work/n5.err"; fail "the command-line ingest of a file taken already"; }
grep -q "already ingested by node" "$work/n5.out" "$work/n5.err" ||
  { cat "$work/n5.out" "$work/n5.err"; fail "the command-line ingest did not say the file was taken"; }
echo "the command line found autopay.ach taken: $(grep -ho 'already ingested by node [^ ]*' "$work/n5.out" "$work/n5.err" | head -1)"

# A fourth node with keys of its own refuses to start beside them, naming a node whose keys
# differ, and joins nothing.
cat >"$work/n4.toml" <<EOF
data_dir = "$work/n4"
[kafka]
topic = "$topic"
group = "$group"
session_timeout_ms = $session_ms
EOF
if timeout 60 "$tally" --config "$work/n4.toml" --kafka "$bootstrap" serve --port 0 >"$work/n4.out" 2>"$work/n4.err"; then
  fail "a node with other keys started"
fi
grep -q "uses other keys" "$work/n4.err" || { cat "$work/n4.err"; fail "the node with other keys did not say why it stopped"; }
echo "a node with other keys refused to start: $(grep -o 'node [^ ]* uses other keys' "$work/n4.err" | head -1)"

stop_nodes "${nodes[@]}"
held=0
for i in "${nodes[@]}"; do
  if "$tally" --config "$work/n$i.toml" --kafka "$bootstrap" ledger verify --json >"$work/verify$i.out" 2>"$work/verify$i.err"; then
    echo "n$i: ledger verify: $(cat "$work/verify$i.out")"
    held=$((held + $(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["partitions"])' "$work/verify$i.out")))
  else
    echo "n$i: ledger verify failed:"
    sed 's/^/  /' "$work/verify$i.out" "$work/verify$i.err"
    bad=1
  fi
done
# The test's premise: the nodes held the books of more partitions than the topic has, so some
# node held a stale copy that it could have answered from.
[ "$held" -gt "$partitions" ] || { echo "the nodes held the books of $held partitions: no stale copy to be wary of"; bad=1; }

[ "$bad" = 0 ] || fail "the nodes do not answer as the embedded run, or their books do not verify"
echo "PASS: every node answers all $accounts accounts as one embedded run, and the books of each verify ($(elapsed))"
