// POST /api/v1/discrepancies/{id}/acknowledge | resolve | reopen (discrepancy_work): the
// lifecycle steps of node::step_discrepancy, the same function `tally discrepancies` calls.
// Bodies: {"note"} to acknowledge; {"why"} to reopen; {"reason", "note", and to move money
// "amount", "debit", "credit", "approver"} to resolve.
#pragma once

#include "api/idempotency.h"
#include "api/router.h"
#include "core/currency.h"
#include "ledger/ledger.h"
#include "reconcile/reconciler.h"

namespace tally::api {

void add_discrepancy_commands(Router& router, const ledger::Ledger& ledger, reconcile::Reconciler& reconciler,
                              Idempotency& idempotency, Currency currency);

}  // namespace tally::api
