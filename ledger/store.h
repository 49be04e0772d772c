// The ledger's RocksDB database: column families of keys.h and their options. Internal to
// the ledger (tests and the benchmark use it to reach the raw database).
//
// Point-lookup families (ids, refs, balances, postings) use hash-skiplist memtables
// bucketed by key prefix: inserts of random keys cost a bucket lookup instead of a walk
// down one large skiplist, which is most of the apply cost. Their iterators are prefix
// iterators (one account's postings, one reference's payments); a scan across prefixes
// must set ReadOptions::total_order_seek (slower; used by verify and listings only).
//
// Threads: the DB is thread-safe; Store is immutable after open.
#pragma once

#include <rocksdb/db.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace tally::ledger {

struct StoreOptions {
  std::string path;
  bool create_if_missing = true;
  bool hash_memtables = true;  // see above; false: plain skiplists everywhere
  std::size_t block_cache_bytes = 64u << 20;
  // Memtables: a day's posting (1M payments is about 600 MB of memtable) stays in memory and
  // is flushed to table files when the ledger closes (or the caps are reached), off the path
  // to posted balances (the WAL, synced per batch, makes it durable). Flushing a hash-skiplist
  // memtable sorts it, which on 2 cores otherwise competes with the apply loop. The total cap
  // bounds the memory: past it the largest memtable is flushed.
  std::size_t write_buffer_bytes = 128u << 20;       // per column family
  std::size_t total_write_buffer_bytes = 768u << 20;  // all column families
};

struct Store {
  static Result<std::unique_ptr<Store>> open(const StoreOptions& options);
  ~Store();

  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::ColumnFamilyHandle* journal = nullptr;
  rocksdb::ColumnFamilyHandle* postings = nullptr;
  rocksdb::ColumnFamilyHandle* balances = nullptr;
  rocksdb::ColumnFamilyHandle* ids = nullptr;
  rocksdb::ColumnFamilyHandle* refs = nullptr;
  rocksdb::ColumnFamilyHandle* state = nullptr;
  rocksdb::ColumnFamilyHandle* meta = nullptr;
};

// Column families by number, the order handles are opened in (0 is RocksDB's default).
enum class Family : std::uint8_t { kJournal = 1, kPostings, kBalances, kIds, kRefs, kState, kMeta };

Error storage_error(const rocksdb::Status& status, std::string_view what);

// Get that maps NotFound to nullopt and other failures to a storage error.
Result<std::optional<std::string>> get_value(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* cf,
                                             std::string_view key);

// A ReadOptions for iterating every key of a family in order, whatever its memtable.
rocksdb::ReadOptions total_order_read();

}  // namespace tally::ledger
