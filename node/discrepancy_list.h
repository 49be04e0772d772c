// The one list of discrepancies finance works: the reconciler's (missing in bank, unexpected
// bank item, amount difference, duplicate, late, drawer over/short) and the ledger's own
// (events refused, conflicting, dead-lettered, or parked waiting for their payment), each
// with its lifecycle status, severity and age. `tally discrepancies` and the API use it.
//
// Threads: any thread beside the apply loops.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/business_date.h"
#include "core/result.h"
#include "ledger/ledger.h"
#include "node/not_in_books.h"
#include "reconcile/reconciler.h"
#include "reconcile/severity.h"

namespace tally::node {

struct ListedDiscrepancy {
  std::string id;      // reconcile: "D" + 16 hex; ledger: the event id (hex), "log-P-N" for a dead letter
  std::string origin;  // "reconcile" or "ledger"
  std::string kind;    // "missing_in_bank", ...; the ledger's "refused", "conflicting", "dead_letter", "parked"
  reconcile::DiscrepancyStatus status = reconcile::DiscrepancyStatus::open;
  std::int64_t amount_minor = 0;  // 0 for the ledger's (the event's amount is in the event)
  std::string currency;
  std::string description;
  std::optional<BusinessDate> since;  // the item's date
  std::int32_t age_days = 0;          // banking days from `since` to the list's date
  reconcile::Severity severity = reconcile::Severity::low;
  std::vector<reconcile::DiscrepancyStep> steps;  // who did what, oldest first
  std::optional<NotInBooks> ledger_item;
  std::optional<events::DiscrepancyRaised> raised;
};

struct DiscrepancyFilter {
  std::optional<reconcile::DiscrepancyStatus> status;
  // On Kafka, the partitions whose books this node serves: the ledger's items of any other
  // partition (from books it kept before a rebalance) are left out. Dead letters come from the
  // log, not the books, and are kept.
  std::optional<std::vector<PartitionId>> ledger_partitions;
  std::size_t limit = 100;
  BusinessDate today = BusinessDate::today_utc();
};

// Reconcile's first (by id), then the ledger's.
Result<std::vector<ListedDiscrepancy>> list_discrepancies(const ledger::Ledger& ledger,
                                                          const reconcile::Store& store,
                                                          const DiscrepancyFilter& filter);

// The id of a ledger item in this list.
std::string ledger_discrepancy_id(const NotInBooks& item);

// The lifecycle commands for any listed discrepancy: a ledger id is checked against the
// ledger's list before the step is published. not_found when neither knows it.
enum class Step { acknowledge, resolve, reopen };
Status step_discrepancy(const ledger::Ledger& ledger, reconcile::Reconciler& reconciler, Step step,
                        const std::string& id, const reconcile::Actor& actor,
                        const reconcile::Resolution& resolution);

}  // namespace tally::node
