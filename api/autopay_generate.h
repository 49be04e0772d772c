// POST /api/v1/autopay/generate (autopay_manage), body {"effective_date": "YYYY-MM-DD"}: the
// NACHA PPD debit file for every enrolled account with a balance due (node::originate_autopay,
// the function `tally autopay generate` calls), written to <data>/outbox/autopay-<date>.ach
// for the bank, its debits published and, within a bounded wait, posted. Where the file goes is
// the server's to say: the API takes no paths. One run per effective date: a second is 409
// (ingest.already_originated) and writes nothing.
//
// Threads: one origination at a time, through an Intake of the route's own, since the inbox
// watcher may be ingesting through the node's.
#pragma once

#include <boost/json.hpp>

#include <cstdint>
#include <optional>

#include "api/idempotency.h"
#include "api/router.h"
#include "ingest/autopay_origination.h"
#include "node/node.h"

namespace tally::api {

// {"file" ("" when nothing was due), "sha256", "effective_date", "entries", "total_minor",
// "posted" (events in the books; absent when the ledger has not posted them yet)}.
boost::json::object autopay_json(const ingest::OriginationOutcome& outcome, BusinessDate effective,
                                 std::optional<std::int64_t> posted);

// `node` must outlive the router.
void add_autopay_generate_route(Router& router, node::Node& node, Idempotency& idempotency);

}  // namespace tally::api
