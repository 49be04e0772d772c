// What /healthz and /metrics say about Kafka (a `tally serve --kafka` node): whether the
// brokers answer, the partitions the group gave this process, each one's lag, the
// partitions that stopped and why (core/log/partition_check.h), and the rebalances.
//
// Lifetime: the log and the ledger must outlive the metrics and routes that read them.
#pragma once

#include <boost/json.hpp>

#include <string>

#include "api/metrics.h"
#include "core/log/kafka_log.h"
#include "core/log/node_announcement.h"
#include "ledger/ledger.h"

namespace tally::api {

// The "kafka" object of /healthz.
boost::json::object kafka_health(const log::KafkaStatus& status, const ledger::Ledger& books);

// Why the node is not healthy ("" when it is): brokers unreachable, partitions stopped.
std::string kafka_problem(const log::KafkaStatus& status);

// Adds "kafka" (kafka_health) to /healthz's details, and "problem" (kafka_problem) when there
// is one, which makes /healthz answer 503 (health.h).
void add_kafka_health(boost::json::object& details, const log::KafkaStatus& status,
                      const ledger::Ledger& books);

// The "cluster" object of /healthz: this node's name and every node's latest announcement
// (its API and the partitions it serves).
boost::json::object cluster_health(const std::string& self, const std::vector<log::NodeAnnouncement>& nodes);

// tally_kafka_broker_up, tally_kafka_partitions_owned, tally_kafka_rebalances_total,
// tally_partition_stopped{group,partition,reason} and tally_log_lag_records{consumer=ledger}.
void add_kafka_metrics(Metrics& metrics, log::KafkaLog& log, const ledger::Ledger& books);

}  // namespace tally::api
