// Backups of a data folder, taken while Tally runs, and restores of them.
//
// A backup folder holds one RocksDB BackupEngine per database (api, counter, reconcile,
// ledger, ingest, log), incremental (a table file already in the folder is not copied
// again), the folders of files (inbox, processed, quarantine, outbox, scheduled) copied where
// new or changed, and MANIFEST.json: every file of the folder with its size and SHA-256.
//
// Consistency without stopping anything: the databases are backed up in that order, the log
// last, so every other database is at or behind the log it is restored with. A restored
// folder opens like any other: the ledger, the reconciler and the counter catch up from the
// log to where the backup was taken, and a file the registry does not yet know is published
// again, which event ids make harmless.
//
// The keys (keys/) are NOT in the backup: with them, anyone holding it could open the sealed
// account numbers and kept files. backup_keys copies them to a folder of their own, to keep
// apart; restore takes them from there.
//
// Threads: the caller's; the databases go on serving meanwhile.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/result.h"

namespace rocksdb {
class DB;
}

namespace tally::node {

class Node;

struct NamedDatabase {
  std::string name;  // its folder under the data folder: "log", "ledger", "ingest", ...
  rocksdb::DB* db = nullptr;
};

struct BackupOutcome {
  std::string dir;
  struct Database {
    std::string name;
    std::uint32_t backup_id = 0;
    std::uint64_t bytes = 0;  // the backup's size (files shared with earlier backups included)
  };
  std::vector<Database> databases;
  std::int64_t files_copied = 0;   // of the file folders: new or changed since the last backup
  std::int64_t manifest_files = 0;
};

// The node's databases in backup order (`api`, the API's store, is the caller's to add first:
// node does not open it).
std::vector<NamedDatabase> node_databases(Node& node);

// Backs `databases` (in order) and the data folder's file folders up into `dir` (created;
// an earlier backup there is added to) and writes its manifest.
Result<BackupOutcome> backup(const std::vector<NamedDatabase>& databases, const Config& config,
                             const std::string& dir);

// Copies the data folder's keys to `dir` (created, 0700; files 0600).
Status backup_keys(const Config& config, const std::string& dir);

struct VerifyReport {
  std::vector<std::string> problems;  // empty: the backup is whole
  std::int64_t files_checked = 0;
  std::vector<std::string> databases;
  bool ok() const { return problems.empty(); }
};

// Checks every file against the manifest (present, size, SHA-256) and each database's latest
// backup with its own checksums.
Result<VerifyReport> verify_backup(const std::string& dir);

// Restores the latest backup in `dir` into config.data_dir, which must be absent or empty,
// with the keys from `keys_dir` (empty: none; the folder then cannot open sealed data until
// they are put in keys/). Verifies the backup first.
Status restore(const std::string& dir, const Config& config, const std::string& keys_dir);

}  // namespace tally::node
