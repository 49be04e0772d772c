#!/usr/bin/env bash
# Creates Tally's topics on a real Kafka cluster with the stock Kafka CLI, or checks them.
#   deploy/kafka-topics.sh BOOTSTRAP [PARTITIONS] [REPLICATION]
# Environment:
#   TOPIC                  the events topic (default tally.events; "<TOPIC>.deadletter" and
#                          "<TOPIC>.nodes" too)
#   KAFKA_BIN              folder of kafka-topics.sh and kafka-configs.sh (default: on PATH)
#   KAFKA_COMMAND_CONFIG   a client properties file (TLS, SASL) passed as --command-config
#
# tally.events: PARTITIONS partitions (default 8), the unit of ledger scale-out.
# tally.events.deadletter: 1 partition, records that could not be decoded.
# tally.events.nodes: 1 partition, compacted (cleanup.policy=compact): each node's latest
# announcement of its API and the partitions it serves.
# All keep every record forever (the log is the source of truth: a record deleted before a
# ledger applied it stops that partition, docs/operations.md) and never elect an unclean
# leader (it would drop acknowledged records):
#   retention.ms=-1 retention.bytes=-1 unclean.leader.election.enable=false min.insync.replicas=2
#
# A topic that exists is checked, not changed: each setting that differs is reported with
# the command that fixes it, and the script exits 1. More partitions than the topic has are
# added only while it holds no record: the partition of an event's key would move, and the
# books of the keys already applied would be on another partition. Never shrink a topic.
set -euo pipefail

if [[ $# -lt 1 ]]; then
  sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
bootstrap=$1
partitions=${2:-8}
replication=${3:-3}
topic=${TOPIC:-tally.events}
bin=${KAFKA_BIN:+$KAFKA_BIN/}
client=()
[[ -n ${KAFKA_COMMAND_CONFIG:-} ]] && client=(--command-config "$KAFKA_COMMAND_CONFIG")

declare -A want=(
  [retention.ms]=-1
  [retention.bytes]=-1
  [unclean.leader.election.enable]=false
  [min.insync.replicas]=2
)
settings=()
for key in "${!want[@]}"; do settings+=(--config "$key=${want[$key]}"); done

topics() { "${bin}kafka-topics.sh" --bootstrap-server "$bootstrap" "${client[@]}" "$@"; }
configs() { "${bin}kafka-configs.sh" --bootstrap-server "$bootstrap" "${client[@]}" "$@"; }

# Records the topic holds: the sum of its partitions' end offsets (0: never written).
records_held() {
  local name=$1 out
  if command -v "${bin}kafka-get-offsets.sh" >/dev/null 2>&1; then
    out=$("${bin}kafka-get-offsets.sh" --bootstrap-server "$bootstrap" "${client[@]}" --topic "$name" --time -1)
  else
    out=$("${bin}kafka-run-class.sh" kafka.tools.GetOffsetShell --bootstrap-server "$bootstrap" \
      "${client[@]}" --topic "$name" --time -1)
  fi
  awk -F: '{ n += $3 } END { print n + 0 }' <<<"$out"
}

# Checks an existing topic; prints each difference; returns 1 when any. Extra "key=value"
# arguments are settings this topic needs besides the common ones.
check() {
  local name=$1 count=$2 described have differs=0 key value
  shift 2
  local -A need=()
  for key in "${!want[@]}"; do need[$key]=${want[$key]}; done
  for value in "$@"; do need[${value%%=*}]=${value#*=}; done
  described=$(topics --describe --topic "$name")
  have=$(sed -n 's/.*PartitionCount:[[:space:]]*\([0-9]*\).*/\1/p' <<<"$described" | head -1)
  if [[ -z $have ]]; then
    echo "$name: cannot read its partition count" >&2
    return 1
  fi
  if ((have > count)); then
    echo "$name: has $have partitions, more than the $count asked for (never shrink a topic: keys would move)"
    differs=1
  elif ((have < count)); then
    local held
    held=$(records_held "$name")
    if ((held > 0)); then
      echo "$name: has $have partitions and holds $held records: refusing to add partitions (the partition of" \
        "each key would move away from the books that hold it)"
      differs=1
    else
      echo "$name: empty; adding partitions: $have -> $count"
      topics --alter --topic "$name" --partitions "$count"
    fi
  fi
  local described_configs
  described_configs=$(configs --entity-type topics --entity-name "$name" --describe --all)
  for key in "${!need[@]}"; do
    value=$(sed -n "s/^[[:space:]]*$key=\([^[:space:]]*\).*/\1/p" <<<"$described_configs" | head -1)
    if [[ $value != "${need[$key]}" ]]; then
      echo "$name: $key is '${value:-unset}', want ${need[$key]} (fix: kafka-configs.sh --bootstrap-server" \
        "$bootstrap --entity-type topics --entity-name $name --alter --add-config $key=${need[$key]})"
      differs=1
    fi
  done
  ((differs == 0)) && echo "$name: $have partitions, settings as Tally needs them"
  return "$differs"
}

# Creates the topic, or checks it when it exists; extra "key=value" settings as for check.
ensure() {
  local name=$1 count=$2 extra=() value
  shift 2
  for value in "$@"; do extra+=(--config "$value"); done
  if topics --describe --topic "$name" >/dev/null 2>&1; then
    check "$name" "$count" "$@"
  else
    topics --create --topic "$name" --partitions "$count" --replication-factor "$replication" "${settings[@]}" \
      "${extra[@]}"
    echo "$name: created with $count partitions, replication $replication"
  fi
}

status=0
ensure "$topic" "$partitions" || status=1
ensure "$topic.deadletter" 1 || status=1
ensure "$topic.nodes" 1 cleanup.policy=compact || status=1
exit "$status"
