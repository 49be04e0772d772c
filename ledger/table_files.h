// A bulk batch's changes as sorted table files, one per column family, ingested into the
// ledger's database in one atomic step (RocksDB IngestExternalFiles): the journal, postings,
// balances, the id index, state and the consumed positions appear together or not at all.
// No memtable and no write-ahead log: a day's posting is written once, already in order,
// instead of being inserted into memtables, logged, and sorted again when they are flushed.
// Internal to the ledger (apply_effects.cpp).
#pragma once

#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "ledger/batch_buffers.h"
#include "ledger/store.h"

namespace tally::ledger {

struct TableFiles {
  std::string dir;  // removed by ingest_table_files, whatever the outcome
  struct File {
    Family family;
    std::string path;
    std::size_t entries = 0;
  };
  std::vector<File> files;
};

// Sorts the staged keys of each family across `batches` (the last staged value of a key
// wins; batches hold disjoint partitions) and writes them, synced, as one table file per
// family under `dir` (created; must not exist).
Result<TableFiles> write_table_files(Store& store, std::span<const BatchBuffers* const> batches,
                                     const std::string& dir);

// Ingests the files atomically, moving them into the database, and removes `dir`.
Status ingest_table_files(Store& store, TableFiles& tables);

// Removes table folders a process left behind when it stopped between writing and ingesting.
void remove_stale_table_dirs(const std::string& ledger_dir);

// The folder a bulk batch of this process writes its table files to.
std::string table_dir_for(const std::string& ledger_dir);

}  // namespace tally::ledger
