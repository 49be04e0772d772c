#include "ledger/store.h"

#include <rocksdb/filter_policy.h>
#include <rocksdb/memtablerep.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/table.h>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>

#include "core/log/rocksdb_lock.h"
#include "ledger/errors.h"
#include "ledger/keys.h"

namespace tally::ledger {
namespace {

// Prefix = the key without its last n bytes (a sequence or an event id): one account's
// postings, one reference's payments.
class DropTail final : public rocksdb::SliceTransform {
 public:
  DropTail(std::size_t n, const char* name) : n_(n), name_(name) {}
  const char* Name() const override { return name_; }
  rocksdb::Slice Transform(const rocksdb::Slice& key) const override {
    return rocksdb::Slice(key.data(), key.size() - n_);
  }
  bool InDomain(const rocksdb::Slice& key) const override { return key.size() >= n_; }

 private:
  std::size_t n_;
  const char* name_;
};

constexpr std::size_t kHashBuckets = 1u << 20;
constexpr int kBloomBitsPerKey = 10;

}  // namespace

Error storage_error(const rocksdb::Status& status, std::string_view what) {
  return ledger_error(LedgerErrc::storage, fmt::format("{}: {}", what, status.ToString()));
}

Result<std::optional<std::string>> get_value(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* cf,
                                             std::string_view key) {
  std::string value;
  const rocksdb::Status s =
      db.Get(rocksdb::ReadOptions(), cf, rocksdb::Slice(key.data(), key.size()), &value);
  if (s.IsNotFound()) return std::optional<std::string>();
  if (!s.ok()) return storage_error(s, "reading the ledger");
  return std::optional<std::string>(std::move(value));
}

rocksdb::ReadOptions total_order_read() {
  rocksdb::ReadOptions r;
  r.total_order_seek = true;
  return r;
}

Result<std::unique_ptr<Store>> Store::open(const StoreOptions& options) {
  auto store = std::make_unique<Store>();
  rocksdb::DBOptions db_options;
  db_options.create_if_missing = options.create_if_missing;
  db_options.create_missing_column_families = options.create_if_missing;
  db_options.max_background_jobs = 2;
  db_options.db_write_buffer_size = options.total_write_buffer_bytes;
  db_options.keep_log_file_num = 4;
  // Reopening replays the WAL into memtables instead of flushing every column family to new
  // files first: restarts (crash recovery included) take milliseconds, not a sync per family.
  db_options.avoid_flush_during_recovery = true;
  // Hash-skiplist memtables take one writer at a time; there is only one (the apply loop).
  db_options.allow_concurrent_memtable_write = !options.hash_memtables;

  rocksdb::BlockBasedTableOptions table;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(kBloomBitsPerKey));
  table.block_cache = rocksdb::NewLRUCache(options.block_cache_bytes);
  rocksdb::ColumnFamilyOptions base;
  base.write_buffer_size = options.write_buffer_bytes;
  base.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  base.level_compaction_dynamic_level_bytes = true;

  auto hashed = [&](const rocksdb::SliceTransform* prefix) {
    rocksdb::ColumnFamilyOptions cf = base;
    cf.prefix_extractor.reset(prefix);
    if (options.hash_memtables)
      cf.memtable_factory.reset(rocksdb::NewHashSkipListRepFactory(kHashBuckets));
    return cf;
  };
  std::vector<rocksdb::ColumnFamilyDescriptor> families = {
      {rocksdb::kDefaultColumnFamilyName, base},
      {keys::kJournal, base},
      {keys::kPostings, hashed(new DropTail(keys::kSeqBytes, "tally.drop_sequence"))},
      {keys::kBalances, hashed(rocksdb::NewNoopTransform())},
      {keys::kIds,
       hashed(rocksdb::NewFixedPrefixTransform(keys::kPartitionBytes + EventId::kBytes))},
      {keys::kRefs, hashed(new DropTail(EventId::kBytes, "tally.drop_event_id"))},
      {keys::kState, base},
      {keys::kMeta, base}};
  rocksdb::DB* raw = nullptr;
  const rocksdb::Status s =
      rocksdb::DB::Open(db_options, options.path, families, &store->handles, &raw);
  if (log::rocksdb_lock_held(s))
    return ledger_error(LedgerErrc::in_use,
                        fmt::format("the ledger at {} is in use by another process", options.path));
  if (!s.ok()) return storage_error(s, fmt::format("opening the ledger at {}", options.path));
  store->db.reset(raw);
  store->journal = store->handles[static_cast<std::size_t>(Family::kJournal)];
  store->postings = store->handles[static_cast<std::size_t>(Family::kPostings)];
  store->balances = store->handles[static_cast<std::size_t>(Family::kBalances)];
  store->ids = store->handles[static_cast<std::size_t>(Family::kIds)];
  store->refs = store->handles[static_cast<std::size_t>(Family::kRefs)];
  store->state = store->handles[static_cast<std::size_t>(Family::kState)];
  store->meta = store->handles[static_cast<std::size_t>(Family::kMeta)];

  TALLY_TRY(auto format, get_value(*store->db, store->meta, keys::kFormatKey));
  if (!format) {
    rocksdb::WriteOptions w;
    w.sync = true;
    const rocksdb::Status put =
        store->db->Put(w, store->meta, keys::kFormatKey, keys::kFormatVersion);
    if (!put.ok()) return storage_error(put, "recording the ledger format");
  } else if (*format != keys::kFormatVersion) {
    return ledger_error(LedgerErrc::corrupt,
                        fmt::format("ledger at {} has format '{}', this build reads '{}'",
                                    options.path, *format, keys::kFormatVersion));
  }
  return store;
}

Store::~Store() {
  // A clean close writes the memtables out, so the next process to open the ledger (often a
  // query right after a large ingest) starts at once instead of replaying the write-ahead log
  // into memtables (seconds after a million payments). After a crash the replay still
  // happens, and is correct.
  if (db && !handles.empty()) {
    const auto start = std::chrono::steady_clock::now();
    db->Flush(rocksdb::FlushOptions(), handles).PermitUncheckedError();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (seconds >= 1.0)  // so a pause after a large run's summary is not taken for a hang
      spdlog::info("ledger: wrote the day's postings from memory to table files in {:.1f} s", seconds);
  }
  for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
  if (db) db->Close().PermitUncheckedError();
}

}  // namespace tally::ledger
