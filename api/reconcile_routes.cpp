#include "api/reconcile_routes.h"

#include <charconv>

#include <fmt/format.h>

#include "api/reconcile_json.h"
#include "node/reconcile_reports.h"
#include "reconcile/deposit_totals.h"
#include "reconcile/match_list.h"
#include "reconcile/report_render.h"

namespace tally::api {
namespace {

constexpr std::size_t kMaxAccountBytes = 32;
constexpr std::size_t kDefaultMatchPage = 100;

bool has(const RouteParams& p, const char* name) { return p.query.find(name) != p.query.end(); }

// GET .../reports/deposits?from=&to=[&format=]: the daily deposit report's figures for each day
// of the range, in one answer (the finance page's 30-day chart).
Response deposit_range(const Request& req, const RouteParams& p, const reconcile::Store& store) {
  if (has(p, "date"))
    return error_response(req, http::status::bad_request, "bad_range", "give date, or from and to, not both");
  const auto from = BusinessDate::parse_iso(query_or(p, "from", ""));
  const auto to = BusinessDate::parse_iso(query_or(p, "to", ""));
  if (!from || !to)
    return error_response(req, http::status::bad_request, "bad_date", "from and to must both be YYYY-MM-DD");
  if (auto problem = reconcile::range_problem(*from, *to))
    return error_response(req, http::status::bad_request, "bad_range", *problem);
  const auto format = reconcile::parse_report_format(query_or(p, "format", "json"));
  if (!format) return error_response(req, http::status::bad_request, "bad_format", "format is json, csv or html");
  auto days = reconcile::deposit_totals(store, *from, *to);
  if (!days) return error_response(req, days.error());
  if (*format == reconcile::ReportFormat::json)
    return json_response(req, http::status::ok, deposit_range_json(*days));
  return text_response(req, reconcile::content_type(*format),
                       reconcile::render(reconcile::deposit_range_report(*days), *format));
}

// GET /api/v1/reconcile/matches?date=[&after=ID][&limit=N]: the matches the date's runs made.
Response match_list(const Request& req, const RouteParams& p, reconcile::Store& store) {
  const auto date = BusinessDate::parse_iso(query_or(p, "date", BusinessDate::today_utc().to_iso()));
  if (!date) return error_response(req, http::status::bad_request, "bad_date", "date must be YYYY-MM-DD");
  std::size_t limit = kDefaultMatchPage;
  if (auto it = p.query.find("limit"); it != p.query.end()) {
    const auto [end, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), limit);
    if (ec != std::errc() || end != it->second.data() + it->second.size() || limit < 1 ||
        limit > reconcile::kMaxMatchPage)
      return error_response(req, http::status::bad_request, "bad_limit",
                            fmt::format("limit must be a whole number 1..{}", reconcile::kMaxMatchPage));
  }
  std::optional<EventId> after;
  if (auto it = p.query.find("after"); it != p.query.end()) {
    after = EventId::from_hex(it->second);
    if (!after)
      return error_response(req, http::status::bad_request, "bad_after",
                            "after is the next_after of the previous page: a match id, 32 hex digits");
  }
  auto page = reconcile::matches_on(store, *date, after, limit);
  if (!page) return error_response(req, page.error());
  return json_response(req, http::status::ok, match_page_json(*date, *page, store));
}

}  // namespace

void add_reconcile_routes(Router& router, const ledger::Ledger& ledger, reconcile::Reconciler& reconciler) {
  router.add(http::verb::get, "/api/v1/reconcile/reports/{kind}", Permission::read,
             [&ledger, &reconciler](const Request& req, const RouteParams& p) {
               const auto kind = node::parse_report_kind(p.path.at("kind"));
               if (!kind)
                 return error_response(req, http::status::not_found, "no_such_report",
                                       "reports are statement, deposits and outstanding");
               if (has(p, "from") || has(p, "to")) {
                 if (*kind != node::ReportKind::deposits)
                   return error_response(req, http::status::bad_request, "bad_range",
                                         "only the deposits report takes a range (from, to); the others take date");
                 return deposit_range(req, p, reconciler.store());
               }
               const auto date = BusinessDate::parse_iso(query_or(p, "date", BusinessDate::today_utc().to_iso()));
               if (!date) return error_response(req, http::status::bad_request, "bad_date", "date must be YYYY-MM-DD");
               const auto format = reconcile::parse_report_format(query_or(p, "format", "json"));
               if (!format)
                 return error_response(req, http::status::bad_request, "bad_format", "format is json, csv or html");
               const std::string account = query_or(p, "account", "");
               if (account.size() > kMaxAccountBytes)
                 return error_response(req, http::status::bad_request, "bad_account", "account is a bank account's last four");
               auto report = node::reconcile_report(ledger, reconciler.store(), *kind, *date, account);
               if (!report) return error_response(req, report.error());
               return text_response(req, reconcile::content_type(*format), reconcile::render(*report, *format));
             });
  router.add(http::verb::get, "/api/v1/reconcile/matches", Permission::read,
             [&reconciler](const Request& req, const RouteParams& p) { return match_list(req, p, reconciler.store()); });
  router.add(http::verb::get, "/api/v1/reconcile/matches/{id}", Permission::read,
             [&reconciler](const Request& req, const RouteParams& p) {
               const auto id = EventId::from_hex(p.path.at("id"));
               if (!id) return error_response(req, http::status::bad_request, "bad_id", "a match id is 32 hex digits");
               auto match = reconciler.store().match(*id);
               if (!match) return error_response(req, match.error());
               if (!*match) return error_response(req, http::status::not_found, "no_such_match", "no such match");
               return json_response(req, http::status::ok, match_json(**match, reconciler.store()));
             });
}

}  // namespace tally::api
