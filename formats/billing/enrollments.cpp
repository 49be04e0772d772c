#include <fmt/format.h>

#include "formats/billing/billing.h"
#include "formats/billing/columns.h"
#include "formats/common/text.h"
#include "formats/nacha/fields.h"

namespace tally::formats::billing {
namespace {

enum Column { kAccount, kRouting, kAccountNumber, kAccountType, kHolderName, kAction };
const std::vector<ColumnSpec> kColumns = {{"account", true},      {"routing", true},
                                          {"account_number", true}, {"account_type", false},
                                          {"holder_name", false}, {"action", false}};
constexpr std::size_t kMinAccountDigits = 4, kMaxAccountDigits = 17;  // NACHA DFI account field

}  // namespace

ParseReport parse_enrollments(std::string_view bytes, EnrollmentVisitor& visitor) {
  ParseReport report;
  report.format = "autopay";
  report.accepted = true;
  CsvReader csv(bytes);
  if (csv.next() != CsvReader::Next::kRecord) {
    report.error({1, 1, "", "empty", "no header row"});
    return report;
  }
  const auto col = map_columns(csv, kColumns, report);
  if (!report.accepted) return report;
  std::int64_t enrollments = 0, removals = 0;
  for (;;) {
    const auto next = csv.next();
    if (next == CsvReader::Next::kEnd) break;
    if (next == CsvReader::Next::kError) {
      report.error({csv.error().line, csv.record_number(), "", csv.error().code, csv.error().message});
      break;
    }
    const std::int64_t line = csv.record_line(), record = csv.record_number();
    auto field = [&](Column c) -> std::string_view {
      return col[c] && *col[c] < csv.field_count() ? trim(csv.field(*col[c])) : std::string_view{};
    };
    const std::size_t errors_before = report.errors.size();
    auto bad = [&](std::string_view name, std::string code, std::string message) {
      report.error({line, record, std::string(name), std::move(code), std::move(message)});
    };
    Enrollment e;
    e.at = {line, record};
    e.account = field(kAccount);
    e.routing = field(kRouting);
    e.account_number = field(kAccountNumber);
    e.holder_name = field(kHolderName);
    const std::string_view type = field(kAccountType), action = field(kAction);
    if (e.account.empty()) bad("account", "missing_field", "account is empty");
    if (!nacha::routing_number_valid(e.routing))
      bad("routing", "bad_routing", fmt::format("'{}' is not a valid ABA routing number", e.routing));
    if (!all_digits(e.account_number) || e.account_number.size() < kMinAccountDigits ||
        e.account_number.size() > kMaxAccountDigits)
      bad("account_number", "bad_account_number",
          fmt::format("the bank account number must be {} to {} digits", kMinAccountDigits, kMaxAccountDigits));
    if (type == "savings") e.savings = true;
    else if (!type.empty() && type != "checking")
      bad("account_type", "bad_value", fmt::format("'{}' is not checking or savings", type));
    if (action == "remove") e.remove = true;
    else if (!action.empty() && action != "enroll")
      bad("action", "bad_value", fmt::format("'{}' is not enroll or remove", action));
    if (report.errors.size() != errors_before) continue;
    ++(e.remove ? removals : enrollments);
    visitor.on_enrollment(e);
  }
  if (enrollments + removals == 0 && report.accepted) report.error({0, 0, "", "empty", "the file has no rows"});
  report.summary.set("enrollments", enrollments);
  report.summary.set("removals", removals);
  return report;
}

ParseReport check_enrollments(std::string_view bytes) {
  EnrollmentVisitor none;
  return parse_enrollments(bytes, none);
}

}  // namespace tally::formats::billing
