// Ledger's private state, shared by ledger.cpp, queries.cpp and verify.cpp.
#pragma once

#include <algorithm>
#include <future>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <thread>

#include "ledger/apply_batch.h"
#include "ledger/errors.h"
#include "ledger/ledger.h"
#include "ledger/ledger_state.h"
#include "ledger/store.h"

namespace tally::ledger {

// The bulk batch being computed (submit_bulk), written by finish_bulk. Partitions share
// nothing in the books (rules.h), so the batch is computed in lanes, one thread each, a
// partition always in the same lane.
struct BulkLane {
  std::unique_ptr<ApplyBatch> batch;
  std::size_t records = 0;
};
struct BulkBatch {
  std::vector<BulkLane> lanes;
  std::size_t records = 0;
};

struct Ledger::Impl {
  using Lane = BulkLane;
  using Bulk = BulkBatch;

  LedgerOptions options;
  std::unique_ptr<Store> store;
  std::mutex apply_mu;           // one apply at a time; guards in_flight
  mutable std::shared_mutex mu;  // guards state: apply publishes, queries read
  LedgerState state;

  // The batch being written in the background (pipelined group commit).
  struct InFlight {
    std::vector<log::LogRecord> records;  // the batch's records, kept alive while it lives
    std::unique_ptr<ApplyBatch> batch;
    std::future<Status> written;
  };
  std::optional<InFlight> in_flight;
  std::optional<Bulk> bulk;
  // A written bulk batch being freed (retire): its millions of allocations take seconds to
  // free, off the path of the caller that waits for the books.
  std::future<void> retiring;

  void retire(Bulk done) {
    if (retiring.valid()) retiring.wait();
    retiring = std::async(std::launch::async, [done = std::move(done)]() mutable {
      std::vector<std::future<void>> lanes;
      for (Lane& lane : done.lanes)
        lanes.push_back(std::async(std::launch::async, [&lane] { lane.batch.reset(); }));
      for (auto& l : lanes) l.wait();
    });
  }
  std::vector<BatchBuffers> spare_buffers;  // at most two: the batch computed, the one written

  BatchBuffers take_buffers() {
    if (spare_buffers.empty()) return BatchBuffers();
    BatchBuffers b = std::move(spare_buffers.back());
    spare_buffers.pop_back();
    return b;
  }
  void give_back(ApplyBatch& batch) {
    if (spare_buffers.size() < 2) spare_buffers.push_back(batch.release_buffers());
  }

  // Waits for the batch in flight and publishes it. Called with apply_mu held.
  Result<ApplyStats> finish_in_flight() {
    if (!in_flight) return ApplyStats{};
    InFlight done = std::move(*in_flight);
    in_flight.reset();
    TALLY_TRY_STATUS(done.written.get());
    if (options.batch_observer) options.batch_observer(done.batch->write_batch().Data());
    {
      std::unique_lock lock(mu);
      done.batch->publish(state);
    }
    give_back(*done.batch);
    return done.batch->stats();
  }

  std::size_t bulk_lanes() const {
    if (options.bulk_lanes > 0) return options.bulk_lanes;
    return std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 4);
  }
  Status refuse_during_bulk() const {
    if (!bulk) return ok_status();
    return ledger_error(LedgerErrc::invalid_argument, "a bulk batch is pending: flush() it first");
  }
  // Adds records to the bulk batch, each lane computed on a thread of its own. On error
  // the bulk batch is dropped. Called with apply_mu held.
  Status compute_bulk(std::vector<log::LogRecord> records, log::EventLog* dead_letters);
  // Seals and writes the bulk batch (table files when large enough) and publishes it.
  // Called with apply_mu held.
  Result<ApplyStats> finish_bulk();

  // The partitions a query covers: the ones asked for, or every partition of this ledger.
  std::vector<PartitionId> query_partitions(const std::vector<PartitionId>& asked) const {
    if (!asked.empty()) return asked;
    std::shared_lock lock(mu);
    std::vector<PartitionId> out;
    for (const auto& [p, part] : state.partitions) out.push_back(p);
    return out;
  }
};

}  // namespace tally::ledger
