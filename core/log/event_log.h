// The event log: the source of truth between ingest and the ledger. Records are opaque bytes
// (an encoded events::Envelope) with a partition key; within a partition they are ordered and
// addressed by a LogPosition. Two implementations share this contract (core/tests/
// log_contract_test.cpp): EmbeddedLog (RocksDB, one machine, the default) and KafkaLog.
//
// Threads: append() may be called from several threads. A LogConsumer is used by one thread.
// Lifetime: an EventLog must outlive every consumer it made.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.h"
#include "core/result.h"

namespace tally::log {

struct AppendEntry {
  std::string_view key;    // partition key: chooses the partition (partitioner.h)
  std::string_view value;  // the encoded event
};

struct Appended {
  PartitionId partition;
  LogPosition position;
};

struct LogRecord {
  PartitionId partition;
  LogPosition position;
  std::string key;
  std::string value;
};

// A record that could not be read as an event, kept with where it was and why.
struct DeadLetter {
  PartitionId partition;
  LogPosition position;
  std::string reason;
  std::string value;
};

// Where a record is in the log.
struct LogAddress {
  PartitionId partition;
  LogPosition position;
};

struct ConsumerOptions {
  // Kafka consumer group. Consumers of one group split the partitions between them.
  std::string group = "tally-ledger";
  // Explicit partitions to read. Empty: all partitions (embedded) or the group's share of
  // them, handed out by Kafka's rebalancing.
  std::vector<PartitionId> partitions;
  // Called when a partition is assigned: the position to start reading it from. The ledger
  // answers with the position stored in its own RocksDB, which is what makes delivery
  // exactly-once without trusting the broker's committed offsets. Default: the beginning.
  std::function<LogPosition(PartitionId)> start_position;
  // Called before assigned partitions are taken away (Kafka rebalance), so work in flight
  // for them can be finished or dropped.
  std::function<void(const std::vector<PartitionId>&)> on_revoked;
};

class LogConsumer {
 public:
  virtual ~LogConsumer() = default;
  // Up to max_records records, waiting at most timeout_ms for the first. Within a partition,
  // records come in position order. An empty vector means nothing arrived in time.
  virtual Result<std::vector<LogRecord>> poll(int timeout_ms, std::size_t max_records) = 0;
  // Partitions this consumer reads now (changes on Kafka rebalances).
  virtual std::vector<PartitionId> assignment() const = 0;
};

class EventLog {
 public:
  virtual ~EventLog() = default;
  virtual std::uint32_t partition_count() const = 0;

  // Appends a batch. When it returns OK every entry is durable (embedded: WAL synced; Kafka:
  // acknowledged by all in-sync replicas, every delivery report checked) and the result
  // lists each entry's partition and position, in batch order. On failure, some entries may
  // have been written: writers rely on permanent event ids, not on all-or-nothing appends.
  virtual Result<std::vector<Appended>> append(std::span<const AppendEntry> batch) = 0;

  virtual Result<std::unique_ptr<LogConsumer>> consume(ConsumerOptions options) = 0;

  // The dead-letter place: records that could not be decoded, with their position.
  virtual Status put_dead_letter(const DeadLetter& letter) = 0;
  virtual Result<std::vector<DeadLetter>> read_dead_letters(std::size_t max_letters) = 0;

  // The records at these addresses, in the same order; nullopt where there is none. For reads
  // beside the books (where an entry came from); a log that cannot read by address answers
  // unsupported.
  virtual Result<std::vector<std::optional<LogRecord>>> read_at(std::span<const LogAddress> addresses) const;

  // A short name for logs and /healthz: "embedded:/var/lib/tally/log" or "kafka:host:9092".
  virtual std::string describe() const = 0;
};

}  // namespace tally::log
