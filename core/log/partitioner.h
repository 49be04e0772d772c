// Which partition a key goes to. Stable forever (changing it would split a customer's
// events across partitions): partition = FNV-1a-64(key bytes) mod partition_count.
// Both log implementations use it, so the embedded log and Kafka agree on placement.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/ids.h"

namespace tally::log {

std::uint64_t fnv1a64(std::string_view bytes);
PartitionId partition_for(std::string_view key, std::uint32_t partition_count);

}  // namespace tally::log
