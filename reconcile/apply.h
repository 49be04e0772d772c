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
#include <functional>
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

  void add(const ApplyCounts& o) {
    records += o.records;
    items += o.items;
    seen_again += o.seen_again;
    matches += o.matches;
    undecodable += o.undecodable;
    conflicting_claims += o.conflicting_claims;
  }
};

// Applies `records` (any partitions, each partition's in position order) in one synced write.
Result<ApplyCounts> apply_records(Store& store, const std::vector<log::LogRecord>& records);

// Writes what a run decided, once its events are durable in the log, without reading them
// back: the same keys and values apply_records would write for them (its items open and
// unclaimed, as the run found them under its lock), so queries see the run at once. Not
// synced and no positions: the log holds the decisions; when the consumer reads them, it
// finds each already applied and skips it, and after a crash it applies them itself.
// `item` finds a claimed item by id (the run's own copy).
Status apply_decided(Store& store, const std::vector<events::Envelope>& decided,
                     const std::function<const Item*(const EventId&)>& item);

}  // namespace tally::reconcile
