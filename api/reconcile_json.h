// Reconciliation results as JSON, the same for the API and `tally ... --json`.
#pragma once

#include <boost/json.hpp>

#include "node/discrepancy_list.h"
#include "reconcile/deposit_totals.h"
#include "reconcile/match_list.h"
#include "reconcile/reconciler.h"
#include "reconcile/store.h"

namespace tally::api {

boost::json::object run_report_json(const reconcile::RunReport& report);
// A match with each criterion and the items it claimed (`tally reconcile explain`).
boost::json::object match_json(const reconcile::StoredMatch& match, const reconcile::Store& store);
// A day's matches, each as match_json gives it: {"date", "matches": [...], "next_after"?}.
boost::json::object match_page_json(BusinessDate date, const reconcile::MatchPage& page, const reconcile::Store& store);
// The deposit report of a range (deposit_totals.h): {"title", "from", "to", "days": [{"date",
// "channels": [{"channel", "deposits", "declared_minor", "declared", "matched_minor",
// "matched", "proposed_minor", "proposed", "open_minor", "open", "currency"}]}]}; the figures
// are the daily report's "By channel" columns, as minor units and as its decimal text.
boost::json::object deposit_range_json(const std::vector<reconcile::DayTotals>& days);
// A decided proposal: {"proposal", "decision": "confirmed"|"rejected", "by"}.
boost::json::object decision_json(std::string_view proposal, bool confirmed, std::string_view by);
boost::json::object discrepancy_json(const node::ListedDiscrepancy& d, std::int64_t now_us);

}  // namespace tally::api
