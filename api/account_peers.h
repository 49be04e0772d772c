// How a node of a Kafka cluster answers for an account it does not keep whole (ownership.h).
// A customer kept on another node's partition is asked of that node and its answer passed on
// (X-Tally-Answered-By names the node). An account that spans partitions (bank:default,
// clearing:ach) is gathered: this node's partitions, then each other owner's part, summed; the
// partitions no node answered for stay in partitions_missing. A request that came from a peer
// (is_peer) is answered from this node's partitions only, never passed on again.
#pragma once

#include <boost/json.hpp>

#include <functional>
#include <optional>

#include "api/ownership.h"
#include "api/router.h"

namespace tally::api {

inline constexpr std::string_view kAnsweredByHeader = "X-Tally-Answered-By";

// The owner's answer to this request, or a 503 when it cannot be reached; nullopt when no
// other node owns `partition` now.
std::optional<Response> ask_owner(const Peers& peers, PartitionId partition, const Request& request,
                                  const Caller& caller);

// Merges one peer's answer into `body`; false, and `body` unchanged, when it does not fit.
using MergePart = std::function<bool(boost::json::object& body, const boost::json::object& part)>;

// Asks each other owner of a partition in `body`'s "partitions_missing" for its answer to this
// request (once per node), and merges each; names the nodes in "answered_by" and any that
// failed or did not fit in "peer_errors".
void gather_from_owners(const Peers& peers, boost::json::object& body, const Request& request, const Caller& caller,
                        const MergePart& merge);

// Moves the partitions `part` lists under "partitions" from `body`'s "partitions_missing" to
// its "partitions". False, and `body` unchanged, when one of them is not missing (an overlap).
bool take_partitions(boost::json::object& body, const boost::json::object& part);

// Adds each other owner's part of a spanning account to `body`, this node's answer (with
// "partitions" and "partitions_missing"): gather_from_owners with merge_part.
void gather_parts(const Peers& peers, boost::json::object& body, const Request& request, const Caller& caller,
                  std::size_t history_limit);

// Adds one peer's part to `body` when it covers only partitions `body` is missing: balance and
// postings summed, entries merged newest first (at most history_limit), partitions moved from
// missing to covered. False, and `body` unchanged, for a part that overlaps or is malformed.
bool merge_part(boost::json::object& body, const boost::json::object& part, std::size_t history_limit);

}  // namespace tally::api
