// Whether RocksDB refused to open a database because its LOCK file is held: by another process
// (a running `tally serve`), or by this one. RocksDB says so only in an IOError's text
// ("While lock file: <dir>/LOCK: Resource temporarily unavailable", "lock hold by current
// process"), so this is the one place that reads the text. Each adapter that opens a
// database (core/log/embedded_log.cpp, ledger/store.cpp, ingest/file_registry.cpp) turns a
// true answer into its module's typed in_use error; callers test that code (is_in_use,
// core/errors.h), never a message.
//
// Header-only: included only by code that links RocksDB.
#pragma once

#include <rocksdb/status.h>

#include <string>

namespace tally::log {

inline bool rocksdb_lock_held(const rocksdb::Status& status) {
  if (!status.IsIOError()) return false;
  const std::string text = status.ToString();
  return text.find("lock") != std::string::npos || text.find("LOCK") != std::string::npos;
}

}  // namespace tally::log
