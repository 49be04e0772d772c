// Where a drawer's deposit stands with the bank, as the reconciler knows it, for the daily
// cash report and the CLI. A drawer close declares its deposit under the slip's reference
// (DepositDeclared, counter/counter_close.cpp); the reconciler keeps it as a deposit item and
// records which match claims it (reconcile/store.h).
//
//   "matched"     a confirmed match with a bank line claims the deposit
//   "proposed"    a proposed match claims it, waiting for a person to confirm or reject it
//   "in transit"  declared, not matched
//   ""            nothing was declared under that reference (the drawer is open, or its
//                 close had nothing to deposit)
//   "unknown"     the reconciler's store could not be read (the error goes to the log)
//
// The reconciler answers what it has applied: call Reconciler::catch_up() first to include
// the latest events. Threads: as the reconciler's store allows (any thread).
#pragma once

#include <functional>
#include <map>
#include <span>
#include <string>
#include <string_view>

#include "reconcile/reconciler.h"

namespace tally::node {

std::string deposit_bank_status(reconcile::Reconciler& reconciler, std::string_view slip_reference);

// The status of each reference, reading the reconciler's items once: a report of many slips.
std::map<std::string, std::string, std::less<>> deposit_bank_statuses(
    reconcile::Reconciler& reconciler, std::span<const std::string> slip_references);

}  // namespace tally::node
