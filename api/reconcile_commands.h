// POST /api/v1/reconcile/run {"date", "dry_run"} and /api/v1/reconcile/matches/{id}/confirm |
// reject {"why"} (reconcile_decide): the reconciler's own functions, as `tally reconcile` calls them.
#pragma once

#include "api/idempotency.h"
#include "api/router.h"
#include "reconcile/reconciler.h"

namespace tally::api {

void add_reconcile_commands(Router& router, reconcile::Reconciler& reconciler, Idempotency& idempotency,
                            reconcile::MatchOptions match);

}  // namespace tally::api
