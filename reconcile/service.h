// ReconcileService: the reconciler's log consumer. Reads every partition of the event log
// from the positions stored in the reconciler's database and applies what arrives
// (apply.h), exactly once. The Reconciler drains with it before and after it decides, and
// `tally serve` drains with it every few hundred milliseconds (Reconciler::serve).
//
// It reads all partitions itself (no consumer group): matching needs every deposit and
// every bank line, whichever partition their files landed in.
//
// Threads: drain() runs on the caller's thread; one drain at a time per store (the
// Reconciler's lock). Lifetime: the store and the log outlive the service.
#pragma once

#include <atomic>
#include <cstdint>

#include "core/log/event_log.h"
#include "core/log/log_ends.h"
#include "core/result.h"
#include "reconcile/apply.h"
#include "reconcile/store.h"

namespace tally::reconcile {

struct ServiceOptions {
  std::size_t max_batch_records = 10'000;
  // How long a drain waits for more before it takes an empty poll for the end: 0 on the
  // embedded log (empty means empty); on Kafka a fetch can lag, so wait a little.
  int quiet_ms = 0;
  // Where the log ends now (on Kafka, the partitions' high watermarks): a drain that has read
  // that far stops without waiting quiet_ms for a poll to come back empty.
  log::EndsReader read_ends;
};

class ReconcileService {
 public:
  ReconcileService(Store& store, log::EventLog& log, ServiceOptions options = {});

  // Applies everything the log holds beyond the stored positions, then returns. On Kafka,
  // "everything" is up to the ends read_ends gives, or, without them, what arrives before a
  // poll waits quiet_ms in vain.
  Status drain();

  // Summed over every group applied; readable from any thread.
  std::uint64_t applied_records() const { return applied_.load(std::memory_order_relaxed); }
  const ApplyCounts& totals() const { return totals_; }

 private:
  Store& store_;
  log::EventLog& log_;
  ServiceOptions options_;
  ApplyCounts totals_;
  std::atomic<std::uint64_t> applied_{0};
};

}  // namespace tally::reconcile
