// KafkaLog: the event log on Kafka (librdkafka), for installations that outgrow one machine.
//
// Producer: idempotent (enable.idempotence, acks=all); append() produces each entry to the
// partition our own partitioner picks (so Kafka and the embedded log place keys alike),
// flushes, and checks every delivery report before returning OK.
// Consumer: no auto-commit and no offset store; on assignment it asks the caller where each
// partition starts (ConsumerOptions::start_position), which is how the ledger resumes from
// the positions stored in its own RocksDB instead of trusting broker-committed offsets.
// Dead letters go to the topic "<topic>.deadletter" (partition 0), with the source partition,
// position and reason in message headers.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "core/log/event_log.h"

namespace tally::log {

struct KafkaLogOptions {
  std::string brokers;                  // bootstrap servers, "host:port,host:port"
  std::string topic = "tally.events";
  int session_timeout_ms = 10000;       // consumer group liveness; tests use 6000
  int delivery_timeout_ms = 120000;     // how long append() keeps retrying a broker outage
  // Extra librdkafka properties, applied last (e.g. "debug").
  std::map<std::string, std::string> extra;
};

class KafkaLog final : public EventLog {
 public:
  // Connects and reads the topic's partition count; the topic must exist
  // (deploy/kafka-topics.sh creates it; MockKafkaCluster::create_topic in tests).
  static Result<std::unique_ptr<KafkaLog>> open(const KafkaLogOptions& options);
  ~KafkaLog() override;

  std::uint32_t partition_count() const override;
  Result<std::vector<Appended>> append(std::span<const AppendEntry> batch) override;
  Result<std::unique_ptr<LogConsumer>> consume(ConsumerOptions options) override;
  Status put_dead_letter(const DeadLetter& letter) override;
  Result<std::vector<DeadLetter>> read_dead_letters(std::size_t max_letters) override;
  std::string describe() const override;

  struct Impl;

 private:
  explicit KafkaLog(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Creates a topic through the Admin API (real clusters; deploy/kafka-topics.sh and the tests
// run with TALLY_KAFKA_BROKERS). An existing topic is fine.
Status create_topic(const std::string& brokers, const std::string& topic, int partitions,
                    int replication_factor);

}  // namespace tally::log
