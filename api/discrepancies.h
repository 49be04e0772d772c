// GET /api/v1/discrepancies[?status=open|acknowledged|resolved][&limit=N]: the one list of
// discrepancies (node/discrepancy_list.h): the reconciler's and the ledger's, each with its
// status, severity, age and lifecycle.
//
// On Kafka every node's reconciler follows every partition, so its part is whole; the ledger's
// items come from the books of each partition, so a node lists those of the partitions it
// serves and asks each other owner for theirs (account_peers.h). The answer then names
// "partitions" (whose ledger items it holds), "partitions_missing", "answered_by" and
// "peer_errors", as a spanning account's does.
#pragma once

#include <cstdint>

#include <boost/json.hpp>

#include "api/ownership.h"
#include "api/router.h"
#include "ledger/ledger.h"
#include "node/not_in_books.h"
#include "reconcile/reconciler.h"

namespace tally::api {

void add_discrepancy_routes(Router& router, const ledger::Ledger& ledger, reconcile::Reconciler& reconciler,
                            const Ownership& ownership = {});

// One item as the API and `tally discrepancies list --json` show it; age from `now_us`.
boost::json::object not_in_books_json(const node::NotInBooks& item, std::int64_t now_us);

}  // namespace tally::api
