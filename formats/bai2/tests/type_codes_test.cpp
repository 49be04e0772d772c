#include <catch2/catch.hpp>

#include "formats/bai2/type_codes.h"

using namespace tally::formats::bai2;

TEST_CASE("bai2 type codes: table entries carry direction, level and name", "[bai2][codes]") {
  const auto lockbox = classify_type_code(115);
  REQUIRE(lockbox);
  CHECK(lockbox->direction == Direction::kCredit);
  CHECK(lockbox->level == Level::kDetail);
  CHECK(lockbox->name == "Lockbox Deposit");
  const auto opening = classify_type_code(10);
  REQUIRE(opening);
  CHECK(opening->name == "Opening Ledger");
  CHECK(is_status(*opening));
  const auto fees = classify_type_code(698);
  REQUIRE(fees);
  CHECK(fees->direction == Direction::kDebit);
  CHECK(classify_type_code(890)->direction == Direction::kNone);
  CHECK(classify_type_code(405)->name == "Total Debit Less Wire Transfers and Charge-Backs");
}

TEST_CASE("bai2 type codes: ranges give unlisted codes a direction", "[bai2][codes]") {
  CHECK(classify_type_code(99)->direction == Direction::kNone);
  CHECK(is_status(*classify_type_code(99)));
  CHECK(classify_type_code(117)->direction == Direction::kCredit);
  CHECK(classify_type_code(117)->name.empty());
  CHECK(classify_type_code(417)->direction == Direction::kDebit);
  CHECK(classify_type_code(905)->custom);
  CHECK(is_status(*classify_type_code(905)));
  CHECK(classify_type_code(920)->direction == Direction::kCredit);
  CHECK(classify_type_code(959)->direction == Direction::kCredit);
  CHECK(classify_type_code(960)->direction == Direction::kDebit);
  CHECK_FALSE(is_status(*classify_type_code(960)));
}

TEST_CASE("bai2 type codes: codes outside every range are invalid", "[bai2][codes]") {
  for (int code : {0, 800, 889, 891, 899, 1000, -1}) {
    INFO(code);
    CHECK_FALSE(classify_type_code(code).has_value());
  }
}
