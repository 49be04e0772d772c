#include "node/reconcile_turn.h"

#include <algorithm>

#include <fmt/format.h>

namespace tally::node {

ReconcileTurn reconcile_turn(const std::vector<PartitionId>& serving,
                             const std::vector<log::StoppedPartition>& stopped) {
  constexpr PartitionId kTurn{0};
  if (std::find(serving.begin(), serving.end(), kTurn) == serving.end())
    return {false, "following (the node serving partition 0 decides)"};
  if (!stopped.empty())
    return {false, fmt::format("following, not deciding: partition {} is stopped ({})", stopped.front().partition.value(),
                               log::stop_reason_name(stopped.front().reason))};
  return {true, "running (this node serves partition 0: it decides)"};
}

}  // namespace tally::node
