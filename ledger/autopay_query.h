// Autopay mandates the ledger holds: accounts enrolled (and not removed by policy or by the
// billing system), with what origination needs. For `tally autopay generate`.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "ledger/ledger.h"

namespace tally::ledger {

struct Mandate {
  PartitionId partition;
  std::string account;  // customer:<id>
  AutopayState state;
};

// Enrolled accounts in key order, at most `limit` (<= kMaxQueryLimit).
Result<std::vector<Mandate>> enrolled_mandates(Ledger& ledger, std::size_t limit);

}  // namespace tally::ledger
