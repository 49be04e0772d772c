// Lockbox checks to events: each check a payment, each lockbox total the one deposit.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include "core/events/event_ids.h"
#include "ingest/tests/mapper_test_support.h"

using namespace mapper_test;
using formats::Format;

namespace {

// Our own records in the standard layout (formats/lockbox/layout.cpp), not padded past their
// last field.
constexpr std::int64_t kLockbox = 22222;
constexpr const char* kDate = "261120";  // YYMMDD

std::string rec1() { return fmt::format("100{:<10}{:<10}{}0800", "UTILITY01", "0099999991", kDate); }
std::string rec5() { return fmt::format("5000000{:07}{}{:<20}", kLockbox, kDate, "UTILITY01"); }
std::string rec6(int batch, int item, std::int64_t amount_minor, std::string_view remitter) {
  return fmt::format("6{:03}{:03}{:010}{:<9}{:<10}{:010}{:<6}{:<30}{}", batch, item, amount_minor,
                     "055002707", "0012345555", 1000 + item, "110126", remitter, "CITY WATER DEPT");
}
std::string rec4(int batch, int item, char type, int sequence, bool last, std::string_view data) {
  return fmt::format("4{:03}{:03}{}{:02}{}{}", batch, item, type, sequence, last ? 9 : 0, data);
}
std::string rec7(int batch, int count, std::int64_t amount_minor) {
  return fmt::format("7{:03}000{:07}{}{:03}{:010}", batch, kLockbox, kDate, count, amount_minor);
}
std::string rec8(int count, std::int64_t amount_minor) {
  return fmt::format("8000000{:07}{}{:04}{:010}", kLockbox, kDate, count, amount_minor);
}

std::string file(std::int64_t lockbox_total = 69845) {
  const std::vector<std::string> lines = {
      rec1(),
      rec5(),
      rec6(1, 1, 12345, "JOHN Q PUBLIC"),  // no overflow: suspense
      rec6(1, 2, 50000, "ACME HOLDINGS LLC"),
      rec4(1, 2, '4', 1, false, "INV 1001 250.00"),  // not an account reference
      rec4(1, 2, '4', 2, true, "1001-2345"),
      rec7(1, 2, 62345),
      rec6(2, 1, 7500, "JANE DOE"),
      rec4(2, 1, '6', 1, false, "99887766"),  // check data: used only without invoice data
      rec4(2, 1, '4', 2, true, "5550-1234"),
      rec7(2, 1, 7500),
      rec8(3, lockbox_total),
  };
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out + fmt::format("9{:06}\n", lines.size() + 1);
}

const BusinessDate kDeposit = *BusinessDate::parse_iso("2026-11-20");

}  // namespace

TEST_CASE("lockbox mapper: each check is a lockbox payment", "[ingest][lockbox]") {
  const Mapped m = run(Format::lockbox, file());
  REQUIRE(m.map.accepted);
  const auto payments = of_type(m.events, events::PAYMENT_RECEIVED);
  REQUIRE(payments.size() == 3);
  CHECK(summary_int(m.map, "payments_posted") == 3);
  CHECK(summary_int(m.map, "payments_to_suspense") == 1);

  const auto& first = payments[0]->payment_received();
  CHECK(first.channel() == events::LOCKBOX);
  CHECK(first.account_id().empty());
  CHECK(payments[0]->partition_key() == "suspense");
  CHECK(first.amount().minor() == 12345);
  CHECK(first.payer_name() == "JOHN Q PUBLIC");
  CHECK(first.external_reference() == "22222:2026-11-20:1:1");
  CHECK(first.deposit_reference() == "lockbox:22222:2026-11-20:1");
  CHECK(first.effective_date() == kDeposit.days());
  CHECK(payments[0]->business_date() == kDeposit.days());
  CHECK(first.method().method() == events::MethodDetails::CHECK);
  CHECK(first.method().routing_number() == "055002707");
  CHECK(first.method().account_last4() == "5555");
  CHECK(first.method().account_hash() == account_hash(context(), "055002707", "0012345555"));
  CHECK(first.method().check_number().ends_with("1001"));
  CHECK(payments[0]->id() ==
        id_bytes(events::lockbox_item_id({"22222", kDeposit, 1, 1, 12345, first.method().check_number(),
                                          first.method().account_hash()})));

  const auto& second = payments[1]->payment_received();
  CHECK(second.account_id() == "10012345");  // from the second overflow record
  CHECK(payments[1]->partition_key() == "customer:10012345");
  CHECK(second.remittance() == "INV 1001 250.00; 1001-2345");
  CHECK(payments[1]->id() ==
        id_bytes(events::lockbox_item_id({"22222", kDeposit, 1, 2, second.amount().minor(),
                                          second.method().check_number(),
                                          second.method().account_hash()})));

  // Invoice/account data (type 4) wins over check data (type 6) read before it.
  CHECK(payments[2]->payment_received().account_id() == "55501234");
  CHECK(payments[2]->payment_received().deposit_reference() == "lockbox:22222:2026-11-20:2");
  CHECK(ids_distinct(m.events));
}

TEST_CASE("lockbox mapper: the lockbox total is the one deposit, batches are not declared",
          "[ingest][lockbox]") {
  const auto events = map_accepted(Format::lockbox, file());
  const auto deposits = of_type(events, events::DEPOSIT_DECLARED);
  REQUIRE(deposits.size() == 1);  // not one per 7 as well: that would expect the money twice
  const auto& d = deposits[0]->deposit_declared();
  CHECK(d.kind() == events::DepositDeclared::LOCKBOX_TOTAL);
  CHECK(d.channel() == events::LOCKBOX);
  CHECK(d.gross().minor() == 69845);
  CHECK(d.fees().minor() == 0);
  CHECK(d.net().minor() == 69845);
  CHECK(d.item_count() == 3);
  CHECK(d.deposit_date() == kDeposit.days());
  CHECK(d.deposit_reference() == "lockbox:22222:2026-11-20");
  CHECK(deposits[0]->partition_key() == "deposit:lockbox:22222:2026-11-20");
  CHECK(events.back().type() == events::DEPOSIT_DECLARED);  // after its checks
}

TEST_CASE("lockbox mapper: ids are the same on every run of the file", "[ingest][lockbox]") {
  const auto first = map_accepted(Format::lockbox, file());
  const auto second = map_accepted(Format::lockbox, file(), context(std::string(64, 'e')));
  CHECK(same_ids(first, second));
}

TEST_CASE("lockbox mapper: check and map agree on a refused file", "[ingest][lockbox]") {
  const Mapped m = run(Format::lockbox, file(69846));  // lockbox total off by a cent
  CHECK_FALSE(m.check.accepted);
  CHECK_FALSE(m.map.accepted);
  const Mapped garbage = run(Format::lockbox, "hello\n");
  CHECK_FALSE(garbage.map.accepted);
  CHECK(garbage.events.empty());
}
