// GET /api/v1/ledger/verify (audit_read): the books checked whole, as `tally ledger verify`
// checks them: every hash chain recomputed, every entry summing to zero, every balance equal
// to its postings, and every record the ledger consumed from the log accounted for.
#pragma once

#include <boost/json.hpp>

#include "api/router.h"
#include "core/log/event_log.h"
#include "ledger/ledger.h"

namespace tally::api {

// {"ok", "partitions", "entries", "postings", "accounts", "log": {"ok", "records", "in_books",
// "dead_letters", "problem"?}, "first_problem"?: {...}}. A check that fails is "ok": false, not
// an error; errors are reading failures. Reads snapshots, so it may run beside the apply loop.
Result<boost::json::object> verify_json(const ledger::Ledger& ledger, log::EventLog& log);

void add_ledger_routes(Router& router, const ledger::Ledger& ledger, log::EventLog& log);

}  // namespace tally::api
