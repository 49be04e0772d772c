// BAI2 transaction details to events: each 16 with money a BankTransaction; 03 balances none.
#include <catch2/catch.hpp>

#include "core/events/event_ids.h"
#include "ingest/tests/mapper_test_support.h"

using namespace mapper_test;
using formats::Format;

namespace {

// One group, one account: `body` is the 03 and its 16/88 records, `records` how many,
// `total` the sum of their amounts; the trailers are computed.
std::string file(const std::string& body, std::int64_t total, int records, char status = '1') {
  const std::string t = std::to_string(total);
  return std::string("01,TALLYBANK,UTILITY01,261120,0800,7,,,2/\n") + "02,UTILITY01,TALLYBANK," +
         status + ",261119,2400,,2/\n" + body + "49," + t + "," + std::to_string(records + 1) +
         "/\n" + "98," + t + ",1," + std::to_string(records + 3) + "/\n" + "99," + t + ",1," +
         std::to_string(records + 5) + "/\n";
}

const std::string kBody =
    "03,0001234567890,USD,010,+150000,,,015,175000,,/\n"  // balances: no events
    "16,115,30000,0,LBX001,INV-1,LOCKBOX DEPOSIT/\n"
    "16,142,10000,V,261120,0900,ACH001,,PAYROLL CREDIT/\n"
    "16,475,15000,Z,,1001,CHECK PAID/\n"
    "88,SERIAL 1001/\n";
constexpr std::int64_t kTotal = 150000 + 175000 + 30000 + 10000 + 15000;
constexpr int kRecords = 5;

}  // namespace

TEST_CASE("bai2 mapper: transaction details become bank transactions", "[ingest][bai2]") {
  const Mapped m = run(Format::bai2, file(kBody, kTotal, kRecords));
  REQUIRE(m.map.accepted);
  REQUIRE(m.events.size() == 3);  // the 03's status and summary amounts are not transactions
  CHECK(summary_int(m.map, "bank_transactions_posted") == 3);

  const events::Envelope& lockbox = m.events[0];
  CHECK(lockbox.type() == events::BANK_TRANSACTION);
  CHECK(lockbox.partition_key() == "bank:7890");
  const auto& t = lockbox.bank_transaction();
  CHECK(t.bank_account() == "7890");
  CHECK(t.account_hash() == account_hash(context(), "", "0001234567890"));
  CHECK(t.bank_reference() == "LBX001");
  CHECK(t.customer_reference() == "INV-1");
  CHECK(t.direction() == events::BankTransaction::CREDIT);
  CHECK(t.amount().minor() == 30000);
  CHECK(t.amount().currency() == "USD");
  CHECK(t.type_code() == "115");
  CHECK(t.booking_date() == BusinessDate::parse_iso("2026-11-19")->days());  // the as-of date
  CHECK(lockbox.business_date() == t.booking_date());
  CHECK(t.value_date() == 0);  // immediate availability names no date
  CHECK(t.description() == "LOCKBOX DEPOSIT");
  CHECK(t.source_format() == "bai2");
  // Leading zeros of the account number do not change the key.
  CHECK(lockbox.id() == id_bytes(events::bank_line_id("1234567890", "LBX001")));

  const auto& ach = m.events[1].bank_transaction();
  CHECK(ach.value_date() == BusinessDate::parse_iso("2026-11-20")->days());  // funds type V
  CHECK(ach.bank_reference() == "ACH001");
  CHECK(ach.customer_reference().empty());

  const auto& check = m.events[2].bank_transaction();
  CHECK(check.direction() == events::BankTransaction::DEBIT);
  CHECK(check.amount().minor() == 15000);  // positive; the direction gives the sign
  CHECK(check.type_code() == "475");
  CHECK(check.description() == "CHECK PAID SERIAL 1001");
  CHECK(check.bank_reference().empty());
  // No bank reference: keyed by the file and the 16's record ordinal (01 is record 1).
  CHECK(m.events[2].id() == id_bytes(events::bank_line_id_unreferenced(context().sha256, 6)));
  CHECK(ids_distinct(m.events));
}

TEST_CASE("bai2 mapper: ids are stable; only unreferenced lines depend on the file",
          "[ingest][bai2]") {
  const std::string f = file(kBody, kTotal, kRecords);
  const auto first = map_accepted(Format::bai2, f);
  const auto again = map_accepted(Format::bai2, f);
  CHECK(same_ids(first, again));
  const auto other_file = map_accepted(Format::bai2, f, context(std::string(64, 'f')));
  REQUIRE(other_file.size() == 3);
  CHECK(other_file[0].id() == first[0].id());
  CHECK(other_file[1].id() == first[1].id());
  CHECK(other_file[2].id() != first[2].id());
}

TEST_CASE("bai2 mapper: a reference repeated within an account report is two lines",
          "[ingest][bai2]") {
  const std::string body =
      "03,55501234,USD/\n"
      "16,165,100,0,SAME,,FIRST/\n"
      "16,165,100,0,SAME,,SECOND/\n";
  const Mapped m = run(Format::bai2, file(body, 200, 3));
  REQUIRE(m.events.size() == 2);
  CHECK(m.events[0].id() != m.events[1].id());
  CHECK(has_warning(m.map, "repeated_reference"));
}

TEST_CASE("bai2 mapper: test-only groups are not posted", "[ingest][bai2]") {
  const Mapped m = run(Format::bai2, file(kBody, kTotal, kRecords, '4'));
  REQUIRE(m.map.accepted);
  CHECK(m.events.empty());
  CHECK(has_warning(m.map, "not_posted"));
}

TEST_CASE("bai2 mapper: check and map agree on a refused file", "[ingest][bai2]") {
  const Mapped m = run(Format::bai2, file(kBody, kTotal + 1, kRecords));  // trailers off by a cent
  CHECK_FALSE(m.check.accepted);
  CHECK_FALSE(m.map.accepted);
  const Mapped garbage = run(Format::bai2, "01,oops/\n");
  CHECK_FALSE(garbage.map.accepted);
  CHECK(garbage.events.empty());
}
