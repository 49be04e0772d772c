// AccessStore: the API's own small RocksDB under <data>/api, holding who may use the API
// (users.h) and the answers to commands by idempotency key (idempotency.h). Not money and not
// in the log: a user's token hash must never be in the log, and an idempotency answer is the
// HTTP response, not a fact of the books. Every write is synced.
//
// Key layout (values are JSON, small):
//   "user/" name          -> a user (users.cpp)
//   "idem/" user 0x00 key -> a command's fingerprint and answer (idempotency.cpp)
//   "w/" sha256(id) hex    -> a signed-in browser's session (web_sessions.cpp)
//   "lang/" user           -> the language a person reads the pages in (user_languages.cpp)
//
// Threads: any; RocksDB serialises writes.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"

namespace rocksdb {
class DB;
}

namespace tally::api {

class AccessStore {
 public:
  // Creates the folder on first use; one process at a time (in_use otherwise).
  static Result<std::unique_ptr<AccessStore>> open(const std::string& path);
  ~AccessStore();
  // The database, for an online backup (node/backup.h) and nothing else.
  rocksdb::DB& database();

  Result<std::optional<std::string>> get(std::string_view key) const;
  Status put(std::string_view key, std::string_view value);
  // Removing a key that is not there is not an error.
  Status erase(std::string_view key);
  // Every key beginning with prefix, in key order, at most limit.
  Result<std::vector<std::pair<std::string, std::string>>> scan(std::string_view prefix,
                                                                std::size_t limit) const;

 private:
  explicit AccessStore(std::unique_ptr<rocksdb::DB> db);
  std::unique_ptr<rocksdb::DB> db_;
};

}  // namespace tally::api
