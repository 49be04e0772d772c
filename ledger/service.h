// LedgerService: the apply loop, the only one: `tally serve` runs it, `tally ingest` and the
// commands that read the books drain the embedded log with it. Reads the event log from the
// positions stored in the ledger and applies what arrives in group commits: a batch closes when it holds
// max_batch_events records, max_batch_bytes bytes, or its first record has waited
// max_batch_ms, whichever comes first. Each batch is one synced WriteBatch, pipelined
// (Ledger::submit): the next batch is computed while the previous one is synced.
//
// On Kafka, partitions are assigned by the consumer group; each assigned partition starts
// at the ledger's stored position (ConsumerOptions::start_position), and on revocation the
// pending batch is committed before the partitions go. A process's RocksDB thus holds, for
// each partition it ever owned, a consistent prefix of that partition's log; the partition's
// current owner has the books.
//
// Threads: run() blocks its thread until stop is requested; stats() may be read from any
// thread. Lifetime: the ledger and the log must outlive the service.
#pragma once

#include <atomic>
#include <mutex>
#include <cstdint>
#include <stop_token>
#include <string>
#include <vector>

#include "core/log/event_log.h"
#include "core/result.h"
#include "ledger/ledger.h"

namespace tally::ledger {

struct ServiceOptions {
  std::string group = "tally-ledger";   // Kafka consumer group
  std::vector<PartitionId> partitions;  // empty: all (embedded) or the group's share (Kafka)
  std::size_t max_batch_events = 1000;
  std::size_t max_batch_bytes = 4u << 20;
  int max_batch_ms = 20;
  int poll_timeout_ms = 100;  // how often a quiet loop looks at the stop flag
  // Apply in bulk (Ledger::submit_bulk): a batch job's drain, written at its end as table
  // files; queries see none of it until then. Embedded log only.
  bool bulk = false;
};

struct ServiceStats {
  std::atomic<std::uint64_t> batches{0};
  std::atomic<std::uint64_t> records{0};
  std::atomic<std::uint64_t> applied{0};
  std::atomic<std::uint64_t> duplicates{0};
  std::atomic<std::uint64_t> refused{0};
  std::atomic<std::uint64_t> rebalances{0};
};

class LedgerService {
 public:
  LedgerService(Ledger& ledger, log::EventLog& log, ServiceOptions options);

  // Until stop is requested (then the pending batch is committed and OK returned) or the
  // log or the ledger fails (the error; nothing of the failed batch was applied, and a
  // restart resumes from the stored positions).
  Status run(std::stop_token stop);
  Status run(const std::atomic<bool>& stop);
  // Applies until stop is requested and then everything the log holds at that moment, and
  // returns once it is durable (a batch job posting while it publishes: `tally ingest`).
  // Embedded log only: on Kafka an empty poll does not mean there is nothing more.
  Status run_then_drain(const std::atomic<bool>& stop);
  // Applies everything the log holds beyond the ledger's positions, then returns.
  Status drain();

  const ServiceStats& stats() const { return stats_; }
  // What every batch met, summed: read once run(), run_then_drain() or drain() returned.
  const ApplyStats& totals() const { return totals_; }
  // Partitions the consumer reads now (empty before run() starts).
  std::vector<PartitionId> assignment() const;

 private:
  template <class StopFn>
  Status loop(StopFn&& stop_requested, bool drain_when_stopped);
  Status submit();  // pending records as the next pipelined batch
  Status flush();   // ... and wait until everything is durable
  void count(const ApplyStats& stats);

  Ledger& ledger_;
  log::EventLog& log_;
  ServiceOptions options_;
  ServiceStats stats_;
  ApplyStats totals_;
  std::vector<log::LogRecord> pending_;
  std::size_t pending_bytes_ = 0;
  bool in_flight_ = false;  // a submitted batch not yet flushed
  Status revoke_failure_;
  // A copy of the consumer's assignment, refreshed by the loop after each poll: the
  // consumer itself belongs to the loop's thread.
  mutable std::mutex assignment_mu_;
  std::vector<PartitionId> assignment_;
};

}  // namespace tally::ledger
