#include "api/autopay_rates.h"

namespace tally::api {

boost::json::object return_rates_json(const std::vector<node::MonthReturnRates>& months) {
  boost::json::array out;
  for (const auto& m : months) {
    boost::json::array warnings;
    for (const auto& w : m.warnings) warnings.push_back(boost::json::string(w));
    out.push_back({{"month", m.month},
                   {"debits", m.debits},
                   {"returns", m.returns},
                   {"unauthorized", m.unauthorized},
                   {"administrative", m.administrative},
                   {"overall_bp", m.overall_bp},
                   {"unauthorized_bp", m.unauthorized_bp},
                   {"administrative_bp", m.administrative_bp},
                   {"warnings", std::move(warnings)}});
  }
  return {{"thresholds",
           {{"unauthorized_bp", node::kUnauthorizedThresholdBp},
            {"administrative_bp", node::kAdministrativeThresholdBp},
            {"overall_bp", node::kOverallThresholdBp}}},
          {"months", std::move(out)}};
}

void add_autopay_rates_route(Router& router, node::Node& node) {
  router.add(http::verb::get, "/api/v1/autopay/return-rates", Permission::read,
             [&node](const Request& req, const RouteParams&) {
               auto rates = node::ach_return_rates(node);
               if (!rates) return error_response(req, rates.error());
               return json_response(req, http::status::ok, return_rates_json(*rates));
             });
}

}  // namespace tally::api
