// What the ledger keeps in memory between batches. It always equals what is committed in
// RocksDB: an ApplyBatch works on a copy-on-write overlay and publishes into this only after
// its WriteBatch is durable, so a failed write leaves memory and disk in agreement.
// Internal to the ledger. Threads: written by the apply thread under Ledger's lock.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>

#include "core/ids.h"
#include "ledger/policy.h"
#include "ledger/records.h"

namespace tally::ledger {

// (partition, wait kind, wait key): what parked events wait for (records.h, WaitKind).
using ParkedKey = std::tuple<std::uint32_t, WaitKind, std::string>;

struct LedgerState {
  std::map<PartitionId, PartitionState> partitions;
  std::map<PartitionId, PolicyBook> policies;
  std::map<ParkedKey, std::set<std::int64_t>> parked;  // -> log positions of parked events
};

}  // namespace tally::ledger
