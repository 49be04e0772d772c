#include "api/kafka_status.h"

#include <fmt/format.h>

namespace tally::api {

boost::json::object kafka_health(const log::KafkaStatus& status, const ledger::Ledger& books) {
  boost::json::array owned, stopped;
  boost::json::object lag;
  for (PartitionId p : status.owned) {
    owned.push_back(p.value());
    if (const auto it = status.kept.find(p); it != status.kept.end())
      lag[std::to_string(p.value())] = log::lag_records(books.next_position(p), it->second);
  }
  for (const log::StoppedPartition& s : status.stopped)
    stopped.push_back(boost::json::object{{"group", s.group},
                                          {"partition", s.partition.value()},
                                          {"reason", log::stop_reason_name(s.reason)},
                                          {"stored_position", s.stored.value()},
                                          {"low_watermark", s.kept.low.value()},
                                          {"high_watermark", s.kept.high.value()},
                                          {"detail", s.detail}});
  boost::json::object out{{"brokers", status.brokers_reachable ? "up" : "down"},
                          {"owned_partitions", std::move(owned)},
                          {"lag_records", std::move(lag)},
                          {"stopped_partitions", std::move(stopped)},
                          {"rebalances", status.rebalances}};
  if (!status.broker_error.empty()) out["last_broker_error"] = status.broker_error;
  return out;
}

std::string kafka_problem(const log::KafkaStatus& status) {
  if (!status.brokers_reachable)
    return fmt::format("Kafka brokers unreachable ({})", status.broker_error);
  if (!status.stopped.empty())
    return fmt::format("{} partition(s) stopped, first {} ({}): {}", status.stopped.size(),
                       status.stopped.front().partition.value(),
                       log::stop_reason_name(status.stopped.front().reason), status.stopped.front().detail);
  return {};
}

void add_kafka_health(boost::json::object& details, const log::KafkaStatus& status,
                      const ledger::Ledger& books) {
  details["kafka"] = kafka_health(status, books);
  if (std::string problem = kafka_problem(status); !problem.empty()) details["problem"] = problem;
  if (!status.stopped.empty()) details["ledger"] = fmt::format("running, {} partition(s) stopped", status.stopped.size());
}

void add_kafka_metrics(Metrics& metrics, log::KafkaLog& log, const ledger::Ledger& books) {
  metrics.add_gauge("tally_kafka_broker_up", "1 when the Kafka brokers answered the last metadata probe.",
                    single_value([&log] { return log.status().brokers_reachable ? 1 : 0; }));
  metrics.add_gauge("tally_kafka_partitions_owned", "Partitions the consumer group gave this process.",
                    single_value([&log] { return static_cast<std::int64_t>(log.status().owned.size()); }));
  metrics.add_counter("tally_kafka_rebalances_total",
                      "Assignments and revocations of this process's partitions since it started.",
                      single_value([&log] { return static_cast<std::int64_t>(log.status().rebalances); }));
  metrics.add_gauge("tally_partition_stopped",
                    "1 for each partition this process owns but does not consume, by group and reason "
                    "(gap, ahead, topic_changed, out_of_range): see docs/operations.md.",
                    [&log] {
                      std::vector<Sample> out;
                      for (const log::StoppedPartition& s : log.status().stopped)
                        out.push_back({{{"group", s.group},
                                        {"partition", std::to_string(s.partition.value())},
                                        {"reason", std::string(log::stop_reason_name(s.reason))}},
                                       1});
                      return out;
                    });
  metrics.add_gauge("tally_log_lag_records",
                    "Records in the event log not yet applied, by consumer and partition (Kafka: the "
                    "partitions this process owns, against the last high watermark seen).",
                    [&log, &books] {
                      std::vector<Sample> out;
                      const log::KafkaStatus status = log.status();
                      for (const auto& [p, kept] : status.kept)
                        out.push_back({{{"consumer", "ledger"}, {"partition", std::to_string(p.value())}},
                                       log::lag_records(books.next_position(p), kept)});
                      return out;
                    });
}

boost::json::object cluster_health(const std::string& self, const std::vector<log::NodeAnnouncement>& nodes) {
  boost::json::array listed;
  for (const log::NodeAnnouncement& n : nodes) {
    boost::json::array partitions;
    for (const PartitionId p : n.serving) partitions.push_back(p.value());
    listed.push_back(boost::json::object{{"node", n.node}, {"api", n.api_url}, {"partitions", std::move(partitions)}});
  }
  return {{"node", self}, {"nodes", std::move(listed)}};
}

}  // namespace tally::api
