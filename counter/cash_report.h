// The daily cash report: one row per drawer session (business date, cashier, drawer), what
// each tender took, voids, cash moves, expected and counted cash, the over/short and the
// deposit, with the bank's status of that deposit as the caller knows it (the reconciler).
//
// Rows are computed from folded sessions (session.h) and rendered as
//   CSV   RFC 4180, one header line, one line per session; amounts as exact decimals
//         ("1234.56", Money::to_string); a cell a spreadsheet would run as a formula
//         (= + - @ at its start, unless it is a number) is prefixed with ', so opening the
//         report runs nothing.
//   HTML  one printable page with a totals row; no scripts, no external resources, every
//         text escaped.
//   JSON  {"currency", "rows": [...], "totals": {...} | null}; amounts as exact decimal
//         strings ("1234.56"), counts as integers, a figure that does not exist (no count yet,
//         no deposit yet) as null.
// All amounts of a report are in the one currency passed to the renderer.
//
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "core/business_date.h"
#include "core/currency.h"
#include "counter/session.h"

namespace tally::counter {

struct TenderTally {
  std::int64_t count = 0;  // tenders of the kind (two checks on one receipt count two)
  std::int64_t total_minor = 0;
};

struct CashReportRow {
  BusinessDate date;
  std::string cashier;
  std::string drawer;
  std::string session_id;
  std::int64_t opening_float_minor = 0;
  // Receipts not voided.
  TenderTally cash;
  TenderTally check;
  TenderTally money_order;
  TenderTally card;
  TenderTally voids;  // approved voids: count of receipts, their amounts
  std::int64_t paid_in_minor = 0;
  std::int64_t paid_out_minor = 0;
  std::int64_t transfers_in_minor = 0;
  std::int64_t transfers_out_minor = 0;
  std::int64_t expected_cash_minor = 0;
  std::optional<std::int64_t> counted_cash_minor;  // the last count; none before a count
  std::optional<std::int64_t> over_short_minor;    // counted - expected, of the last count
  std::string deposit_reference;                   // empty while the session is open
  std::optional<std::int64_t> deposit_total_minor;
  std::string bank_status;
};

// One row per session, in the order given. `bank_status` may be empty: the column stays "".
std::vector<CashReportRow> cash_report(
    std::span<const Session> sessions,
    const std::function<std::string(const Session&)>& bank_status);

// The sums of every amount and count (text columns empty; counted cash, over/short and deposit
// summed over the rows that have them). nullopt when a sum overflows 64 bits.
std::optional<CashReportRow> cash_report_totals(std::span<const CashReportRow> rows);

std::string cash_report_csv(std::span<const CashReportRow> rows, const Currency& currency);
std::string cash_report_html(std::span<const CashReportRow> rows, const Currency& currency,
                             std::string_view title);
boost::json::object cash_report_json(std::span<const CashReportRow> rows, const Currency& currency);

}  // namespace tally::counter
