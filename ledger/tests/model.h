// An in-memory model of the ledger's books for the model and crash tests: generates a random
// event stream (duplicates, conflicts, returns before or long after their payment, suspense
// and its application, bills, policy changes, autopay, invalid events) and computes what the
// ledger must end with, independently of the ledger's code.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "core/events/codec.h"
#include "core/log/event_log.h"

namespace tally::ledger::model {

struct Stream {
  // In log order; each record's partition and position are set (positions contiguous per
  // partition from 0).
  std::vector<log::LogRecord> records;
};

struct Books {
  std::map<std::string, std::int64_t> balances;  // account -> sum over partitions
  // (partition, account) -> net amount per entry, oldest first
  std::map<std::pair<std::uint32_t, std::string>, std::vector<std::int64_t>> history;
  std::uint64_t entries = 0, duplicates = 0, conflicts = 0, refused = 0, parked = 0;
  std::uint64_t letters = 0, removals = 0;
  std::uint64_t ever_parked = 0;  // returns that arrived before their payment
};

// Generates `steps` events over `partitions` partitions.
Stream generate(std::uint64_t seed, std::size_t steps, std::uint32_t partitions);

// What applying the stream must give.
Books expected(const Stream& stream, std::uint32_t partitions);

}  // namespace tally::ledger::model
