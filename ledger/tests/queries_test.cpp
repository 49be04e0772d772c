// Balances now, as of a business date and after a sequence; history; accounts.
#include <catch2/catch.hpp>

#include "ledger/errors.h"
#include "ledger/store.h"
#include "ledger/tests/test_support.h"

using namespace tally;
using namespace tally::ledger;
using namespace tally::ledger::testing;

namespace {

void flush(Ledger& ledger) {
  rocksdb::FlushOptions options;
  Store& store = ledger.store();
  REQUIRE(store.db->Flush(options, store.handles).ok());
}

std::int64_t as_of(const Ledger& ledger, const std::string& account, int days) {
  BalanceQuery q;
  q.as_of = BusinessDate::from_days(20454 + days);
  auto b = ledger.balance(account, q);
  REQUIRE(b.ok());
  return b->balance_minor;
}

}  // namespace

TEST_CASE("balance as of a business date counts postings dated on or before it, late ones too",
          "[ledger][queries]") {
  TempDir dir;
  auto ledger = open_ledger(dir.path());
  PartitionWriter w;
  apply_ok(*ledger,
           w.records({bill("b1", "1", 1000, 1), payment("p1", "1", 300, "A", events::ACH, 3)}));
  flush(*ledger);  // part of the history in SST files, part in the memtable
  apply_ok(*ledger, w.records({bill("b2", "1", 50, 5),
                               payment("late", "1", 7, "L", events::ACH, 2),  // dated before b2
                               bill("b3", "1", 5, 9)}));
  for (int pass = 0; pass < 2; ++pass) {
    CHECK(as_of(*ledger, "customer:1", 0) == 0);
    CHECK(as_of(*ledger, "customer:1", 1) == 1000);
    CHECK(as_of(*ledger, "customer:1", 2) == 1000 - 7);
    CHECK(as_of(*ledger, "customer:1", 3) == 1000 - 7 - 300);
    CHECK(as_of(*ledger, "customer:1", 4) == 1000 - 7 - 300);
    CHECK(as_of(*ledger, "customer:1", 5) == 1000 - 7 - 300 + 50);
    CHECK(as_of(*ledger, "customer:1", 8) == 743);
    CHECK(as_of(*ledger, "customer:1", 9) == 748);
    CHECK(as_of(*ledger, "customer:1", 100) == balance_of(*ledger, "customer:1"));
    CHECK(as_of(*ledger, "clearing:ach", 2) == 7);
    flush(*ledger);
  }
}

TEST_CASE("balance after a sequence and newest-first history", "[ledger][queries]") {
  TempDir dir;
  auto ledger = open_ledger(dir.path());
  PartitionWriter w;
  apply_ok(*ledger,
           w.records({bill("b1", "1", 1000), bill("other", "2", 5), payment("p1", "1", 300, "A"),
                      payment_return("r1", "p1", "", 300, "R01")}));
  const PartitionId p(0);
  CHECK(*ledger->balance_at_sequence("customer:1", p, EntrySequence(0)) == 0);
  CHECK(*ledger->balance_at_sequence("customer:1", p, EntrySequence(1)) == 1000);
  CHECK(*ledger->balance_at_sequence("customer:1", p, EntrySequence(2)) == 1000);
  CHECK(*ledger->balance_at_sequence("customer:1", p, EntrySequence(3)) == 700);
  CHECK(*ledger->balance_at_sequence("customer:1", p, EntrySequence(4)) == 1000 + 2500);
  flush(*ledger);
  auto history = ledger->history("customer:1", 10);
  REQUIRE(history.ok());
  REQUIRE(history->size() == 3);
  CHECK(history->at(0).seq == EntrySequence(4));
  CHECK(history->at(0).amount_minor == 300 + 2500);  // the return and its fee, net per entry
  CHECK(history->at(0).balance_after_minor == 3500);
  CHECK(history->at(0).event_id == test_id("r1"));
  CHECK_THAT(history->at(0).memo, Catch::Contains("R01"));
  CHECK(history->at(2).event_type == events::BILL_ISSUED);
  auto limited = ledger->history("customer:1", 1);
  REQUIRE(limited.ok());
  CHECK(limited->size() == 1);
  CHECK(ledger->history("customer:1", 0).error().code == LedgerErrc::invalid_argument);
}

TEST_CASE("an account's balance is the sum over partitions, and accounts lists them in order",
          "[ledger][queries]") {
  TempDir dir;
  auto ledger = open_ledger(dir.path());
  PartitionWriter p0(PartitionId(0)), p5(PartitionId(5));
  apply_ok(*ledger, {p0.record(payment("a", "1", 100, "")), p5.record(payment("b", "2", 40, ""))});
  auto b = ledger->balance("clearing:ach");
  REQUIRE(b.ok());
  CHECK(b->balance_minor == 140);
  CHECK(b->by_partition.size() == 2);
  CHECK(b->postings == 2);
  BalanceQuery only5;
  only5.partitions = {PartitionId(5)};
  CHECK(ledger->balance("clearing:ach", only5)->balance_minor == 40);
  auto accounts = ledger->accounts(10);
  REQUIRE(accounts.ok());
  REQUIRE(accounts->size() == 3);
  CHECK(accounts->at(0).account == "clearing:ach");
  CHECK(accounts->at(0).balance_minor == 140);
  CHECK(accounts->at(1).account == "customer:1");
  CHECK(accounts->at(2).account == "customer:2");
  CHECK(ledger->accounts(2)->size() == 2);
  CHECK(ledger->balance("nobody")->postings == 0);
}

TEST_CASE("an account's view reads lines only where it has a balance, the same as history",
          "[ledger][queries]") {
  TempDir dir;
  auto ledger = open_ledger(dir.path());
  PartitionWriter p0(PartitionId(0)), p3(PartitionId(3)), p5(PartitionId(5));
  apply_ok(*ledger, {p0.record(bill("b1", "1", 500, 1)), p0.record(payment("a", "1", 100, "A", events::ACH, 2)),
                     p3.record(bill("b9", "9", 70, 1)), p5.record(payment("b", "2", 40, "B", events::ACH, 3))});
  for (const std::string account : {"clearing:ach", "customer:1", "customer:9"}) {
    INFO(account);
    auto view = ledger->account_view(account, 10);
    auto balance = ledger->balance(account);
    auto history = ledger->history(account, 10);
    REQUIRE(view.ok());
    REQUIRE(history.ok());
    CHECK(view->balance.balance_minor == balance->balance_minor);
    CHECK(view->balance.postings == balance->postings);
    REQUIRE(view->history.size() == history->size());
    for (std::size_t i = 0; i < history->size(); ++i) {
      CHECK(view->history[i].partition == history->at(i).partition);
      CHECK(view->history[i].seq == history->at(i).seq);
      CHECK(view->history[i].event_id == history->at(i).event_id);
      CHECK(view->history[i].balance_after_minor == history->at(i).balance_after_minor);
    }
  }
  CHECK(ledger->account_view("clearing:ach", 10)->history.size() == 2);  // from partitions 0 and 5
  CHECK(ledger->account_view("clearing:ach", 1)->history.size() == 1);
  auto none = ledger->account_view("customer:404", 10);
  REQUIRE(none.ok());
  CHECK(none->balance.postings == 0);
  CHECK(none->history.empty());
  CHECK(ledger->account_view("customer:404", 0).error().code == LedgerErrc::invalid_argument);
  CHECK(ledger->account_view("customer:1", 0).error().code == LedgerErrc::invalid_argument);
}
