// FileRegistry: what ingest has seen, keyed by the file's SHA-256, and the autopay entries
// Tally originated (so returns and notifications of change match back to them).
//
// RocksDB at <data_dir>/ingest, column families:
//   "files":      sha256 hex -> JSON {name, format, outcome, first_at_us, events, by, override}
//   "originated": trace number (15 digits) -> JSON {account, amount_minor, currency,
//                 effective_date, file_sha256}
// Writes are synced: a file is recorded as ingested only after all its events are durable in
// the log, so a crash in between means the file is published again, which event ids make
// harmless.
//
// Threads: safe to share; RocksDB serializes writes.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace tally::ingest {

struct FileRecord {
  std::string sha256;
  std::string name;
  std::string format;
  std::string outcome;           // "accepted" or "refused"
  std::int64_t first_at_us = 0;  // when first ingested (UTC microseconds)
  std::int64_t events = 0;       // events published
  std::string by;                // who ran it
  bool override_used = false;    // accepted with the layout override
};

struct OriginatedEntry {
  std::string trace;
  std::string account;
  std::int64_t amount_minor = 0;
  std::string currency;
  std::int32_t effective_date = 0;  // BusinessDate days
  std::string file_sha256;
};

class FileRegistry {
 public:
  static Result<std::unique_ptr<FileRegistry>> open(const std::string& path);
  ~FileRegistry();

  Result<std::optional<FileRecord>> find(const std::string& sha256) const;
  Status record(const FileRecord& file);
  Result<std::vector<FileRecord>> list(std::size_t max_records) const;

  Status record_originated(const std::vector<OriginatedEntry>& entries);
  Result<std::optional<OriginatedEntry>> find_originated(const std::string& trace) const;

  struct Impl;

 private:
  explicit FileRegistry(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace tally::ingest
