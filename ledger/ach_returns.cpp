#include "ledger/ach_returns.h"

#include <algorithm>
#include <array>

namespace tally::ledger {
namespace {

constexpr std::array<std::string_view, 6> kUnauthorized{"R05", "R07", "R10", "R11", "R29", "R51"};
constexpr std::array<std::string_view, 3> kAdministrativeRate{"R02", "R03", "R04"};
// Returns that say the account as given cannot take a debit: closed, not found, invalid,
// sold branch, frozen, non-transaction, deceased holder or beneficiary, bad routing.
constexpr std::array<std::string_view, 11> kHold{"R02", "R03", "R04", "R12", "R13", "R14",
                                                 "R15", "R16", "R20", "R28", "R34"};

template <std::size_t N>
bool in(const std::array<std::string_view, N>& codes, std::string_view code) {
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

}  // namespace

ReturnAction action_after_return(std::string_view code) {
  if (code == "R01" || code == "R09") return ReturnAction::kRepresentable;
  if (code == "R08") return ReturnAction::kNeverAgain;
  if (in(kUnauthorized, code)) return ReturnAction::kEndMandate;
  if (in(kHold, code)) return ReturnAction::kHoldForCorrection;
  return ReturnAction::kNone;
}

bool is_unauthorized_return(std::string_view code) { return in(kUnauthorized, code); }
bool is_administrative_return(std::string_view code) { return in(kAdministrativeRate, code); }

}  // namespace tally::ledger
