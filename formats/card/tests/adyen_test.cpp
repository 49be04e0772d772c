#include <catch2/catch.hpp>

#include <string>

#include "formats/card/reader.h"
#include "formats/card/tests/fixtures.h"

using namespace card_fixtures;
using tally::formats::card::check;
using tally::formats::card::parse;
using tally::formats::card::RecordType;

namespace {

// A 16-digit PSP reference that starts with 8 and passes Luhn: it must survive PAN masking.
constexpr std::string_view kPspSettled = "8816178952380559";

std::string settled(std::string_view psp, std::string_view gross, std::string_view commission,
                    std::string_view net, std::string_view batch = "42") {
  return adyen({{"Company Account", "CityUtilityCOM"},
                {"Merchant Account", "CityUtilityECOM"},
                {"Psp Reference", psp},
                {"Merchant Reference", "ACCT-1001"},
                {"Payment Method", "visa"},
                {"Creation Date", "2026-11-20 19:58:55"},
                {"TimeZone", "PST"},
                {"Type", "Settled"},
                {"Modification Reference", "MOD1"},
                {"Gross Currency", "USD"},
                {"Gross Credit (GC)", gross},
                {"Exchange Rate", "1"},
                {"Net Currency", "USD"},
                {"Net Credit (NC)", net},
                {"Commission (NC)", commission},
                {"Payment Method Variant", "visacredit"},
                {"Batch Number", batch}});
}

std::string refunded(std::string_view psp, std::string_view gross, std::string_view net) {
  return adyen({{"Company Account", "CityUtilityCOM"},
                {"Merchant Account", "CityUtilityECOM"},
                {"Psp Reference", psp},
                {"Merchant Reference", "ACCT-1002"},
                {"Payment Method", "mc"},
                {"Creation Date", "2026-11-20 10:00:00"},
                {"Type", "Refunded"},
                {"Modification Reference", "MOD2"},
                {"Gross Currency", "USD"},
                {"Gross Debit (GC)", gross},
                {"Net Currency", "USD"},
                {"Net Debit (NC)", net},
                {"Batch Number", "42"}});
}

std::string adyen_amount_row(std::string_view type, std::string_view net_debit,
                             std::string_view batch = "42") {
  return adyen({{"Company Account", "CityUtilityCOM"},
                {"Merchant Account", "CityUtilityECOM"},
                {"Creation Date", "2026-11-21 02:00:00"},
                {"Type", type},
                {"Modification Reference", "TX-PAYOUT-42"},
                {"Net Currency", "USD"},
                {"Net Debit (NC)", net_debit},
                {"Batch Number", batch}});
}

}  // namespace

TEST_CASE("adyen: a settlement batch maps onto the generic layout", "[card][adyen]") {
  const std::string file = adyen_header() + settled(kPspSettled, "100.00", "2.10", "97.90") +
                           refunded("8835511210681322", "20.00", "20.12") +
                           adyen({{"Company Account", "CityUtilityCOM"},
                                  {"Merchant Account", "CityUtilityECOM"},
                                  {"Psp Reference", "8835511210681999"},
                                  {"Merchant Reference", "ACCT-1003"},
                                  {"Payment Method", "amex"},
                                  {"Creation Date", "2026-11-20 11:00:00"},
                                  {"Type", "Chargeback"},
                                  {"Modification Reference", "MOD3"},
                                  {"Gross Currency", "USD"},
                                  {"Gross Debit (GC)", "30.00"},
                                  {"Net Currency", "USD"},
                                  {"Net Debit (NC)", "45.00"},
                                  {"Batch Number", "42"}}) +
                           adyen_amount_row("Fee", "5.00") +
                           adyen_amount_row("MerchantPayout", "27.78");
  Collect got;
  const auto report = parse(file, got);
  INFO((report.errors.empty() ? "" : report.errors[0].code + ": " + report.errors[0].message));
  CHECK(report.accepted);
  REQUIRE(got.records.size() == 5);

  const auto& s = got.records[0];
  CHECK(s.processor == "adyen");
  CHECK(s.merchant == "CityUtilityECOM");
  CHECK(s.batch_id == "42");
  CHECK(s.type == RecordType::kSale);
  CHECK(s.processor_type == "Settled");
  CHECK(s.processor_reference == kPspSettled);
  CHECK(s.modification_reference == "MOD1");
  CHECK(s.our_reference == "ACCT-1001");
  CHECK(s.card_brand == "visa");
  CHECK(s.settlement_date.to_iso() == "2026-11-20");
  CHECK(s.gross.minor() == 10000);
  CHECK(s.fees.minor() == 210);
  CHECK(s.net.minor() == 9790);

  const auto& r = got.records[1];
  CHECK(r.type == RecordType::kRefund);
  CHECK(r.gross.minor() == -2000);
  CHECK(r.fees.minor() == 12);
  CHECK(r.net.minor() == -2012);

  CHECK(got.records[2].type == RecordType::kChargeback);
  CHECK(got.records[2].fees.minor() == 1500);

  const auto& fee = got.records[3];
  CHECK(fee.type == RecordType::kFee);
  CHECK(fee.gross.minor() == 0);
  CHECK(fee.fees.minor() == 500);
  CHECK(fee.net.minor() == -500);

  const auto& p = got.records[4];
  CHECK(p.type == RecordType::kPayout);
  CHECK(p.net.minor() == 2778);  // a Net Debit of the Adyen balance is money to our bank

  CHECK(summary_int(report, "sales_minor") == 10000);
  CHECK(summary_int(report, "refunds_minor") == -2000);
  CHECK(summary_int(report, "chargebacks_minor") == -3000);
  CHECK(summary_int(report, "fees_minor") == 210 + 12 + 1500 + 500);
  CHECK(summary_int(report, "net_minor") == 2778);
  CHECK(declared_int(report, "payouts_minor") == 2778);
  const auto* profile = report.summary.find("profile");
  REQUIRE(profile);
  CHECK(std::get<std::string>(*profile) == "adyen_settlement_details");
}

TEST_CASE("adyen: a MerchantPayout that differs from the batch rejects", "[card][adyen]") {
  const auto report = check(adyen_header() + settled(kPspSettled, "100.00", "2.10", "97.90") +
                            adyen_amount_row("MerchantPayout", "97.80"));
  CHECK_FALSE(report.accepted);
  CHECK(has_issue(report.errors, "payout_mismatch"));
}

TEST_CASE("adyen: commission that does not explain gross - net rejects", "[card][adyen]") {
  const auto report = check(adyen_header() + settled(kPspSettled, "100.00", "2.00", "97.90"));
  CHECK_FALSE(report.accepted);
  const auto* issue = find_issue(report.errors, "amount_mismatch");
  REQUIRE(issue);
  CHECK(issue->field == "Net Credit (NC)");
}

TEST_CASE("adyen: interchange++ fee columns are summed", "[card][adyen]") {
  const std::string row = adyen({{"Company Account", "C"},
                                 {"Merchant Account", "M"},
                                 {"Psp Reference", "8800000000000001"},
                                 {"Creation Date", "2026-11-20 19:58:55"},
                                 {"Type", "Settled"},
                                 {"Gross Currency", "USD"},
                                 {"Gross Credit (GC)", "100.00"},
                                 {"Net Currency", "USD"},
                                 {"Net Credit (NC)", "97.75"},
                                 {"Markup (NC)", "0.50"},
                                 {"Scheme Fees (NC)", "0.15"},
                                 {"Interchange (NC)", "1.60"},
                                 {"Batch Number", "7"}});
  Collect got;
  const auto report = parse(adyen_header() + row, got);
  REQUIRE(report.accepted);
  CHECK(got.records[0].fees.minor() == 225);
}

TEST_CASE("adyen: a payment taken in another currency keeps its original gross", "[card][adyen]") {
  const std::string row = adyen({{"Company Account", "C"},
                                 {"Merchant Account", "M"},
                                 {"Psp Reference", "8800000000000002"},
                                 {"Creation Date", "2026-11-20 19:58:55"},
                                 {"Type", "Settled"},
                                 {"Gross Currency", "EUR"},
                                 {"Gross Credit (GC)", "90.00"},
                                 {"Exchange Rate", "1.1"},
                                 {"Net Currency", "USD"},
                                 {"Net Credit (NC)", "96.80"},
                                 {"Commission (NC)", "2.20"},
                                 {"Batch Number", "7"}});
  Collect got;
  const auto report = parse(adyen_header() + row, got);
  REQUIRE(report.accepted);
  CHECK(has_issue(report.warnings, "fx_not_checked"));
  const auto& r = got.records[0];
  REQUIRE(r.original_gross);
  CHECK(r.original_gross->currency().code() == "EUR");
  CHECK(r.original_gross->minor() == 9000);
  CHECK(r.gross.minor() == 9900);
  CHECK(r.gross.currency().code() == "USD");
  CHECK(r.net.minor() == 9680);
}

TEST_CASE("adyen: journal types no profile table lists reject", "[card][adyen]") {
  const auto report = check(adyen_header() + adyen_amount_row("SettledInDreams", "1.00"));
  CHECK_FALSE(report.accepted);
  const auto* issue = find_issue(report.errors, "unknown_type");
  REQUIRE(issue);
  CHECK(issue->field == "Type");
  CHECK(issue->message.find("SettledInDreams") != std::string::npos);
}

TEST_CASE("adyen: psp references survive masking, card numbers do not", "[card][adyen]") {
  std::string row = settled(kPspSettled, "100.00", "2.10", "97.90");
  const std::string with_pan = adyen({{"Company Account", "C"},
                                      {"Merchant Account", "M"},
                                      {"Psp Reference", kPspSettled},
                                      {"Merchant Reference", "4111111111111111"},
                                      {"Creation Date", "2026-11-20 19:58:55"},
                                      {"Type", "Settled"},
                                      {"Net Currency", "USD"},
                                      {"Net Credit (NC)", "1.00"},
                                      {"Batch Number", "42"}});
  Collect got;
  const auto report = parse(adyen_header() + row + with_pan, got);
  CHECK(report.accepted);
  REQUIRE(got.records.size() == 2);
  CHECK(got.records[0].processor_reference == kPspSettled);
  CHECK(got.records[1].our_reference == "************1111");
  const auto* warning = find_issue(report.warnings, "pan_masked");
  REQUIRE(warning);
  CHECK(warning->line == 3);
  CHECK(warning->field == "Merchant Reference");
  CHECK(warning->message.find("column 4") != std::string::npos);
}

TEST_CASE("adyen: creation dates must be real dates", "[card][adyen]") {
  const std::string row = adyen({{"Company Account", "C"},
                                 {"Merchant Account", "M"},
                                 {"Psp Reference", "8800000000000003"},
                                 {"Creation Date", "2026-13-01 10:00:00"},
                                 {"Type", "Settled"},
                                 {"Net Currency", "USD"},
                                 {"Net Credit (NC)", "1.00"},
                                 {"Batch Number", "1"}});
  const auto report = check(adyen_header() + row);
  CHECK_FALSE(report.accepted);
  REQUIRE(find_issue(report.errors, "bad_date"));
  CHECK(find_issue(report.errors, "bad_date")->field == "Creation Date");
}
