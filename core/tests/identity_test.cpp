#include <catch2/catch.hpp>

#include "core/business_date.h"
#include "core/events/event_ids.h"
#include "core/ids.h"
#include "core/log/partitioner.h"
#include "core/sha256.h"

using tally::BusinessDate;
using tally::EventId;

TEST_CASE("event ids are the first 128 bits of SHA-256 over the business key", "[core][ids]") {
  // Vectors computed independently (Python hashlib) over kind 0x1F part 0x1F part ...
  const auto date = *BusinessDate::parse_iso("2026-11-22");
  CHECK(tally::events::ach_entry_id({"09100001", "091000010000001", date, "1234567890", 27, 12345,
                                     "ab12", ""})
            .to_hex() == "c0cba180f076dae5d2175fd8820d560d");
  CHECK(tally::events::lockbox_item_id({"0012345", *BusinessDate::parse_iso("2026-11-20"), 1, 7,
                                        5000, "1001", "cd34"})
            .to_hex() == "1f0ec5cd05aef414b51643b617b31188");
  const EventId covered[] = {*EventId::from_hex(std::string(32, '0')),
                             *EventId::from_hex(std::string(32, '1'))};
  CHECK(tally::events::deposit_id("lockbox-deposit", "lockbox:12345:2026-11-20", covered).to_hex() ==
        "f85c0f2571b0fcb02de2bf89312315f2");
  CHECK(tally::events::command_id("req-42").to_hex() == "3fddaeaf508b7900712cbe3766ae8685");
  CHECK(tally::events::card_transaction_id("adyen", "8815000000000001").to_hex() ==
        "f746f0a57e64836d18d07a9c01b27db3");
  CHECK(tally::events::bank_balance_id("1234567890", *BusinessDate::parse_iso("2026-11-19"), 150000, std::nullopt,
                                       "bai2")
            .to_hex() == "840362480234ac0c6ffb233bbb8b321b");
}

TEST_CASE("a payment's id tells apart two payments that share a bank's sequence number",
          "[core][ids]") {
  // A second ACH file of the day restarts its trace numbers: same trace, other payment.
  const auto date = *BusinessDate::parse_iso("2026-11-22");
  const tally::events::AchEntryKey first{"09100001", "091000010000001", date, "1234567890", 27,
                                         12345, "ab12", ""};
  auto other_amount = first, other_account = first, other_sender = first;
  other_amount.amount_minor = 12346;
  other_account.account_hash = "ab13";
  other_sender.company_id = "1234567891";
  for (const auto& other : {other_amount, other_account, other_sender})
    CHECK(tally::events::ach_entry_id(other) != tally::events::ach_entry_id(first));
  // A corrected re-send repeats the entry to the letter: the same id.
  auto resent = first;
  CHECK(tally::events::ach_entry_id(resent) == tally::events::ach_entry_id(first));
  // A second lockbox transmission restarts batch and item numbers.
  const tally::events::LockboxItemKey check{"0012345", date, 1, 1, 5000, "1001", "cd34"};
  auto other_check = check;
  other_check.check_serial = "1002";
  CHECK(tally::events::lockbox_item_id(other_check) != tally::events::lockbox_item_id(check));
}

TEST_CASE("event ids do not collide when parts shift between fields", "[core][ids]") {
  CHECK(EventId::from_business_key("k", {"ab", "c"}) != EventId::from_business_key("k", {"a", "bc"}));
  CHECK(EventId::from_business_key("k", {"a"}) != EventId::from_business_key("j", {"a"}));
}

TEST_CASE("event ids round-trip through hex and bytes", "[core][ids]") {
  const EventId id = tally::events::command_id("x");
  CHECK(EventId::from_hex(id.to_hex()) == id);
  CHECK(EventId::from_bytes(id.as_string_view()) == id);
  CHECK_FALSE(EventId::from_hex("zz").has_value());
  CHECK_FALSE(EventId::from_bytes("short").has_value());
  CHECK(EventId().is_nil());
}

TEST_CASE("sha256 matches the FIPS 180-2 test vector", "[core][ids]") {
  CHECK(tally::to_hex(tally::sha256("abc")) ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  tally::Sha256Stream stream;
  stream.update("a");
  stream.update("bc");
  CHECK(tally::to_hex(stream.finish()) == tally::to_hex(tally::sha256("abc")));
}

TEST_CASE("partitioner is FNV-1a 64 modulo the partition count, stable forever", "[core][log]") {
  // FNV-1a 64 reference values: "" -> cbf29ce484222325, "a" -> af63dc4c8601ec8c.
  CHECK(tally::log::fnv1a64("") == 0xcbf29ce484222325ull);
  CHECK(tally::log::fnv1a64("a") == 0xaf63dc4c8601ec8cull);
  CHECK(tally::log::partition_for("a", 8).value() == 0xaf63dc4c8601ec8cull % 8);
  CHECK(tally::log::partition_for("customer:1001", 1).value() == 0);
}

TEST_CASE("business dates parse the forms bank files use and reject impossible days", "[core][dates]") {
  CHECK(BusinessDate::parse_iso("2024-02-29")->to_iso() == "2024-02-29");
  CHECK_FALSE(BusinessDate::parse_iso("2023-02-29").has_value());
  CHECK_FALSE(BusinessDate::parse_iso("2023-13-01").has_value());
  CHECK(BusinessDate::parse_yymmdd("261122")->to_iso() == "2026-11-22");
  CHECK(BusinessDate::parse_yymmdd("991231")->to_iso() == "1999-12-31");
  CHECK(BusinessDate::parse_mmddyy("112226")->to_iso() == "2026-11-22");
  CHECK(BusinessDate::parse_yyyymmdd("20261122")->to_iso() == "2026-11-22");
  CHECK_FALSE(BusinessDate::parse_yymmdd("26112A").has_value());
  CHECK(BusinessDate::parse_iso("1970-01-01")->days() == 0);
  CHECK(BusinessDate::parse_iso("2026-01-31")->plus_months(1).to_iso() == "2026-02-28");
  CHECK(BusinessDate::parse_iso("2026-11-22")->plus_months(-12).to_iso() == "2025-11-22");
  CHECK(BusinessDate::parse_iso("2026-11-22")->weekday() == 0);  // a Sunday
}

TEST_CASE("hmac-sha256 matches RFC 4231 test case 2", "[core][ids]") {
  CHECK(tally::to_hex(tally::hmac_sha256("Jefe", "what do ya want for nothing?")) ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

// The key's states are kept per thread between calls: switching keys back and forth, and a key
// longer than SHA-256's block (hashed first), must give RFC 4231's values every time.
TEST_CASE("hmac-sha256 keeps RFC 4231 values when keys alternate and for a long key", "[core][ids]") {
  const std::string key1(20, '\x0b'), key6(131, '\xaa');
  const std::string data6 = "Test Using Larger Than Block-Size Key - Hash Key First";
  for (int round = 0; round < 3; ++round) {
    CHECK(tally::to_hex(tally::hmac_sha256(key1, "Hi There")) ==
          "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    CHECK(tally::to_hex(tally::hmac_sha256(key6, data6)) ==
          "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    CHECK(tally::to_hex(tally::hmac_sha256("Jefe", "what do ya want for nothing?")) ==
          "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }
}
