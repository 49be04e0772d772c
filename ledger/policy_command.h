// Changing the return policy (NSF fee, the codes that incur it, autopay removal): the command
// behind the HTTP API's policy route (admin), and reading the policy in force.
//
// A policy is per partition (policy.h): each partition's books are computed from its own
// events alone. So one change is one PolicySet per partition of the log, each with a partition
// key that lands on it (policy_partition_key), appended in one call. The ledger applies each
// where it lands; current_policy says whether every partition agrees yet.
//
// Threads: reads the ledger (safe beside the apply loop) and appends to the log (safe from
// several threads). Nothing is appended unless every check passed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/business_date.h"
#include "core/currency.h"
#include "core/events/actor.h"
#include "core/ids.h"
#include "core/log/event_log.h"
#include "core/result.h"
#include "ledger/ledger.h"
#include "ledger/policy.h"

namespace tally::ledger {

// What a command may set, as policy_from_event accepts it (and no looser):
inline constexpr int kMaxRemovalReturns = 1000;  // autopay_removal_returns 0..1000, 0: never remove
// autopay_removal_months: 1..kMaxRemovalMonths (policy.h) when returns > 0, else 0..that.
// Return codes: NACHA return codes "R01".."R99", or a returned check's X9.100-188 reason, one
// letter or digit ("A" NSF, "B" uncollected funds hold); at most kMaxNsfCodes, none twice.

struct PolicyChange {
  std::int64_t nsf_fee_minor = kDefaultNsfFeeMinor;  // 0..kMaxAmountMinor; 0: no fee
  Currency currency = Currency::usd();
  std::vector<std::string> nsf_return_codes{"R01", "R09", "A", "B"};
  int autopay_removal_returns = kDefaultRemovalReturns;
  int autopay_removal_months = kDefaultRemovalMonths;
  BusinessDate effective_date = BusinessDate::today_utc();  // returns dated on or after it
  events::Actor actor;  // who changes it
};

struct PolicySetOutcome {
  EventId change_id;                   // the change; each partition's event is derived from it
  std::vector<EventId> event_ids;      // one PolicySet per partition, partition i at [i]
  std::vector<log::Appended> appended;
};

// Errors (LedgerErrc): invalid_argument when the actor fails events::check_actor or a value is
// outside the bounds above (the message names the field); storage and log failures as they come.
//
// Ids: change_id = events::command_id("policy-set:" + user + "\n" + idempotency key) (a fresh
// key when the actor has none); partition i's event is events::derived_id(change_id,
// "partition-<i>"). A retried change is the same events.
Result<PolicySetOutcome> set_policy(log::EventLog& log, const PolicyChange& change);

struct CurrentPolicy {
  Policy policy;  // in force on the date asked, in the first partition this ledger holds
  // False while partitions disagree: a change applied on some and not yet on others, or one
  // written to some partitions only (by hand). The defaults stand where none was applied.
  bool uniform = true;
  std::size_t partitions = 0;  // partitions this ledger holds (0: none yet; the defaults)
};

// The return policy in force on `date` (returns dated then pay this fee and count so).
CurrentPolicy current_policy(const Ledger& ledger, BusinessDate date = BusinessDate::today_utc());

}  // namespace tally::ledger
