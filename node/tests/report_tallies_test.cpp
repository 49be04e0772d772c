// The sums behind the period reports (node/report_tallies.h), fed by hand.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/money.h"
#include "node/report_tallies.h"

using namespace tally;
using namespace tally::node;

namespace {

BusinessDate day(int d) {
  return *BusinessDate::from_ymd(2026, 11, d);
}

EventId id(std::uint8_t n) {
  std::array<std::uint8_t, EventId::kBytes> bytes{};
  bytes[0] = n;
  return EventId(bytes);
}

const reconcile::ReportTable& table(const reconcile::Report& r, const std::string& title) {
  for (const auto& t : r.tables)
    if (t.title == title) return t;
  FAIL("no table " << title);
  return r.tables.front();
}

std::string summary(const reconcile::Report& r, const std::string& label) {
  for (const auto& [l, v] : r.summary)
    if (l == label) return v;
  FAIL("no summary line " << label);
  return {};
}

}  // namespace

TEST_CASE("payments are summed by day and channel and account with totals", "[reports]") {
  PaymentsTally t(Currency::usd());
  REQUIRE(t.add(day(2), "ach", "clearing:ach", 1000).ok());
  REQUIRE(t.add(day(2), "ach", "clearing:ach", 250).ok());
  REQUIRE(t.add(day(3), "ach", "clearing:ach", 5).ok());
  REQUIRE(t.add(day(2), "counter", "drawer:1", 700).ok());
  REQUIRE(t.add(day(2), "counter", "clearing:card", 300).ok());
  CHECK(t.total().count == 5);
  CHECK(t.total().amount_minor == 2255);
  CHECK(t.by_account().at("clearing:ach").amount_minor == 1255);
  CHECK(t.by_account().at("drawer:1").count == 1);
  const auto r = t.report({day(1), day(30)});
  const auto& days = table(r, "By business day and channel");
  REQUIRE(days.rows.size() == 4);
  CHECK(days.rows[0] ==
        std::vector<std::string>{"2026-11-02", "ach", "clearing:ach", "2", "12.50"});
  const auto& channels = table(r, "Totals by channel");
  REQUIRE(channels.rows.size() == 3);
  CHECK(channels.rows[1] == std::vector<std::string>{"counter", "2", "10.00"});
  CHECK(channels.rows[2] == std::vector<std::string>{"total", "5", "22.55"});
  CHECK(summary(r, "amount") == "22.55");
}

TEST_CASE("a sum that would overflow is an error and adds nothing", "[reports]") {
  PaymentsTally t(Currency::usd());
  REQUIRE(t.add(day(2), "ach", "clearing:ach", INT64_MAX - 10).ok());
  CHECK_FALSE(t.add(day(2), "ach", "clearing:ach", 11).ok());
  CHECK(t.total().count == 1);
  CHECK(t.total().amount_minor == INT64_MAX - 10);
  CHECK(t.by_account().at("clearing:ach").count == 1);
}

TEST_CASE("returns are grouped by kind and code with their fees and reversals apart", "[reports]") {
  ReturnsTally t(Currency::usd());
  REQUIRE(t.add("ACH return", "R01", "insufficient funds", 3000, 2500).ok());
  REQUIRE(t.add("ACH return", "R01", "ignored: the first description stays", 1000, 2500).ok());
  REQUIRE(t.add("check return", "A", "insufficient funds", 500, 0).ok());
  REQUIRE(t.add("chargeback", "10.4", "fraud", 700, 0).ok());
  REQUIRE(t.add_reversal(700).ok());
  CHECK(t.total().count == 4);
  CHECK(t.total().amount_minor == 5200);
  const auto r = t.report({day(1), day(1)});
  const auto& rows = table(r, "By reason code").rows;
  REQUIRE(rows.size() == 4);
  CHECK(rows[0] ==
        std::vector<std::string>{"ACH return", "R01", "insufficient funds", "2", "40.00", "50.00"});
  CHECK(rows[3] == std::vector<std::string>{"total", "", "", "4", "52.00", "50.00"});
  CHECK(summary(r, "amount reversed") == "7.00");
  CHECK(summary(r, "fees charged") == "50.00");
}

TEST_CASE("nsf fees credited are charged and debited are reversed and net is the revenue moved",
          "[reports]") {
  NsfFeesTally t(Currency::usd());
  REQUIRE(t.add(day(2), -2500, "100", "R01").ok());
  REQUIRE(t.add(day(2), -2500, "101", "R01").ok());
  REQUIRE(t.add(day(4), 2500, "", "waived").ok());
  REQUIRE(t.add(day(4), 0, "", "nothing").ok());
  CHECK(t.charged().count == 2);
  CHECK(t.charged().amount_minor == 5000);
  CHECK(t.reversed().count == 1);
  const auto r = t.report({day(1), day(5)});
  CHECK(summary(r, "net") == "25.00");
  const auto& days = table(r, "By business day").rows;
  REQUIRE(days.size() == 2);
  CHECK(days[1] == std::vector<std::string>{"2026-11-04", "0", "0.00", "1", "25.00", "-25.00"});
  CHECK(table(r, "Each fee (negative: reversed)").rows.size() == 3);
}

TEST_CASE("suspense items age into buckets of 30 days as of the date", "[reports]") {
  SuspenseAging a(Currency::usd());
  const BusinessDate as_of = *BusinessDate::from_ymd(2026, 12, 31);
  // Ages 30, 31, 60, 61, 90, 91 and 400 days.
  const int ages[] = {30, 31, 60, 61, 90, 91, 400};
  std::uint8_t n = 1;
  for (int age : ages)
    REQUIRE(a.post(as_of.plus_days(-age), std::nullopt, id(n++), "lockbox", -100 * age).ok());
  const auto b = a.buckets(as_of);
  REQUIRE(b.size() == 4);
  CHECK(b[0].count == 1);
  CHECK(b[0].amount_minor == 3000);
  CHECK(b[1].count == 2);
  CHECK(b[1].amount_minor == 3100 + 6000);
  CHECK(b[2].count == 2);
  CHECK(b[2].amount_minor == 6100 + 9000);
  CHECK(b[3].count == 2);
  CHECK(b[3].amount_minor == 9100 + 40000);
  CHECK(a.held_minor() == 3000 + 3100 + 6000 + 6100 + 9000 + 9100 + 40000);
}

TEST_CASE("a suspense release comes out of the payment it names else the oldest", "[reports]") {
  SuspenseAging a(Currency::usd());
  REQUIRE(a.post(day(1), std::nullopt, id(1), "lockbox", -1000).ok());
  REQUIRE(a.post(day(2), std::nullopt, id(2), "ach", -2000).ok());
  REQUIRE(a.post(day(3), std::nullopt, id(3), "card", -4000).ok());
  // Applied: names payment 2.
  REQUIRE(a.post(day(5), id(2), id(9), "", 2000).ok());
  CHECK(a.held_minor() == 5000);
  // A release naming nothing held takes the oldest first: all of 1, part of 3.
  REQUIRE(a.post(day(6), std::nullopt, id(10), "", 1500).ok());
  CHECK(a.held_minor() == 3500);
  const auto r = a.report(day(10));
  const auto& held = table(r, "Items held").rows;
  REQUIRE(held.size() == 1);
  CHECK(held[0] == std::vector<std::string>{"2026-11-03", "7", id(3).to_hex(), "card", "35.00"});
  CHECK(summary(r, "suspense balance") == "-35.00");
  CHECK(summary(r, "items") == "1");
}

TEST_CASE("the trial balance puts customers in one line and its columns sum to the same",
          "[reports]") {
  TrialBalance tb(Currency::usd());
  // A bill, a payment, an overpayment, a fee, a deposit.
  const std::vector<std::pair<std::string, std::int64_t>> postings{
      {"customer:1", 5000},    {"revenue:billed", -5000},   {"clearing:ach", 3000},
      {"customer:1", -3000},   {"clearing:lockbox", 900},   {"customer:2", -900},
      {"customer:1", 2500},    {"revenue:nsf-fees", -2500}, {"transit:ach", 3000},
      {"clearing:ach", -3000}, {"suspense", -50},           {"clearing:lockbox", 50}};
  for (const auto& [account, amount] : postings) REQUIRE(tb.post(account, amount).ok());
  auto lines = tb.lines();
  REQUIRE(lines.ok());
  REQUIRE(lines->size() == 7);
  const auto& customers = lines->front();
  CHECK(customers.account == kReceivablesLine);
  CHECK(customers.accounts == 2);
  CHECK(customers.debit_minor == 4500);
  CHECK(customers.credit_minor == 900);
  std::int64_t debits = 0, credits = 0;
  for (const auto& l : *lines) {
    debits += l.debit_minor;
    credits += l.credit_minor;
    CHECK((l.debit_minor >= 0 && l.credit_minor >= 0));
  }
  CHECK(debits == credits);
  CHECK((*lines)[1].account == "clearing:ach");
  CHECK((*lines)[1].debit_minor == 0);  // a zero balance keeps its line
  CHECK(tb.balances().at("revenue:billed") == -5000);
  auto report = tb.report(day(30));
  REQUIRE(report.ok());
  CHECK(summary(*report, "difference") == "0.00");
  CHECK(summary(*report, "debits") == Money(debits, Currency::usd()).to_string());
}

TEST_CASE("a journal memo names the payment it moved", "[reports]") {
  const std::string hex = id(7).to_hex();
  CHECK(payment_named_in_memo("return R01 of payment " + hex) == id(7));
  CHECK(payment_named_in_memo("payment " + hex + " applied from suspense") == id(7));
  CHECK(payment_named_in_memo("void of payment " + hex) == id(7));
  CHECK_FALSE(payment_named_in_memo("reversal of chargeback " + hex).has_value());
  CHECK_FALSE(payment_named_in_memo("chargeback; original payment not found").has_value());
  CHECK_FALSE(payment_named_in_memo("payment 12").has_value());
}
