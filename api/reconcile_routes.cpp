#include "api/reconcile_routes.h"

#include "api/reconcile_json.h"
#include "node/reconcile_reports.h"
#include "reconcile/report_render.h"

namespace tally::api {
namespace {

constexpr std::size_t kMaxAccountBytes = 32;

}  // namespace

void add_reconcile_routes(Router& router, const ledger::Ledger& ledger, reconcile::Reconciler& reconciler) {
  router.add(http::verb::get, "/api/v1/reconcile/reports/{kind}", Permission::read,
             [&ledger, &reconciler](const Request& req, const RouteParams& p) {
               const auto kind = node::parse_report_kind(p.path.at("kind"));
               if (!kind)
                 return error_response(req, http::status::not_found, "no_such_report",
                                       "reports are statement, deposits and outstanding");
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
