#include "api/ownership.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/accounts.h"
#include "core/log/partitioner.h"

namespace tally::api {

std::optional<OwnedView> owned_view(const Ownership& ownership) {
  if (ownership.whole()) return std::nullopt;
  OwnedView view;
  view.owned = ownership.owned();
  std::sort(view.owned.begin(), view.owned.end());
  for (std::uint32_t p = 0; p < ownership.partition_count; ++p)
    if (!std::binary_search(view.owned.begin(), view.owned.end(), PartitionId(p)))
      view.missing.push_back(PartitionId(p));
  return view;
}

OwnedView customer_view(const Ownership& ownership, const OwnedView& node, const std::string& account) {
  std::vector<PartitionId> kept{partition_of(ownership, account),
                                partition_of(ownership, std::string(accounts::kSuspense))};
  std::sort(kept.begin(), kept.end());
  kept.erase(std::unique(kept.begin(), kept.end()), kept.end());
  OwnedView view;
  for (const PartitionId p : kept)
    (std::binary_search(node.owned.begin(), node.owned.end(), p) ? view.owned : view.missing).push_back(p);
  return view;
}

PartitionId partition_of(const Ownership& ownership, const std::string& account) {
  return log::partition_for(account, ownership.partition_count);
}

std::optional<std::string> not_owned_reason(const Ownership& ownership, const OwnedView& view,
                                            const std::string& account) {
  const PartitionId partition = partition_of(ownership, account);
  if (std::binary_search(view.owned.begin(), view.owned.end(), partition)) return std::nullopt;
  return fmt::format("{} is kept on partition {}, which this node does not own now; ask the node "
                     "that does (each node's /healthz lists its partitions)",
                     account, partition.value());
}

}  // namespace tally::api
