#include <fmt/format.h>

#include "core/ids.h"
#include "core/money.h"
#include "core/utf8.h"
#include "formats/billing/billing.h"
#include "formats/billing/columns.h"
#include "formats/common/text.h"

namespace tally::formats::billing {
namespace {

enum Column { kAccount, kBillId, kBillDate, kAmountDue, kDueDate, kCurrency };
const std::vector<ColumnSpec> kColumns = {{"account", true},  {"bill_id", false},
                                          {"bill_date", true}, {"amount_due", true},
                                          {"due_date", true},  {"currency", false}};

// One data row: its place in the file, its cells, and whether any of them was refused.
struct BillRow {
  const CsvReader& csv;
  const std::vector<std::optional<std::size_t>>& col;
  ParseReport& report;
  std::int64_t line = 0;
  std::int64_t record = 0;
  bool refused = false;

  std::string_view field(Column c) const {
    return col[c] && *col[c] < csv.field_count() ? trim(csv.field(*col[c])) : std::string_view{};
  }
  void bad(std::string_view name, std::string code, std::string message) {
    refused = true;
    report.error({line, record, std::string(name), std::move(code), std::move(message)});
  }
};

// Identifiers become account names and keys in the books: text (UTF-8), no control
// characters, at most kMaxIdBytes.
void check_identifier(std::string_view value, std::string_view field, BillRow& row) {
  if (!is_valid_utf8(value)) return row.bad(field, "invalid_text", "not valid UTF-8 text");
  for (char c : value)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
      return row.bad(field, "invalid_text", "contains a control character");
  if (value.size() > kMaxIdBytes)
    row.bad(field, "too_long", fmt::format("{} bytes; at most {}", value.size(), kMaxIdBytes));
}

// Account, bill id and currency: the currency comes first because the amount is read in it.
void read_identity(BillRow& row, Bill& bill) {
  bill.account = row.field(kAccount);
  bill.bill_id = row.field(kBillId);
  if (bill.account.empty()) row.bad("account", "missing_field", "account is empty");
  check_identifier(bill.account, "account", row);
  check_identifier(bill.bill_id, "bill_id", row);
  if (row.col[kCurrency] && !row.field(kCurrency).empty()) {
    auto c = Currency::from_code(row.field(kCurrency));
    if (!c)
      row.bad("currency", "unknown_currency",
              fmt::format("'{}' is not an ISO 4217 code", row.field(kCurrency)));
    else
      bill.currency = *c;
  }
}

// Both dates are required, and a bill cannot fall due before it is issued. False when either
// is not a date (reported).
bool read_dates(BillRow& row, Bill& bill) {
  auto bill_date = parse_bill_date(row.field(kBillDate));
  auto due_date = parse_bill_date(row.field(kDueDate));
  if (!bill_date)
    row.bad("bill_date", "bad_date", fmt::format("'{}' is not a date", row.field(kBillDate)));
  if (!due_date)
    row.bad("due_date", "bad_date", fmt::format("'{}' is not a date", row.field(kDueDate)));
  if (bill_date && due_date && *due_date < *bill_date)
    row.bad("due_date", "bad_date", "due date is before the bill date");
  if (!bill_date || !due_date) return false;
  bill.bill_date = *bill_date;
  bill.due_date = *due_date;
  return true;
}

// A bill asks for money: credits and refunds are adjustments, not bills, and an amount past
// what Tally takes is refused rather than carried. False when it is refused (reported).
bool read_amount_due(BillRow& row, Bill& bill) {
  auto amount = Money::parse(row.field(kAmountDue), bill.currency);
  if (!amount) row.bad("amount_due", "bad_amount", amount.error().describe());
  if (amount && amount->minor() <= 0)
    row.bad("amount_due", "bad_amount",
            fmt::format("a bill of {} is not a bill: credits and refunds are adjustments",
                        amount->to_string()));
  if (amount && amount->minor() > kMaxAmountMinor)
    row.bad("amount_due", "amount_out_of_range",
            fmt::format("{} is more than the largest amount Tally takes ({})", amount->to_string(),
                        Money(kMaxAmountMinor, bill.currency).to_string()));
  if (!amount) return false;
  bill.amount_due_minor = amount->minor();
  return true;
}

// Fills `bill` from the current record; false when the row is refused (every reason reported).
bool read_bill(BillRow& row, Bill& bill) {
  bill.at = {row.line, row.record};
  read_identity(row, bill);
  const bool dated = read_dates(row, bill);
  const bool priced = read_amount_due(row, bill);
  return dated && priced && !row.refused;
}

void fail_csv(const CsvReader& csv, ParseReport& report) {
  report.error({csv.error().line, csv.record_number(), "", csv.error().code, csv.error().message});
}

}  // namespace

ParseReport parse_bills(std::string_view bytes, BillVisitor& visitor) {
  ParseReport report;
  report.format = "billing";
  report.accepted = true;
  CsvReader csv(bytes);
  if (csv.next() != CsvReader::Next::kRecord) {
    report.error({1, 1, "", "empty", "no header row"});
    return report;
  }
  const auto col = map_columns(csv, kColumns, report);
  if (!report.accepted) return report;
  std::int64_t bills = 0, total = 0;
  for (;;) {
    const auto next = csv.next();
    if (next == CsvReader::Next::kEnd) break;
    if (next == CsvReader::Next::kError) {
      fail_csv(csv, report);
      break;
    }
    BillRow row{csv, col, report, csv.record_line(), csv.record_number()};
    Bill bill;
    if (!read_bill(row, bill)) continue;
    // The summary's total must stay exact: a bill that would overflow it is refused.
    const auto sum = checked_add(total, bill.amount_due_minor);
    if (!sum) {
      row.bad("amount_due", "total_overflow", "the file's total overflows");
      continue;
    }
    total = *sum;
    ++bills;
    visitor.on_bill(bill);
  }
  if (bills == 0 && report.accepted) report.error({0, 0, "", "empty", "the file has no bills"});
  report.summary.set("bills", bills);
  report.summary.set("total_due_minor", total);
  return report;
}

ParseReport check_bills(std::string_view bytes) {
  BillVisitor none;
  return parse_bills(bytes, none);
}

}  // namespace tally::formats::billing
