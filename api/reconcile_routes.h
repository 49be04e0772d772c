// Reconciliation over HTTP, read only (commands come with the API's authentication):
//   GET /api/v1/reconcile/reports/{statement|deposits|outstanding}?date=YYYY-MM-DD
//       [&account=LAST4][&format=json|csv|html]     the reports of reconcile/reports.h
//   GET /api/v1/reconcile/reports/deposits?from=&to=[&format=json|csv|html]
//                                                    the deposit totals by day and channel
//   GET /api/v1/reconcile/matches?date=[&limit=][&after=]  the matches a day's runs made
//   GET /api/v1/reconcile/matches/{id}               a match, its rule, criteria and items
#pragma once

#include "api/router.h"
#include "ledger/ledger.h"
#include "reconcile/reconciler.h"

namespace tally::api {

void add_reconcile_routes(Router& router, const ledger::Ledger& ledger, reconcile::Reconciler& reconciler);

}  // namespace tally::api
