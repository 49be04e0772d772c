// `tally autopay generate` after a day whose debits came back, as an ODFI would check the file
// it is handed (docs/autopay.md): the R02 customer is not debited, the R01 customer is debited
// for the new bill alone (never the returned debit or its fee again), a C01 notification of
// change is used, the effective date is a banking day with the lead time, and a second run for
// the same date originates nothing. The file is read here, record by record, independently of
// Tally's NACHA reader, and then by `tally parse`.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <fmt/format.h>

#include <map>
#include <string>

#include "core/business_date.h"
#include "tests/e2e/e2e_fixtures.h"
#include "tests/e2e/e2e_support.h"

using namespace e2e;

namespace {

// The debits of a file by customer: one each in these runs.
std::map<std::string, OriginatedDebit> by_customer(const std::vector<OriginatedDebit>& debits) {
  std::map<std::string, OriginatedDebit> out;
  for (const auto& d : debits) {
    CHECK(out.count(d.individual_id) == 0);
    out[d.individual_id] = d;
  }
  return out;
}

}  // namespace

TEST_CASE("autopay generate keeps the NACHA rules after returns and a notification of change", "[e2e][autopay]") {
  Workspace w;
  const DayFiles f = make_day();
  const auto autopay = f.autopay_customers();
  const demo::Customer& nsf = *autopay.at(f.day.returned.at(0));     // R01
  const demo::Customer& closed = *autopay.at(f.day.returned.at(1));  // R02
  const demo::Customer& changed = *autopay.at(0);                    // C01 in the notice file
  REQUIRE(demo_return_code(0) == "R01");
  REQUIRE(demo_return_code(1) == "R02");
  ingest(w, {w.write("01-billing.csv", f.billing), w.write("02-enrollments.csv", f.enrollments),
             w.write("03-autopay.ach", f.autopay_ach), w.write("06-returns.ach", f.returns_ach),
             w.write("08-noc.ach", noc_file(f, 1))});
  const std::int64_t nsf_owes = balance(w, customer(nsf.account));
  REQUIRE(nsf_owes == nsf.bill_minor + 2500);  // the returned debit and its fee

  // Dates: a Saturday, a Federal Reserve holiday and a past day are refused, saying why.
  const auto saturday = w.tally({"autopay", "generate", "--effective", "2031-01-04", "--json"});
  CHECK(saturday.exit_code != 0);
  CHECK(saturday.err.find("not a banking day") != std::string::npos);
  CHECK(saturday.err.find("2031-01-06") != std::string::npos);
  const auto christmas = w.tally({"autopay", "generate", "--effective", "2031-12-25", "--json"});
  CHECK(christmas.exit_code != 0);
  CHECK(christmas.err.find("Federal Reserve holiday") != std::string::npos);
  const auto past = w.tally({"autopay", "generate", "--effective", "2026-01-02", "--json"});
  CHECK(past.exit_code != 0);
  CHECK(past.err.find("too soon") != std::string::npos);

  // Right after the returns nothing may be debited: the R01 customer owes only the returned
  // debit and its fee, the R02 customer's account is closed.
  const auto nothing = w.tally({"autopay", "generate", "--json"});
  REQUIRE(nothing.exit_code == 0);
  CHECK(int_of(json_object(nothing.out).at("entries")) == 0);

  const tally::BusinessDate next = f.day.date.plus_days(30);
  ingest(w, {w.write("09-bills.csv", next_bills(autopay, next))});
  const auto generated = w.tally({"autopay", "generate", "--json"});
  INFO(generated.out << generated.err);
  REQUIRE(generated.exit_code == 0);
  const auto summary = json_object(generated.out);
  const std::string file = read_file(str_of(summary.at("file")));
  const auto debits = read_debit_file(file);
  REQUIRE_FALSE(debits.empty());
  const std::string effective = debits.front().effective_yymmdd;
  const auto entries = by_customer(debits);

  CHECK(entries.size() == autopay.size() - 1);
  CHECK(int_of(summary.at("entries")) == static_cast<std::int64_t>(autopay.size() - 1));
  CHECK(entries.count(closed.account) == 0);
  REQUIRE(entries.count(nsf.account) == 1);
  CHECK(entries.at(nsf.account).amount_minor == kNextBillMinor);  // no fee, no returned debit
  for (const auto& [account, e] : entries) {
    CHECK(e.amount_minor == kNextBillMinor);
    CHECK(e.transaction_code == "27");
  }
  REQUIRE(entries.count(changed.account) == 1);
  CHECK(entries.at(changed.account).account_number == "9" + changed.bank_account);  // the C01 correction

  // The effective date: a weekday, not before tomorrow.
  const auto date = tally::BusinessDate::parse_iso(
      fmt::format("20{}-{}-{}", effective.substr(0, 2), effective.substr(2, 2), effective.substr(4, 2)));
  REQUIRE(date);
  CHECK(*date > tally::BusinessDate::today_utc());
  CHECK(date->weekday() >= 1);
  CHECK(date->weekday() <= 5);
  CHECK(str_of(summary.at("effective_date")) == date->to_iso());

  // Tally's own reader agrees on the total.
  const auto parsed = json_object(run_tally({"parse", "--json", str_of(summary.at("file"))}).out);
  CHECK(int_of(parsed.at("summary").at("debit_total_minor")) == kNextBillMinor * static_cast<std::int64_t>(entries.size()));

  // Return rates: the month's debits, none returned; then one comes back unauthorized (R10),
  // over the Rules' 0.5% for unauthorized returns, and the report warns.
  const std::string month = date->to_iso().substr(0, 7);
  const auto month_of = [&](const boost::json::object& rates) {
    for (const auto& m : rates.at("months").as_array())
      if (str_of(m.as_object().at("month")) == month) return m.as_object();
    FAIL("no month " << month << " in " << boost::json::serialize(rates));
    return boost::json::object();
  };
  const auto before = month_of(json_object(w.tally({"autopay", "rates", "--json"}).out));
  CHECK(int_of(before.at("debits")) == static_cast<std::int64_t>(entries.size()));
  CHECK(int_of(before.at("returns")) == 0);
  CHECK(before.at("warnings").as_array().empty());
  // The debits post on their effective date, not before.
  const std::int64_t nsf_scheduled = balance(w, customer(nsf.account));
  CHECK(nsf_scheduled == nsf_owes + kNextBillMinor);
  const auto settled = w.tally_on(date->to_iso(), {"autopay", "settle", "--json"});
  INFO(settled.out << settled.err);
  REQUIRE(settled.exit_code == 0);
  CHECK(json_object(settled.out).at("posted").as_array().size() == 1);
  CHECK(balance(w, customer(nsf.account)) == nsf_owes);

  const OriginatedDebit& revoked = entries.at(changed.account);
  ingest(w, {w.write("10-unauthorized.ach",
                     ach_returns_file({{revoked.trace, changed.account, "R10", revoked.amount_minor}}, date->plus_days(3)))});
  const auto after = month_of(json_object(w.tally({"autopay", "rates", "--json"}).out));
  CHECK(int_of(after.at("returns")) == 1);
  CHECK(int_of(after.at("unauthorized")) == 1);
  CHECK(int_of(after.at("unauthorized_bp")) == 10'000 / static_cast<std::int64_t>(entries.size()));
  REQUIRE_FALSE(after.at("warnings").as_array().empty());
  CHECK(str_of(after.at("warnings").as_array()[0]).find("unauthorized") != std::string::npos);
  const auto printed = w.tally({"autopay", "rates"});
  CHECK(printed.out.find("warning: unauthorized returns") != std::string::npos);

  // A second run for the same date originates nothing.
  const auto again = w.tally({"autopay", "generate", "--effective", date->to_iso(), "--json"});
  CHECK(again.exit_code != 0);
  CHECK(again.err.find("already generated") != std::string::npos);
  CHECK(read_file(str_of(summary.at("file"))) == file);
  CHECK(balance(w, customer(nsf.account)) == nsf_owes);  // the new bill was debited, nothing more
}
