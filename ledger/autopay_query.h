// Autopay mandates the ledger holds: accounts enrolled (and not removed by policy or by the
// billing system), with what origination needs. For `tally autopay generate`.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "ledger/ledger.h"

namespace tally::ledger {

struct Mandate {
  PartitionId partition;
  std::string account;      // customer:<id>
  std::string customer_id;  // <id>
  AutopayState state;
};

// Enrolled accounts in key order, at most `limit` (<= kMaxQueryLimit).
Result<std::vector<Mandate>> enrolled_mandates(Ledger& ledger, std::size_t limit);

struct DueMandate {
  Mandate mandate;
  std::int64_t balance_minor = 0;  // what the customer owes now, over every partition: > 0
};

// The enrolled accounts (of the first kMaxQueryLimit) that owe something, in key order: what
// autopay origination debits. An account with nothing due or in credit is left out.
Result<std::vector<DueMandate>> mandates_due(Ledger& ledger);

}  // namespace tally::ledger
