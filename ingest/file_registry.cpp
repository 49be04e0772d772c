#include "ingest/file_registry.h"

#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/sst_file_writer.h>
#include <rocksdb/table.h>

#include <algorithm>
#include <filesystem>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "core/log/rocksdb_lock.h"
#include "core/sha256.h"
#include "ingest/errors.h"
#include "ingest/file_registry_impl.h"

namespace tally::ingest {
namespace json = boost::json;

namespace {

std::string to_json(const FileRecord& f) {
  return json::serialize(json::object{{"name", f.name},         {"format", f.format},
                                      {"outcome", f.outcome},   {"first_at_us", f.first_at_us},
                                      {"events", f.events},     {"by", f.by},
                                      {"override", f.override_used}});
}

std::optional<FileRecord> file_from_json(const std::string& sha, std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const json::object& o = v.as_object();
  FileRecord f;
  f.sha256 = sha;
  try {
    f.name = json::value_to<std::string>(o.at("name"));
    f.format = json::value_to<std::string>(o.at("format"));
    f.outcome = json::value_to<std::string>(o.at("outcome"));
    f.first_at_us = o.at("first_at_us").to_number<std::int64_t>();
    f.events = o.at("events").to_number<std::int64_t>();
    f.by = json::value_to<std::string>(o.at("by"));
    f.override_used = o.at("override").as_bool();
  } catch (const std::exception&) {
    return std::nullopt;
  }
  return f;
}

// "ids" value: u8 version, 16 digest, 32 raw file SHA-256, be64 record ordinal.
constexpr std::uint8_t kIdsVersion = 1;
constexpr std::size_t kIdsValueBytes = 1 + 16 + 32 + 8;

// Most ids a new file brings were never published: a Bloom filter answers those without
// reading a table block.
rocksdb::ColumnFamilyOptions published_ids_options() {
  rocksdb::ColumnFamilyOptions options;
  rocksdb::BlockBasedTableOptions table;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  return options;
}

std::string encode_published(const PublishedId& p, const std::string& file_sha256) {
  std::string out;
  out.reserve(kIdsValueBytes);
  out.push_back(static_cast<char>(kIdsVersion));
  out.append(reinterpret_cast<const char*>(p.digest.data()), p.digest.size());
  // The file's SHA-256 is ours: 64 lower-case hex digits.
  const auto nibble = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
  for (std::size_t i = 0; i + 1 < file_sha256.size() && out.size() < 1 + 16 + 32; i += 2)
    out.push_back(static_cast<char>(nibble(file_sha256[i]) << 4 | nibble(file_sha256[i + 1])));
  out.resize(1 + 16 + 32, '\0');
  for (int shift = 56; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((static_cast<std::uint64_t>(p.record_ordinal) >> shift) & 0xff));
  return out;
}

std::optional<EarlierEvent> decode_published(const EventId& id, std::string_view v) {
  if (v.size() != kIdsValueBytes || static_cast<std::uint8_t>(v[0]) != kIdsVersion) return std::nullopt;
  EarlierEvent e;
  e.event.id = id;
  std::copy_n(v.begin() + 1, 16, e.event.digest.begin());
  e.file_sha256 = to_hex(reinterpret_cast<const std::uint8_t*>(v.data() + 17), 32);
  std::uint64_t ordinal = 0;
  for (std::size_t i = 49; i < kIdsValueBytes; ++i) ordinal = (ordinal << 8) | static_cast<std::uint8_t>(v[i]);
  e.event.record_ordinal = static_cast<std::int64_t>(ordinal);
  return e;
}

}  // namespace


Result<std::unique_ptr<FileRegistry>> FileRegistry::open(const std::string& path) {
  auto impl = std::make_unique<Impl>();
  rocksdb::DBOptions options;
  options.create_if_missing = true;
  options.create_missing_column_families = true;
  std::vector<rocksdb::ColumnFamilyDescriptor> families = {
      {rocksdb::kDefaultColumnFamilyName, {}}, {"files", {}}, {"originated", {}},
      {"checks", {}}, {"deposits", {}}, {"ids", published_ids_options()}};
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(options, path, families, &impl->handles, &raw);
  if (log::rocksdb_lock_held(s))
    return ingest_error(IngestErrc::in_use, fmt::format("{} is in use by another tally process", path));
  if (!s.ok()) return registry_storage_error(s, "opening " + path);
  impl->db.reset(raw);
  impl->path = path;
  return std::unique_ptr<FileRegistry>(new FileRegistry(std::move(impl)));
}

FileRegistry::FileRegistry(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
FileRegistry::~FileRegistry() = default;
rocksdb::DB& FileRegistry::database() { return *impl_->db; }

Result<std::optional<FileRecord>> FileRegistry::find(const std::string& sha256) const {
  std::string value;
  rocksdb::Status s = impl_->db->Get(rocksdb::ReadOptions(), impl_->files(), sha256, &value);
  if (s.IsNotFound()) return std::optional<FileRecord>{};
  if (!s.ok()) return registry_storage_error(s, "reading");
  auto f = file_from_json(sha256, value);
  if (!f) return ingest_error(IngestErrc::registry, "file registry entry " + sha256 + " is damaged");
  return f;
}

// A large file's published ids go in as one sorted table file instead of through the
// memtable and the write-ahead log: a million of them would cost seconds to insert, and
// seconds again for the next process to replay. They are in before the file's record is
// written; a crash between the two leaves ids whose file is published again on the rerun,
// with the same digests, which is no conflict.
Status FileRegistry::ingest_published(const std::string& file_sha256,
                                      std::span<const PublishedId> published) {
  // By id, then position in the file (the first of a repeated id is kept); the id's words
  // beside each entry, so the sort reads neither the entries nor memcmp.
  struct Keyed {
    std::array<std::uint64_t, 2> id;
    const PublishedId* entry;
  };
  std::vector<Keyed> keyed;
  keyed.reserve(published.size());
  for (const PublishedId& p : published) keyed.push_back({p.id.words(), &p});
  std::stable_sort(keyed.begin(), keyed.end(), [](const Keyed& a, const Keyed& b) { return a.id < b.id; });
  std::vector<const PublishedId*> sorted;
  sorted.reserve(keyed.size());
  for (const Keyed& k : keyed) sorted.push_back(k.entry);
  const std::string path = impl_->path + "/published-" + file_sha256 + ".sst";
  rocksdb::SstFileWriter writer(rocksdb::EnvOptions(), rocksdb::Options(rocksdb::DBOptions(), published_ids_options()),
                                impl_->ids());
  rocksdb::Status s = writer.Open(path);
  for (std::size_t i = 0; s.ok() && i < sorted.size(); ++i) {
    if (i > 0 && sorted[i]->id == sorted[i - 1]->id) continue;  // an event repeated in the file
    s = writer.Put(rocksdb::Slice(sorted[i]->id.as_string_view()),
                   encode_published(*sorted[i], file_sha256));
  }
  if (s.ok()) s = writer.Finish();
  if (s.ok()) {
    rocksdb::IngestExternalFileOptions ingest;
    ingest.move_files = true;
    s = impl_->db->IngestExternalFile(impl_->ids(), {path}, ingest);
  }
  std::error_code ec;
  std::filesystem::remove(path, ec);  // moved in on success; a leftover otherwise
  if (!s.ok()) return registry_storage_error(s, "recording published ids");
  return ok_status();
}

namespace {
rocksdb::Status put_check(rocksdb::WriteBatch& batch, rocksdb::ColumnFamilyHandle* family,
                          const DepositedCheck& c) {
  json::object o{{"account", c.account}, {"payment", c.payment.to_hex()}, {"amount_minor", c.amount_minor}};
  if (c.at_counter) o["channel"] = "counter";
  return batch.Put(family, c.key, json::serialize(o));
}
}  // namespace

Status FileRegistry::record(const FileRecord& file, const FileMemory* memory,
                            std::span<const PublishedId> published) {
  const bool bulk = published.size() >= kBulkPublishedIds;
  if (bulk) TALLY_TRY_STATUS(ingest_published(file.sha256, published));
  rocksdb::WriteBatch batch;
  rocksdb::Status s = batch.Put(impl_->files(), file.sha256, to_json(file));
  for (std::size_t i = 0; !bulk && i < published.size(); ++i) {
    if (!s.ok()) break;
    s = batch.Put(impl_->ids(), rocksdb::Slice(published[i].id.as_string_view()),
                  encode_published(published[i], file.sha256));
  }
  if (memory) {
    for (const DepositedCheck& c : memory->checks()) {
      if (!s.ok()) break;
      s = put_check(batch, impl_->checks(), c);
    }
    for (const auto& [reference, payments] : memory->declared()) {
      if (!s.ok()) break;
      s = batch.Put(impl_->deposits(), reference, payments);
    }
  }
  if (!s.ok()) return registry_storage_error(s, "writing");
  rocksdb::WriteOptions w;
  w.sync = true;
  s = impl_->db->Write(w, &batch);
  if (!s.ok()) return registry_storage_error(s, "writing");
  return ok_status();
}

Status FileRegistry::record_checks(std::span<const DepositedCheck> checks) {
  rocksdb::WriteBatch batch;
  for (const DepositedCheck& c : checks) {
    if (rocksdb::Status s = put_check(batch, impl_->checks(), c); !s.ok())
      return registry_storage_error(s, "writing");
  }
  rocksdb::WriteOptions w;
  w.sync = true;
  if (rocksdb::Status s = impl_->db->Write(w, &batch); !s.ok()) return registry_storage_error(s, "writing");
  return ok_status();
}

Result<std::optional<DepositedCheck>> FileRegistry::find_check(const std::string& key) const {
  std::string value;
  rocksdb::Status s = impl_->db->Get(rocksdb::ReadOptions(), impl_->checks(), key, &value);
  if (s.IsNotFound()) return std::optional<DepositedCheck>{};
  if (!s.ok()) return registry_storage_error(s, "reading deposited checks");
  const auto damaged = [&] { return ingest_error(IngestErrc::registry, "deposited check " + key + " is damaged"); };
  boost::system::error_code ec;
  json::value v = json::parse(value, ec);
  if (ec || !v.is_object()) return damaged();
  const json::object& o = v.as_object();
  DepositedCheck c;
  c.key = key;
  try {
    c.account = json::value_to<std::string>(o.at("account"));
    c.amount_minor = o.at("amount_minor").to_number<std::int64_t>();
    if (const json::value* channel = o.if_contains("channel"); channel && channel->is_string())
      c.at_counter = channel->as_string() == "counter";
    const auto payment = EventId::from_hex(json::value_to<std::string>(o.at("payment")));
    if (!payment) return damaged();
    c.payment = *payment;
  } catch (const std::exception&) {
    return damaged();
  }
  return std::optional<DepositedCheck>(std::move(c));
}

Result<std::vector<EarlierEvent>> FileRegistry::find_published(std::span<const EventId> ids) const {
  std::vector<EarlierEvent> found;
  constexpr std::size_t kChunk = 4096;  // bounds the slices and values held at once
  std::vector<rocksdb::Slice> keys;
  std::vector<rocksdb::PinnableSlice> values(kChunk);
  std::vector<rocksdb::Status> statuses(kChunk);
  for (std::size_t start = 0; start < ids.size(); start += kChunk) {
    const std::size_t n = std::min(kChunk, ids.size() - start);
    keys.clear();
    for (std::size_t i = 0; i < n; ++i) {
      keys.emplace_back(ids[start + i].as_string_view());
      values[i].Reset();
    }
    impl_->db->MultiGet(rocksdb::ReadOptions(), impl_->ids(), n, keys.data(), values.data(),
                        statuses.data(), /*sorted_input=*/true);
    for (std::size_t i = 0; i < n; ++i) {
      if (statuses[i].IsNotFound()) continue;
      if (!statuses[i].ok()) return registry_storage_error(statuses[i], "reading published ids");
      auto p = decode_published(ids[start + i], values[i].ToStringView());
      if (!p) return ingest_error(IngestErrc::registry, "published id " + ids[start + i].to_hex() + " is damaged");
      found.push_back(std::move(*p));
    }
  }
  return found;
}

Result<std::string> FileRegistry::declared_payments(const std::string& reference) const {
  std::string value;
  rocksdb::Status s = impl_->db->Get(rocksdb::ReadOptions(), impl_->deposits(), reference, &value);
  if (s.IsNotFound()) return std::string();
  if (!s.ok()) return registry_storage_error(s, "reading declared deposits");
  if (value.size() % EventId::kBytes != 0)
    return ingest_error(IngestErrc::registry, "declared deposit " + reference + " is damaged");
  return value;
}

Result<std::vector<FileRecord>> FileRegistry::list(std::size_t max_records) const {
  std::vector<FileRecord> out;
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(rocksdb::ReadOptions(), impl_->files()));
  for (it->SeekToFirst(); it->Valid() && out.size() < max_records; it->Next()) {
    auto f = file_from_json(it->key().ToString(), it->value().ToStringView());
    if (f) out.push_back(std::move(*f));
  }
  if (!it->status().ok()) return registry_storage_error(it->status(), "listing");
  return out;
}

}  // namespace tally::ingest
