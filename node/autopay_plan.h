// What one autopay run originates for one customer, per the NACHA Rules (docs/autopay.md):
//   - a prenote first, when the policy pre-notes new mandates, and no live entry until the
//     prenote period has passed;
//   - a REDEPOSIT of each debit Tally originated that came back R01 or R09: the same amount,
//     at most twice after the first presentation and within 180 days of it, once per return;
//   - a RETURN FEE entry for the fee of such a return, when the authorization allows one;
//   - the regular debit: what is owed less what returns withheld and what is scheduled.
// Nothing is debited that the customer does not owe: entries still scheduled (not posted)
// count as paid, and a re-presentment or fee the balance no longer covers is left out.
//
// Pure: the caller gathers the facts (node/autopay.cpp). Thread-safe.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "core/business_date.h"
#include "ingest/autopay_origination.h"
#include "ingest/file_registry.h"
#include "ledger/autopay_query.h"
#include "ledger/records.h"

namespace tally::node {

inline constexpr int kMaxRepresentments = 2;
inline constexpr int kRepresentmentDays = 180;

struct CustomerFacts {
  ledger::DueMandate due;                          // what they owe, what returns withheld
  std::vector<ledger::ReturnLetter> returns;       // their returns, oldest first
  std::vector<ingest::OriginatedEntry> originated;  // every entry originated for them
};

struct PlanRules {
  bool debit_return_fees = false;  // AutopaySettings::debit_return_fees
  int prenote_banking_days = 0;    // AutopaySettings::prenote_banking_days; 0: no prenotes
};

// The mandate an entry is for, as the registry keeps it: "routing:last4".
std::string mandate_key(const ledger::AutopayState& mandate);

// The entries for `facts`' customer in a run effective on `effective`, in the order: prenote,
// redeposits, return fees, regular debit. `unposted_files`: the SHA-256 of every run not
// posted yet (ingest::scheduled_runs).
std::vector<ingest::DueDebit> plan_customer(const CustomerFacts& facts, BusinessDate effective,
                                            const PlanRules& rules, const std::set<std::string>& unposted_files);

}  // namespace tally::node
