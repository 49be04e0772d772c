#include "ledger/table_files.h"

#include <rocksdb/sst_file_writer.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <future>

#include <fmt/format.h>

#include "ledger/errors.h"

namespace tally::ledger {
namespace {

namespace fs = std::filesystem;

constexpr const char* kTableDirPrefix = "bulk-";
constexpr std::size_t kFamilies = static_cast<std::size_t>(Family::kMeta) + 1;

using Staged = BatchBuffers::Staged;

std::string_view key_of(const BatchBuffers& b, const Staged& s) {
  return std::string_view(b.arena).substr(s.key_offset, s.key_size);
}

// A staged entry as the sort sees it: the first 24 key bytes, big-endian in three words, so
// most comparisons touch neither the arena nor memcmp (keys start with a partition and an
// account name, so 8 or 16 bytes would tie often).
struct SortKey {
  std::array<std::uint64_t, 3> head{};
  std::uint32_t index = 0;  // into the family's entries: among equal keys, the last staged wins
};

SortKey sort_key_of(const BatchBuffers& b, const Staged& s, std::uint32_t index) {
  SortKey k;
  k.index = index;
  const std::string_view key = key_of(b, s);
  for (std::size_t i = 0; i < key.size() && i < 8 * k.head.size(); ++i)
    k.head[i / 8] |= std::uint64_t{static_cast<unsigned char>(key[i])} << (8 * (7 - i % 8));
  return k;
}

// One family's staged entries in key order, the last staged value of each key kept.
std::vector<Staged> sorted_unique(const BatchBuffers& b, const std::vector<Staged>& entries) {
  std::vector<SortKey> order;
  order.reserve(entries.size());
  for (std::uint32_t i = 0; i < entries.size(); ++i) order.push_back(sort_key_of(b, entries[i], i));
  std::sort(order.begin(), order.end(), [&](const SortKey& x, const SortKey& y) {
    if (x.head != y.head) return x.head < y.head;
    const std::string_view kx = key_of(b, entries[x.index]), ky = key_of(b, entries[y.index]);
    if (kx != ky) return kx < ky;
    return x.index < y.index;
  });
  std::vector<Staged> out;
  out.reserve(entries.size());
  for (const SortKey& k : order) {
    const Staged& s = entries[k.index];
    if (!out.empty() && key_of(b, out.back()) == key_of(b, s))
      out.back() = s;
    else
      out.push_back(s);
  }
  return out;
}

Status write_family(Store& store, const BatchBuffers& b, Family family, const std::vector<Staged>& entries,
                    const std::string& path) {
  rocksdb::ColumnFamilyHandle* cf = store.handles[static_cast<std::size_t>(family)];
  rocksdb::SstFileWriter writer(rocksdb::EnvOptions(), store.db->GetOptions(cf), cf);
  rocksdb::Status s = writer.Open(path);
  const std::vector<Staged> sorted = sorted_unique(b, entries);
  for (std::size_t i = 0; s.ok() && i < sorted.size(); ++i) {
    const Staged& e = sorted[i];
    const rocksdb::Slice key(b.arena.data() + e.key_offset, e.key_size);
    s = e.erase ? writer.Delete(key)
                : writer.Put(key, rocksdb::Slice(b.arena.data() + e.value_offset, e.value_size));
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

Result<TableFiles> write_table_files(Store& store, const BatchBuffers& buffers, const std::string& dir) {
  TableFiles tables;
  tables.dir = dir;
  std::error_code ec;
  if (!fs::create_directory(dir, ec) || ec)
    return ledger_error(LedgerErrc::storage, fmt::format("cannot create {}: {}", dir, ec.message()));
  std::array<std::vector<Staged>, kFamilies> by_family;
  for (const Staged& s : buffers.staged) by_family[static_cast<std::size_t>(s.family)].push_back(s);
  // Each family is sorted and written on a thread of its own: the large ones (postings,
  // journal, ids, refs, state) take about the same time, and there are cores to share.
  std::vector<std::future<Status>> written;
  for (std::size_t f = 0; f < kFamilies; ++f) {
    if (by_family[f].empty()) continue;
    const auto family = static_cast<Family>(f);
    TableFiles::File file{family, fmt::format("{}/{}.sst", dir, f), by_family[f].size()};
    written.push_back(std::async(std::launch::async, [&store, &buffers, family, path = file.path,
                                                      entries = std::move(by_family[f])] {
      return write_family(store, buffers, family, entries, path);
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
  std::vector<rocksdb::IngestExternalFileArg> args;
  for (const TableFiles::File& file : tables.files) {
    rocksdb::IngestExternalFileArg arg;
    arg.column_family = store.handles[static_cast<std::size_t>(file.family)];
    arg.external_files.push_back(file.path);
    arg.options.move_files = true;  // linked into the database, not copied
    args.push_back(std::move(arg));
  }
  const rocksdb::Status s = args.empty() ? rocksdb::Status::OK() : store.db->IngestExternalFiles(args);
  std::error_code ec;
  fs::remove_all(tables.dir, ec);
  if (!s.ok()) return storage_error(s, "ingesting the bulk batch's table files");
  return ok_status();
}

}  // namespace tally::ledger
