#include <catch2/catch.hpp>

#include <string>

#include "core/log/record_key.h"
#include "ledger/errors.h"
#include "ledger/records.h"

using namespace tally;
using namespace tally::ledger;

TEST_CASE("a late posting reads back as written", "[ledger][records]") {
  const LatePosting late{-123'456, BusinessDate::from_days(20'000)};
  std::string value;
  encode_late_posting(late, value);
  auto back = decode_late_posting(value);
  REQUIRE(back.ok());
  CHECK(back->amount_minor == late.amount_minor);
  CHECK(back->business_date == late.business_date);
}

TEST_CASE("a late posting stored before it had a version byte still reads", "[ledger][records]") {
  std::string legacy;  // be64 amount, be32 business date, as the ledger wrote it at first
  log::put_be64(legacy, static_cast<std::uint64_t>(std::int64_t{-700}));
  log::put_be32(legacy, static_cast<std::uint32_t>(19'999));
  auto back = decode_late_posting(legacy);
  REQUIRE(back.ok());
  CHECK(back->amount_minor == -700);
  CHECK(back->business_date == BusinessDate::from_days(19'999));
}

TEST_CASE("a late posting of another version or size is corrupt", "[ledger][records]") {
  std::string value;
  encode_late_posting({5, BusinessDate::from_days(1)}, value);
  std::string other_version = value;
  other_version[0] = 2;
  CHECK(decode_late_posting(other_version).error().code == LedgerErrc::corrupt);
  CHECK(decode_late_posting(value + "x").error().code == LedgerErrc::corrupt);
  CHECK(decode_late_posting(value.substr(0, 5)).error().code == LedgerErrc::corrupt);
}

TEST_CASE("a parked event keeps what it waits for, and an unknown wait kind is corrupt",
          "[ledger][records]") {
  for (WaitKind kind : {WaitKind::kPaymentId, WaitKind::kReference}) {
    std::string value;
    encode_parked(ParkedEvent{kind, "REF-1", LogPosition(9), "event"}, value);
    auto back = decode_parked(value);
    REQUIRE(back.ok());
    CHECK(back->wait_kind == kind);
    CHECK(back->wait_key == "REF-1");
  }
  std::string value;
  encode_parked(ParkedEvent{WaitKind::kReference, "REF-1", LogPosition(9), "event"}, value);
  value[1] = 'z';  // the wait kind byte follows the version byte
  CHECK(decode_parked(value).error().code == LedgerErrc::corrupt);
}
