#!/usr/bin/env bash
# deploy/kafka-topics.sh against stand-ins for the Kafka CLI (KAFKA_BIN): it creates the
# topics with the settings Tally needs, reports each setting of an existing topic that
# differs, adds partitions only to an empty topic, and refuses for one that holds records.
set -euo pipefail
script=$(cd "$(dirname "$0")/.." && pwd)/deploy/kafka-topics.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin=$work/bin
state=$work/state
mkdir -p "$bin" "$state"

# The stand-ins keep each topic as files: <name>.partitions, <name>.configs, <name>.records.
cat >"$bin/kafka-topics.sh" <<'STUB'
#!/usr/bin/env bash
state=${STUB_STATE:?}
echo "kafka-topics.sh $*" >>"$state/calls"
topic="" partitions="" action="" configs=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --create|--describe|--alter) action=$1 ;;
    --topic) topic=$2; shift ;;
    --partitions) partitions=$2; shift ;;
    --config) configs+=("$2"); shift ;;
    --bootstrap-server|--replication-factor|--command-config) shift ;;
  esac
  shift
done
case $action in
  --describe)
    [[ -f $state/$topic.partitions ]] || { echo "Topic '$topic' does not exist" >&2; exit 1; }
    printf 'Topic: %s\tTopicId: x\tPartitionCount: %s\tReplicationFactor: 3\tConfigs: \n' "$topic" "$(cat "$state/$topic.partitions")" ;;
  --create)
    echo "$partitions" >"$state/$topic.partitions"
    printf '%s\n' "${configs[@]}" >"$state/$topic.configs"
    echo 0 >"$state/$topic.records" ;;
  --alter) echo "$partitions" >"$state/$topic.partitions" ;;
esac
STUB
cat >"$bin/kafka-configs.sh" <<'STUB'
#!/usr/bin/env bash
state=${STUB_STATE:?}
name=""
while [[ $# -gt 0 ]]; do [[ $1 == --entity-name ]] && name=$2; shift; done
echo "All configs for topic $name are:"
sed 's/^/  /; s/$/ sensitive=false synonyms={}/' "$state/$name.configs"
STUB
cat >"$bin/kafka-get-offsets.sh" <<'STUB'
#!/usr/bin/env bash
state=${STUB_STATE:?}
topic=""
while [[ $# -gt 0 ]]; do [[ $1 == --topic ]] && topic=$2; shift; done
echo "$topic:0:$(cat "$state/$topic.records")"
STUB
chmod +x "$bin"/*
export KAFKA_BIN=$bin STUB_STATE=$state

fail() { echo "FAIL: $*" >&2; exit 1; }

# 1. Created with unlimited retention, no unclean election, min.insync.replicas=2.
out=$("$script" broker:9092 4 3) || fail "creating: $out"
for want in retention.ms=-1 retention.bytes=-1 unclean.leader.election.enable=false min.insync.replicas=2; do
  grep -qx "$want" "$state/tally.events.configs" || fail "tally.events lacks $want"
  grep -qx "$want" "$state/tally.events.deadletter.configs" || fail "deadletter lacks $want"
done
[[ $(cat "$state/tally.events.partitions") == 4 ]] || fail "partitions"
# The node directory: one partition, compacted (one record per node).
[[ $(cat "$state/tally.events.nodes.partitions") == 1 ]] || fail "tally.events.nodes partitions"
grep -qx "cleanup.policy=compact" "$state/tally.events.nodes.configs" || fail "tally.events.nodes is not compacted"
grep -qx "cleanup.policy=compact" "$state/tally.events.configs" && fail "tally.events is compacted"

# 2. Run again: checked, nothing differs, exit 0.
out=$("$script" broker:9092 4 3) || fail "checking a good topic: $out"
grep -q "settings as Tally needs them" <<<"$out" || fail "no all-good line: $out"

# 3. A setting that differs is reported, with the fix, and the exit is 1.
sed -i 's/^retention.ms=-1/retention.ms=604800000/' "$state/tally.events.configs"
if out=$("$script" broker:9092 4 3); then fail "a differing retention passed: $out"; fi
grep -q "retention.ms is '604800000', want -1" <<<"$out" || fail "retention not reported: $out"
sed -i 's/^retention.ms=604800000/retention.ms=-1/' "$state/tally.events.configs"

# ... and the node directory's compaction too.
sed -i 's/^cleanup.policy=compact/cleanup.policy=delete/' "$state/tally.events.nodes.configs"
if out=$("$script" broker:9092 4 3); then fail "an uncompacted node directory passed: $out"; fi
grep -q "tally.events.nodes: cleanup.policy is 'delete', want compact" <<<"$out" || fail "compaction not reported: $out"
sed -i 's/^cleanup.policy=delete/cleanup.policy=compact/' "$state/tally.events.nodes.configs"

# 4. More partitions for a topic that holds records: refused, the topic unchanged.
echo 12 >"$state/tally.events.records"
if out=$("$script" broker:9092 8 3); then fail "partitions added to a topic with data: $out"; fi
grep -q "refusing to add partitions" <<<"$out" || fail "no refusal: $out"
[[ $(cat "$state/tally.events.partitions") == 4 ]] || fail "partitions changed"

# 5. ... and for an empty one: added.
echo 0 >"$state/tally.events.records"
out=$("$script" broker:9092 8 3) || fail "adding to an empty topic: $out"
[[ $(cat "$state/tally.events.partitions") == 8 ]] || fail "partitions not added"

# 6. Fewer partitions than the topic has: reported, never shrunk.
if out=$("$script" broker:9092 2 3); then fail "a shrink passed: $out"; fi
grep -q "never shrink" <<<"$out" || fail "shrink not reported: $out"
echo "kafka-topics.sh: all checks passed"
