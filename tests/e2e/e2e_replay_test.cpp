// tally replay: a folder replayed from its log compares equal to it and answers the same
// balances; a replay until the first of two days answers the balances as of that day (as
// `ledger balance --as-of` does on the live folder), not today's.
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

#include "tests/e2e/e2e_fixtures.h"
#include "tests/e2e/e2e_support.h"

using namespace e2e;

namespace {

std::vector<std::string> day_files(const Workspace& w, const DayFiles& f, const std::string& tag) {
  return {w.write(tag + "-01-billing.csv", f.billing), w.write(tag + "-02-enrollments.csv", f.enrollments),
          w.write(tag + "-03-autopay.ach", f.autopay_ach),  w.write(tag + "-04-lockbox.txt", f.lockbox),
          w.write(tag + "-05-card.csv", f.card),            w.write(tag + "-06-returns.ach", f.returns_ach),
          w.write(tag + "-07-statement.bai", f.bai2)};
}

// `tally --data-dir DIR ledger balance ACCOUNT --json` (with --as-of when given): 0 for an
// account never posted to.
std::int64_t balance_in(const std::string& dir, const std::string& account, const std::string& as_of = "") {
  std::vector<std::string> args = {"--data-dir", dir, "ledger", "balance", account, "--json"};
  if (!as_of.empty()) args.insert(args.end(), {"--as-of", as_of});
  const Run r = run_tally(args);
  INFO(dir << " " << account << ": " << r.err);
  if (r.exit_code == 1 && r.err.find("has never had a posting") != std::string::npos) return 0;
  REQUIRE(r.exit_code == 0);
  return int_of(json_object(r.out).at("balance_minor"));
}

// Every account of DIR with its balance (`ledger accounts --json`), in minor units.
std::map<std::string, std::int64_t> accounts_in(const std::string& dir) {
  const Run r = run_tally({"--data-dir", dir, "ledger", "accounts", "--json", "--limit", "100000"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const boost::json::object o = json_object(r.out);  // kept: the loop reads into it
  std::map<std::string, std::int64_t> out;
  for (const auto& a : o.at("accounts").as_array())
    out[str_of(a.at("account"))] = int_of(a.at("balance_minor"));
  return out;
}

// The accounts a balance check asks one by one (a process each): every account that is not a
// customer's, and the first customers.
std::vector<std::string> sample(const std::map<std::string, std::int64_t>& accounts) {
  constexpr std::size_t kCustomers = 15;
  std::vector<std::string> out;
  std::size_t customers = 0;
  for (const auto& [account, minor] : accounts) {
    const bool customer = account.starts_with("customer:");
    if (customer && customers++ >= kCustomers) continue;
    out.push_back(account);
  }
  return out;
}

}  // namespace

TEST_CASE("replay rebuilds two days of books that compare equal and answer as of the cut", "[e2e][replay]") {
  Workspace w;
  const BusinessDate day1 = test_day();
  const BusinessDate day2 = BusinessDate::from_days(day1.days() + 3);  // the next Monday
  const DayFiles f1 = make_day(day1), f2 = make_day(day2);
  ingest(w, day_files(w, f1, "d1"));
  {
    const Run r = w.tally_on(day1.to_iso(), {"reconcile", "run", "--date", day1.to_iso()});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
  }
  ingest(w, day_files(w, f2, "d2"));
  const std::map<std::string, std::int64_t> now = accounts(w);
  REQUIRE(now.size() > 10);

  const std::string whole = w.root() + "/replayed";
  {
    const Run r = w.tally({"replay", "--into", whole});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("not copied: the keys") != std::string::npos);
  }
  {
    const Run r = w.tally({"replay", "--compare", whole});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("DIFFERS") == std::string::npos);
    CHECK(r.out.find("reconcile") != std::string::npos);
  }
  CHECK(balance_differences(now, accounts_in(whole)).empty());
  for (const std::string& account : sample(now)) {  // `ledger balance` on DIR, as a user asks
    INFO(account);
    CHECK(balance_in(whole, account) == now.at(account));
  }
  {  // the replay is not the live folder: nothing posted there changes it, and vice versa
    const Run again = w.tally({"replay", "--into", whole});
    CHECK(again.exit_code == 1);
    CHECK(again.err.find("not empty") != std::string::npos);
  }

  const std::string first = w.root() + "/day1";
  {
    const Run r = w.tally({"replay", "--into", first, "--until", day1.to_iso()});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
  }
  // The books for the days up to day 1: each balance is the live one as of day 1.
  const std::map<std::string, std::int64_t> day1_books = accounts_in(first);
  for (const std::string& account : sample(now)) {
    INFO(account);
    CHECK(balance_in(first, account) == balance_in(w.data_dir(), account, day1.to_iso()));
  }
  std::size_t moved = 0, held = 0;
  for (const auto& [account, minor] : now) {
    const auto it = day1_books.find(account);
    const std::int64_t then = it == day1_books.end() ? 0 : it->second;
    if (then != minor) ++moved;
    if (then != 0) ++held;
  }
  CHECK(moved > 0);  // day 2 moved money: the cut is not the present
  CHECK(held > 10);  // and day 1 did
  {
    const Run r = w.tally({"replay", "--compare", first});
    CHECK(r.exit_code == 1);
    CHECK(r.out.find("DIFFERS") != std::string::npos);
  }
}
