// Which node of a Kafka cluster makes the reconciler's decisions. Every node's reconciler
// follows every partition, so each answers for every match and discrepancy; one node decides,
// since runs on several nodes at once would publish rival matches for the same items (the
// store keeps the first, but finance would see proposals come and go).
//
// The turn is the node the consumer group gave partition 0: the group gives a partition to one
// member at a time, and when that node goes, the partition's next owner takes the turn. A node
// whose logs readers have a stopped partition (a gap, a recreated topic: kafka_log.h) does not
// decide: its run would match without that partition's items.
#pragma once

#include <string>
#include <vector>

#include "core/ids.h"
#include "core/log/kafka_log.h"

namespace tally::node {

struct ReconcileTurn {
  bool decides = false;
  std::string state;  // for /healthz
};

// `serving`: KafkaLog::serving(); `stopped`: KafkaStatus::stopped.
ReconcileTurn reconcile_turn(const std::vector<PartitionId>& serving,
                             const std::vector<log::StoppedPartition>& stopped);

}  // namespace tally::node
