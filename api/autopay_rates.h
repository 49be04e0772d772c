// GET /api/v1/autopay/return-rates (read): the ACH return rates of the debits Tally originated,
// per month, against the thresholds the NACHA Rules watch (node/return_rates.h). `tally autopay
// rates` prints the same.
#pragma once

#include <boost/json.hpp>

#include <vector>

#include "api/router.h"
#include "node/return_rates.h"

namespace tally::api {

// {"thresholds": {"unauthorized_bp", "administrative_bp", "overall_bp"}, "months": [{"month",
// "debits", "returns", "unauthorized", "administrative", "overall_bp", "unauthorized_bp",
// "administrative_bp", "warnings": [...]}]}
boost::json::object return_rates_json(const std::vector<node::MonthReturnRates>& months);

// `node` must outlive the router.
void add_autopay_rates_route(Router& router, node::Node& node);

}  // namespace tally::api
