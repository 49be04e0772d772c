#include "ledger/table_files.h"

#include <rocksdb/sst_file_writer.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <future>
#include <map>
#include <span>

#include <fmt/format.h>

#include "ledger/errors.h"
#include "ledger/keys.h"

namespace tally::ledger {
namespace {

namespace fs = std::filesystem;

constexpr const char* kTableDirPrefix = "bulk-";

using Staged = BatchBuffers::Staged;

// A staged key and value, with the batch whose arena holds them (a bulk batch is computed
// in lanes, one batch each).
struct Entry {
  const BatchBuffers* from;
  Staged staged;
  std::string_view key() const { return std::string_view(from->arena).substr(staged.key_offset, staged.key_size); }
  rocksdb::Slice key_slice() const { return {from->arena.data() + staged.key_offset, staged.key_size}; }
  rocksdb::Slice value_slice() const { return {from->arena.data() + staged.value_offset, staged.value_size}; }
};

// An entry as the sort sees it: the first 32 key bytes, big-endian in four words, so most
// comparisons touch neither the arena nor memcmp. Keys start with a partition and often an
// account name, and a posting key (partition, account, sequence) is mostly under 32 bytes:
// fewer would tie on every posting of one account.
struct SortKey {
  std::array<std::uint64_t, 4> head{};
  std::uint32_t index = 0;  // into the family's entries: among equal keys, the last staged wins
};

SortKey sort_key_of(const Entry& e, std::uint32_t index) {
  SortKey k;
  k.index = index;
  const std::string_view key = e.key();
  for (std::size_t i = 0; i < key.size() && i < 8 * k.head.size(); ++i)
    k.head[i / 8] |= std::uint64_t{static_cast<unsigned char>(key[i])} << (8 * (7 - i % 8));
  return k;
}

// One family's entries in key order, the last staged value of each key kept.
std::vector<Entry> sorted_unique(const std::vector<Entry>& entries) {
  std::vector<SortKey> order;
  order.reserve(entries.size());
  for (std::uint32_t i = 0; i < entries.size(); ++i) order.push_back(sort_key_of(entries[i], i));
  std::sort(order.begin(), order.end(), [&](const SortKey& x, const SortKey& y) {
    if (x.head != y.head) return x.head < y.head;
    const std::string_view kx = entries[x.index].key(), ky = entries[y.index].key();
    if (kx != ky) return kx < ky;
    return x.index < y.index;
  });
  std::vector<Entry> out;
  out.reserve(entries.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    const Entry& e = entries[order[i].index];
    const bool repeats = i > 0 && order[i].head == order[i - 1].head &&
                         entries[order[i - 1].index].key() == e.key();
    if (repeats)
      out.back() = e;
    else
      out.push_back(e);
  }
  return out;
}

Status write_family(Store& store, Family family, const std::vector<Entry>& entries,
                    const std::string& path) {
  rocksdb::ColumnFamilyHandle* cf = store.handles[static_cast<std::size_t>(family)];
  // Written uncompressed: compressing a day's tables would take a core for a second while
  // the user waits; compaction compresses them later, off that path.
  rocksdb::Options options = store.db->GetOptions(cf);
  options.compression = rocksdb::kNoCompression;
  // The pages written stay in the page cache (SstFileWriter drops them by default): the books
  // are read at once, by the API and the next command, and a dropped page is a disk read on
  // each lookup until it comes back (balance lookups after a 1M-payment ingest went to disk).
  rocksdb::SstFileWriter writer(rocksdb::EnvOptions(), options, cf, /*invalidate_page_cache=*/false);
  rocksdb::Status s = writer.Open(path);
  const std::vector<Entry> sorted = sorted_unique(entries);
  for (std::size_t i = 0; s.ok() && i < sorted.size(); ++i) {
    const Entry& e = sorted[i];
    s = e.staged.erase ? writer.Delete(e.key_slice()) : writer.Put(e.key_slice(), e.value_slice());
  }
  if (s.ok()) s = writer.Finish();  // syncs the file
  if (!s.ok()) return storage_error(s, fmt::format("writing table file {}", path));
  return ok_status();
}

}  // namespace

std::string table_dir_for(const std::string& ledger_dir) {
  return fmt::format("{}/{}{}", ledger_dir, kTableDirPrefix, ::getpid());
}

void remove_stale_table_dirs(const std::string& ledger_dir) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(ledger_dir, ec))
    if (entry.is_directory(ec) && entry.path().filename().string().starts_with(kTableDirPrefix))
      fs::remove_all(entry.path(), ec);
}

Result<TableFiles> write_table_files(Store& store, std::span<const BatchBuffers* const> batches,
                                     const std::string& dir) {
  TableFiles tables;
  tables.dir = dir;
  std::error_code ec;
  if (!fs::create_directory(dir, ec) || ec)
    return ledger_error(LedgerErrc::storage, fmt::format("cannot create {}: {}", dir, ec.message()));
  // Every key starts with its partition, so one family's partitions, taken in order, are
  // files whose key ranges do not overlap: the work splits into (family, partition) pieces
  // that sort and write on threads of their own, the big families over all the cores.
  std::map<std::pair<std::size_t, PartitionId>, std::vector<Entry>> pieces;
  for (const BatchBuffers* batch : batches)
    for (const Staged& s : batch->staged) {
      const Entry e{batch, s};
      pieces[{static_cast<std::size_t>(s.family), keys::partition_of(e.key())}].push_back(e);
    }
  std::vector<std::future<Status>> written;
  for (const auto& piece : pieces) {
    const auto family = static_cast<Family>(piece.first.first);
    const std::vector<Entry>& entries = piece.second;
    TableFiles::File file{family,
                          fmt::format("{}/{}-{}.sst", dir, piece.first.first, piece.first.second.value()),
                          entries.size()};
    written.push_back(std::async(std::launch::async, [&store, family, path = file.path, &entries] {
      return write_family(store, family, entries, path);
    }));
    tables.files.push_back(std::move(file));
  }
  Status result = ok_status();
  for (auto& w : written) {
    Status s = w.get();
    if (result.ok() && !s.ok()) result = s;
  }
  if (!result.ok()) {
    fs::remove_all(dir, ec);
    return result.error();
  }
  return tables;
}

Status ingest_table_files(Store& store, TableFiles& tables) {
  // One argument a family, with its files (one a partition, ranges apart).
  std::vector<rocksdb::IngestExternalFileArg> args;
  for (const TableFiles::File& file : tables.files) {
    rocksdb::ColumnFamilyHandle* cf = store.handles[static_cast<std::size_t>(file.family)];
    if (args.empty() || args.back().column_family != cf) {
      args.emplace_back();
      args.back().column_family = cf;
      args.back().options.move_files = true;  // linked into the database, not copied
    }
    args.back().external_files.push_back(file.path);
  }
  const rocksdb::Status s = args.empty() ? rocksdb::Status::OK() : store.db->IngestExternalFiles(args);
  std::error_code ec;
  fs::remove_all(tables.dir, ec);
  if (!s.ok()) return storage_error(s, "ingesting the bulk batch's table files");
  return ok_status();
}

}  // namespace tally::ledger
