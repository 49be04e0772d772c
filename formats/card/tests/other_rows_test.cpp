// Rows Tally does not post (balance transfers, reserve moves, deposit corrections, ...): kept,
// listed (warning not_posted) and summed, into their batch's payout check and into the
// report's other_rows / other_minor; not refused. The fixtures are our own, in fuzz/seeds/.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "formats/card/tests/fixtures.h"

using namespace card_fixtures;
using tally::formats::card::check;
using tally::formats::card::parse;
using tally::formats::card::RecordType;

namespace {

std::string seed(const std::string& name) {
  const char* source = std::getenv("TALLY_SOURCE_DIR");
  std::ifstream in(std::string(source ? source : "../..") + "/formats/card/fuzz/seeds/" + name,
                   std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

int count_issues(const std::vector<tally::formats::Issue>& issues, std::string_view code) {
  int n = 0;
  for (const auto& i : issues) n += i.code == code ? 1 : 0;
  return n;
}

}  // namespace

TEST_CASE("adyen: balance transfers and reserve moves are kept and summed", "[card][adyen]") {
  const std::string file = seed("adyen_other_rows.csv");
  REQUIRE_FALSE(file.empty());
  Collect got;
  const auto report = parse(file, got);
  INFO((report.errors.empty() ? "" : report.errors[0].code + ": " + report.errors[0].message));
  REQUIRE(report.accepted);
  CHECK(got.records.size() == 7);
  CHECK(summary_int(report, "rows") == 7);
  CHECK(summary_int(report, "other_rows") == 3);
  CHECK(summary_int(report, "other_minor") == -1450);
  CHECK(summary_int(report, "other_rows.balancetransfer") == 1);
  CHECK(summary_int(report, "other_minor.balancetransfer") == -2500);
  CHECK(summary_int(report, "other_minor.reserveadjustment") == 1000);
  CHECK(summary_int(report, "other_minor.depositcorrection") == 50);
  CHECK(summary_int(report, "sales_minor") == 15000);
  CHECK(summary_int(report, "net_minor") == 12935);  // every row but the payout
  CHECK(declared_int(report, "payouts_minor") == 12935);
  CHECK(count_issues(report.warnings, "not_posted") == 3);
  const auto* w = find_issue(report.warnings, "not_posted");
  REQUIRE(w);
  CHECK(w->line == 4);
  CHECK(w->field == "type");
  CHECK(got.records[2].type == RecordType::kOther);
  CHECK(got.records[2].processor_type == "Balancetransfer");
  CHECK(got.records[2].net.minor() == -2500);
  CHECK(got.records[4].type == RecordType::kFee);  // InvoiceDeduction: a fee, as before
}

TEST_CASE("adyen: a payout that leaves out an other row still mismatches", "[card][adyen]") {
  // The payout as if the Balancetransfer were not in the batch: the rows say 129.35.
  const auto report = check(replaced(seed("adyen_other_rows.csv"), "USD,129.35,", "USD,154.35,"));
  CHECK_FALSE(report.accepted);
  CHECK(has_issue(report.errors, "payout_mismatch"));
}

TEST_CASE("generic: other rows need no reference and any sign", "[card]") {
  Collect got;
  const auto report = parse(seed("generic_other_rows.csv"), got);
  INFO((report.errors.empty() ? "" : report.errors[0].code + ": " + report.errors[0].message));
  REQUIRE(report.accepted);
  CHECK(summary_int(report, "other_rows") == 2);
  CHECK(summary_int(report, "other_minor") == -7000);
  CHECK(summary_int(report, "other_minor.balance_transfer") == -5000);
  CHECK(summary_int(report, "other_minor.reserve") == -2000);
  CHECK(declared_int(report, "payouts_minor") == 12500);
  REQUIRE(got.records.size() == 4);
  CHECK(got.records[1].gross.minor() == -5000);
  CHECK(got.records[1].fees.minor() == 0);
}

TEST_CASE("generic: an other row whose amounts disagree is refused", "[card]") {
  const auto report =
      check(replaced(seed("generic_other_rows.csv"), "balance_transfer,,,,,,,,-50.00",
                     "balance_transfer,,,,,,-50.00,1.00,-50.00"));
  CHECK_FALSE(report.accepted);
  CHECK(has_issue(report.errors, "amount_mismatch"));
}
