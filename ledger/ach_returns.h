// What an ACH return of an autopay debit does to the customer's mandate, per the NACHA
// Operating Rules (docs/autopay.md has the table):
//   - R01, R09 (insufficient or uncollected funds): the debit may be re-presented, at most twice
//     within 180 days of its first settlement, only as an entry of its own (REDEPOSIT) and
//     never with a fee in it: its amount leaves the next regular debits;
//   - R02, R03, R04 and the other administrative returns: no debit until the mandate is
//     corrected (a notice of change, or a new enrolment);
//   - R05, R07, R10, R11, R29, R51 (unauthorized or revoked): the mandate ends and autopay is
//     removed;
//   - R08 (stop payment): that debit is never debited again.
// The same codes sort returns into the return rates the Rules watch (return_rates.h).
//
// Pure; thread-safe.
#pragma once

#include <string_view>

namespace tally::ledger {

enum class ReturnAction {
  kRepresentable,       // R01, R09
  kHoldForCorrection,   // administrative
  kEndMandate,          // unauthorized
  kNeverAgain,          // R08
  kNone,                // any other code: recorded, the mandate is left as it is
};

ReturnAction action_after_return(std::string_view code);

// The Rules' return-rate classes: unauthorized (watched at 0.5%), administrative (R02, R03,
// R04: 3%); every return counts in the overall rate (15%).
bool is_unauthorized_return(std::string_view code);
bool is_administrative_return(std::string_view code);

}  // namespace tally::ledger
