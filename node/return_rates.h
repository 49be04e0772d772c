// The ACH return rates the NACHA Rules watch for an originator, per month of origination (the
// effective date of the debits Tally originated): unauthorized returns (R05, R07, R10, R11,
// R29, R51) against 0.5% of debits, administrative returns (R02, R03, R04) against 3%, and every
// return against 15%. A month at or above 80% of a threshold is warned about before it crosses.
// Rates are in basis points (1 bp = 0.01%), integer arithmetic.
//
// Joins what ingest originated (the registry's entries, by trace) with what the ledger posted
// (each debit's payment, found by its trace, and the return letter of its return).
//
// Threads: the caller's; reads only.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "node/node.h"

namespace tally::node {

inline constexpr std::int64_t kUnauthorizedThresholdBp = 50;
inline constexpr std::int64_t kAdministrativeThresholdBp = 300;
inline constexpr std::int64_t kOverallThresholdBp = 1500;

struct MonthReturnRates {
  std::string month;  // "2026-12"
  std::int64_t debits = 0;
  std::int64_t returns = 0, unauthorized = 0, administrative = 0;
  std::int64_t overall_bp = 0, unauthorized_bp = 0, administrative_bp = 0;
  std::vector<std::string> warnings;  // "unauthorized 0.45% is near the 0.50% threshold"
};

// Oldest month first; no month without originated debits.
Result<std::vector<MonthReturnRates>> ach_return_rates(Node& node);

// "0.45%" from 45 basis points.
std::string percent_text(std::int64_t bp);

}  // namespace tally::node
