#include "reconcile/matcher.h"

#include <catch2/catch.hpp>

#include <random>
#include <set>

#include "reconcile/tests/fixtures.h"

using namespace tally;
using namespace tally::reconcile;
using namespace tally::reconcile::testing;
using Rule = events::ReconcileMatched;

namespace {

const BusinessDate kMonday = day(2026, 11, 30);

MatchResult match(const std::vector<Item>& e, const std::vector<Item>& b, MatchOptions o = {}) {
  const BankingDays days(kMonday.plus_days(-30), kMonday.plus_days(30));
  return match_items(e, b, days, o);
}

}  // namespace

TEST_CASE("a deposit's reference finds the bank line carrying it", "[reconcile][matcher]") {
  const std::vector<Item> e = {expected_item("d1", ItemKind::deposit, 5000, kMonday, "PAYOUT-7")};
  const std::vector<Item> b = {bank_item("b1", ItemKind::bank_credit, 5000, kMonday.plus_days(1), "BR1", "OTHER"),
                               bank_item("b2", ItemKind::bank_credit, 4999, kMonday.plus_days(9), "BR2", "PAYOUT-7")};
  const MatchResult r = match(e, b);
  REQUIRE(r.matches.size() == 1);
  CHECK(r.matches[0].rule == Rule::REFERENCE);
  CHECK_FALSE(r.matches[0].proposed);
  // The reference wins over a same-amount line: references outrank amounts, even far apart
  // and with another amount (the difference is a discrepancy, not a reason to look elsewhere).
  CHECK(r.matches[0].bank == std::vector<std::uint32_t>{1});
  CHECK_FALSE(r.bank_claimed[0]);
}

TEST_CASE("a known key matches within the window, or later with the same amount", "[reconcile][matcher]") {
  const std::vector<Item> e = {
      expected_item("lbx", ItemKind::deposit, 7000, kMonday, "lockbox:0004417:2026-11-30", "0004417"),
      expected_item("lbx-old", ItemKind::deposit, 8100, kMonday.plus_days(-20), "lockbox:0004417:2026-11-10", "0004417")};
  const std::vector<Item> b = {bank_item("b1", ItemKind::bank_credit, 7000, kMonday.plus_days(1), "LBX1", "0004417"),
                               bank_item("b2", ItemKind::bank_credit, 8000, kMonday.plus_days(1), "LBX2", "0004417")};
  const MatchResult r = match(e, b);
  REQUIRE(r.matches.size() == 1);
  CHECK(r.matches[0].rule == Rule::KNOWN_KEY);
  CHECK(r.matches[0].expected == std::vector<std::uint32_t>{0});
  CHECK(r.matches[0].bank == std::vector<std::uint32_t>{0});
  CHECK_FALSE(r.expected_claimed[1]);  // twenty days off and another amount: not this lockbox day

  // The same amount twenty days late is the late deposit itself.
  std::vector<Item> late = e;
  late[1].amount_minor = 8000;
  const MatchResult l = match(late, b);
  REQUIRE(l.matches.size() == 2);
  CHECK(l.matches[1].rule == Rule::KNOWN_KEY);
  CHECK(l.matches[1].expected == std::vector<std::uint32_t>{1});
}

TEST_CASE("a card payout matched by its payout id is a net-of-fees match", "[reconcile][matcher]") {
  const std::vector<Item> e = {expected_item("card", ItemKind::deposit, 312345, kMonday, "card:acme:B1", "PAYOUT-1", "card")};
  const std::vector<Item> b = {bank_item("b", ItemKind::bank_credit, 312345, kMonday.plus_days(1), "CRD1", "PAYOUT-1")};
  const MatchResult r = match(e, b);
  REQUIRE(r.matches.size() == 1);
  CHECK(r.matches[0].rule == Rule::CARD_NET);
}

TEST_CASE("an exact amount matches within the window of banking days", "[reconcile][matcher]") {
  const BusinessDate friday = kMonday.plus_days(4);
  const std::vector<Item> e = {expected_item("d1", ItemKind::deposit, 1234, friday),
                               expected_item("d2", ItemKind::deposit, 999, kMonday)};
  // Friday to the Wednesday after is three banking days: in. The 999 line is 12 banking days off.
  const std::vector<Item> b = {bank_item("b1", ItemKind::bank_credit, 1234, friday.plus_days(5)),
                               bank_item("b2", ItemKind::bank_credit, 999, kMonday.plus_days(16))};
  const MatchResult r = match(e, b);
  REQUIRE(r.matches.size() == 1);
  CHECK(r.matches[0].rule == Rule::AMOUNT_WINDOW);
  CHECK(r.matches[0].expected == std::vector<std::uint32_t>{0});
  CHECK_FALSE(r.matches[0].proposed);
  CHECK_FALSE(r.bank_claimed[1]);
}

TEST_CASE("two equally good candidates make a proposal, not a match", "[reconcile][matcher]") {
  const std::vector<Item> e = {expected_item("d1", ItemKind::deposit, 2500, kMonday.plus_days(1))};
  const std::vector<Item> b = {bank_item("b1", ItemKind::bank_credit, 2500, kMonday),
                               bank_item("b2", ItemKind::bank_credit, 2500, kMonday.plus_days(2))};
  const MatchResult r = match(e, b);
  REQUIRE(r.matches.size() == 1);
  CHECK(r.matches[0].proposed);
  CHECK(r.matches[0].why_proposed.find("as near") != std::string::npos);
}

TEST_CASE("a credit never matches a debit of the same amount", "[reconcile][matcher]") {
  const std::vector<Item> e = {expected_item("d1", ItemKind::deposit, 2500, kMonday)};
  const std::vector<Item> b = {bank_item("b1", ItemKind::bank_debit, 2500, kMonday)};
  CHECK(match(e, b).matches.empty());
}

TEST_CASE("deposits summing exactly to one credit are proposed as a group", "[reconcile][matcher]") {
  const std::vector<Item> e = {expected_item("d1", ItemKind::deposit, 1000, kMonday),
                               expected_item("d2", ItemKind::deposit, 2000, kMonday),
                               expected_item("d3", ItemKind::deposit, 4000, kMonday)};
  const std::vector<Item> b = {bank_item("b1", ItemKind::bank_credit, 5000, kMonday.plus_days(1))};
  const MatchResult r = match(e, b);
  REQUIRE(r.matches.size() == 1);
  CHECK(r.matches[0].rule == Rule::GROUP);
  CHECK(r.matches[0].proposed);
  CHECK(r.matches[0].expected == std::vector<std::uint32_t>{0, 2});
  CHECK_FALSE(r.expected_claimed[1]);
}

TEST_CASE("one deposit split over several credits is proposed as a group", "[reconcile][matcher]") {
  const std::vector<Item> e = {expected_item("d1", ItemKind::deposit, 9000, kMonday)};
  const std::vector<Item> b = {bank_item("b1", ItemKind::bank_credit, 4000, kMonday),
                               bank_item("b2", ItemKind::bank_credit, 5000, kMonday.plus_days(1)),
                               bank_item("b3", ItemKind::bank_credit, 7000, kMonday)};
  const MatchResult r = match(e, b);
  REQUIRE(r.matches.size() == 1);
  CHECK(r.matches[0].rule == Rule::GROUP);
  CHECK(r.matches[0].bank == std::vector<std::uint32_t>{0, 1});
}

TEST_CASE("a group larger than the bound is not searched", "[reconcile][matcher]") {
  std::vector<Item> e;
  for (int k = 0; k < 5; ++k) e.push_back(expected_item("d" + std::to_string(k), ItemKind::deposit, 1000 + k, kMonday));
  const std::vector<Item> b = {bank_item("b1", ItemKind::bank_credit, 5010, kMonday)};
  MatchOptions o;
  o.max_group_size = 4;
  CHECK(match(e, b, o).matches.empty());
  o.max_group_size = 5;
  CHECK(match(e, b, o).matches.size() == 1);
}

TEST_CASE("a bank debit for one day's returns matches them all", "[reconcile][matcher]") {
  const std::vector<Item> e = {expected_item("r1", ItemKind::returned, 4500, kMonday, "", "R01", "ach"),
                               expected_item("r2", ItemKind::returned, 3300, kMonday, "", "R02", "ach"),
                               expected_item("r3", ItemKind::returned, 1000, kMonday.plus_days(1), "", "R01", "ach")};
  const std::vector<Item> b = {bank_item("b1", ItemKind::bank_debit, 7800, kMonday.plus_days(1), "RET1", "1946000123")};
  const MatchResult r = match(e, b);
  REQUIRE(r.matches.size() == 1);
  CHECK(r.matches[0].rule == Rule::RETURN_DEBITS);
  CHECK_FALSE(r.matches[0].proposed);
  CHECK(r.matches[0].expected.size() == 2);
  CHECK_FALSE(r.expected_claimed[2]);
}

TEST_CASE("every item is claimed at most once, and the same items give the same matches", "[reconcile][matcher]") {
  std::mt19937_64 rng(42);
  std::vector<Item> e, b;
  for (int k = 0; k < 3000; ++k) {
    const std::int64_t amount = 100 + static_cast<std::int64_t>(rng() % 400);  // many equal amounts
    const BusinessDate d = kMonday.plus_days(static_cast<std::int32_t>(rng() % 20) - 10);
    const std::string ref = rng() % 3 == 0 ? "REF" + std::to_string(rng() % 500) : "";
    e.push_back(expected_item("e" + std::to_string(k), rng() % 5 ? ItemKind::deposit : ItemKind::returned, amount, d, ref));
    b.push_back(bank_item("b" + std::to_string(k), rng() % 5 ? ItemKind::bank_credit : ItemKind::bank_debit,
                          amount + static_cast<std::int64_t>(rng() % 3), d.plus_days(static_cast<std::int32_t>(rng() % 5)),
                          "", ref));
  }
  const MatchResult r = match(e, b);
  std::set<std::uint32_t> es, bs;
  std::size_t claimed_e = 0, claimed_b = 0;
  for (const Found& f : r.matches) {
    for (auto i : f.expected) CHECK(es.insert(i).second);
    for (auto j : f.bank) CHECK(bs.insert(j).second);
  }
  for (bool c : r.expected_claimed) claimed_e += c;
  for (bool c : r.bank_claimed) claimed_b += c;
  CHECK(claimed_e == es.size());
  CHECK(claimed_b == bs.size());
  CHECK(r.matches.size() > 500);
  const MatchResult again = match(e, b);
  REQUIRE(again.matches.size() == r.matches.size());
  for (std::size_t k = 0; k < r.matches.size(); ++k) {
    CHECK(again.matches[k].expected == r.matches[k].expected);
    CHECK(again.matches[k].bank == r.matches[k].bank);
    CHECK(again.matches[k].rule == r.matches[k].rule);
  }
}
