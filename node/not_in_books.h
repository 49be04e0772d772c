// One list of every event that is not in the books, and why: the ledger's refusals
// (INVALID_EVENT, dead letters among them), conflicts (CONFLICTING_EVENT) and the returns and
// chargebacks parked until their payment arrives, each with its age. `tally discrepancies
// list` and GET /api/v1/discrepancies show it; reconciliation adds its own kinds later.
//
// Threads: any thread beside the apply loop.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/business_date.h"
#include "core/ids.h"
#include "core/result.h"
#include "ledger/ledger.h"
#include "ledger/refusal.h"

namespace tally::node {

struct NotInBooks {
  std::string kind;  // "refused", "dead_letter", "conflicting", "parked"
  PartitionId partition;
  LogPosition position;
  std::optional<EventId> event_id;  // none for a dead letter
  std::string event_type;           // "PAYMENT_RETURNED"; empty for a dead letter
  std::optional<BusinessDate> business_date;
  std::int64_t since_us = 0;  // when the event was recorded (0: not known)
  std::string reason;
  // Why the ledger did not apply it (refused, dead_letter, conflicting); none for parked.
  std::optional<ledger::RefusalCode> code;
};

// Discrepancies first (by partition, then number), then parked events; at most `limit`.
Result<std::vector<NotInBooks>> list_not_in_books(const ledger::Ledger& ledger, std::size_t limit);

}  // namespace tally::node
