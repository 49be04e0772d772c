// Reconciliation results as JSON, the same for the API and `tally ... --json`.
#pragma once

#include <boost/json.hpp>

#include "node/discrepancy_list.h"
#include "reconcile/reconciler.h"
#include "reconcile/store.h"

namespace tally::api {

boost::json::object run_report_json(const reconcile::RunReport& report);
// A match with each criterion and the items it claimed (`tally reconcile explain`).
boost::json::object match_json(const reconcile::StoredMatch& match, const reconcile::Store& store);
// A decided proposal: {"proposal", "decision": "confirmed"|"rejected", "by"}.
boost::json::object decision_json(std::string_view proposal, bool confirmed, std::string_view by);
boost::json::object discrepancy_json(const node::ListedDiscrepancy& d, std::int64_t now_us);

}  // namespace tally::api
