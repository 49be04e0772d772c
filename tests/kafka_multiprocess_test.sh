#!/usr/bin/env bash
# Multi-process Kafka: `tally dev-broker` runs the mock cluster in its own process; a producer
# process and a consumer process (tests/log_peer) talk to it over TCP on 127.0.0.1.
# Usage: kafka_multiprocess_test.sh TALLY_BINARY LOG_PEER_BINARY
set -euo pipefail
tally=$1
peer=$2
work=$(mktemp -d)
trap 'kill "${broker_pid:-}" "${consumer_pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT

"$tally" dev-broker --brokers 3 --topic mp.events --partitions 4 >"$work/broker.out" 2>"$work/broker.err" &
broker_pid=$!
for _ in $(seq 1 100); do
  grep -q '^bootstrap=' "$work/broker.out" 2>/dev/null && break
  sleep 0.1
done
bootstrap=$(sed -n 's/^bootstrap=//p' "$work/broker.out")
[ -n "$bootstrap" ] || { echo "FAIL: dev-broker printed no bootstrap address"; cat "$work/broker.err"; exit 1; }
echo "broker at $bootstrap"

"$peer" consume "$bootstrap" mp.events 500 60 >"$work/consumer.out" 2>"$work/consumer.err" &
consumer_pid=$!
"$peer" produce "$bootstrap" mp.events 500 >"$work/producer.out" 2>"$work/producer.err" || {
  echo "FAIL: producer"; cat "$work/producer.err"; exit 1; }
grep -q '^acknowledged=500$' "$work/producer.out" || { echo "FAIL: producer output"; cat "$work/producer.out"; exit 1; }
if ! wait "$consumer_pid"; then
  echo "FAIL: consumer did not see all 500 events"; cat "$work/consumer.out" "$work/consumer.err"; exit 1
fi
consumer_pid=
grep -q '^distinct=500 ' "$work/consumer.out" || { echo "FAIL: consumer output"; cat "$work/consumer.out"; exit 1; }
echo "PASS: $(cat "$work/producer.out"), consumer $(cat "$work/consumer.out")"
