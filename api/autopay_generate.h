// The autopay runs over HTTP, through the node's AutopayDesk (node/autopay_desk.h), the same
// code `tally autopay` runs:
//   POST /api/v1/autopay/generate (autopay_manage), body {"effective_date": "YYYY-MM-DD"}:
//     posts the runs due by today, then writes the run for that date to
//     <data>/outbox/autopay-<date>.ach for the bank and schedules it; its entries post on that
//     date. The API takes no paths. One run per effective date: a second is 409
//     (ingest.already_originated) and writes nothing.
//   POST /api/v1/autopay/settle (autopay_manage), body {"through": "YYYY-MM-DD"} (default
//     today, never later): posts the scheduled runs effective by then.
//   GET /api/v1/autopay/runs (autopay_manage): every run, scheduled or posted.
#pragma once

#include <boost/json.hpp>

#include <vector>

#include "api/idempotency.h"
#include "api/router.h"
#include "ingest/autopay_origination.h"
#include "ingest/autopay_settlement.h"
#include "node/autopay_desk.h"

namespace tally::api {

// {"file" ("" when nothing was due), "sha256", "effective_date", "entries", "total_minor",
// "redeposits", "return_fees", "prenotes", "scheduled": true, "settled_first": [runs]}.
boost::json::object autopay_json(const ingest::OriginationOutcome& outcome, BusinessDate effective,
                                 const std::vector<ingest::SettledRun>& settled_first);

// [{"effective_date", "file", "events"}] of runs just posted.
boost::json::array settled_json(const std::vector<ingest::SettledRun>& settled);

// `desk` and `node` must outlive the router.
void add_autopay_generate_routes(Router& router, node::Node& node, node::AutopayDesk& desk, Idempotency& idempotency);

}  // namespace tally::api
