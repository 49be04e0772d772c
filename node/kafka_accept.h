// `tally ledger accept-topic` for a whole node: the ledger's positions (ledger/topic_guard.h)
// and the reconciler's, which follow the same topic in their own store, so that after the
// operator's decision neither the books nor the reconciliation stays stopped.
//
// Threads: with no apply loop or reconciler running (the CLI holds the data folder).
#pragma once

#include <string_view>
#include <vector>

#include "ledger/topic_guard.h"
#include "node/node.h"

namespace tally::node {

struct KafkaAcceptReport {
  std::vector<ledger::AcceptedPartition> ledger;
  std::vector<ledger::AcceptedPartition> reconciler;
};

// Fails when the node is not on Kafka, or as ledger::accept_topic does.
Result<KafkaAcceptReport> accept_kafka_topic(Node& node, std::string_view user,
                                             const std::vector<PartitionId>& only);

}  // namespace tally::node
