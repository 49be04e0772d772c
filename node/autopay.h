// Autopay in one process: the ledger says who owes and what returns did (ledger/autopay_query.h,
// the return letters), node/autopay_plan.h decides the entries, ingest writes the file and
// schedules it (ingest::AutopayOriginator) and posts it on its effective date
// (ingest/autopay_settlement.h). The modules do not depend on each other; this joins them.
// node/autopay_desk.h runs them one at a time for `tally autopay` and the HTTP API.
//
// Threads: the caller's; `intake` must not be ingesting another file meanwhile.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "core/result.h"
#include "ingest/autopay_origination.h"
#include "ingest/autopay_settlement.h"
#include "node/node.h"

namespace tally::node {

// Where a run's sealed copy waits for its effective date: <data_dir>/scheduled.
std::string scheduled_dir(const Config& config);

// Writes and schedules the run for request.effective_date: a prenote, re-presentments, return
// fees and the regular debit per enrolled customer (autopay_plan.h), against the books as
// they are: the caller settles and posts what was due first. An empty request.path means
// <data_dir>/outbox/autopay-<effective date>.ach. Errors: ingest::AutopayOriginator::originate's,
// the ledger's, the registry's and the keys' as they come.
Result<ingest::OriginationOutcome> originate_autopay(Node& node, ingest::OriginationRequest request);

// Posts, through `intake`, every scheduled run effective on or before `through`.
Result<std::vector<ingest::SettledRun>> settle_autopay(Node& node, ingest::Intake& intake, BusinessDate through,
                                                       const std::string& user);

}  // namespace tally::node
