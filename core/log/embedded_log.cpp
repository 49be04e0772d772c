#include "core/log/embedded_log.h"

#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <rocksdb/write_batch.h>

#include <chrono>
#include <condition_variable>
#include <mutex>

#include <fmt/format.h>

#include "core/errors.h"
#include "core/log/partitioner.h"
#include "core/log/record_key.h"
#include "core/log/rocksdb_lock.h"

namespace tally::log {
namespace {

constexpr const char* kLogFamily = "log";
constexpr const char* kDeadFamily = "dead";
constexpr const char* kMetaFamily = "meta";
constexpr const char* kPartitionCountKey = "partition_count";

Error io_error(const rocksdb::Status& s, std::string_view what) {
  return core_error(CoreErrc::log_io, fmt::format("{}: {}", what, s.ToString()));
}

// value = varint32(len(a)) a b: the record's key and value, or a dead letter's reason and value.
std::string frame(std::string_view a, std::string_view b) {
  std::string out;
  out.reserve(a.size() + b.size() + 5);
  put_varint32(out, static_cast<std::uint32_t>(a.size()));
  out.append(a);
  out.append(b);
  return out;
}

bool unframe(std::string_view framed, std::string& a, std::string& b) {
  std::uint32_t size = 0;
  if (!get_varint32(framed, size) || size > framed.size()) return false;
  a.assign(framed.substr(0, size));
  b.assign(framed.substr(size));
  return true;
}

}  // namespace

struct EmbeddedLog::Impl {
  EmbeddedLogOptions options;
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;  // default, log, dead, meta
  rocksdb::ColumnFamilyHandle* log_cf = nullptr;
  rocksdb::ColumnFamilyHandle* dead_cf = nullptr;
  rocksdb::ColumnFamilyHandle* meta_cf = nullptr;

  mutable std::mutex mu;                  // guards next_position and appends
  std::condition_variable appended;       // consumers wait here for new records
  std::vector<std::int64_t> next_position;
  std::uint64_t append_generation = 0;    // bumped by every append, under mu

  ~Impl() {
    // A clean close leaves nothing to replay from the write-ahead log on the next open.
    if (db && !handles.empty()) db->Flush(rocksdb::FlushOptions(), handles).PermitUncheckedError();
    for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
    if (db) db->Close().PermitUncheckedError();
  }

  Status recover_positions() {
    next_position.assign(options.partitions, 0);
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), log_cf));
    for (std::uint32_t p = 0; p < options.partitions; ++p) {
      const std::string upper = record_key(PartitionId(p + 1), LogPosition(0));
      it->SeekForPrev(rocksdb::Slice(upper.data(), upper.size()));
      // SeekForPrev lands on (p+1, 0) itself when it exists: step back once more.
      if (it->Valid() && it->key().compare(upper) >= 0) it->Prev();
      if (!it->Valid()) continue;
      const auto [part, pos] = decode_record_key(it->key().ToStringView());
      if (part.value() == p) next_position[p] = pos.value() + 1;
    }
    if (!it->status().ok()) return io_error(it->status(), "recovering log positions");
    return ok_status();
  }
};

namespace {

class EmbeddedConsumer final : public LogConsumer {
 public:
  EmbeddedConsumer(EmbeddedLog::Impl& log, std::vector<PartitionId> partitions,
                   std::vector<std::int64_t> next)
      : log_(log), partitions_(std::move(partitions)), next_(std::move(next)) {}

  Result<std::vector<LogRecord>> poll(int timeout_ms, std::size_t max_records) override {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    for (;;) {
      std::uint64_t generation = 0;
      {
        std::lock_guard lock(log_.mu);
        generation = log_.append_generation;
      }
      TALLY_TRY(std::vector<LogRecord> records, read_available(max_records));
      if (!records.empty()) return records;
      std::unique_lock lock(log_.mu);
      const bool woke = log_.appended.wait_until(
          lock, deadline, [&] { return log_.append_generation != generation; });
      if (!woke) return std::vector<LogRecord>{};
    }
  }

  std::vector<PartitionId> assignment() const override { return partitions_; }

 private:
  // Reads what is there now, taking from partitions in turn so none starves the others.
  Result<std::vector<LogRecord>> read_available(std::size_t max_records) {
    std::vector<LogRecord> out;
    std::unique_ptr<rocksdb::Iterator> it(log_.db->NewIterator(rocksdb::ReadOptions(), log_.log_cf));
    const std::size_t per_partition =
        std::max<std::size_t>(1, max_records / std::max<std::size_t>(1, partitions_.size()));
    for (std::size_t i = 0; i < partitions_.size() && out.size() < max_records; ++i) {
      const PartitionId p = partitions_[(cursor_ + i) % partitions_.size()];
      std::int64_t& next = next_[(cursor_ + i) % partitions_.size()];
      const std::string start = record_key(p, LogPosition(next));
      std::size_t taken = 0;
      for (it->Seek(start); it->Valid() && taken < per_partition && out.size() < max_records;
           it->Next()) {
        const auto [part, pos] = decode_record_key(it->key().ToStringView());
        if (part != p) break;
        TALLY_ASSERT(pos.value() == next, "embedded log positions are contiguous");
        LogRecord record{p, pos, {}, {}};
        if (!unframe(it->value().ToStringView(), record.key, record.value))
          return core_error(CoreErrc::log_io,
                            fmt::format("log record {}/{} has a broken frame", p.value(), next));
        out.push_back(std::move(record));
        ++next;
        ++taken;
      }
    }
    if (!it->status().ok()) return io_error(it->status(), "reading the log");
    cursor_ = partitions_.empty() ? 0 : (cursor_ + 1) % partitions_.size();
    return out;
  }

  EmbeddedLog::Impl& log_;
  std::vector<PartitionId> partitions_;
  std::vector<std::int64_t> next_;  // next position to read, per entry of partitions_
  std::size_t cursor_ = 0;
};

}  // namespace

Result<std::unique_ptr<EmbeddedLog>> EmbeddedLog::open(const EmbeddedLogOptions& options) {
  if (options.partitions == 0 || options.partitions > 4096)
    return core_error(CoreErrc::invalid_argument, "partitions must be 1..4096");
  auto impl = std::make_unique<Impl>();
  impl->options = options;

  rocksdb::DBOptions db_options;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  rocksdb::ColumnFamilyOptions cf_options;
  std::vector<rocksdb::ColumnFamilyDescriptor> families = {
      {rocksdb::kDefaultColumnFamilyName, cf_options},
      {kLogFamily, cf_options},
      {kDeadFamily, cf_options},
      {kMetaFamily, cf_options}};
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(db_options, options.path, families, &impl->handles, &raw);
  if (rocksdb_lock_held(s))
    return core_error(
        CoreErrc::log_in_use,
        fmt::format("the event log at {} is in use by another process", options.path));
  if (!s.ok()) return io_error(s, fmt::format("opening event log at {}", options.path));
  impl->db.reset(raw);
  impl->log_cf = impl->handles[1];
  impl->dead_cf = impl->handles[2];
  impl->meta_cf = impl->handles[3];

  std::string stored;
  s = impl->db->Get(rocksdb::ReadOptions(), impl->meta_cf, kPartitionCountKey, &stored);
  const std::string wanted = std::to_string(options.partitions);
  if (s.IsNotFound()) {
    rocksdb::WriteOptions w;
    w.sync = true;
    s = impl->db->Put(w, impl->meta_cf, kPartitionCountKey, wanted);
    if (!s.ok()) return io_error(s, "recording partition count");
  } else if (!s.ok()) {
    return io_error(s, "reading partition count");
  } else if (stored != wanted) {
    return core_error(CoreErrc::bad_config,
                      fmt::format("event log at {} has {} partitions, configuration says {}; "
                                  "the count is fixed when a log is created",
                                  options.path, stored, wanted));
  }
  TALLY_TRY_STATUS(impl->recover_positions());
  return std::unique_ptr<EmbeddedLog>(new EmbeddedLog(std::move(impl)));
}

EmbeddedLog::EmbeddedLog(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
rocksdb::DB& EmbeddedLog::database() { return *impl_->db; }

EmbeddedLog::~EmbeddedLog() = default;

std::uint32_t EmbeddedLog::partition_count() const { return impl_->options.partitions; }

LogPosition EmbeddedLog::end_position(PartitionId partition) const {
  std::lock_guard lock(impl_->mu);
  return LogPosition(impl_->next_position.at(partition.value()));
}

Result<std::vector<Appended>> EmbeddedLog::append(std::span<const AppendEntry> batch) {
  std::vector<Appended> out;
  out.reserve(batch.size());
  std::lock_guard lock(impl_->mu);
  std::vector<std::int64_t> next = impl_->next_position;
  rocksdb::WriteBatch wb;
  for (const AppendEntry& entry : batch) {
    const PartitionId p = partition_for(entry.key, impl_->options.partitions);
    const LogPosition pos(next[p.value()]++);
    const std::string key = record_key(p, pos);
    const std::string value = frame(entry.key, entry.value);
    rocksdb::Status s = wb.Put(impl_->log_cf, key, value);
    if (!s.ok()) return io_error(s, "building append batch");
    out.push_back({p, pos});
  }
  rocksdb::WriteOptions w;
  w.sync = impl_->options.sync;
  rocksdb::Status s = impl_->db->Write(w, &wb);
  if (!s.ok()) return io_error(s, "appending to the event log");
  impl_->next_position = std::move(next);
  ++impl_->append_generation;
  impl_->appended.notify_all();
  return out;
}

Result<std::vector<std::optional<LogRecord>>> EmbeddedLog::read_at(std::span<const LogAddress> addresses) const {
  std::vector<std::string> keys;
  keys.reserve(addresses.size());
  for (const LogAddress& a : addresses) keys.push_back(record_key(a.partition, a.position));
  std::vector<rocksdb::Slice> slices(keys.begin(), keys.end());
  std::vector<rocksdb::PinnableSlice> values(keys.size());
  std::vector<rocksdb::Status> statuses(keys.size());
  impl_->db->MultiGet(rocksdb::ReadOptions(), impl_->log_cf, keys.size(), slices.data(), values.data(),
                      statuses.data());
  std::vector<std::optional<LogRecord>> out(addresses.size());
  for (std::size_t i = 0; i < addresses.size(); ++i) {
    if (statuses[i].IsNotFound()) continue;
    if (!statuses[i].ok()) return io_error(statuses[i], "reading the event log");
    LogRecord record{addresses[i].partition, addresses[i].position, {}, {}};
    if (!unframe(values[i].ToStringView(), record.key, record.value))
      return core_error(CoreErrc::log_io, fmt::format("log record {}/{} has a broken frame",
                                                      addresses[i].partition.value(), addresses[i].position.value()));
    out[i] = std::move(record);
  }
  return out;
}

Result<std::unique_ptr<LogConsumer>> EmbeddedLog::consume(ConsumerOptions options) {
  std::vector<PartitionId> partitions = options.partitions;
  if (partitions.empty())
    for (std::uint32_t p = 0; p < impl_->options.partitions; ++p) partitions.emplace_back(p);
  std::vector<std::int64_t> next;
  for (PartitionId p : partitions) {
    if (p.value() >= impl_->options.partitions)
      return core_error(CoreErrc::invalid_argument,
                        fmt::format("partition {} does not exist (log has {})", p.value(),
                                    impl_->options.partitions));
    const LogPosition start = options.start_position ? options.start_position(p) : LogPosition(0);
    if (start.value() < 0)
      return core_error(CoreErrc::invalid_argument, "start position must not be negative");
    next.push_back(start.value());
  }
  return std::unique_ptr<LogConsumer>(
      std::make_unique<EmbeddedConsumer>(*impl_, std::move(partitions), std::move(next)));
}

Status EmbeddedLog::put_dead_letter(const DeadLetter& letter) {
  rocksdb::WriteOptions w;
  w.sync = impl_->options.sync;
  rocksdb::Status s = impl_->db->Put(w, impl_->dead_cf, record_key(letter.partition, letter.position),
                                     frame(letter.reason, letter.value));
  if (!s.ok()) return io_error(s, "writing a dead letter");
  return ok_status();
}

Result<std::vector<DeadLetter>> EmbeddedLog::read_dead_letters(std::size_t max_letters) {
  std::vector<DeadLetter> out;
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(rocksdb::ReadOptions(), impl_->dead_cf));
  for (it->SeekToFirst(); it->Valid() && out.size() < max_letters; it->Next()) {
    const auto [p, pos] = decode_record_key(it->key().ToStringView());
    DeadLetter letter{p, pos, {}, {}};
    if (!unframe(it->value().ToStringView(), letter.reason, letter.value))
      return core_error(CoreErrc::log_io, "dead letter has a broken frame");
    out.push_back(std::move(letter));
  }
  if (!it->status().ok()) return io_error(it->status(), "reading dead letters");
  return out;
}

std::string EmbeddedLog::describe() const { return "embedded:" + impl_->options.path; }

}  // namespace tally::log
