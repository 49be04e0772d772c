#include "api/discrepancies.h"

#include <charconv>

#include "api/account_peers.h"
#include "api/peer_tokens.h"
#include "api/reconcile_json.h"
#include "core/clock.h"
#include "node/discrepancy_list.h"
#include "ledger/refusal.h"

namespace tally::api {
namespace {

constexpr std::size_t kDefaultLimit = 100, kMaxLimit = 10'000;

boost::json::array partition_array(const std::vector<PartitionId>& partitions) {
  boost::json::array out;
  for (const PartitionId p : partitions) out.push_back(p.value());
  return out;
}

// A peer's part: the ledger's items of the partitions it serves. Its reconciler's items and the
// dead letters (read from the log) this node lists already.
bool merge_ledger_items(boost::json::object& body, const boost::json::object& part, std::size_t limit) {
  const auto* theirs = part.if_contains("discrepancies");
  if (!theirs || !theirs->is_array()) return false;
  if (!take_partitions(body, part)) return false;
  auto& listed = body["discrepancies"].as_array();
  for (const auto& item : theirs->as_array()) {
    const auto* o = item.if_object();
    if (!o || listed.size() >= limit) continue;
    const auto* origin = o->if_contains("origin");
    const auto* kind = o->if_contains("kind");
    if (origin && origin->is_string() && origin->as_string() == "ledger" && kind && kind->is_string() &&
        kind->as_string() != "dead_letter")
      listed.push_back(item);
  }
  return true;
}

}  // namespace

boost::json::object not_in_books_json(const node::NotInBooks& item, std::int64_t now) {
  boost::json::object out{{"kind", item.kind},
                          {"partition", item.partition.value()},
                          {"log_position", item.position.value()},
                          {"reason", item.reason}};
  if (item.code) out["code"] = ledger::refusal_name(*item.code);
  if (item.event_id) out["event_id"] = item.event_id->to_hex();
  if (!item.event_type.empty()) out["event_type"] = item.event_type;
  if (item.business_date) out["business_date"] = item.business_date->to_iso();
  if (item.since_us > 0) {
    out["since_us"] = item.since_us;
    out["age_seconds"] = std::max<std::int64_t>(0, (now - item.since_us) / 1'000'000);
  }
  return out;
}

void add_discrepancy_routes(Router& router, const ledger::Ledger& ledger, reconcile::Reconciler& reconciler,
                            const Ownership& ownership) {
  router.add(http::verb::get, "/api/v1/discrepancies", Permission::read,
             [&ledger, &reconciler, ownership](const Request& req, const RouteParams& p) {
    node::DiscrepancyFilter filter;
    filter.limit = kDefaultLimit;
    if (auto it = p.query.find("limit"); it != p.query.end()) {
      const auto [end, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), filter.limit);
      if (ec != std::errc() || end != it->second.data() + it->second.size() || filter.limit == 0 ||
          filter.limit > kMaxLimit)
        return error_response(req, http::status::bad_request, "bad_limit", "limit must be 1..10000");
    }
    if (auto it = p.query.find("status"); it != p.query.end()) {
      for (auto s : {reconcile::DiscrepancyStatus::open, reconcile::DiscrepancyStatus::acknowledged,
                     reconcile::DiscrepancyStatus::resolved})
        if (reconcile::status_name(s) == it->second) filter.status = s;
      if (!filter.status)
        return error_response(req, http::status::bad_request, "bad_status", "status is open, acknowledged or resolved");
    }
    const auto owned = owned_view(ownership);
    if (owned) filter.ledger_partitions = owned->owned;
    auto items = node::list_discrepancies(ledger, reconciler.store(), filter);
    if (!items) return error_response(req, items.error());
    const std::int64_t now = now_us();
    boost::json::array out;
    for (const node::ListedDiscrepancy& item : *items) out.push_back(discrepancy_json(item, now));
    boost::json::object body{{"discrepancies", std::move(out)}};
    if (owned) {
      body["partitions"] = partition_array(owned->owned);
      body["partitions_missing"] = partition_array(owned->missing);
      if (ownership.peers.enabled() && !is_peer(p.caller))
        gather_from_owners(ownership.peers, body, req, p.caller,
                           [limit = filter.limit](boost::json::object& b, const boost::json::object& part) {
                             return merge_ledger_items(b, part, limit);
                           });
    }
    return json_response(req, http::status::ok, body);
  });
}

}  // namespace tally::api
