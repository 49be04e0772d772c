// POST /api/v1/discrepancies/{id}/acknowledge | resolve | reopen (discrepancy_work): the
// lifecycle steps of node::step_discrepancy, the same function `tally discrepancies` calls.
// Bodies: {"note"} to acknowledge; {"why"} to reopen; {"reason", "note", and to move money
// "amount", "debit", "credit", "approver"} to resolve.
#pragma once

#include <boost/json.hpp>

#include <string_view>

#include "api/idempotency.h"
#include "api/router.h"
#include "core/currency.h"
#include "ledger/ledger.h"
#include "node/discrepancy_list.h"
#include "reconcile/reconciler.h"

namespace tally::api {

// "acknowledge", "resolve", "reopen": the step's name in its route and answer.
std::string_view step_name(node::Step step);

// What a step answers, over HTTP and in `tally discrepancies`: {"id", "step", "by", and when the
// resolution moved money "entry": {"amount", "currency", "debit", "credit", "approver"}}.
boost::json::object step_json(std::string_view id, node::Step step, std::string_view by,
                              const reconcile::Resolution& resolution);

void add_discrepancy_commands(Router& router, const ledger::Ledger& ledger, reconcile::Reconciler& reconciler,
                              Idempotency& idempotency, Currency currency);

}  // namespace tally::api
