#include <fmt/format.h>

#include "core/money.h"
#include "formats/billing/billing.h"
#include "formats/billing/columns.h"
#include "formats/common/text.h"

namespace tally::formats::billing {
namespace {

enum Column { kAccount, kBillId, kBillDate, kAmountDue, kDueDate, kCurrency };
const std::vector<ColumnSpec> kColumns = {{"account", true},  {"bill_id", false},
                                          {"bill_date", true}, {"amount_due", true},
                                          {"due_date", true},  {"currency", false}};

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
    auto bad = [&](std::string_view name, std::string code, std::string message) {
      report.error({line, record, std::string(name), std::move(code), std::move(message)});
    };
    Bill bill;
    bill.at = {line, record};
    bill.account = field(kAccount);
    bill.bill_id = field(kBillId);
    if (bill.account.empty()) bad("account", "missing_field", "account is empty");
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
    if (!amount || !bill_date || !due_date || bill.account.empty()) continue;
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
