#include <charconv>

#include <fmt/format.h>

#include "api/books_commands.h"
#include "api/command.h"
#include "core/events/codec.h"
#include "ledger/audit.h"
#include "ledger/refusal.h"

namespace tally::api {
namespace {

constexpr std::size_t kDefaultAudit = 100, kMaxAudit = 10'000;

// ?from= and ?to= as YYYY-MM-DD (UTC days, to inclusive) or microseconds since the epoch.
std::optional<std::int64_t> time_of(const std::string& text, bool end_of_day) {
  if (auto date = BusinessDate::parse_iso(text)) {
    constexpr std::int64_t kUsPerDay = 86'400'000'000;
    return (static_cast<std::int64_t>(date->days()) + (end_of_day ? 1 : 0)) * kUsPerDay;
  }
  std::int64_t us = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), us);
  if (ec != std::errc() || end != text.data() + text.size() || us < 0) return std::nullopt;
  return us;
}

boost::json::object audit_json(const ledger::AuditEntry& a) {
  boost::json::object out{{"event_id", a.event_id.to_hex()},
                          {"event_type", events::type_name(static_cast<events::EventType>(a.event_type))},
                          {"partition", a.partition.value()},
                          {"business_date", a.business_date.to_iso()},
                          {"recorded_at_us", a.recorded_at_us},
                          {"user", a.user},
                          {"token_id", a.token_id},
                          {"request_id", a.request_id},
                          {"client_address", a.client_address},
                          {"idempotency_key", a.idempotency_key},
                          {"outcome", ledger::audit_outcome_name(a.outcome)}};
  if (a.refusal != ledger::RefusalCode::unspecified) out["refusal"] = ledger::refusal_name(a.refusal);
  return out;
}

}  // namespace

void add_audit_routes(Router& router, const ledger::Ledger& ledger) {
  router.add(http::verb::get, "/api/v1/audit", Permission::audit_read, [&ledger](const Request& req, const RouteParams& p) {
    ledger::AuditFilter filter;
    filter.limit = kDefaultAudit;
    if (auto it = p.query.find("user"); it != p.query.end() && !it->second.empty()) filter.user = it->second;
    if (auto it = p.query.find("from"); it != p.query.end()) {
      filter.from_us = time_of(it->second, false);
      if (!filter.from_us) return bad_field(req, "from", "from is YYYY-MM-DD or microseconds since 1970");
    }
    if (auto it = p.query.find("to"); it != p.query.end()) {
      filter.to_us = time_of(it->second, true);
      if (!filter.to_us) return bad_field(req, "to", "to is YYYY-MM-DD (inclusive) or microseconds since 1970");
    }
    if (auto it = p.query.find("limit"); it != p.query.end()) {
      const auto [end, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), filter.limit);
      if (ec != std::errc() || end != it->second.data() + it->second.size() || filter.limit == 0 || filter.limit > kMaxAudit)
        return bad_field(req, "limit", fmt::format("limit is 1..{}", kMaxAudit));
    }
    auto entries = ledger::audit_entries(ledger, filter);
    if (!entries) return error_response(req, entries.error());
    boost::json::array out;
    for (const auto& a : *entries) out.push_back(audit_json(a));
    return json_response(req, http::status::ok, boost::json::object{{"commands", out}});
  });
}

}  // namespace tally::api
