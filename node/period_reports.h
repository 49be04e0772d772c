// The office's reports for a business date or a range of them (docs/reports.md), read from the
// books: `tally report NAME --from D --to D` and GET /api/v1/reports/{name}.
//
//   payments       PaymentReceived entries by business day and channel (count, amount), with
//                  totals by channel and by the account debited (clearing:<channel>, drawer:<id>)
//   returns        returned payments (ACH R-codes, check return reasons, refunds) and
//                  chargebacks by kind and code, with plain words for each code; reversals
//   nsf-fees       revenue:nsf-fees: each credit a fee charged, each debit a fee reversed
//   autopay        enrolments, removals (with why) and notices of change, corrected data masked
//   suspense       what suspense holds as of `to`, by age (0-30, 31-60, 61-90, 90+ days)
//   files          files received (UTC date of receipt) in the range: accepted and refused
//   trial-balance  every account's balance as of `to`, customers in one receivables line
//
// Totals tie to the ledger by construction: each report sums journal postings whose business
// date is in the range (or on or before `to`), which is what `tally ledger balance --as-of`
// sums; the log is read only for what the journal does not keep (a channel, a return code). So a
// past range is reported the same on a folder that holds later days too. The files report is
// the exception: a file has no business date, only when it arrived.
//
// Threads: the caller's; reads only, beside the apply loop.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/currency.h"
#include "core/log/event_log.h"
#include "core/result.h"
#include "ingest/file_registry.h"
#include "ledger/ledger.h"
#include "node/report_tallies.h"
#include "reconcile/reports.h"

namespace tally::node {

enum class PeriodReportKind {
  payments,
  returns,
  nsf_fees,
  autopay,
  suspense,
  files,
  trial_balance
};
std::optional<PeriodReportKind> parse_period_report(std::string_view name);
inline constexpr std::string_view kPeriodReportNames =
    "payments, returns, nsf-fees, autopay, suspense, files, trial-balance";

// The longest range a report reads: ten years of business days.
inline constexpr std::int32_t kMaxReportDays = 3660;

struct ReportSources {
  const ledger::Ledger& ledger;
  const log::EventLog& log;  // read by address (embedded); a log that cannot: unsupported
  const ingest::FileRegistry& registry;
  std::string quarantine_dir;  // Config::quarantine_dir(): why refused files were refused
  Currency currency;           // Config::currency: postings in another one are an error
  // Whether the ledger holds every partition's books (the embedded log: Node::posts_here()).
  // A ledger process on Kafka holds only its share: every report but files is refused there.
  bool whole_books = true;
};

// Errors: invalid_argument (CoreErrc) when `from` is after `to` or the range is longer than
// kMaxReportDays, or a posting is in another currency; unsupported when the books are not
// whole (Kafka); the ledger's, log's and registry's as they come.
Result<reconcile::Report> period_report(const ReportSources& sources, PeriodReportKind kind,
                                        const ReportPeriod& period);

}  // namespace tally::node
