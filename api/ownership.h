// Which partitions' books this process answers for. On the embedded log every partition is its
// own. On Kafka only those the ledger's consumer group gives it now: the books of a partition it
// owned before are still on its disk, and stale from the moment another node applies that
// partition's next event. So a node never answers from a partition it does not own: a
// customer kept on another partition is a 421 `not_owner`, and an account that spans
// partitions (bank:default, clearing:ach) is summed over the owned ones, the answer naming the
// partitions it is missing.
//
// Threads: `owned` is called on the HTTP threads; it must be safe to call from any thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "api/peer_client.h"
#include "core/ids.h"

namespace tally::api {

// Another node of the cluster, as its newest announcement has it.
struct PeerNode {
  std::string node;
  std::string url;  // its API
  std::vector<PartitionId> partitions;  // those it owns now
};

// The other nodes, for answering accounts this node does not keep (account_peers.h).
struct Peers {
  // Who owns each partition now, this node left out.
  std::function<std::map<PartitionId, PeerNode>()> owners;
  // A peer's answer to GET `target`, asked for `user`.
  std::function<Result<PeerAnswer>(const PeerNode&, const std::string& target, const std::string& user)> ask;
  bool enabled() const { return owners && ask; }
};

struct Ownership {
  std::uint32_t partition_count = 0;
  // The partitions owned now; empty function: every partition (the embedded log).
  std::function<std::vector<PartitionId>()> owned;
  // Empty: the accounts this node does not keep are not asked of others.
  Peers peers;

  bool whole() const { return !owned; }
};

// What an account route may read: every partition (nullopt), or these.
struct OwnedView {
  std::vector<PartitionId> owned;    // sorted
  std::vector<PartitionId> missing;  // the topic's other partitions, sorted
};
std::optional<OwnedView> owned_view(const Ownership& ownership);

// The partitions that may hold a customer's postings: its own, and the suspense account's (a
// payment applied from suspense is posted there, where the payment is kept:
// ledger/suspense_apply.h). Split into those `node` serves and those it does not, sorted.
OwnedView customer_view(const Ownership& ownership, const OwnedView& node, const std::string& account);

// The partition that keeps `account`'s postings when it is a customer's.
PartitionId partition_of(const Ownership& ownership, const std::string& account);

// Why a node does not answer for `account` (a customer's, kept on one partition), or nullopt
// when it owns that partition.
std::optional<std::string> not_owned_reason(const Ownership& ownership, const OwnedView& view,
                                            const std::string& account);

}  // namespace tally::api
