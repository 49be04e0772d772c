#include "ledger/ledger.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <future>

#include "core/clock.h"
#include "ledger/apply_batch.h"
#include "ledger/errors.h"
#include "ledger/keys.h"
#include "ledger/ledger_impl.h"
#include "ledger/table_files.h"

namespace tally::ledger {
namespace {

// Reads every value under a state prefix, in key order.
template <class Fn>
Status scan_state(Store& store, const std::string& prefix, Fn&& fn) {
  std::unique_ptr<rocksdb::Iterator> it(store.db->NewIterator(rocksdb::ReadOptions(), store.state));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next())
    TALLY_TRY_STATUS(fn(it->key().ToStringView(), it->value().ToStringView()));
  if (!it->status().ok()) return storage_error(it->status(), "scanning ledger state");
  return ok_status();
}

// Rebuilds the in-memory state from what is committed.
Status load_state(Store& store, LedgerState& state) {
  std::unique_ptr<rocksdb::Iterator> it(store.db->NewIterator(rocksdb::ReadOptions(), store.meta));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    const std::string_view key = it->key().ToStringView();
    if (key.size() != keys::kPartitionBytes) continue;  // "format"
    TALLY_TRY(PartitionState part, decode_partition_state(it->value().ToStringView()));
    state.partitions.emplace(keys::partition_of(key), part);
  }
  if (!it->status().ok()) return storage_error(it->status(), "reading partition states");
  for (const auto& [p, part] : state.partitions) {
    PolicyBook book;
    TALLY_TRY_STATUS(scan_state(store, keys::state_prefix(p, keys::kTagPolicy),
                                [&](std::string_view, std::string_view value) -> Status {
                                  TALLY_TRY(Policy policy, decode_policy(value));
                                  book.add(std::move(policy));
                                  return ok_status();
                                }));
    if (book.size() > 0) state.policies.emplace(p, std::move(book));
    std::uint64_t parked = 0;
    const std::uint32_t partition = p.value();  // a structured binding cannot be captured (C++20)
    TALLY_TRY_STATUS(
        scan_state(store, keys::state_prefix(p, keys::kTagParked),
                   [&](std::string_view, std::string_view value) -> Status {
                     TALLY_TRY(ParkedEvent event, decode_parked(value));
                     state.parked[ParkedKey{partition, event.wait_kind, event.wait_key}].insert(
                         event.position.value());
                     ++parked;
                     return ok_status();
                   }));
    if (parked != part.parked)
      return ledger_error(LedgerErrc::corrupt,
                          fmt::format("partition {} counts {} parked events, {} are stored",
                                      p.value(), part.parked, parked));
  }
  return ok_status();
}

}  // namespace

void ApplyStats::add(const ApplyStats& other) {
  records += other.records;
  skipped += other.skipped;
  applied += other.applied;
  duplicates += other.duplicates;
  conflicts += other.conflicts;
  refused += other.refused;
  parked += other.parked;
  dead_letters += other.dead_letters;
  write_bytes += other.write_bytes;
}

Ledger::Ledger(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Result<std::unique_ptr<Ledger>> Ledger::open(const LedgerOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  StoreOptions store_options;
  store_options.path = options.path;
  store_options.create_if_missing = options.create_if_missing;
  store_options.hash_memtables = options.hash_memtables;
  TALLY_TRY(impl->store, Store::open(store_options));
  remove_stale_table_dirs(options.path);
  TALLY_TRY_STATUS(load_state(*impl->store, impl->state));
  return std::unique_ptr<Ledger>(new Ledger(std::move(impl)));
}

Result<ApplyStats> Ledger::apply(std::span<const log::LogRecord> records,
                                 log::EventLog* dead_letters) {
  if (records.size() > impl_->options.max_records_per_apply)
    return ledger_error(LedgerErrc::invalid_argument,
                        fmt::format("{} records in one batch (at most {})", records.size(),
                                    impl_->options.max_records_per_apply));
  std::lock_guard apply_lock(impl_->apply_mu);
  TALLY_TRY_STATUS(impl_->refuse_during_bulk());
  TALLY_TRY_STATUS(impl_->finish_in_flight());
  // Only this thread changes impl_->state (under mu, in publish), so reading it unlocked
  // here is safe.
  ApplyBatch batch(*impl_->store, impl_->state, impl_->options, dead_letters, nullptr,
                   impl_->take_buffers());
  TALLY_TRY_STATUS(batch.prefetch(records));
  for (std::size_t i = 0; i < records.size(); ++i) TALLY_TRY_STATUS(batch.apply(i));
  TALLY_TRY_STATUS(batch.seal());
  TALLY_TRY_STATUS(batch.write());
  if (impl_->options.batch_observer) impl_->options.batch_observer(batch.write_batch().Data());
  {
    std::unique_lock lock(impl_->mu);
    batch.publish(impl_->state);
  }
  impl_->give_back(batch);
  return batch.stats();
}

Result<ApplyStats> Ledger::submit(std::vector<log::LogRecord> records,
                                  log::EventLog* dead_letters) {
  if (records.size() > impl_->options.max_records_per_apply)
    return ledger_error(LedgerErrc::invalid_argument,
                        fmt::format("{} records in one batch (at most {})", records.size(),
                                    impl_->options.max_records_per_apply));
  std::lock_guard apply_lock(impl_->apply_mu);
  TALLY_TRY_STATUS(impl_->refuse_during_bulk());
  Impl::InFlight next;
  next.records = std::move(records);
  next.batch = std::make_unique<ApplyBatch>(
      *impl_->store, impl_->state, impl_->options, dead_letters,
      impl_->in_flight ? impl_->in_flight->batch.get() : nullptr, impl_->take_buffers());
  // Computed while the previous batch is written. On failure the previous batch still
  // completes (it does not depend on this one).
  Status computed = next.batch->prefetch(next.records);
  for (std::size_t i = 0; computed.ok() && i < next.records.size(); ++i)
    computed = next.batch->apply(i);
  if (computed.ok()) computed = next.batch->seal();
  auto previous = impl_->finish_in_flight();
  if (!previous) return previous.error();  // this batch was computed on top of it: dropped
  if (!computed.ok()) return computed.error();
  next.batch->detach_previous();
  ApplyBatch* batch = next.batch.get();
  next.written = std::async(std::launch::async, [batch] { return batch->write(); });
  impl_->in_flight = std::move(next);
  return previous;
}

Result<ApplyStats> Ledger::submit_bulk(std::vector<log::LogRecord> records,
                                       log::EventLog* dead_letters) {
  std::lock_guard apply_lock(impl_->apply_mu);
  TALLY_TRY(ApplyStats written, impl_->finish_in_flight());
  TALLY_TRY_STATUS(impl_->compute_bulk(std::move(records), dead_letters));
  if (impl_->bulk->records >= impl_->options.max_bulk_records) {
    TALLY_TRY(ApplyStats bulk_stats, impl_->finish_bulk());
    written.add(bulk_stats);
  }
  return written;
}

Status Ledger::Impl::compute_bulk(std::vector<log::LogRecord> records, log::EventLog* dead_letters) {
  if (!bulk) {
    bulk.emplace();
    bulk->lanes.resize(bulk_lanes());
    for (Lane& lane : bulk->lanes)
      lane.batch = std::make_unique<ApplyBatch>(*store, state, options, dead_letters, nullptr, take_buffers());
  }
  // Each lane's share, in log order (a partition's records stay in position order).
  std::vector<std::vector<log::LogRecord>> shares(bulk->lanes.size());
  for (log::LogRecord& r : records)
    shares[r.partition.value() % shares.size()].push_back(std::move(r));
  bulk->records += records.size();
  // Once applied, everything the batch keeps of a share is staged: the records are freed
  // as the batch goes rather than all at once when it is written.
  auto compute = [](Lane& lane, std::vector<log::LogRecord> share) -> Status {
    if (share.empty()) return ok_status();
    const std::size_t first = lane.records;
    lane.records += share.size();
    TALLY_TRY_STATUS(lane.batch->prefetch(share));
    for (std::size_t i = first; i < lane.records; ++i) TALLY_TRY_STATUS(lane.batch->apply(i));
    lane.batch->forget_applied();
    return ok_status();
  };
  std::vector<std::future<Status>> others;
  for (std::size_t l = 1; l < bulk->lanes.size(); ++l)
    others.push_back(std::async(std::launch::async, compute, std::ref(bulk->lanes[l]), std::move(shares[l])));
  Status computed = compute(bulk->lanes[0], std::move(shares[0]));
  for (auto& other : others) {
    Status s = other.get();
    if (computed.ok() && !s.ok()) computed = s;
  }
  if (!computed.ok()) bulk.reset();  // nothing of it was written
  return computed;
}

Result<ApplyStats> Ledger::Impl::finish_bulk() {
  if (!bulk) return ApplyStats{};
  Bulk done = std::move(*bulk);
  bulk.reset();
  ApplyStats stats;
  if (done.records >= options.min_table_records) {
    // One set of table files for every lane, ingested in one step.
    std::vector<const BatchBuffers*> staged;
    for (Lane& lane : done.lanes) {
      lane.batch->seal_for_tables();
      staged.push_back(&lane.batch->staged());
    }
    TALLY_TRY(TableFiles tables, write_table_files(*store, staged, table_dir_for(options.path)));
    TALLY_TRY_STATUS(ingest_table_files(*store, tables));
    std::unique_lock lock(mu);
    for (Lane& lane : done.lanes) lane.batch->publish(state);
  } else {
    // Small: a WriteBatch a lane, each holding its partitions' positions with their effects,
    // and each published once written, so what is in memory never lags what is on disk if
    // a later lane's write fails.
    for (Lane& lane : done.lanes) {
      TALLY_TRY_STATUS(lane.batch->seal());
      TALLY_TRY_STATUS(lane.batch->write());
      if (options.batch_observer) options.batch_observer(lane.batch->write_batch().Data());
      std::unique_lock lock(mu);
      lane.batch->publish(state);
    }
  }
  for (const Lane& lane : done.lanes) stats.add(lane.batch->stats());
  retire(std::move(done));  // its buffers are not kept for the next batch: they are a day's size
  return stats;
}

Result<ApplyStats> Ledger::flush() {
  std::lock_guard apply_lock(impl_->apply_mu);
  TALLY_TRY(ApplyStats last, impl_->finish_in_flight());
  TALLY_TRY(ApplyStats bulk, impl_->finish_bulk());
  last.add(bulk);
  return last;
}

Ledger::~Ledger() {
  // A batch still in flight is finished (written or failed) before the database closes.
  if (impl_) {
    std::lock_guard apply_lock(impl_->apply_mu);
    auto last = impl_->finish_in_flight();
    if (!last) spdlog::error("ledger: the last batch was not written: {}", last.error().describe());
    // A bulk batch nobody flushed is dropped: its records are still in the log.
    if (impl_->bulk)
      spdlog::warn("ledger: {} records applied in bulk were not flushed; the next run applies them",
                   impl_->bulk->records);
    if (impl_->retiring.valid()) impl_->retiring.wait();
  }
}

LogPosition Ledger::next_position(PartitionId partition) const {
  std::shared_lock lock(impl_->mu);
  const auto it = impl_->state.partitions.find(partition);
  return it == impl_->state.partitions.end() ? LogPosition(0) : it->second.next_position;
}

Status Ledger::reposition(PartitionId partition, LogPosition next, std::string_view note) {
  std::lock_guard apply(impl_->apply_mu);
  if (impl_->in_flight || impl_->bulk)
    return ledger_error(LedgerErrc::invalid_argument, "a batch is being written: flush() it first");
  TALLY_ASSERT(next.value() >= 0, "a log position is never negative");
  PartitionState part;
  {
    std::shared_lock lock(impl_->mu);
    if (const auto it = impl_->state.partitions.find(partition); it != impl_->state.partitions.end())
      part = it->second;
  }
  part.next_position = next;
  std::string value;
  encode_partition_state(part, value);
  // The decision's key sorts by time, then partition (topic_guard.h).
  std::string note_key = "kafka.decision.";
  const auto micros = static_cast<std::uint64_t>(now_us());
  for (int shift = 56; shift >= 0; shift -= 8) note_key.push_back(static_cast<char>((micros >> shift) & 0xff));
  for (int shift = 24; shift >= 0; shift -= 8)
    note_key.push_back(static_cast<char>((partition.value() >> shift) & 0xff));
  rocksdb::WriteBatch batch;
  batch.Put(impl_->store->meta, keys::meta(partition), value);
  batch.Put(impl_->store->meta, note_key, rocksdb::Slice(note.data(), note.size()));
  rocksdb::WriteOptions w;
  w.sync = true;
  if (const rocksdb::Status s = impl_->store->db->Write(w, &batch); !s.ok())
    return storage_error(s, "recording a partition's new position");
  std::unique_lock lock(impl_->mu);
  impl_->state.partitions[partition] = part;
  return ok_status();
}

std::vector<PartitionId> Ledger::partitions() const {
  return impl_->query_partitions({});
}

std::optional<PartitionState> Ledger::partition_state(PartitionId partition) const {
  std::shared_lock lock(impl_->mu);
  const auto it = impl_->state.partitions.find(partition);
  if (it == impl_->state.partitions.end()) return std::nullopt;
  return it->second;
}

Counters Ledger::counters() const {
  std::shared_lock lock(impl_->mu);
  Counters c;
  for (const auto& [p, part] : impl_->state.partitions) {
    c.entries += part.applied;
    c.duplicates += part.duplicates;
    c.conflicts += part.conflicts;
    c.refused += part.refused;
    c.parked += part.parked;
    c.dead_letters += part.dead_letters;
  }
  return c;
}

PolicyBook Ledger::policies(PartitionId partition) const {
  std::shared_lock lock(impl_->mu);
  const auto it = impl_->state.policies.find(partition);
  return it == impl_->state.policies.end() ? PolicyBook{} : it->second;
}

Store& Ledger::store() {
  return *impl_->store;
}

const Store& Ledger::store() const {
  return *impl_->store;
}

}  // namespace tally::ledger
