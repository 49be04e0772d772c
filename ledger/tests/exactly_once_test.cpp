// Exactly once: duplicates, conflicts, redelivery, restarts, refusals and dead letters.
#include <catch2/catch.hpp>

#include <thread>

#include "core/errors.h"
#include "core/log/embedded_log.h"
#include "ledger/errors.h"
#include "ledger/service.h"
#include "ledger/tests/test_support.h"

using namespace tally;
using namespace tally::ledger;
using namespace tally::ledger::testing;

TEST_CASE("a repeated event id with the same payload is skipped and counted",
          "[ledger][exactly-once]") {
  TempDir dir;
  auto ledger = open_ledger(dir.path());
  PartitionWriter w;
  events::Envelope p = payment("p1", "1", 100, "T1");
  events::Envelope resent = p;  // a corrected re-send: other file, ordinal and time
  resent.mutable_source()->set_file_sha256("ab");
  resent.mutable_source()->set_record_ordinal(7);
  resent.set_recorded_at_us(1);
  auto stats = apply_ok(*ledger, w.records({p, p, resent}));
  CHECK(stats.applied == 1);
  CHECK(stats.duplicates == 2);
  CHECK(balance_of(*ledger, "customer:1") == -100);
  CHECK(ledger->counters().duplicates == 2);
}

TEST_CASE("a repeated event id with a different payload is a stored conflict, not applied",
          "[ledger][exactly-once]") {
  TempDir dir;
  auto ledger = open_ledger(dir.path());
  PartitionWriter w;
  apply_ok(*ledger, w.records({payment("p1", "1", 100, "T1")}));
  auto stats = apply_ok(*ledger, w.records({payment("p1", "1", 999, "T1")}));
  CHECK(stats.conflicts == 1);
  CHECK(stats.applied == 0);
  CHECK(balance_of(*ledger, "customer:1") == -100);
  auto d = ledger->discrepancies(10);
  REQUIRE(d.ok());
  REQUIRE(d->size() == 1);
  CHECK(d->at(0).discrepancy.kind == events::CONFLICTING_EVENT);
  CHECK(d->at(0).discrepancy.event_id == test_id("p1"));
  CHECK(d->at(0).discrepancy.position == LogPosition(1));
}

TEST_CASE("records below the stored position are skipped, across a restart",
          "[ledger][exactly-once]") {
  TempDir dir;
  std::vector<log::LogRecord> records;
  PartitionWriter w(PartitionId(3));
  for (int i = 0; i < 10; ++i)
    records.push_back(w.record(payment("p" + std::to_string(i), "1", 10, "")));
  {
    auto ledger = open_ledger(dir.path());
    apply_ok(*ledger, std::vector<log::LogRecord>(records.begin(), records.begin() + 6));
    CHECK(ledger->next_position(PartitionId(3)) == LogPosition(6));
  }
  auto ledger = open_ledger(dir.path());
  CHECK(ledger->next_position(PartitionId(3)) == LogPosition(6));
  auto stats = apply_ok(*ledger, records);  // the whole log again: a redelivery
  CHECK(stats.skipped == 6);
  CHECK(stats.applied == 4);
  CHECK(stats.duplicates == 0);
  CHECK(balance_of(*ledger, "customer:1") == -100);
  CHECK(ledger->verify()->ok);
}

TEST_CASE("invalid events are refused with their code and nothing of them is applied",
          "[ledger][exactly-once]") {
  TempDir dir;
  auto ledger = open_ledger(dir.path());
  PartitionWriter w;
  events::Envelope negative = payment("neg", "1", -5, "N");
  events::Envelope currency = payment("cur", "1", 5, "C");
  currency.mutable_payment_received()->mutable_amount()->set_currency("XXQ");
  events::Envelope missing = bill("miss", "", 100);
  events::Envelope nothing = payment_return("ret", "ghost-without-ref", "", 5, "R01");
  nothing.mutable_payment_returned()->clear_original_event_id();
  events::Envelope no_approver = envelope("adj", events::ADJUSTMENT_POSTED);
  no_approver.mutable_adjustment_posted()->set_account_id("1");
  *no_approver.mutable_adjustment_posted()->mutable_amount() = amount(50);
  // A return for a payment whose currency differs: refused after the lookup, before any write.
  events::Envelope other_currency = payment_return("ret2", "good", "", 5, "R01");
  other_currency.mutable_payment_returned()->mutable_amount()->set_currency("EUR");
  auto stats = apply_ok(*ledger, w.records({payment("good", "1", 100, "G"), negative, currency,
                                            missing, nothing, no_approver, other_currency}));
  CHECK(stats.applied == 1);
  CHECK(stats.refused == 6);
  CHECK(ledger->next_position(PartitionId(0)) == LogPosition(7));  // every position consumed
  CHECK(balance_of(*ledger, "customer:1") == -100);
  CHECK(balance_of(*ledger, "revenue:nsf-fees") == 0);
  auto d = ledger->discrepancies(100);
  REQUIRE(d.ok());
  REQUIRE(d->size() == 6);
  std::vector<RefusalCode> codes;
  for (const auto& x : *d) {
    CHECK(x.discrepancy.kind == events::INVALID_EVENT);
    codes.push_back(x.discrepancy.code);
  }
  CHECK(codes ==
        std::vector<RefusalCode>{RefusalCode::negative_amount, RefusalCode::unknown_currency,
                                 RefusalCode::missing_field, RefusalCode::no_payment_reference,
                                 RefusalCode::missing_approval, RefusalCode::currency_mismatch});
  // The detail names what was wrong: here, the field that is missing.
  CHECK_THAT(d->at(2).discrepancy.reason, Catch::Contains("account_id"));
  // The same invalid event again is a duplicate of the refused one, not a second discrepancy.
  auto again = apply_ok(*ledger, w.records({negative}));
  CHECK(again.duplicates == 1);
  CHECK(ledger->discrepancies(100)->size() == 6);
  CHECK(ledger->verify()->ok);
}

TEST_CASE("an account keeps one currency: a posting in another is refused whole",
          "[ledger][exactly-once]") {
  TempDir dir;
  auto ledger = open_ledger(dir.path());
  PartitionWriter w;
  events::Envelope euro = payment("eu", "1", 100, "E");
  euro.mutable_payment_received()->mutable_amount()->set_currency("EUR");
  auto stats = apply_ok(*ledger, w.records({payment("us", "1", 100, "U"), euro}));
  CHECK(stats.refused == 1);
  CHECK(balance_of(*ledger, "clearing:ach") ==
        100);  // the EUR debit to clearing was not half-applied
  CHECK(ledger->counters().entries == 1);
}

TEST_CASE("records that do not decode are dead-lettered and their position consumed",
          "[ledger][exactly-once]") {
  TempDir dir;
  auto log = log::EmbeddedLog::open({dir.path("log"), 1, false});
  REQUIRE(log.ok());
  auto ledger = open_ledger(dir.path());
  PartitionWriter w;
  std::vector<log::LogRecord> records{w.raw("not protobuf \xff\xff"),
                                      w.record(payment("p", "1", 5, ""))};
  auto stats = ledger->apply(records, log->get());
  REQUIRE(stats.ok());
  CHECK(stats->dead_letters == 1);
  CHECK(stats->applied == 1);
  CHECK(ledger->next_position(PartitionId(0)) == LogPosition(2));
  auto letters = (*log)->read_dead_letters(10);
  REQUIRE(letters.ok());
  REQUIRE(letters->size() == 1);
  CHECK(letters->at(0).position == LogPosition(0));
}

TEST_CASE("the service applies the embedded log in group commits and resumes where it stopped",
          "[ledger][service]") {
  TempDir dir;
  auto log = log::EmbeddedLog::open({dir.path("log"), 4, false});
  REQUIRE(log.ok());
  auto append = [&](int from, int to) {
    std::vector<std::string> keys, values;
    for (int i = from; i < to; ++i) {
      keys.push_back(std::to_string(i % 13));
      values.push_back(events::encode(
          payment("p" + std::to_string(i), keys.back(), 100, "R" + std::to_string(i))));
    }
    std::vector<log::AppendEntry> entries;
    for (std::size_t i = 0; i < keys.size(); ++i) entries.push_back({keys[i], values[i]});
    REQUIRE((*log)->append(entries).ok());
  };
  auto run_until = [&](Ledger& ledger, std::uint64_t entries) {
    ServiceOptions options;
    options.max_batch_events = 64;
    options.max_batch_ms = 5;
    LedgerService service(ledger, **log, options);
    std::stop_source stop;
    std::thread runner([&] { CHECK(service.run(stop.get_token()).ok()); });
    for (int i = 0; i < 500 && ledger.counters().entries < entries; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    stop.request_stop();
    runner.join();
    return service.stats().batches.load();
  };
  append(0, 300);
  {
    auto ledger = open_ledger(dir.path());
    CHECK(run_until(*ledger, 300) >= 5);  // 300 records in batches of at most 64
    CHECK(ledger->counters().entries == 300);
  }
  append(300, 400);
  auto ledger = open_ledger(dir.path());
  run_until(*ledger, 400);
  CHECK(ledger->counters().entries == 400);
  CHECK(ledger->counters().duplicates == 0);
  CHECK(balance_of(*ledger, "clearing:ach") == 400 * 100);
  CHECK(ledger->verify()->ok);
}

TEST_CASE("a ledger that is already open is in use, by its code", "[ledger][store]") {
  TempDir dir;
  auto first = open_ledger(dir.path());
  LedgerOptions options;
  options.path = dir.path();
  auto second = Ledger::open(options);
  REQUIRE_FALSE(second.ok());
  CHECK(second.error().code == LedgerErrc::in_use);
  CHECK(is_in_use(second.error()));
}
