// X9 control totals: bundle (70), cash letter (90) and file (99) counts and amounts; any
// disagreement rejects, except the one documented writer quirk (a warning).
#include <catch2/catch.hpp>

#include "formats/x9/tests/x9_builder.h"

using namespace x9_test;
using tally::formats::ParseReport;

namespace {

FileSpec two_letters() {
  FileSpec f;
  ItemSpec a;
  a.amount = 1000;
  ItemSpec b;
  b.amount = 2500;
  ItemSpec r;
  r.type = 31;
  r.amount = 700;
  f.letters.push_back(CashLetterSpec{{BundleSpec{{a, b}, {}}, BundleSpec{{r}, {}}}});
  f.letters.push_back(CashLetterSpec{{BundleSpec{{a}, {}}}});
  return f;
}

ParseReport tampered(const std::string& type, int first, int last, const std::string& value,
                     std::size_t occurrence = 0) {
  auto recs = records(two_letters());
  std::size_t at = find(recs, type);
  for (std::size_t i = 0; i < occurrence; ++i) at = find(recs, type, at + 1);
  set_field(recs.at(at), first, last, value);
  return check(encode(recs));
}

void rejects_with(const ParseReport& r, const std::string& code, const std::string& field) {
  INFO(describe(r));
  CHECK_FALSE(r.accepted);
  bool found = false;
  for (const auto& e : r.errors) found = found || (e.code == code && e.field == field);
  CHECK(found);
}

}  // namespace

TEST_CASE("controls that match the records are accepted, summary and declared agree",
          "[x9][totals]") {
  const ParseReport r = check(build(two_letters()));
  INFO(describe(r));
  REQUIRE(r.accepted);
  CHECK(r.warnings.empty());
  CHECK(field_int(r.summary, "cash_letters") == 2);
  CHECK(field_int(r.summary, "bundles") == 3);
  CHECK(field_int(r.summary, "items") == 4);
  CHECK(field_int(r.summary, "returns") == 1);
  CHECK(field_int(r.summary, "total_minor") == 5200);
  CHECK(field_int(r.declared, "cash_letters") == 2);
  CHECK(field_int(r.declared, "bundles") == 3);
  CHECK(field_int(r.declared, "items") == 4);
  CHECK(field_int(r.declared, "total_minor") == 5200);
  CHECK(field_int(r.declared, "records") == field_int(r.summary, "records"));
}

TEST_CASE("bundle control mismatches reject", "[x9][totals][reject]") {
  rejects_with(tampered("70", 3, 6, "0003"), "count_mismatch", "items_within_bundle_count");
  rejects_with(tampered("70", 7, 18, num(3501, 12)), "total_mismatch", "bundle_total_amount");
  rejects_with(tampered("70", 31, 35, num(1, 5)), "count_mismatch", "images_within_bundle_count");
  // The second bundle (returns) is checked too.
  rejects_with(tampered("70", 7, 18, num(701, 12), 1), "total_mismatch", "bundle_total_amount");
}

TEST_CASE("cash letter control mismatches reject", "[x9][totals][reject]") {
  rejects_with(tampered("90", 3, 8, num(1, 6)), "count_mismatch", "cash_letter_bundle_count");
  rejects_with(tampered("90", 9, 16, num(4, 8)), "count_mismatch", "cash_letter_items_count");
  rejects_with(tampered("90", 17, 30, num(4199, 14)), "total_mismatch", "cash_letter_total_amount");
  rejects_with(tampered("90", 31, 39, num(2, 9)), "count_mismatch", "cash_letter_images_count");
  rejects_with(tampered("90", 17, 30, num(1001, 14), 1), "total_mismatch",
               "cash_letter_total_amount");
}

TEST_CASE("file control mismatches reject", "[x9][totals][reject]") {
  rejects_with(tampered("99", 3, 8, num(1, 6)), "count_mismatch", "cash_letter_count");
  rejects_with(tampered("99", 9, 16, num(5, 8)), "count_mismatch", "total_record_count");
  rejects_with(tampered("99", 17, 24, num(3, 8)), "count_mismatch", "total_item_count");
  rejects_with(tampered("99", 25, 40, num(5201, 16)), "total_mismatch", "file_total_amount");
}

TEST_CASE("credits count in the totals only when the credit total indicator says so",
          "[x9][totals][credits]") {
  FileSpec f = two_letters();
  f.letters[0].bundles[0].credits = {3500};
  for (bool included : {false, true}) {
    f.credits_in_totals = included;
    const ParseReport r = check(build(f));
    INFO("included=" << included << "\n" << describe(r));
    CHECK(r.accepted);
    CHECK(field_int(r.summary, "credits") == 1);
    CHECK(field_int(r.summary, "credit_total_minor") == 3500);
    CHECK(field_int(r.summary, "total_minor") == 5200);
    CHECK(field_int(r.declared, "total_minor") == (included ? 8700 : 5200));
  }
  // Totals that include the credit while the indicator says they do not: rejected.
  f.credits_in_totals = true;
  auto recs = records(f);
  for (const std::string type : {"70", "90", "99"}) {
    const std::size_t at = find(recs, type);
    const int indicator = type == "70" ? 56 : type == "90" ? 66 : 65;
    set_field(recs[at], indicator, indicator, "0");
  }
  const ParseReport wrong = check(encode(recs));
  CHECK_FALSE(wrong.accepted);
  CHECK(has_error(wrong, "total_mismatch"));
}

TEST_CASE(
    "item counts equal to the bundles' record counts are a known quirk, accepted with "
    "a warning",
    "[x9][totals][quirk]") {
  auto recs = records(two_letters());
  // Bundle 1: two checks, each 25 26 28 50 52 = 10 records; bundle 2: 31 32 33 35 50 52 = 6.
  set_field(recs[find(recs, "70")], 3, 6, num(10, 4));
  set_field(recs[find(recs, "70", find(recs, "70") + 1)], 3, 6, num(6, 4));
  set_field(recs[find(recs, "90")], 9, 16, num(16, 8));
  const ParseReport r = check(encode(recs));
  INFO(describe(r));
  CHECK(r.accepted);
  CHECK(has_warning(r, "item_count_is_record_count"));

  // Any other wrong count still rejects.
  set_field(recs[find(recs, "70")], 3, 6, num(11, 4));
  CHECK(has_error(check(encode(recs)), "count_mismatch"));
}

TEST_CASE("a MICR-valid total that disagrees is a warning", "[x9][totals]") {
  const ParseReport r = tampered("70", 19, 30, num(1, 12));
  INFO(describe(r));
  CHECK(r.accepted);
  CHECK(has_warning(r, "micr_total_mismatch"));
}
