#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "formats/card/profile.h"
#include "formats/card/tests/fixtures.h"

using namespace card_fixtures;
using namespace tally::formats::card;

TEST_CASE("profiles are detected from the header row", "[card][profile]") {
  CHECK(detect_profile(generic_header()) == &generic_profile());
  CHECK(detect_profile(adyen_header() + "rest of the file is not looked at\"") == &adyen_profile());
  CHECK(detect_profile("\xEF\xBB\xBF" + adyen_header()) == &adyen_profile());
  CHECK(detect_profile("account,bill_date,amount_due,due_date\n") == nullptr);
  CHECK(detect_profile("") == nullptr);
  CHECK(detect_profile("\"unterminated") == nullptr);
}

TEST_CASE("a header missing a required column matches no profile", "[card][profile]") {
  std::vector<std::string> header(kGenericColumns.begin(), kGenericColumns.end());
  CHECK(match_header(header));
  header.erase(header.begin() + 13);  // "net"
  CHECK_FALSE(match_header(header));
}

TEST_CASE("header names match ignoring case and spaces, order is free", "[card][profile]") {
  const std::vector<std::string> header = {" NET ",
                                           "Gross",
                                           "fees",
                                           "CURRENCY",
                                           "type",
                                           "processor",
                                           "batch_id",
                                           "settlement_date",
                                           "processor_reference"};
  const auto map = match_header(header);
  REQUIRE(map);
  CHECK(map->profile == &generic_profile());
  CHECK(map->net.plus[0] == 0);
  CHECK(map->gross.plus[0] == 1);
  CHECK(map->at(Column::kCurrency) == 3);
  CHECK(map->at(Column::kMerchant) == ColumnMap::kAbsent);
}

TEST_CASE("adyen's alternative spelling of the scheme fee column is accepted", "[card][profile]") {
  std::vector<std::string> header(kAdyenColumns.begin(), kAdyenColumns.end());
  for (auto& h : header)
    if (h == "Scheme Fees (NC)") h = "Schemes Fees (NC)";
  const auto map = match_header(header);
  REQUIRE(map);
  CHECK(map->profile == &adyen_profile());
  CHECK(map->fees.plus[2] == 18);
}

TEST_CASE("type values map through the profile", "[card][profile]") {
  CHECK(map_type(adyen_profile(), "Settled") == RecordType::kSale);
  CHECK(map_type(adyen_profile(), "ChargebackReversed") == RecordType::kChargebackReversal);
  CHECK(map_type(adyen_profile(), "MerchantPayout") == RecordType::kPayout);
  CHECK_FALSE(map_type(adyen_profile(), "sale"));
  CHECK(map_type(generic_profile(), "chargeback_reversal") == RecordType::kChargebackReversal);
  CHECK(map_type(generic_profile(), " Refund ") == RecordType::kRefund);
  CHECK_FALSE(map_type(generic_profile(), "Settled"));
}

TEST_CASE("record type names round-trip", "[card][profile]") {
  for (auto t : {RecordType::kSale, RecordType::kRefund, RecordType::kChargeback,
                 RecordType::kChargebackReversal, RecordType::kFee, RecordType::kPayout})
    CHECK(record_type_from_name(record_type_name(t)) == t);
  CHECK_FALSE(record_type_from_name("capture"));
}
