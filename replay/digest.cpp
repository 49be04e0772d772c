// The RocksDB adapter of replay: reads the ledger's and the reconciler's databases read-only.
#include "replay/digest.h"

#include <rocksdb/db.h>
#include <rocksdb/options.h>

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>

#include "core/errors.h"
#include "core/log/embedded_log.h"
#include "core/log/record_key.h"
#include "core/sha256.h"
#include "ledger/records.h"

namespace tally::replay {
namespace {

constexpr std::size_t kPartitionBytes = 4;  // ledger/keys.h: every key starts with be32 partition
constexpr const char* kLedgerMeta = "meta";  // ledger/keys.h kMeta: per-partition keys are 4 bytes
constexpr const char* kLedgerState = "state";
constexpr char kTagDiscrepancy = 'q';  // ledger/keys.h kTagDiscrepancy

Error storage(const rocksdb::Status& s, std::string_view what) {
  return core_error(CoreErrc::log_io, fmt::format("{}: {}", what, s.ToString()));
}

// One scope's running digest.
struct Scope {
  std::unique_ptr<Sha256Stream> hash = std::make_unique<Sha256Stream>();
  std::uint64_t keys = 0;
  void add(std::string_view family, std::string_view key, std::string_view value) {
    std::string framed;
    framed.reserve(12 + family.size() + key.size() + value.size());
    log::put_be32(framed, static_cast<std::uint32_t>(family.size()));
    framed.append(family);
    log::put_be32(framed, static_cast<std::uint32_t>(key.size()));
    framed.append(key);
    log::put_be32(framed, static_cast<std::uint32_t>(value.size()));
    framed.append(value);
    hash->update(framed);
    ++keys;
  }
};

struct ReadOnlyDb {
  std::unique_ptr<rocksdb::DB> db;
  std::vector<std::string> names;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  ~ReadOnlyDb() {
    for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
  }
};

// Opens every column family read-only, with default options: the digest iterates in total
// order and needs none of the writer's prefix extractors or memtables.
Result<std::unique_ptr<ReadOnlyDb>> open_read_only(const std::string& path) {
  if (!std::filesystem::exists(path + "/CURRENT"))
    return core_error(CoreErrc::invalid_argument, fmt::format("no database at {}", path));
  auto out = std::make_unique<ReadOnlyDb>();
  rocksdb::DBOptions db_options;
  rocksdb::Status s = rocksdb::DB::ListColumnFamilies(db_options, path, &out->names);
  if (!s.ok()) return storage(s, "listing the families of " + path);
  std::sort(out->names.begin(), out->names.end());
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (const auto& n : out->names) families.emplace_back(n, rocksdb::ColumnFamilyOptions());
  rocksdb::DB* raw = nullptr;
  s = rocksdb::DB::OpenForReadOnly(db_options, path, families, &out->handles, &raw);
  if (!s.ok()) return storage(s, "opening " + path + " read-only");
  out->db.reset(raw);
  return out;
}

// Calls fn(family, key, value) for every key of every family, families by name.
template <class Fn>
Status each_key(ReadOnlyDb& db, const std::string& path, Fn&& fn) {
  rocksdb::ReadOptions read;
  read.total_order_seek = true;
  read.fill_cache = false;
  for (std::size_t i = 0; i < db.handles.size(); ++i) {
    std::unique_ptr<rocksdb::Iterator> it(db.db->NewIterator(read, db.handles[i]));
    for (it->SeekToFirst(); it->Valid(); it->Next())
      fn(std::string_view(db.names[i]), it->key().ToStringView(), it->value().ToStringView());
    if (!it->status().ok()) return storage(it->status(), "reading " + path);
  }
  return ok_status();
}

std::string empty_digest() { return to_hex(sha256("")); }

Result<std::unique_ptr<log::EmbeddedLog>> lock_folder(const Config& config) {
  if (!std::filesystem::exists(config.log_dir() + "/CURRENT"))
    return core_error(CoreErrc::invalid_argument,
                      fmt::format("{} holds no embedded event log (looked for {})", config.data_dir, config.log_dir()));
  return log::EmbeddedLog::open({config.log_dir(), config.partitions, true});
}

void compare_into(std::vector<ScopeComparison>& out, const std::vector<ScopeDigest>& live,
                  const std::vector<ScopeDigest>& other) {
  std::vector<std::pair<std::string, std::string>> order;  // store, scope: the live order, then the other's
  auto note = [&](const ScopeDigest& d) {
    if (std::find(order.begin(), order.end(), std::pair(d.store, d.scope)) == order.end())
      order.emplace_back(d.store, d.scope);
  };
  for (const auto& d : live) note(d);
  for (const auto& d : other) note(d);
  auto find = [](const std::vector<ScopeDigest>& v, const std::pair<std::string, std::string>& k) {
    for (const auto& d : v)
      if (d.store == k.first && d.scope == k.second) return d;
    return ScopeDigest{k.first, k.second, empty_digest(), 0};
  };
  for (const auto& k : order) out.push_back({k.first, k.second, find(live, k), find(other, k)});
}

// The one value of the ledger that is not a function of the log: the discrepancy of a record
// that did not decode (a dead letter) has no event and so no recorded-at time of its own; the
// ledger stores the time it read it (apply_effects.cpp), for the age the discrepancy list
// shows. That time is left out of the digest (set to 0), the rest of the record is kept; a
// replay could not give the same wall-clock time, and nothing the books say depends on it.
std::string_view without_clock(std::string_view family, std::string_view key, std::string_view value,
                               std::string& scratch) {
  if (family != kLedgerState || key.size() <= kPartitionBytes || key[kPartitionBytes] != kTagDiscrepancy)
    return value;
  auto d = ledger::decode_discrepancy(value);
  if (!d || d->event_id != EventId()) return value;
  d->recorded_at_us = 0;
  scratch.clear();
  ledger::encode_discrepancy(*d, scratch);
  return scratch;
}

}  // namespace

Result<std::vector<ScopeDigest>> ledger_digests(const std::string& ledger_dir) {
  TALLY_TRY(auto db, open_read_only(ledger_dir));
  std::map<std::uint32_t, Scope> partitions;
  Scope global;
  std::string scratch;
  TALLY_TRY_STATUS(each_key(*db, ledger_dir, [&](std::string_view family, std::string_view key, std::string_view raw) {
    const std::string_view value = without_clock(family, key, raw, scratch);
    const bool partitioned = family != rocksdb::kDefaultColumnFamilyName && key.size() >= kPartitionBytes &&
                             (family != kLedgerMeta || key.size() == kPartitionBytes);
    if (!partitioned) return global.add(family, key, value);
    const auto p = static_cast<std::uint32_t>(log::get_be(key, 0, kPartitionBytes));
    partitions[p].add(family, key, value);
  }));
  std::vector<ScopeDigest> out;
  for (auto& [p, s] : partitions)
    out.push_back({"ledger", fmt::format("partition {}", p), to_hex(s.hash->finish()), s.keys});
  out.push_back({"ledger", "global", to_hex(global.hash->finish()), global.keys});
  return out;
}

Result<std::vector<ScopeDigest>> reconcile_digests(const std::string& reconcile_dir) {
  TALLY_TRY(auto db, open_read_only(reconcile_dir));
  Scope all;
  TALLY_TRY_STATUS(each_key(*db, reconcile_dir, [&](std::string_view family, std::string_view key,
                                                    std::string_view value) { all.add(family, key, value); }));
  return std::vector<ScopeDigest>{{"reconcile", "all", to_hex(all.hash->finish()), all.keys}};
}

Result<std::vector<ScopeComparison>> compare_folders(const Config& live, const Config& other) {
  TALLY_TRY(auto live_lock, lock_folder(live));
  TALLY_TRY(auto other_lock, lock_folder(other));
  std::vector<ScopeComparison> out;
  TALLY_TRY(auto live_ledger, ledger_digests(live.ledger_dir()));
  TALLY_TRY(auto other_ledger, ledger_digests(other.ledger_dir()));
  compare_into(out, live_ledger, other_ledger);
  TALLY_TRY(auto live_reconcile, reconcile_digests(live.reconcile_dir()));
  TALLY_TRY(auto other_reconcile, reconcile_digests(other.reconcile_dir()));
  compare_into(out, live_reconcile, other_reconcile);
  return out;
}

}  // namespace tally::replay
