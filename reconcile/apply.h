// Applies events read from the log to the reconciler's state, exactly once: one synced
// WriteBatch holds a group of records' effects and the positions after them, so a crash
// loses nothing and applies nothing twice (a restart reads on from the stored positions).
//
// What each event does (keys.h):
//   DepositDeclared, PaymentReturned, BankTransaction   an item (item.h), open unless a
//       match already claims it; an item read a second time (a re-sent statement) changes
//       nothing and is counted as seen again
//   ReconcileMatched     the match is stored; CONFIRMED and PROPOSED claim their items,
//                        REJECTED releases its proposal's items
//   DiscrepancyRaised / DiscrepancyResolved   a discrepancy and the steps of its lifecycle
//   BankBalanceReported, BooksEntryPosted, DrawerClosed (with an over/short)   kept for the
//                        run and the reports
// Order across partitions does not matter: a claim made before its item arrives keeps the
// item out of the open set when it does, and steps are kept apart from what they step.
//
// Threads: one applier at a time per store (the service's loop).
#pragma once

#include <cstdint>
#include <vector>

#include "core/log/event_log.h"
#include "core/result.h"
#include "reconcile/store.h"

namespace tally::reconcile {

struct ApplyCounts {
  std::uint64_t records = 0;
  std::uint64_t items = 0;
  std::uint64_t seen_again = 0;
  std::uint64_t matches = 0;
  std::uint64_t undecodable = 0;  // left to the ledger's dead-letter place
  std::uint64_t conflicting_claims = 0;
};

// Applies `records` (any partitions, each partition's in position order) in one synced write.
Result<ApplyCounts> apply_records(Store& store, const std::vector<log::LogRecord>& records);

}  // namespace tally::reconcile
