// GET /api/v1/reports/{name}?from=YYYY-MM-DD&to=YYYY-MM-DD[&format=json|csv|html]: the office's
// reports of a business date or a range (node/period_reports.h), the same text `tally report`
// prints. from defaults to to, to to today. Read only (Permission::read, as the reconciliation
// reports).
#pragma once

#include "api/router.h"
#include "api/routes.h"

namespace tally::api {

// The ledger, log and registry of `services` must outlive the router.
void add_period_report_routes(Router& router, const ApiServices& services);

}  // namespace tally::api
