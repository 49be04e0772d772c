// The balances the BAI2 and camt mappers share (ingest/mappers/bank_balance.h): one event per
// account and day, memory bounded.
#include <catch2/catch.hpp>

#include "ingest/mappers/bank_balance.h"
#include "ingest/tests/mapper_test_support.h"

using namespace mapper_test;
using tally::ingest::bank_balance::BankBalances;
using tally::ingest::bank_balance::Report;

namespace {

Report closing_on(std::string_view account, const char* iso_date, std::int64_t minor) {
  Report r;
  r.account_number = account;
  r.date = *BusinessDate::parse_iso(iso_date);
  r.closing_ledger = Money(minor, Currency::usd());
  r.source_format = "bai2";
  r.ordinal = 3;
  return r;
}

}  // namespace

TEST_CASE("bank balances: a report with neither balance is no event", "[ingest][balances]") {
  BankBalances balances;
  CollectingSink sink;
  Report empty = closing_on("12345678", "2026-11-19", 0);
  empty.closing_ledger.reset();
  balances.add(context(), empty, sink);
  balances.finish(context(), sink);
  CHECK(sink.events.empty());
  CHECK(balances.reported() == 0);
}

TEST_CASE("bank balances: past the bound of days held, they are emitted and none is lost",
          "[ingest][balances]") {
  BankBalances balances(2);
  CollectingSink sink;
  balances.add(context(), closing_on("12345678", "2026-11-17", 1), sink);
  balances.add(context(), closing_on("12345678", "2026-11-18", 2), sink);
  CHECK(sink.events.empty());  // held: a later report of the same day would merge
  balances.add(context(), closing_on("12345678", "2026-11-19", 3), sink);
  CHECK(sink.events.size() == 2);
  balances.finish(context(), sink);
  REQUIRE(sink.events.size() == 3);
  CHECK(balances.reported() == 3);
  CHECK(ids_distinct(sink.events));
  CHECK(sink.events[2].bank_balance_reported().closing_ledger().minor() == 3);
}
