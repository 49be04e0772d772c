#include "api/access_store.h"

#include <rocksdb/db.h>

#include "api/errors.h"

namespace tally::api {
namespace {

Error storage_error(const rocksdb::Status& s, const std::string& what) {
  // RocksDB says "lock hold by current process" / "Resource temporarily unavailable" for a
  // folder another process holds.
  if (s.IsIOError() && s.ToString().find("lock") != std::string::npos)
    return api_error(ApiErrc::in_use, what + ": held by another process (" + s.ToString() + ")");
  return api_error(ApiErrc::storage, what + ": " + s.ToString());
}

rocksdb::Slice slice(std::string_view s) { return {s.data(), s.size()}; }

}  // namespace

AccessStore::AccessStore(std::unique_ptr<rocksdb::DB> db) : db_(std::move(db)) {}
AccessStore::~AccessStore() = default;
rocksdb::DB& AccessStore::database() { return *db_; }

Result<std::unique_ptr<AccessStore>> AccessStore::open(const std::string& path) {
  rocksdb::Options options;
  options.create_if_missing = true;
  options.keep_log_file_num = 2;
  rocksdb::DB* raw = nullptr;
  const rocksdb::Status s = rocksdb::DB::Open(options, path, &raw);
  if (!s.ok()) return storage_error(s, "opening the API's store " + path);
  return std::unique_ptr<AccessStore>(new AccessStore(std::unique_ptr<rocksdb::DB>(raw)));
}

Result<std::optional<std::string>> AccessStore::get(std::string_view key) const {
  std::string value;
  const rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), slice(key), &value);
  if (s.IsNotFound()) return std::optional<std::string>();
  if (!s.ok()) return storage_error(s, "reading the API's store");
  return std::optional<std::string>(std::move(value));
}

Status AccessStore::put(std::string_view key, std::string_view value) {
  rocksdb::WriteOptions options;
  options.sync = true;
  const rocksdb::Status s = db_->Put(options, slice(key), slice(value));
  if (!s.ok()) return storage_error(s, "writing the API's store");
  return ok_status();
}

Status AccessStore::erase(std::string_view key) {
  rocksdb::WriteOptions options;
  options.sync = true;
  const rocksdb::Status s = db_->Delete(options, slice(key));
  if (!s.ok()) return storage_error(s, "writing the API's store");
  return ok_status();
}

Result<std::vector<std::pair<std::string, std::string>>> AccessStore::scan(std::string_view prefix,
                                                                           std::size_t limit) const {
  std::vector<std::pair<std::string, std::string>> out;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
  for (it->Seek(slice(prefix)); it->Valid() && out.size() < limit; it->Next()) {
    const std::string_view key(it->key().data(), it->key().size());
    if (!key.starts_with(prefix)) break;
    out.emplace_back(std::string(key), it->value().ToString());
  }
  if (!it->status().ok()) return storage_error(it->status(), "reading the API's store");
  return out;
}

}  // namespace tally::api
