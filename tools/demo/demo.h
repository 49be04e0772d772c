// A generated day for a small water utility, for `tally serve --demo` and end-to-end tests:
// the billing export, autopay enrollments and the autopay debit file Tally originated, an ACH
// return file (NSF and account closed), a bank lockbox file of mailed checks (one with no
// usable account reference: suspense), a card processor settlement (sales, a refund, a
// chargeback, fees, the payout) and the bank's BAI2 statement of the day's deposits.
// Deterministic: the same day gives the same files, so re-running the demo ingests nothing new.
#pragma once

#include <string>
#include <vector>

#include "core/business_date.h"
#include "core/result.h"

namespace tally::demo {

struct DemoFile {
  std::string name;
  std::string content;
};

// Files in the order a day's run would ingest them (bills first, so balances mean what is owed).
Result<std::vector<DemoFile>> make_demo_day(BusinessDate day);

// Writes them into `dir` (atomically: .part then rename, so an inbox watcher never sees half
// a file). Returns how many were written.
Result<int> write_demo_day(const std::string& dir, BusinessDate day);

// A customer account the demo always bills and pays, for the README's example query.
std::string demo_sample_account();

}  // namespace tally::demo
