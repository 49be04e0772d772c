// Digests of the state a replay rebuilds, to prove two data folders hold the same books.
//
// A digest is the SHA-256 of every key and value of a scope, read in key order, framed as
//   be32 family-name length, family name, be32 key length, key, be32 value length, value
// so that no two different contents frame to the same bytes. Read streaming (one iterator at
// a time, nothing collected), from a RocksDB opened read-only.
//
// Scopes:
//   ledger, partition N   every key of every column family that starts with be32 N (ledger/keys.h)
//   ledger, global        what is not per partition: the default family and meta's "format"
//   reconcile, all        the reconciler's store (its keys are tagged, not partitioned), the
//                         log positions it consumed included
// One value is normalised before hashing: the recorded-at time of a dead letter's discrepancy
// (ledger state 'q' without an event id), which is the clock's when the ledger read the record
// (a record that does not decode has no time of its own): set to 0. Every other value is a
// function of the log (recorded-at times elsewhere are the events'), as the replay tests prove.
//
// Threads: any; each call opens its own read-only handles.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/result.h"

namespace tally::replay {

struct ScopeDigest {
  std::string store;  // "ledger", "reconcile"
  std::string scope;  // "partition 3", "global", "all"
  std::string hex;    // SHA-256 of the framed keys and values
  std::uint64_t keys = 0;
};

// The digests of one RocksDB database (ledger_dir or reconcile_dir), by scope. A database
// that does not exist is an error.
Result<std::vector<ScopeDigest>> ledger_digests(const std::string& ledger_dir);
Result<std::vector<ScopeDigest>> reconcile_digests(const std::string& reconcile_dir);

struct ScopeComparison {
  std::string store, scope;
  ScopeDigest live, other;  // a scope one side lacks has the digest of nothing, 0 keys
  bool equal() const { return live.hex == other.hex; }
};

// Both folders' digests, scope by scope, in order: the ledger's partitions, its global scope,
// then the reconciler. Takes each folder's embedded log lock first, so neither may be in use
// (by `tally serve` or another command): an in_use error names the folder.
Result<std::vector<ScopeComparison>> compare_folders(const Config& live, const Config& other);

}  // namespace tally::replay
