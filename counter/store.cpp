#include "counter/store.h"

#include <rocksdb/write_batch.h>

#include <map>

#include <fmt/format.h>

#include "core/log/record_key.h"
#include "core/log/rocksdb_lock.h"
#include "counter/errors.h"
#include "counter/steps.h"

namespace tally::counter {
namespace {

constexpr char kPosition = 'P';
constexpr char kEvent = 'E';
constexpr char kOpen = 'O';
constexpr char kDay = 'D';
constexpr char kCommand = 'K';
constexpr std::size_t kBatchRecords = 10'000;
// A transfer's completion is indexed under the giving session too, just after its request:
// (request step, this part), above any part a step logs itself.
constexpr std::int32_t kTransferPart = 1'000;

Error storage_error(const rocksdb::Status& status, std::string_view what) {
  if (log::rocksdb_lock_held(status))
    return counter_error(CounterErrc::in_use, fmt::format("{}: {}", what, status.ToString()));
  return counter_error(CounterErrc::storage, fmt::format("{}: {}", what, status.ToString()));
}

std::string tagged(char tag, std::string_view rest) {
  std::string key(1, tag);
  key.append(rest);
  return key;
}

std::string event_key(std::string_view session, std::int32_t step, std::int32_t part) {
  std::string key = tagged(kEvent, session);
  key.push_back('\0');
  log::put_be32(key, static_cast<std::uint32_t>(step));
  log::put_be32(key, static_cast<std::uint32_t>(part));
  return key;
}

std::string day_key(BusinessDate date, std::string_view session) {
  std::string key(1, kDay);
  log::put_be32(key, static_cast<std::uint32_t>(date.days()));
  key.append(session);
  return key;
}

std::string command_key(std::string_view user, std::string_view idempotency_key) {
  std::string key = tagged(kCommand, user);
  key.push_back('\x1f');
  key.append(idempotency_key);
  return key;
}

std::string position_key(PartitionId p) {
  std::string key(1, kPosition);
  log::put_be32(key, p.value());
  return key;
}

// Ids a key can hold: what the counter's commands write (bounded, no NUL). Anything else in an
// event is left to the ledger to refuse.
bool storable(std::string_view id) {
  return !id.empty() && id.size() <= 64 && id.find('\0') == std::string_view::npos;
}

}  // namespace

Result<std::unique_ptr<Store>> Store::open(const std::string& path) {
  rocksdb::Options options;
  options.create_if_missing = true;
  rocksdb::DB* raw = nullptr;
  const rocksdb::Status s = rocksdb::DB::Open(options, path, &raw);
  if (!s.ok()) return storage_error(s, "opening the counter's database " + path);
  return std::unique_ptr<Store>(new Store(std::unique_ptr<rocksdb::DB>(raw)));
}

Store::~Store() = default;

Result<LogPosition> Store::next_position(PartitionId partition) const {
  std::string value;
  const rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), position_key(partition), &value);
  if (s.IsNotFound()) return LogPosition(0);
  if (!s.ok()) return storage_error(s, "reading the counter's log position");
  if (value.size() != 8) return counter_error(CounterErrc::corrupt, "a stored log position");
  return LogPosition(static_cast<std::int64_t>(log::get_be(value, 0, 8)));
}

Status Store::drain(log::EventLog& log, int quiet_ms, const log::EndsReader& read_ends) {
  log::ConsumerOptions options;
  options.group = "tally-counter";
  for (std::uint32_t p = 0; p < log.partition_count(); ++p) options.partitions.push_back(PartitionId(p));
  std::map<PartitionId, LogPosition> starts;
  for (const PartitionId p : options.partitions) {
    TALLY_TRY(starts[p], next_position(p));
  }
  options.start_position = [&starts](PartitionId p) { return starts.at(p); };
  log::LogEnds ends = log::read_log_ends(read_ends, starts);
  if (ends.at_ends()) return ok_status();  // nothing new: no consumer to make
  auto consumer = log.consume(options);
  if (!consumer) return counter_error(CounterErrc::log, "reading the event log: " + consumer.error().describe());
  for (;;) {
    auto polled = consumer.value()->poll(quiet_ms, kBatchRecords);
    if (!polled) return counter_error(CounterErrc::log, "reading the event log: " + polled.error().describe());
    if (polled->empty()) return ok_status();
    TALLY_TRY_STATUS(index(*polled));
    ends.read(*polled);
    if (ends.reached()) return ok_status();
  }
}

// One WriteBatch per group: the counter's events and the positions after them. Not synced:
// the log is, and a lost batch is read again from it.
Status Store::index(const std::vector<log::LogRecord>& records) {
  rocksdb::WriteBatch batch;
  std::map<PartitionId, LogPosition> next;
  for (const log::LogRecord& record : records) {
    next[record.partition] = LogPosition(record.position.value() + 1);
    auto decoded = events::decode(record.value);
    if (!decoded) continue;  // the ledger dead-letters it
    const events::Envelope& e = *decoded;
    const events::CounterStep* step = counter_step(e);
    if (step == nullptr || !storable(step->session_id()) || step->step() < 1) continue;
    batch.Put(event_key(step->session_id(), step->step(), step->part()), record.value);
    ++indexed_;
    if (e.has_drawer_cash_moved() && storable(e.drawer_cash_moved().session_id()) &&
        e.drawer_cash_moved().session_id() != step->session_id())
      batch.Put(event_key(e.drawer_cash_moved().session_id(), e.drawer_cash_moved().request_step(),
                          kTransferPart),
                record.value);
    if (e.has_drawer_opened() && storable(e.drawer_opened().drawer_id())) {
      batch.Put(tagged(kOpen, e.drawer_opened().drawer_id()), step->session_id());
      batch.Put(day_key(BusinessDate::from_days(e.business_date()), step->session_id()), "");
    }
    if (e.has_drawer_closed() && storable(e.drawer_closed().drawer_id()))
      batch.Delete(tagged(kOpen, e.drawer_closed().drawer_id()));
    const std::string& key = e.source().idempotency_key();
    if (step->part() == 0 && !key.empty() && key.size() <= 128 && !e.source().user().empty()) {
      std::string done(step->session_id());
      done.push_back('\0');
      log::put_be32(done, static_cast<std::uint32_t>(step->step()));
      batch.Put(command_key(e.source().user(), key), done);
    }
  }
  for (const auto& [partition, position] : next) {
    std::string value;
    log::put_be64(value, static_cast<std::uint64_t>(position.value()));
    batch.Put(position_key(partition), value);
  }
  const rocksdb::Status s = db_->Write(rocksdb::WriteOptions(), &batch);
  if (!s.ok()) return storage_error(s, "writing the counter's index");
  return ok_status();
}

Result<std::vector<events::Envelope>> Store::session_events(std::string_view session) const {
  std::string prefix = tagged(kEvent, session);
  prefix.push_back('\0');
  std::vector<events::Envelope> out;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    auto e = events::decode(it->value().ToStringView());
    if (!e) return counter_error(CounterErrc::corrupt, "a stored counter event does not decode");
    out.push_back(std::move(*e));
  }
  if (!it->status().ok()) return storage_error(it->status(), "reading a drawer session");
  return out;
}

Result<std::optional<std::string>> Store::open_session(std::string_view drawer) const {
  std::string value;
  const rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), tagged(kOpen, drawer), &value);
  if (s.IsNotFound()) return std::optional<std::string>();
  if (!s.ok()) return storage_error(s, "reading open drawers");
  return std::optional<std::string>(std::move(value));
}

Result<std::vector<std::string>> Store::sessions_between(BusinessDate from, BusinessDate to) const {
  std::vector<std::string> out;
  const std::string first = day_key(from, "");
  const std::string last = day_key(to.plus_days(1), "");
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
  for (it->Seek(first); it->Valid() && it->key().ToStringView() < last; it->Next())
    out.emplace_back(it->key().ToStringView().substr(5));
  if (!it->status().ok()) return storage_error(it->status(), "reading sessions by day");
  return out;
}

Result<std::vector<std::string>> Store::sessions_on(BusinessDate date) const {
  return sessions_between(date, date);
}

Result<std::optional<CommandDone>> Store::command(std::string_view user, std::string_view key) const {
  std::string value;
  const rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), command_key(user, key), &value);
  if (s.IsNotFound()) return std::optional<CommandDone>();
  if (!s.ok()) return storage_error(s, "reading done commands");
  const std::size_t nul = value.find('\0');
  if (nul == std::string::npos || value.size() != nul + 5)
    return counter_error(CounterErrc::corrupt, "a stored command");
  return std::optional<CommandDone>(CommandDone{
      value.substr(0, nul), static_cast<std::int32_t>(log::get_be(value, nul + 1, 4))});
}

}  // namespace tally::counter
