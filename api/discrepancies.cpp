#include "api/discrepancies.h"

#include <charconv>

#include "api/reconcile_json.h"
#include "core/clock.h"
#include "node/discrepancy_list.h"
#include "ledger/refusal.h"

namespace tally::api {
namespace {

constexpr std::size_t kDefaultLimit = 100, kMaxLimit = 10'000;

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

void add_discrepancy_routes(Router& router, const ledger::Ledger& ledger, reconcile::Reconciler& reconciler) {
  router.add(http::verb::get, "/api/v1/discrepancies", Permission::read, [&ledger, &reconciler](const Request& req, const RouteParams& p) {
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
    auto items = node::list_discrepancies(ledger, reconciler.store(), filter);
    if (!items) return error_response(req, items.error());
    const std::int64_t now = now_us();
    boost::json::array out;
    for (const node::ListedDiscrepancy& item : *items) out.push_back(discrepancy_json(item, now));
    return json_response(req, http::status::ok, boost::json::object{{"discrepancies", out}});
  });
}

}  // namespace tally::api
