// Internal to the file registry's sources (file_registry.cpp, originated_registry.cpp): the
// open database and its column families.
#pragma once

#include <rocksdb/db.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "ingest/errors.h"
#include "ingest/file_registry.h"

namespace tally::ingest {

struct FileRegistry::Impl {
  std::string path;
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;  // default, files, originated, checks, deposits, ids
  ~Impl() {
    for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
    if (db) db->Close().PermitUncheckedError();
  }
  rocksdb::ColumnFamilyHandle* files() const { return handles[1]; }
  rocksdb::ColumnFamilyHandle* originated() const { return handles[2]; }
  rocksdb::ColumnFamilyHandle* checks() const { return handles[3]; }
  rocksdb::ColumnFamilyHandle* deposits() const { return handles[4]; }
  rocksdb::ColumnFamilyHandle* ids() const { return handles[5]; }
};

inline Error registry_storage_error(const rocksdb::Status& s, std::string_view what) {
  return ingest_error(IngestErrc::registry, fmt::format("file registry: {}: {}", what, s.ToString()));
}

}  // namespace tally::ingest
