// The Kafka consumer (KafkaLog::consume) and the board it reports to. Internal to core/log:
// kafka_log.h is the contract (never skip, never restart silently; status()).
//
// Threads: a consumer is used by one thread (its callbacks run inside its poll); the board
// is shared by the log and its consumers, any thread, under its mutex.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/log/kafka_handles.h"
#include "core/log/kafka_log.h"

namespace tally::log {

// What the consumers of one KafkaLog found, for status(): shared by the log and its
// consumers (which may outlive neither, but hold it by shared_ptr to keep it simple).
struct StatusBoard {
  mutable std::mutex mu;
  std::string status_group;
  std::optional<std::string> refused_topic;  // refuse_topic()'s why
  std::vector<PartitionId> owned;
  std::map<PartitionId, Watermarks> kept;
  std::vector<StoppedPartition> stopped;
  std::uint64_t rebalances = 0;
  std::string broker_error;
  std::chrono::steady_clock::time_point probed_at{};
  bool reachable = false;
  // KafkaLog::recognise_with(): set before consuming, then only read.
  std::function<std::optional<bool>(const LogRecord&)> recognise;

  // Records (and logs) a stopped partition, replacing what was recorded for it.
  void stop(StoppedPartition s);
  bool is_stopped(const std::string& group, PartitionId p) const;
  // librdkafka's error callback: the last error; all brokers down means unreachable.
  void note_error(rd_kafka_resp_err_t err, const char* reason);
};

// A consumer of log_options.topic as `options` say, reporting to `board`; started (subscribed
// to the group, or assigned its explicit partitions).
Result<std::unique_ptr<LogConsumer>> start_kafka_consumer(const KafkaLogOptions& log_options,
                                                          ConsumerOptions options,
                                                          std::shared_ptr<StatusBoard> board);

}  // namespace tally::log
