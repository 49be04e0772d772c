#include "api/period_report_routes.h"

#include <fmt/format.h>

#include "node/node.h"
#include "node/period_reports.h"
#include "reconcile/report_render.h"

namespace tally::api {

void add_period_report_routes(Router& router, const ApiServices& services) {
  router.add(http::verb::get, "/api/v1/reports/{name}", Permission::read,
             [sources = node::ReportSources{services.ledger, services.log, services.registry,
                                            services.quarantine_dir, services.currency,
                                            services.node.posts_here()}](const Request& req,
                                                                         const RouteParams& p) {
               const auto kind = node::parse_period_report(p.path.at("name"));
               if (!kind)
                 return error_response(req, http::status::not_found, "no_such_report",
                                       fmt::format("reports are {}", node::kPeriodReportNames));
               const auto to =
                   BusinessDate::parse_iso(query_or(p, "to", BusinessDate::today_utc().to_iso()));
               const auto from =
                   to ? BusinessDate::parse_iso(query_or(p, "from", to->to_iso())) : std::nullopt;
               if (!from || !to)
                 return error_response(req, http::status::bad_request, "bad_date",
                                       "from and to must be YYYY-MM-DD");
               const auto format = reconcile::parse_report_format(query_or(p, "format", "json"));
               if (!format)
                 return error_response(req, http::status::bad_request, "bad_format",
                                       "format is json, csv or html");
               auto report = node::period_report(sources, *kind, {*from, *to});
               if (!report) return error_response(req, report.error());
               return text_response(req, reconcile::content_type(*format),
                                    reconcile::render(*report, *format));
             });
}

}  // namespace tally::api
