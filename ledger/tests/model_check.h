// Compares a ledger with the model's books (model and crash tests).
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>

#include "ledger/ledger.h"
#include "ledger/tests/model.h"

namespace tally::ledger::model {

inline void check_books(const Ledger& ledger, const Books& books) {
  const Counters c = ledger.counters();
  CHECK(c.entries == books.entries);
  CHECK(c.duplicates == books.duplicates);
  CHECK(c.conflicts == books.conflicts);
  CHECK(c.refused == books.refused);
  CHECK(c.parked == books.parked);
  auto accounts = ledger.accounts(kMaxQueryLimit);
  REQUIRE(accounts.ok());
  std::size_t nonzero_or_posted = 0;
  for (const AccountBalance& a : *accounts) {
    INFO("account " << a.account);
    REQUIRE(books.balances.contains(a.account));
    CHECK(a.balance_minor == books.balances.at(a.account));
    ++nonzero_or_posted;
  }
  CHECK(nonzero_or_posted == books.balances.size());
  for (const auto& [key, amounts] : books.history) {
    const auto& [p, account] = key;
    INFO("history of " << account << " in partition " << p);
    auto lines = ledger.history(account, kMaxQueryLimit, {PartitionId(p)});
    REQUIRE(lines.ok());
    std::vector<std::int64_t> got;
    for (const HistoryLine& l : *lines) got.push_back(l.amount_minor);
    std::reverse(got.begin(), got.end());
    CHECK(got == amounts);
  }
  auto letters = ledger.return_letters(kMaxQueryLimit);
  REQUIRE(letters.ok());
  CHECK(letters->size() == books.letters);
  auto removals = ledger.autopay_removals(kMaxQueryLimit);
  REQUIRE(removals.ok());
  CHECK(removals->size() == books.removals);
  auto report = ledger.verify();
  REQUIRE(report.ok());
  if (report->problem) INFO("verify: " << report->problem->reason);
  CHECK(report->ok);
}

}  // namespace tally::ledger::model
