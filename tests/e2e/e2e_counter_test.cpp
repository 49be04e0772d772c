// The counter end to end, as the office runs it: three cashiers through `tally serve`'s API
// (open with a float, payments in every tender, voids with and without a supervisor, a
// paid-out, blind closes, one short), then the bank's statement of the three deposits
// ingested and the day reconciled. And `tally serve` SIGKILLed between a cashier's steps:
// nothing lost, nothing doubled, receipt numbers without gaps or repeats.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <fmt/format.h>

#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "core/business_date.h"
#include "tests/e2e/e2e_fixtures.h"
#include "tests/e2e/e2e_server.h"
#include "tests/e2e/e2e_support.h"

using namespace e2e;
namespace json = boost::json;

namespace {

constexpr int kServerStartSeconds = 30;

struct Office {
  std::uint16_t port = 0;
  std::map<std::string, std::string> tokens;  // user -> token
  int keys = 0;

  json::object command(const std::string& user, const std::string& target, const json::object& body,
                       int expected_status) {
    const auto res = post(port, tokens.at(user), target, json::serialize(body), fmt::format("k{}", ++keys));
    INFO(user << " POST " << target << " -> " << res.status << " " << res.body);
    REQUIRE(res.status == expected_status);
    const json::value v = json::parse(res.body);
    return v.is_object() ? v.as_object() : json::object();
  }
  json::object read(const std::string& user, const std::string& target) {
    const auto res = get(port, tokens.at(user), target);
    INFO(user << " GET " << target << " -> " << res.status << " " << res.body);
    REQUIRE(res.status == 200);
    return json::parse(res.body).as_object();
  }
};

// $100.00: 3 x $20, 2 x $10, 2 x $5, 10 x $1.
json::object float_count() { return {{"2000", 3}, {"1000", 2}, {"500", 2}, {"100", 10}}; }

json::object payment(const std::string& account, const std::string& amount, json::array tenders) {
  return {{"account", account}, {"amount", amount}, {"language", "en"}, {"tenders", std::move(tenders)}};
}
json::object cash(const std::string& amount) { return {{"type", "cash"}, {"amount", amount}}; }
json::object check(const std::string& amount, const std::string& number) {
  return {{"type", "check"}, {"amount", amount}, {"number", number}, {"routing_number", "021000021"},
          {"account_number", "9876543210"}};
}
json::object money_order(const std::string& amount, const std::string& number) {
  return {{"type", "money_order"}, {"amount", amount}, {"number", number}};
}
json::object card(const std::string& amount) {
  return {{"type", "card"}, {"amount", amount}, {"card_last4", "4242"}, {"auth_code", "OK1234"}, {"card_brand", "VISA"}};
}

// The bank's statement of the day: one deposit line per slip, the slip number as its customer
// reference, as a bank keys a branch deposit.
std::string deposits_bai2(const tally::BusinessDate& day, const std::vector<std::pair<std::string, std::int64_t>>& slips) {
  const std::string date = fmt::format("{:02}{:02}{:02}", day.year() % 100, day.month(), day.day());
  std::vector<std::string> records;
  records.push_back(fmt::format("01,121042882,MILLBROOK,{},0600,1,80,1,2/", date));
  records.push_back(fmt::format("02,MILLBROOK,121042882,1,{},2400,USD,2/", date));
  records.push_back("03,8765,USD/");
  std::int64_t total = 0;
  for (std::size_t i = 0; i < slips.size(); ++i) {
    records.push_back(fmt::format("16,301,{},0,DEP{}{:02},{},BRANCH DEPOSIT/", slips[i].second, date, i + 1, slips[i].first));
    total += slips[i].second;
  }
  const std::size_t account_records = slips.size() + 2;
  records.push_back(fmt::format("49,{},{}/", total, account_records));
  records.push_back(fmt::format("98,{},1,{}/", total, account_records + 2));
  records.push_back(fmt::format("99,{},1,{}/", total, records.size() + 1));
  std::string out;
  for (const auto& r : records) out += r + "\n";
  return out;
}

std::int64_t minor_of(const json::value& v) {
  const std::string s = str_of(v);
  const auto dot = s.find('.');
  const bool negative = s.starts_with('-');
  const std::int64_t units = std::stoll(s.substr(negative ? 1 : 0, dot - (negative ? 1 : 0)));
  const std::int64_t cents = std::stoll(s.substr(dot + 1));
  return (negative ? -1 : 1) * (units * 100 + cents);
}

}  // namespace

TEST_CASE("three cashiers' day through the API reconciles with only the shortage open", "[e2e][counter]") {
  Workspace w;
  Office office;
  for (const auto& [user, role] : std::vector<std::pair<std::string, std::string>>{
           {"ana", "cashier"}, {"ben", "cashier"}, {"cruz", "cashier"}, {"sam", "supervisor"}, {"fin", "finance"}})
    office.tokens[user] = add_user(w, user, role);
  office.port = free_port();
  ServerGuard server{w.spawn_tally({"serve", "--port", std::to_string(office.port)})};
  REQUIRE(wait_until_serving(office.port, kServerStartSeconds));
  const auto today = tally::BusinessDate::today_utc();

  std::map<std::string, std::string> sessions;  // cashier -> session
  for (const auto& [cashier, drawer] : std::vector<std::pair<std::string, std::string>>{{"ana", "D1"}, {"ben", "D2"}, {"cruz", "D3"}}) {
    const json::object opened = office.command(cashier, "/api/v1/counter/drawers/" + drawer + "/open",
                                               {{"float", float_count()}, {"declared_total", "100.00"}}, 201);
    sessions[cashier] = str_of(opened.at("id"));
  }
  // A drawer opens once.
  office.command("ben", "/api/v1/counter/drawers/D1/open", {{"float", float_count()}}, 409);

  const auto pay = [&](const std::string& cashier, json::object body) {
    return office.command(cashier, "/api/v1/counter/sessions/" + sessions[cashier] + "/payments", body, 201);
  };
  // ana: cash with change, a check with cash, a card; the card is voided with a supervisor.
  CHECK(int_of(pay("ana", payment("300001", "40.00", {cash("50.00")})).at("receipt_number")) == 1);
  CHECK(int_of(pay("ana", payment("300002", "75.00", {check("50.00", "1101"), cash("25.00")})).at("receipt_number")) == 2);
  CHECK(int_of(pay("ana", payment("300003", "30.00", {card("30.00")})).at("receipt_number")) == 3);
  const std::string ana = "/api/v1/counter/sessions/" + sessions["ana"];
  office.command("ana", ana + "/receipts/3/void-request", {{"reason", "wrong account"}}, 200);
  office.command("ana", ana + "/receipts/3/void", {}, 403);  // a cashier cannot approve
  office.command("sam", ana + "/receipts/3/void", {}, 200);
  // ben: a money order and cash; he asks to void the money order, and no one approves it.
  pay("ben", payment("300004", "20.00", {money_order("20.00", "880011")}));
  pay("ben", payment("300005", "65.00", {cash("65.00")}));
  const std::string ben = "/api/v1/counter/sessions/" + sessions["ben"];
  office.command("ben", ben + "/receipts/1/void-request", {{"reason", "customer changed mind"}}, 200);
  office.command("ben", ben + "/receipts/1/void", {}, 403);
  // cruz: a check and cash on one receipt, a card, a paid-out for postage.
  pay("cruz", payment("300006", "110.00", {check("60.00", "2202"), cash("50.00")}));
  pay("cruz", payment("300007", "45.50", {card("45.50")}));
  const std::string cruz = "/api/v1/counter/sessions/" + sessions["cruz"];
  office.command("cruz", cruz + "/cash", {{"kind", "paid_out"}, {"amount", "7.50"}, {"reason", "postage"}}, 200);

  // Blind: while open, a cashier does not see the expected cash.
  CHECK_FALSE(office.read("ana", ana).contains("expected_cash"));

  // Closes. ana: 100 + 40 + 25 = 165.00 exactly; ben: 100 + 65 = 165.00 exactly; cruz: 100 + 50
  // - 7.50 = 142.50 expected, 139.50 counted (3.00 short, within the limit).
  const auto close = [&](const std::string& cashier, json::object cash_count) {
    return office.command(cashier, "/api/v1/counter/sessions/" + sessions[cashier] + "/close",
                          {{"cash", std::move(cash_count)}}, 200);
  };
  json::object ana_closed = close("ana", {{"2000", 6}, {"1000", 3}, {"500", 1}, {"100", 10}});
  CHECK(str_of(ana_closed.at("status")) == "closed");
  json::object ben_closed = close("ben", {{"2000", 6}, {"1000", 3}, {"500", 1}, {"100", 10}});
  CHECK(str_of(ben_closed.at("status")) == "closed");
  json::object cruz_closed = close("cruz", {{"2000", 5}, {"1000", 2}, {"500", 3}, {"100", 4}, {"50", 1}});
  CHECK(str_of(cruz_closed.at("status")) == "closed");
  CHECK(minor_of(cruz_closed.at("count").at("over_short")) == -300);
  CHECK(minor_of(cruz_closed.at("count").at("expected")) == 14250);

  // Deposits: cash less the float, plus checks and money orders.
  std::vector<std::pair<std::string, std::int64_t>> slips;
  for (const auto& [cashier, expected_total] : std::vector<std::pair<std::string, std::int64_t>>{
           {"ana", 6500 + 5000}, {"ben", 6500 + 2000}, {"cruz", 3950 + 6000}}) {
    const json::object slip = office.read("fin", "/api/v1/counter/sessions/" + sessions[cashier] + "/deposit-slip");
    CHECK(minor_of(slip.at("total")) == expected_total);
    slips.emplace_back(str_of(slip.at("reference")), expected_total);
  }
  REQUIRE(server.stop() == 0);

  // The bank's statement of the three deposits, then the day reconciled.
  const std::string statement = w.write("deposits.bai", deposits_bai2(today, slips));
  REQUIRE(w.tally({"ingest", statement, "--user", "fin"}).exit_code == 0);
  const Run reconciled = w.tally({"reconcile", "run", "--json", "--date", today.to_iso()});
  INFO(reconciled.out << reconciled.err);
  REQUIRE(reconciled.exit_code == 0);
  const Run open = w.tally({"discrepancies", "list", "--status", "open", "--json"});
  REQUIRE(open.exit_code == 0);
  const json::array discrepancies = json_object(open.out).at("discrepancies").as_array();
  REQUIRE(discrepancies.size() == 1);
  CHECK(str_of(discrepancies[0].at("kind")) == "drawer_over_short");

  const std::map<std::string, std::int64_t> books = accounts(w);
  const std::map<std::string, std::int64_t> expected = {
      {"customer:300001", -4000}, {"customer:300002", -7500}, {"customer:300003", 0},
      {"customer:300004", -2000}, {"customer:300005", -6500}, {"customer:300006", -11000},
      {"customer:300007", -4550}, {"drawer:D1", 0}, {"drawer:D2", 0}, {"drawer:D3", 0},
      {"bank:vault", 0}, {"transit:counter", 0}, {"bank:8765", 11500 + 8500 + 9950},
      {"clearing:card", 4550}, {"expense:cash-over-short", 300}, {"expense:counter-paid-out", 750}};
  std::map<std::string, std::int64_t> seen;
  for (const auto& [account, minor] : expected) seen[account] = books.count(account) ? books.at(account) : 0;
  CHECK(balance_differences(expected, seen) == "");
  CHECK(verify(w).ok);

  // ana's check comes back NSF in the bank's X9.37 returns: the return finds the counter's
  // payment through the check register and takes it back from clearing:counter (the drawer
  // gave it up with its deposit), with the NSF fee.
  const auto returned = ingest(w, {w.write("returns.x9", x9_check_returns({{"021000021", "9876543210", "1101", 5000, 'A'}}))});
  CHECK(int_of(returned.at("files").as_array().at(0).at("summary").at("returns_matched_to_checks")) == 1);
  constexpr std::int64_t kNsfFee = 2500;  // ledger/policy.h default for reason A
  CHECK(balance(w, "customer:300002") == -7500 + 5000 + kNsfFee);
  CHECK(balance(w, "clearing:counter") == -5000);
  CHECK(balance(w, "drawer:D1") == 0);
  CHECK(verify(w).ok);
}

TEST_CASE("a cashier's payments survive SIGKILLs of tally serve without gaps or doubles", "[e2e][counter][crash]") {
  Workspace w;
  Office office;
  office.tokens["ana"] = add_user(w, "ana", "cashier");
  std::mt19937 random(20261207);
  constexpr int kPayments = 24;
  std::string session;
  int next = 1;  // the payment being made; its idempotency key is fixed, so a retry is the same
  int restarts = 0;
  while (next <= kPayments) {
    office.port = free_port();
    ServerGuard server{w.spawn_tally({"serve", "--port", std::to_string(office.port)})};
    REQUIRE(wait_until_serving(office.port, kServerStartSeconds));
    if (session.empty()) {
      const auto opened = post(office.port, office.tokens["ana"], "/api/v1/counter/drawers/K1/open",
                               json::serialize(json::object{{"float", float_count()}}), "open");
      REQUIRE(opened.status == 201);
      session = str_of(json::parse(opened.body).at("id"));
    }
    // A kill lands a few payments in, at a random moment: sometimes mid-request.
    const int burst = 1 + static_cast<int>(random() % 6);
    for (int i = 0; i < burst && next <= kPayments; ++i) {
      const json::object body = payment(fmt::format("4000{:02}", next), "10.00", {cash("10.00")});
      if (i == burst - 1 && random() % 2 == 0) {
        // Fire the request and kill the server while it may be inside it.
        std::thread killer([&] {
          std::this_thread::sleep_for(std::chrono::microseconds(random() % 3000));
          server.kill_hard();
        });
        (void)post(office.port, office.tokens["ana"], "/api/v1/counter/sessions/" + session + "/payments",
                   json::serialize(body), fmt::format("pay-{}", next));
        killer.join();
        break;  // the next server retries this payment with the same key
      }
      const auto res = post(office.port, office.tokens["ana"], "/api/v1/counter/sessions/" + session + "/payments",
                            json::serialize(body), fmt::format("pay-{}", next));
      INFO("payment " << next << " -> " << res.status << " " << res.body);
      REQUIRE((res.status == 201 || res.status == 200));
      CHECK(int_of(json::parse(res.body).at("receipt_number")) == next);
      ++next;
    }
    if (!server.reaped) {
      server.kill_hard();
    }
    ++restarts;
  }
  CHECK(restarts > 1);
  office.port = free_port();
  ServerGuard server{w.spawn_tally({"serve", "--port", std::to_string(office.port)})};
  REQUIRE(wait_until_serving(office.port, kServerStartSeconds));
  tally::testing::HttpResult shown;
  for (int tries = 0; tries < 100 && shown.status != 200; ++tries) {
    shown = get(office.port, office.tokens["ana"], "/api/v1/counter/sessions/" + session);
    if (shown.status != 200) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  REQUIRE(shown.status == 200);
  const json::array receipts = json::parse(shown.body).at("receipts").as_array();
  REQUIRE(receipts.size() == kPayments);
  for (int n = 1; n <= kPayments; ++n) {
    CHECK(int_of(receipts[static_cast<std::size_t>(n - 1)].at("number")) == n);
    CHECK(str_of(receipts[static_cast<std::size_t>(n - 1)].at("account")) == fmt::format("4000{:02}", n));
  }
  REQUIRE(server.stop() == 0);
  CHECK(balance(w, "drawer:K1") == 10000 + kPayments * 1000);
  for (int n = 1; n <= kPayments; ++n) CHECK(balance(w, fmt::format("customer:4000{:02}", n)) == -1000);
  const LedgerCounters counters = ledger_counters(w);
  CHECK(counters.conflicts == 0);
  CHECK(counters.refused == 0);
  CHECK(verify(w).ok);
}
