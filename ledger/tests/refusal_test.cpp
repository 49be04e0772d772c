#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/events/codec.h"
#include "ledger/errors.h"
#include "ledger/records.h"
#include "ledger/refusal.h"

using namespace tally;
using namespace tally::ledger;

TEST_CASE("refusal codes keep their numbers and names", "[ledger][refusal]") {
  // Stored in discrepancy records and matched by tools: a change here breaks both.
  const std::vector<std::pair<std::uint16_t, std::string>> expected = {
      {0, "unspecified"},         {1, "undecodable_event"},      {2, "conflicting_event"},
      {3, "unknown_event_type"},  {4, "missing_field"},          {5, "invalid_field"},
      {6, "field_too_long"},      {7, "unknown_currency"},       {8, "currency_mismatch"},
      {9, "amount_out_of_range"}, {10, "negative_amount"},       {11, "zero_amount"},
      {12, "amount_mismatch"},    {13, "unknown_channel"},       {14, "no_payment_reference"},
      {15, "unknown_payment"},    {16, "payment_voided"},        {17, "payment_returned"},
      {18, "exceeds_remaining"},  {19, "not_in_suspense"},       {20, "unknown_chargeback"},
      {21, "missing_approval"},   {22, "drawer_session_exists"}, {23, "drawer_session_not_open"},
      {24, "drawer_mismatch"},    {25, "invalid_policy"},        {26, "invalid_account"},
      {27, "balance_overflow"},   {28, "limit_reached"},         {29, "event_too_large"},
      {30, "invalid_settlement"}, {31, "unknown_adjustment_request"},
      {32, "adjustment_already_approved"},
  };
  for (const auto& [number, name] : expected) {
    INFO(number);
    CHECK(refusal_name(static_cast<RefusalCode>(number)) == name);
  }
  CHECK(refusal_name(static_cast<RefusalCode>(expected.size())) == "unrecognized");
}

TEST_CASE("only a refusal error is taken for a refusal", "[ledger][refusal]") {
  const auto refusal = as_refusal(refusal_error(RefusalCode::payment_voided, "void of a void"));
  REQUIRE(refusal);
  CHECK(refusal->code == RefusalCode::payment_voided);
  CHECK(refusal->detail == "void of a void");
  // A storage failure must stop the batch, never be recorded as a refused event.
  CHECK_FALSE(as_refusal(ledger_error(LedgerErrc::storage, "disk full")));
}

TEST_CASE("a discrepancy keeps its refusal code, and older records read as unspecified",
          "[ledger][refusal]") {
  Discrepancy d{events::INVALID_EVENT,
                EventId(),
                7,
                LogPosition(42),
                BusinessDate(),
                "amount: zero amount",
                1'700'000'000,
                RefusalCode::zero_amount};
  std::string value;
  encode_discrepancy(d, value);
  auto back = decode_discrepancy(value);
  REQUIRE(back.ok());
  CHECK(back->code == RefusalCode::zero_amount);
  CHECK(back->reason == d.reason);
  CHECK(back->recorded_at_us == d.recorded_at_us);

  constexpr std::size_t kCodeBytes = 2, kRecordedAtBytes = 8;
  auto without_code = decode_discrepancy(value.substr(0, value.size() - kCodeBytes));
  REQUIRE(without_code.ok());
  CHECK(without_code->code == RefusalCode::unspecified);
  CHECK(without_code->recorded_at_us == d.recorded_at_us);
  auto oldest = decode_discrepancy(value.substr(0, value.size() - kCodeBytes - kRecordedAtBytes));
  REQUIRE(oldest.ok());
  CHECK(oldest->code == RefusalCode::unspecified);
  CHECK(oldest->reason == d.reason);
}
