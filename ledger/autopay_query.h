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
  std::int64_t balance_minor = 0;   // what autopay debits: the balance less what is withheld
  std::int64_t withheld_minor = 0;  // owed but not to be debited (a return fee, a returned debit)
  std::int64_t owed_minor = 0;      // the account's balance, > 0
};

// The enrolled accounts (of the first kMaxQueryLimit) that owe something, in key order, less
// those held by an administrative return; balance_minor may be zero or less when returns
// withhold all of it (a re-presentment or a return fee entry may still be due).
Result<std::vector<DueMandate>> mandates_owing(Ledger& ledger);

// The enrolled accounts (of the first kMaxQueryLimit) that owe something autopay may debit,
// in key order. Left out: an account with nothing due or in credit, one held by an
// administrative return until its mandate is corrected (ach_returns.h); and what returns
// withheld (a return fee, an R01/R09/R08 debit) is not debited.
Result<std::vector<DueMandate>> mandates_due(Ledger& ledger);

}  // namespace tally::ledger
