#!/usr/bin/env bash
# Creates Tally's topics on a real Kafka cluster with the stock Kafka CLI.
#   deploy/kafka-topics.sh BOOTSTRAP [PARTITIONS] [REPLICATION]
# tally.events: PARTITIONS partitions (default 8), the unit of ledger scale-out; never shrink
# it (keys would move). tally.events.deadletter: records that could not be decoded.
set -euo pipefail
bootstrap=$1
partitions=${2:-8}
replication=${3:-3}
kafka-topics.sh --bootstrap-server "$bootstrap" --create --if-not-exists --topic tally.events \
  --partitions "$partitions" --replication-factor "$replication" --config retention.ms=-1 \
  --config min.insync.replicas=2
kafka-topics.sh --bootstrap-server "$bootstrap" --create --if-not-exists \
  --topic tally.events.deadletter --partitions 1 --replication-factor "$replication" \
  --config retention.ms=-1
