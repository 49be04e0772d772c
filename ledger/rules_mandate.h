// Internal to the posting rules: what returns and notices of change do to a customer's
// autopay mandate (ach_returns.h has the rules, docs/autopay.md the table).
#pragma once

#include "ledger/rules.h"

namespace tally::ledger::detail {

struct ReturnFacts {
  std::string account;  // customer:<id>
  std::string code;     // "R01", or a check return reason
  bool ach = false;     // an ACH return (a check return leaves the mandate as it is)
  bool nsf = false;     // counts toward the policy's autopay removal
  std::int64_t amount_minor = 0;
  std::int64_t fee_minor = 0;
  EventId return_id;
  BusinessDate date;
};

// Counts an NSF return (the policy removes autopay after N in M months) and applies the
// return code to the mandate: hold, end, or withhold the amount and the fee from later debits.
Status mandate_after_return(RuleContext& ctx, Plan& plan, const Policy& policy, const ReturnFacts& r);

// A notice of change (C01-C03, C05-C07) corrects the mandate and releases a hold; others are
// recorded and listed under the account.
Result<Plan> plan_notice_of_change(const events::Envelope& e, RuleContext& ctx);

}  // namespace tally::ledger::detail
