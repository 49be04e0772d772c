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

// Identifiers become account names and keys in the books: text (UTF-8), no control
// characters, at most kMaxIdBytes.
template <typename Bad>
void check_identifier(std::string_view value, std::string_view field, Bad& bad) {
  if (!is_valid_utf8(value)) return bad(field, "invalid_text", "not valid UTF-8 text");
  for (char c : value)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
      return bad(field, "invalid_text", "contains a control character");
  if (value.size() > kMaxIdBytes)
    bad(field, "too_long", fmt::format("{} bytes; at most {}", value.size(), kMaxIdBytes));
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
    const std::int64_t line = csv.record_line(), record = csv.record_number();
    auto field = [&](Column c) -> std::string_view {
      return col[c] && *col[c] < csv.field_count() ? trim(csv.field(*col[c])) : std::string_view{};
    };
    bool row_bad = false;
    auto bad = [&](std::string_view name, std::string code, std::string message) {
      row_bad = true;
      report.error({line, record, std::string(name), std::move(code), std::move(message)});
    };
    Bill bill;
    bill.at = {line, record};
    bill.account = field(kAccount);
    bill.bill_id = field(kBillId);
    if (bill.account.empty()) bad("account", "missing_field", "account is empty");
    check_identifier(bill.account, "account", bad);
    check_identifier(bill.bill_id, "bill_id", bad);
    if (col[kCurrency] && !field(kCurrency).empty()) {
      auto c = Currency::from_code(field(kCurrency));
      if (!c) bad("currency", "unknown_currency", fmt::format("'{}' is not an ISO 4217 code", field(kCurrency)));
      else bill.currency = *c;
    }
    auto bill_date = parse_bill_date(field(kBillDate));
    auto due_date = parse_bill_date(field(kDueDate));
    if (!bill_date) bad("bill_date", "bad_date", fmt::format("'{}' is not a date", field(kBillDate)));
    if (!due_date) bad("due_date", "bad_date", fmt::format("'{}' is not a date", field(kDueDate)));
    if (bill_date && due_date && *due_date < *bill_date)
      bad("due_date", "bad_date", "due date is before the bill date");
    auto amount = Money::parse(field(kAmountDue), bill.currency);
    if (!amount) bad("amount_due", "bad_amount", amount.error().describe());
    if (amount && amount->minor() <= 0)
      bad("amount_due", "bad_amount",
          fmt::format("a bill of {} is not a bill: credits and refunds are adjustments",
                      amount->to_string()));
    if (amount && amount->minor() > kMaxAmountMinor)
      bad("amount_due", "amount_out_of_range",
          fmt::format("{} is more than the largest amount Tally takes ({})", amount->to_string(),
                      Money(kMaxAmountMinor, bill.currency).to_string()));
    if (row_bad || !amount || !bill_date || !due_date) continue;
    bill.bill_date = *bill_date;
    bill.due_date = *due_date;
    bill.amount_due_minor = amount->minor();
    auto sum = checked_add(total, bill.amount_due_minor);
    if (!sum) {
      bad("amount_due", "total_overflow", "the file's total overflows");
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
