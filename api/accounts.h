// GET /api/v1/accounts/{id}[?limit=N][&as_of=YYYY-MM-DD]: an account's balance and its last
// journal lines, or its balance as of a business date.
// {id} is a customer account ("100234") or any journal account with its kind
// ("clearing:ach", "suspense").
#pragma once

#include "api/ownership.h"
#include "api/router.h"
#include "core/log/event_log.h"
#include "ingest/file_registry.h"
#include "ledger/ledger.h"

namespace tally::api {

// The routes need `permission` (read, as `tally serve` adds them); kPublic serves the very same
// handlers to anyone, which the API benchmark uses to measure what authentication costs.
// `log` (may be null) is where a customer's lines are read from to say where each came from;
// `registry` (may be null) where their scheduled autopay entries are. `ownership`: which
// partitions this process answers for (ownership.h; default: every one).
void add_account_routes(Router& router, const ledger::Ledger& ledger, const log::EventLog* log,
                        std::optional<Permission> permission = Permission::read,
                        const ingest::FileRegistry* registry = nullptr, Ownership ownership = {});

// The journal account an {id} names: any account name (core/accounts.h: "clearing:ach",
// "suspense") as it is; anything else is a customer id: "100234" -> "customer:100234".
std::string journal_account(std::string_view id);

// Why an account has no balance to show: it was never posted to ("0.00" would read as a
// settled account). The API's 404 and `tally ledger balance` say the same.
std::string never_posted(std::string_view account);

boost::json::object balance_json(const ledger::AccountBalance& balance);
boost::json::object history_json(const ledger::HistoryLine& line);

}  // namespace tally::api
