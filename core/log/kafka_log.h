// KafkaLog: the event log on Kafka (librdkafka), for installations that outgrow one machine.
//
// Producer: idempotent (enable.idempotence, acks=all); append() produces each entry to the
// partition our own partitioner picks (so Kafka and the embedded log place keys alike),
// flushes, and checks every delivery report before returning OK.
// Consumer: no auto-commit and no offset store; on assignment it asks the caller where each
// partition starts (ConsumerOptions::start_position), which is how the ledger resumes from
// the positions stored in its own RocksDB instead of trusting broker-committed offsets.
// Never skip, never restart silently: auto.offset.reset is "error". On assignment each
// partition's start position is checked against the range the broker keeps (partition_check.h);
// a partition whose position is outside it, or any partition once refuse_topic() was called,
// is not assigned: it stops (status().stopped) until an operator decides. A fetch answered
// offset-out-of-range stops its partition the same way.
// Dead letters go to the topic "<topic>.deadletter" (partition 0), with the source partition,
// position and reason in message headers.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "core/log/event_log.h"
#include "core/log/partition_check.h"

namespace tally::log {

struct KafkaLogOptions {
  std::string brokers;                  // bootstrap servers, "host:port,host:port"
  std::string topic = "tally.events";
  int session_timeout_ms = 10000;       // consumer group liveness; tests use 6000
  int delivery_timeout_ms = 120000;     // how long append() keeps retrying a broker outage
  // partition.assignment.strategy: "cooperative-sticky" (incremental: a rebalance moves only
  // the partitions that change owner) or "range" (eager: every partition revoked, then given
  // again). Every member of a group must use the same: change it with the whole group stopped.
  std::string assignment_strategy = "cooperative-sticky";
  // Static membership (group.instance.id); empty: none.
  std::string group_instance_id;
  // The consumer group whose partitions status() reports as owned (the ledger's).
  std::string status_group = "tally-ledger";
  // Extra librdkafka properties, applied last (e.g. "debug", TLS and SASL settings).
  std::map<std::string, std::string> extra;
};

// A partition this process owns but does not consume, and why.
struct StoppedPartition {
  std::string group;
  PartitionId partition;
  StopReason reason = StopReason::kNone;
  LogPosition stored{0};  // where the books would resume
  Watermarks kept;        // what the broker kept when it was checked (zeros: unknown)
  std::string detail;     // for people: what to do
};

// What /healthz and /metrics show about Kafka.
struct KafkaStatus {
  bool brokers_reachable = false;  // the last metadata probe was answered
  std::string broker_error;        // the last error librdkafka reported, if any
  std::vector<PartitionId> owned;  // given to this process by the group (status_group)
  std::map<PartitionId, Watermarks> kept;  // last known range of each owned partition
  std::vector<StoppedPartition> stopped;
  std::uint64_t rebalances = 0;  // assignments and revocations of status_group
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

  // The topic as the cluster describes it now: cluster id, name, partition count.
  Result<TopicIdentity> topic_identity() const;
  // The range the partition's leader keeps, asked with a timeout.
  Result<Watermarks> watermarks(PartitionId partition, int timeout_ms) const;
  // Where every partition ends now (its high watermark), in partition order: how far a reader
  // of every partition must read to have seen what the topic holds (log_ends.h). At most
  // timeout_ms in all.
  Result<std::vector<LogPosition>> ends(int timeout_ms) const;
  // The books were built from another topic (`why`): from now on every partition any
  // consumer of this log is given stops with StopReason::kTopicChanged. Call before consume().
  void refuse_topic(std::string why);
  // How the books recognise the last record they applied of a partition: true (theirs), false
  // (another record: the topic was recreated), nullopt (cannot tell, e.g. it does not decode).
  // With one, the status_group's consumers start each partition one record early and stop it
  // (kTopicChanged) when that record is not the books'. Call before consume().
  void recognise_with(std::function<std::optional<bool>(const LogRecord&)> recognise);
  // A snapshot. Probes the brokers with a metadata request of at most probe_timeout_ms, at
  // most once a second (in between, the last answer). Any thread.
  KafkaStatus status(int probe_timeout_ms = 500) const;
  // The partitions whose books this process keeps current now: owned by status_group and not
  // stopped. No broker request. Any thread.
  std::vector<PartitionId> serving() const;

  struct Impl;

 private:
  explicit KafkaLog(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// A librdkafka setting of a consumer made by KafkaLog::consume, as its live handle has it
// (tests: auto.offset.reset is "error"); empty for other consumers.
std::string kafka_consumer_setting(const LogConsumer& consumer, const char* name);

// Creates a topic through the Admin API (real clusters; deploy/kafka-topics.sh and the tests
// run with TALLY_KAFKA_BROKERS). An existing topic is fine.
Status create_topic(const std::string& brokers, const std::string& topic, int partitions,
                    int replication_factor);

// Deletes a partition's records before `before` through the Admin API (DeleteRecords), as
// retention would: for tests against a real cluster (TALLY_KAFKA_BROKERS). The mock cluster
// of librdkafka 2.0.2 does not support it.
Status delete_records_before(const std::string& brokers, const std::string& topic, PartitionId partition,
                             LogPosition before);

}  // namespace tally::log
