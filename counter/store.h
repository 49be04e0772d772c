// The counter's RocksDB database (<data>/counter): an index of the counter's events, read from
// the event log like the reconciler's (the log is the source of truth: delete the folder and
// the next drain rebuilds it). Keys:
//
//   'P' be32 partition                        -> be64 next log position to read
//   'E' session 0x00 be32 step be32 part      -> the event (encoded Envelope)
//   'O' drawer                                -> the drawer's open session id
//   'D' be32 business date, session           -> "" (sessions by day)
//   'K' user 0x1f idempotency key             -> session 0x00 be32 step (a command already done)
//
// An event belongs to the counter when its payload carries a CounterStep (counter/events.h).
// A group of records is one WriteBatch with the positions, not synced: lost with a crash of
// the machine, it is read again from the (synced) log.
//
// Threads: the DB is thread-safe; drain() runs one at a time (the Counter's lock).
#pragma once

#include <rocksdb/db.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/business_date.h"
#include "core/events/codec.h"
#include "core/ids.h"
#include "core/log/event_log.h"
#include "core/log/log_ends.h"
#include "core/result.h"

namespace tally::counter {

struct CommandDone {
  std::string session;
  std::int32_t step = 0;
};

class Store {
 public:
  static Result<std::unique_ptr<Store>> open(const std::string& path);
  ~Store();
  // The database, for an online backup (node/backup.h) and nothing else.
  rocksdb::DB& database() { return *db_; }

  // Reads every partition of the log from the stored positions to its end and indexes the
  // counter's events. On Kafka, the end is where `ends` says the log ends, or, without it, what
  // arrives before a poll waits quiet_ms in vain (core/log/log_ends.h).
  Status drain(log::EventLog& log, int quiet_ms = 0, const log::EndsReader& ends = {});

  // A session's events in step order; empty when the session is unknown.
  Result<std::vector<events::Envelope>> session_events(std::string_view session) const;
  Result<std::optional<std::string>> open_session(std::string_view drawer) const;
  Result<std::vector<std::string>> sessions_on(BusinessDate date) const;
  // Sessions of every day from..to, by day then id.
  Result<std::vector<std::string>> sessions_between(BusinessDate from, BusinessDate to) const;
  Result<std::optional<CommandDone>> command(std::string_view user, std::string_view key) const;
  std::uint64_t indexed() const { return indexed_; }

 private:
  explicit Store(std::unique_ptr<rocksdb::DB> db) : db_(std::move(db)) {}
  Result<LogPosition> next_position(PartitionId partition) const;
  Status index(const std::vector<log::LogRecord>& records);

  std::unique_ptr<rocksdb::DB> db_;
  std::uint64_t indexed_ = 0;
};

}  // namespace tally::counter
