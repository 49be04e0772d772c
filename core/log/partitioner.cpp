#include "core/log/partitioner.h"

#include "core/assert.h"

namespace tally::log {

std::uint64_t fnv1a64(std::string_view bytes) {
  constexpr std::uint64_t kOffsetBasis = 14695981039346656037ull;
  constexpr std::uint64_t kPrime = 1099511628211ull;
  std::uint64_t hash = kOffsetBasis;
  for (char c : bytes) {
    hash ^= static_cast<std::uint8_t>(c);
    hash *= kPrime;
  }
  return hash;
}

PartitionId partition_for(std::string_view key, std::uint32_t partition_count) {
  TALLY_ASSERT(partition_count > 0, "a log has at least one partition");
  return PartitionId(static_cast<std::uint32_t>(fnv1a64(key) % partition_count));
}

}  // namespace tally::log
