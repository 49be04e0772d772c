// What GET /metrics reads from a running `tally serve` at each scrape (metrics.h): events
// the ledger applied and refused, inbox files ingested and refused, open discrepancies by
// origin and kind, and the log's lag per consumer and partition (embedded log).
//
// Lifetime: every object passed in must outlive the HTTP server that serves the metrics.
#pragma once

#include "api/metrics.h"
#include "ingest/inbox_watcher.h"
#include "ledger/service.h"
#include "node/node.h"

namespace tally::api {

void add_serve_metrics(Metrics& metrics, node::Node& s, const ledger::LedgerService& ledger_service,
                       const ingest::InboxWatcher& watcher);

}  // namespace tally::api
