// EmbeddedLog: the event log in a RocksDB database on one machine (the default).
//
// On-disk layout (also in docs/storage.md):
//   column family "log":    key = be32(partition) be64(position)
//                           value = varint32(key length) key value
//   column family "dead":   key = be32(partition) be64(position)
//                           value = varint32(reason length) reason value
//   column family "meta":   "partition_count" -> decimal text
// Positions start at 0 in each partition and have no gaps. Each append is one WriteBatch
// written with sync=true, so an acknowledged append survives SIGKILL and power loss.
//
// One process opens the database at a time (RocksDB's LOCK file enforces it).
#pragma once

#include <memory>
#include <string>

#include "core/log/event_log.h"

namespace rocksdb {
class DB;
}

namespace tally::log {

struct EmbeddedLogOptions {
  std::string path;
  std::uint32_t partitions = 8;  // fixed when the log is created; checked on every open
  bool sync = true;              // false only for tests that measure what sync costs
};

class EmbeddedLog final : public EventLog {
 public:
  static Result<std::unique_ptr<EmbeddedLog>> open(const EmbeddedLogOptions& options);
  ~EmbeddedLog() override;

  std::uint32_t partition_count() const override;
  Result<std::vector<Appended>> append(std::span<const AppendEntry> batch) override;
  Result<std::unique_ptr<LogConsumer>> consume(ConsumerOptions options) override;
  Status put_dead_letter(const DeadLetter& letter) override;
  Result<std::vector<DeadLetter>> read_dead_letters(std::size_t max_letters) override;
  Result<std::vector<std::optional<LogRecord>>> read_at(std::span<const LogAddress> addresses) const override;
  std::string describe() const override;

  // The database, for an online backup (node/backup.h) and nothing else.
  rocksdb::DB& database();
  // The next position that will be written in a partition (= records in it).
  LogPosition end_position(PartitionId partition) const;

  struct Impl;

 private:
  explicit EmbeddedLog(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace tally::log
