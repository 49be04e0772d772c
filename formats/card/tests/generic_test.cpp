#include <catch2/catch.hpp>

#include <string>

#include "formats/card/batch_totals.h"
#include "formats/card/reader.h"
#include "formats/card/tests/fixtures.h"

using namespace card_fixtures;
using tally::formats::card::check;
using tally::formats::card::parse;
using tally::formats::card::RecordType;

namespace {

std::string refund(std::string_view ref, std::string_view gross, std::string_view fees,
                   std::string_view net) {
  return generic({{"processor", "acme"},
                  {"batch_id", "B1"},
                  {"settlement_date", "2026-11-20"},
                  {"type", "refund"},
                  {"processor_reference", ref},
                  {"gross", gross},
                  {"fees", fees},
                  {"net", net},
                  {"currency", "USD"}});
}

}  // namespace

TEST_CASE("generic: a balanced batch is accepted with typed records and totals", "[card]") {
  const std::string file = generic_header() + sale("T1", "100.00", "2.50", "97.50") +
                           sale("T2", "50.00", "1.25", "48.75") +
                           refund("T3", "-20.00", "0.00", "-20.00") +
                           generic({{"processor", "acme"},
                                    {"batch_id", "B1"},
                                    {"settlement_date", "2026-11-20"},
                                    {"type", "chargeback"},
                                    {"processor_reference", "T4"},
                                    {"gross", "-30.00"},
                                    {"fees", "15.00"},
                                    {"net", "-45.00"},
                                    {"currency", "USD"},
                                    {"reason_code", "10.4"},
                                    {"case_id", "CB-77"}}) +
                           generic({{"processor", "acme"},
                                    {"batch_id", "B1"},
                                    {"settlement_date", "2026-11-20"},
                                    {"type", "fee"},
                                    {"processor_reference", "F1"},
                                    {"gross", "0"},
                                    {"fees", "5.00"},
                                    {"net", "-5.00"},
                                    {"currency", "USD"}}) +
                           payout("76.25");
  Collect got;
  const auto report = parse(file, got);
  INFO((report.errors.empty() ? "" : report.errors[0].message));
  CHECK(report.accepted);
  CHECK(report.format == "card");
  CHECK(report.warnings.empty());
  REQUIRE(got.records.size() == 6);

  const auto& s = got.records[0];
  CHECK(s.processor == "acme");
  CHECK(s.merchant == "M100");
  CHECK(s.batch_id == "B1");
  CHECK(s.settlement_date.to_iso() == "2026-11-20");
  REQUIRE(s.deposit_date);
  CHECK(s.deposit_date->to_iso() == "2026-11-22");
  CHECK(s.type == RecordType::kSale);
  CHECK(s.card_brand == "visa");
  CHECK(s.last_four == "1111");
  CHECK(s.auth_code == "A1B2C3");
  CHECK(s.processor_reference == "T1");
  CHECK(s.our_reference == "ACCT-1001");
  CHECK(s.gross.minor() == 10000);
  CHECK(s.fees.minor() == 250);
  CHECK(s.net.minor() == 9750);
  CHECK(s.currency().code() == "USD");
  CHECK(s.line == 2);
  CHECK(s.record == 2);

  CHECK(got.records[3].type == RecordType::kChargeback);
  CHECK(got.records[3].reason_code == "10.4");
  CHECK(got.records[3].case_id == "CB-77");
  CHECK(got.records[5].type == RecordType::kPayout);
  CHECK(got.records[5].net.minor() == 7625);

  CHECK(summary_int(report, "rows") == 6);
  CHECK(summary_int(report, "sales_minor") == 15000);
  CHECK(summary_int(report, "refunds_minor") == -2000);
  CHECK(summary_int(report, "chargebacks_minor") == -3000);
  CHECK(summary_int(report, "fees_minor") == 250 + 125 + 1500 + 500);
  CHECK(summary_int(report, "net_minor") == 9750 + 4875 - 2000 - 4500 - 500);
  CHECK(summary_int(report, "payouts") == 1);
  CHECK(declared_int(report, "payouts") == 1);
  CHECK(declared_int(report, "payouts_minor") == 7625);
}

TEST_CASE("generic: gross - fees != net rejects the row, located at net", "[card]") {
  Collect got;
  const auto report = parse(generic_header() + sale("T1", "100.00", "2.50", "97.00"), got);
  CHECK_FALSE(report.accepted);
  const auto* issue = find_issue(report.errors, "amount_mismatch");
  REQUIRE(issue);
  CHECK(issue->line == 2);
  CHECK(issue->record == 2);
  CHECK(issue->field == "net");
  CHECK(got.records.empty());
}

TEST_CASE("generic: a missing amount is derived from the other two", "[card]") {
  Collect got;
  const auto report = parse(generic_header() + sale("T1", "100.00", "2.50", "") +
                                sale("T2", "100.00", "", "97.50") + sale("T3", "", "2.50", "97.50"),
                            got);
  REQUIRE(report.accepted);
  REQUIRE(got.records.size() == 3);
  for (const auto& r : got.records) {
    CHECK(r.gross.minor() == 10000);
    CHECK(r.fees.minor() == 250);
    CHECK(r.net.minor() == 9750);
  }
}

TEST_CASE("generic: a row with no amounts at all is rejected", "[card]") {
  const auto report = check(generic_header() + sale("T1", "", "", ""));
  CHECK_FALSE(report.accepted);
  CHECK(has_issue(report.errors, "missing_amount"));
}

TEST_CASE("generic: unknown currency, bad dates and unknown type reject", "[card]") {
  const auto bad_currency = check(generic_header() + generic({{"processor", "acme"},
                                                              {"settlement_date", "2026-11-20"},
                                                              {"type", "sale"},
                                                              {"processor_reference", "T1"},
                                                              {"net", "1.00"},
                                                              {"currency", "XYZ"}}));
  CHECK_FALSE(bad_currency.accepted);
  CHECK(has_issue(bad_currency.errors, "unknown_currency"));

  const auto bad_date = check(generic_header() + generic({{"processor", "acme"},
                                                          {"settlement_date", "2026-02-30"},
                                                          {"type", "sale"},
                                                          {"processor_reference", "T1"},
                                                          {"net", "1.00"},
                                                          {"currency", "USD"}}));
  CHECK_FALSE(bad_date.accepted);
  REQUIRE(find_issue(bad_date.errors, "bad_date"));
  CHECK(find_issue(bad_date.errors, "bad_date")->field == "settlement_date");

  const auto bad_deposit = check(generic_header() + generic({{"processor", "acme"},
                                                             {"settlement_date", "2026-11-20"},
                                                             {"deposit_date", "11/22/2026"},
                                                             {"type", "sale"},
                                                             {"processor_reference", "T1"},
                                                             {"net", "1.00"},
                                                             {"currency", "USD"}}));
  CHECK_FALSE(bad_deposit.accepted);
  REQUIRE(find_issue(bad_deposit.errors, "bad_date"));
  CHECK(find_issue(bad_deposit.errors, "bad_date")->field == "deposit_date");

  const auto bad_type = check(generic_header() + generic({{"processor", "acme"},
                                                          {"settlement_date", "2026-11-20"},
                                                          {"type", "capture"},
                                                          {"processor_reference", "T1"},
                                                          {"net", "1.00"},
                                                          {"currency", "USD"}}));
  CHECK_FALSE(bad_type.accepted);
  CHECK(has_issue(bad_type.errors, "unknown_type"));
}

TEST_CASE("generic: amounts are exact and refuse excess precision", "[card]") {
  CHECK(has_issue(check(generic_header() + sale("T1", "1.005", "0", "1.005")).errors,
                  "excess_precision"));
  CHECK(
      has_issue(check(generic_header() + sale("T1", "12,34", "0", "12,34")).errors, "bad_amount"));
  CHECK(has_issue(check(generic_header() + sale("T1", "1e3", "0", "1e3")).errors, "bad_amount"));
  // 18.150 has a zero beyond cents: exact, accepted.
  Collect got;
  REQUIRE(parse(generic_header() + sale("T1", "18.150", "0.150", "18.00"), got).accepted);
  CHECK(got.records[0].gross.minor() == 1815);
}

TEST_CASE("generic: amounts use the currency's minor unit", "[card]") {
  Collect got;
  const auto report = parse(generic_header() + generic({{"processor", "acme"},
                                                        {"settlement_date", "2026-11-20"},
                                                        {"type", "sale"},
                                                        {"processor_reference", "T1"},
                                                        {"gross", "1500"},
                                                        {"fees", "45"},
                                                        {"net", "1455"},
                                                        {"currency", "JPY"}}),
                            got);
  REQUIRE(report.accepted);
  CHECK(got.records[0].gross.minor() == 1500);
  CHECK(got.records[0].currency().code() == "JPY");
}

TEST_CASE("generic: a sign that contradicts the type rejects", "[card]") {
  const auto positive_refund = check(generic_header() + refund("T1", "20.00", "0", "20.00"));
  CHECK_FALSE(positive_refund.accepted);
  CHECK(has_issue(positive_refund.errors, "sign_mismatch"));
  const auto negative_sale = check(generic_header() + sale("T1", "-5.00", "0", "-5.00"));
  CHECK(has_issue(negative_sale.errors, "sign_mismatch"));
}

TEST_CASE("generic: a payment row needs the processor reference", "[card]") {
  const auto report = check(generic_header() + sale("", "1.00", "0", "1.00"));
  CHECK_FALSE(report.accepted);
  const auto* issue = find_issue(report.errors, "missing_field");
  REQUIRE(issue);
  CHECK(issue->field == "processor_reference");
}

TEST_CASE("generic: a payout that differs from its batch's net rejects", "[card]") {
  const std::string rows =
      sale("T1", "100.00", "2.50", "97.50") + sale("T2", "10.00", "0.30", "9.70");
  CHECK(check(generic_header() + rows + payout("107.20")).accepted);
  const auto report = check(generic_header() + rows + payout("107.21"));
  CHECK_FALSE(report.accepted);
  const auto* issue = find_issue(report.errors, "payout_mismatch");
  REQUIRE(issue);
  CHECK(issue->line == 4);
  CHECK(issue->message.find("107.21") != std::string::npos);
  CHECK(issue->message.find("107.20") != std::string::npos);
}

TEST_CASE("generic: the payout row may come first, batches are checked separately", "[card]") {
  const std::string file = generic_header() + payout("9.70", "B2") +
                           sale("T1", "100.00", "2.50", "97.50", "B1") +
                           sale("T2", "10.00", "0.30", "9.70", "B2") + payout("97.50", "B1");
  const auto report = check(file);
  CHECK(report.accepted);
  CHECK(summary_int(report, "batches") == 2);
  CHECK(declared_int(report, "payouts_minor") == 970 + 9750);
}

TEST_CASE("generic: a payout whose batch rows are not in the file is only a warning", "[card]") {
  const auto report = check(generic_header() + payout("500.00", "B9"));
  CHECK(report.accepted);
  CHECK(has_issue(report.warnings, "payout_unverified"));
}

TEST_CASE("generic: one batch in two currencies rejects", "[card]") {
  const std::string eur = generic({{"processor", "acme"},
                                   {"batch_id", "B1"},
                                   {"settlement_date", "2026-11-20"},
                                   {"type", "sale"},
                                   {"processor_reference", "T2"},
                                   {"net", "1.00"},
                                   {"currency", "EUR"}});
  const auto report = check(generic_header() + sale("T1", "1.00", "0", "1.00") + eur);
  CHECK_FALSE(report.accepted);
  CHECK(has_issue(report.errors, "currency_mismatch"));
}

TEST_CASE("generic: a card number in any column is masked and reported, never kept", "[card]") {
  const std::string file =
      generic_header() + generic({{"processor", "acme"},
                                  {"batch_id", "B1"},
                                  {"settlement_date", "2026-11-20"},
                                  {"type", "sale"},
                                  {"processor_reference", "T1"},
                                  {"our_reference", "acct 1001 card 4111 1111 1111 1111"},
                                  {"gross", "1.00"},
                                  {"fees", "0"},
                                  {"net", "1.00"},
                                  {"currency", "USD"}});
  Collect got;
  const auto report = parse(file, got);
  CHECK(report.accepted);
  REQUIRE(got.records.size() == 1);
  CHECK(got.records[0].our_reference == "acct 1001 card **** **** **** 1111");
  const auto* warning = find_issue(report.warnings, "pan_masked");
  REQUIRE(warning);
  CHECK(warning->line == 2);
  CHECK(warning->field == "our_reference");
  CHECK(warning->message.find("column 11") != std::string::npos);
  CHECK(warning->message.find("4111 1111") == std::string::npos);
}

TEST_CASE("generic: a full card number in last_four keeps only its last four", "[card]") {
  Collect got;
  const std::string file = generic_header() + generic({{"processor", "acme"},
                                                       {"settlement_date", "2026-11-20"},
                                                       {"type", "sale"},
                                                       {"last_four", "5555555555554444"},
                                                       {"processor_reference", "T1"},
                                                       {"net", "1.00"},
                                                       {"currency", "USD"}});
  const auto report = parse(file, got);
  CHECK(report.accepted);
  REQUIRE(got.records.size() == 1);
  CHECK(got.records[0].last_four == "4444");
  CHECK(has_issue(report.warnings, "pan_masked"));
}

TEST_CASE("generic: a card number in an extra column or in a rejected row is masked", "[card]") {
  std::string header = generic_header();
  header.insert(header.size() - 1, ",memo");
  std::string row = sale("T1", "1.00", "0", "1.00");
  row.insert(row.size() - 1, ",\"card 6011111111111117, thanks\"");
  const auto report = check(header + row);
  CHECK(report.accepted);
  const auto* warning = find_issue(report.warnings, "pan_masked");
  REQUIRE(warning);
  CHECK(warning->field == "memo");

  // A rejected row's messages quote masked text only.
  const auto bad = check(generic_header() + sale("T1", "4111111111111111", "0", "1.00"));
  CHECK_FALSE(bad.accepted);
  for (const auto& e : bad.errors) CHECK(e.message.find("4111111111111111") == std::string::npos);
}

TEST_CASE("generic: numbers that are not cards are left alone", "[card]") {
  Collect got;
  const std::string file = generic_header() + generic({{"processor", "acme"},
                                                       {"settlement_date", "2026-11-20"},
                                                       {"type", "sale"},
                                                       {"processor_reference", "4111111111111112"},
                                                       {"our_reference", "021000021"},
                                                       {"auth_code", "123456789012"},
                                                       {"net", "1.00"},
                                                       {"currency", "USD"}});
  const auto report = parse(file, got);
  CHECK(report.accepted);
  CHECK(report.warnings.empty());
  REQUIRE(got.records.size() == 1);
  CHECK(got.records[0].processor_reference == "4111111111111112");
}

TEST_CASE("generic: last_four must be four digits", "[card]") {
  const auto report = check(generic_header() + generic({{"processor", "acme"},
                                                        {"settlement_date", "2026-11-20"},
                                                        {"type", "sale"},
                                                        {"last_four", "12a4"},
                                                        {"processor_reference", "T1"},
                                                        {"net", "1.00"},
                                                        {"currency", "USD"}}));
  CHECK(has_issue(report.errors, "bad_last_four"));
}

TEST_CASE("generic: rows with the wrong number of fields reject", "[card]") {
  const auto report = check(generic_header() + "acme,M1,B1\n");
  CHECK_FALSE(report.accepted);
  const auto* issue = find_issue(report.errors, "column_count");
  REQUIRE(issue);
  CHECK(issue->line == 2);
}

TEST_CASE("generic: header in any order and case, CRLF, quoting and a BOM", "[card]") {
  const std::string file =
      "\xEF\xBB\xBF"
      "Currency,NET,Gross,Fees,Type,Processor,Batch_ID,Settlement_Date,"
      "Processor_Reference,Our_Reference\r\n"
      "USD,97.50,100.00,2.50,sale,acme,B1,2026-11-20,T1,\"Smith, John \"\"JJ\"\"\"\r\n"
      ",,,,,,,,,\r\n";
  Collect got;
  const auto report = parse(file, got);
  INFO((report.errors.empty() ? "" : report.errors[0].code + ": " + report.errors[0].message));
  CHECK(report.accepted);
  REQUIRE(got.records.size() == 1);
  CHECK(got.records[0].our_reference == "Smith, John \"JJ\"");
  CHECK(got.records[0].net.minor() == 9750);
}

TEST_CASE("generic: structural problems reject with a located error", "[card]") {
  CHECK(has_issue(check("").errors, "empty_file"));
  CHECK(has_issue(check("\n\n").errors, "empty_file"));
  CHECK(has_issue(
      check("account,bill_date,amount_due,due_date\n1,2026-11-01,10.00,2026-11-20\n").errors,
      "unknown_layout"));
  std::string dup = generic_header();
  dup.insert(dup.size() - 1, ",NET");
  CHECK(has_issue(check(dup).errors, "duplicate_column"));
  const auto quote = check(generic_header() + "acme,\"open\n");
  CHECK(has_issue(quote.errors, "unterminated_quote"));
}

TEST_CASE("generic: a header-only file is accepted and empty", "[card]") {
  const auto report = check(generic_header());
  CHECK(report.accepted);
  CHECK(summary_int(report, "rows") == 0);
}

TEST_CASE("generic: rejected rows are not visited, valid rows are, in order", "[card]") {
  Collect got;
  const auto report = parse(generic_header() + sale("T1", "1.00", "0", "1.00") +
                                sale("T2", "1.00", "0", "2.00") + sale("T3", "3.00", "0", "3.00"),
                            got);
  CHECK_FALSE(report.accepted);
  REQUIRE(got.records.size() == 2);
  CHECK(got.records[0].processor_reference == "T1");
  CHECK(got.records[1].processor_reference == "T3");
  CHECK(report.errors.size() == 1);
}

TEST_CASE("generic: sums that overflow 64 bits reject", "[card]") {
  const std::string big = "92233720368547758.07";  // INT64_MAX minor units
  const auto report =
      check(generic_header() + sale("T1", big, "0", big) + sale("T2", big, "0", big));
  CHECK_FALSE(report.accepted);
  CHECK(has_issue(report.errors, "amount_overflow"));
  CHECK(has_issue(check(generic_header() + sale("T1", "92233720368547758.08", "0", "1")).errors,
                  "amount_overflow"));
}

TEST_CASE("generic: more batches than the cap reject instead of growing memory", "[card][slow]") {
  std::string file = generic_header();
  for (std::size_t i = 0; i <= tally::formats::card::BatchTotals::kMaxBatches; ++i)
    file += sale("T", "1.00", "0", "1.00", "B" + std::to_string(i));
  const auto report = check(file);
  CHECK_FALSE(report.accepted);
  CHECK(has_issue(report.errors, "too_many_batches"));
}
