// The reconciliation reports of a business date, built from the reconciler's state (which
// the log alone builds) and, for the book balance, the ledger's figure the caller passes:
//
//   statement    the bank reconciliation statement of one bank account: the bank's closing
//                ledger balance, the book balance of bank:<id>, the reconciling items (bank
//                lines not yet matched), and the difference nothing explains (0 when
//                reconciled); deposits in transit listed beside it
//   deposits     the daily deposit report: deposits declared that day by channel, what of
//                them the bank has shown, what is proposed and what is still open; for a
//                range of days (deposit_totals.h), the same figures by day and channel
//   outstanding  every open item (expected or bank) by age in banking days
//
// Each is a Report: a title, a summary and tables of text cells, rendered as CSV, HTML or
// JSON by report_render.h. Amount cells are exact decimal text ("1234.56").
//
// Threads: any thread beside the apply loop.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/business_date.h"
#include "core/result.h"
#include "reconcile/deposit_totals.h"
#include "reconcile/store.h"

namespace tally::reconcile {

struct ReportTable {
  std::string title;
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
};

struct Report {
  std::string title;
  std::vector<std::pair<std::string, std::string>> summary;  // label, value
  std::vector<ReportTable> tables;
};

// The bank accounts the statements name (last four), sorted.
Result<std::vector<std::string>> bank_accounts(const Store& store);

struct StatementFigures {
  std::optional<std::int64_t> bank_balance_minor;  // the statement's closing ledger balance
  std::optional<BusinessDate> bank_balance_date;
  std::int64_t book_balance_minor = 0;
  std::int64_t reconciling_minor = 0;  // bank lines on or before the date not matched
  std::int64_t difference_minor = 0;   // bank - book - reconciling: nothing explains it
  std::string currency = "USD";
};

// `book_balance_minor`: bank:<account> in the ledger as of `date`.
Result<std::pair<Report, StatementFigures>> statement_report(const Store& store, std::string_view bank_account,
                                                             BusinessDate date, std::int64_t book_balance_minor);
Result<Report> deposit_report(const Store& store, BusinessDate date);
// deposit_totals' days as a report (CSV, HTML): a row per day and channel that declared
// anything, and the range's totals by channel.
Report deposit_range_report(const std::vector<DayTotals>& days);
Result<Report> outstanding_report(const Store& store, BusinessDate date);

}  // namespace tally::reconcile
