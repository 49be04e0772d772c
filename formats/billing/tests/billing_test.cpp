#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "formats/billing/billing.h"

using namespace tally::formats;
using namespace tally::formats::billing;

namespace {
struct Bills : BillVisitor {
  std::vector<std::string> accounts;
  std::vector<std::int64_t> amounts;
  void on_bill(const Bill& b) override {
    accounts.emplace_back(b.account);
    amounts.push_back(b.amount_due_minor);
  }
};
struct Enrollments : EnrollmentVisitor {
  std::vector<std::string> last4;
  int removals = 0;
  void on_enrollment(const Enrollment& e) override {
    last4.emplace_back(e.account_number.substr(e.account_number.size() - 4));
    removals += e.remove ? 1 : 0;
  }
};
bool has_error(const ParseReport& r, std::string_view code, std::string_view field = {}) {
  for (const auto& e : r.errors)
    if (e.code == code && (field.empty() || e.field == field)) return true;
  return false;
}
}  // namespace

TEST_CASE("billing export: bills parse with exact amounts, columns in any order", "[formats][billing]") {
  Bills v;
  const auto r = parse_bills("due_date,account,amount_due,bill_date,bill_id\r\n"
                             "2026-12-15,100234,\"1,234.56\",2026-11-20,B-1\r\n"
                             "12/15/2026,100235,48.07,11/20/2026,B-2\r\n", v);
  INFO((r.errors.empty() ? "" : r.errors[0].message));
  REQUIRE(r.accepted);
  CHECK(v.accounts == std::vector<std::string>{"100234", "100235"});
  CHECK(v.amounts == std::vector<std::int64_t>{123456, 4807});
  CHECK(std::get<std::int64_t>(*r.summary.find("total_due_minor")) == 128263);
}

TEST_CASE("billing export: each bad row is refused with line and field", "[formats][billing]") {
  const auto r = check_bills("account,bill_date,amount_due,due_date\n"
                             "100234,2026-11-20,12.345,2026-12-15\n"
                             "100235,2026-02-30,10.00,2026-12-15\n"
                             ",2026-11-20,10.00,2026-12-15\n"
                             "100236,2026-11-20,10.00,2026-11-01\n");
  CHECK_FALSE(r.accepted);
  CHECK(has_error(r, "bad_amount", "amount_due"));
  CHECK(has_error(r, "bad_date", "bill_date"));
  CHECK(has_error(r, "missing_field", "account"));
  CHECK(has_error(r, "bad_date", "due_date"));
  REQUIRE(r.errors.size() == 4);
  CHECK(r.errors[0].line == 2);
  CHECK(r.errors[1].line == 3);
}

TEST_CASE("billing export: a missing required column refuses the file", "[formats][billing]") {
  const auto r = check_bills("account,bill_date,due_date\n1,2026-11-20,2026-12-01\n");
  CHECK_FALSE(r.accepted);
  CHECK(has_error(r, "missing_column", "amount_due"));
}

TEST_CASE("autopay enrollment: routing check digit and account number rules", "[formats][billing]") {
  Enrollments v;
  const auto good = parse_enrollments("account,routing,account_number,account_type,holder_name,action\n"
                                      "100234,091000019,123456789,checking,Ann Lee,enroll\n"
                                      "100235,021000021,000987654321,savings,Bo Chan,remove\n", v);
  REQUIRE(good.accepted);
  CHECK(v.last4 == std::vector<std::string>{"6789", "4321"});
  CHECK(v.removals == 1);

  const auto bad = check_enrollments("account,routing,account_number\n"
                                     "100234,091000018,123456789\n"
                                     "100235,091000019,12a4\n");
  CHECK_FALSE(bad.accepted);
  CHECK(has_error(bad, "bad_routing", "routing"));
  CHECK(has_error(bad, "bad_account_number", "account_number"));
  for (const auto& e : bad.errors) CHECK(e.message.find("12a4") == std::string::npos);  // never echoed
}
