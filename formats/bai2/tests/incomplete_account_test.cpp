// 03 account records whose type code / amount / item count / funds type groups are left
// incomplete, read with the specification's defaults (an omitted amount is no amount, an
// omitted item count unknown, an omitted funds type Z), each with a warning; the account
// control total still has to agree. The fixture is fuzz/seeds/incomplete_03.bai2.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "formats/bai2/tests/bai2_test_support.h"

using namespace bai2_test;

namespace {

std::string seed(const std::string& name) {
  const char* source = std::getenv("TALLY_SOURCE_DIR");
  std::ifstream in(std::string(source ? source : "../..") + "/formats/bai2/fuzz/seeds/" + name,
                   std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

int warnings_with(const ParseReport& r, std::string_view code) {
  int n = 0;
  for (const auto& w : r.warnings) n += w.code == code ? 1 : 0;
  return n;
}

}  // namespace

TEST_CASE("bai2 incomplete 03 groups are read with the specification's defaults", "[bai2]") {
  const std::string file = seed("incomplete_03.bai2");
  REQUIRE_FALSE(file.empty());
  Recorder rec;
  const ParseReport r = bai2::parse(file, rec);
  INFO(describe(r));
  REQUIRE(r.accepted);
  CHECK(int_field(r.summary, "file_total_minor") == 70654500);
  CHECK(int_field(r.declared, "file_total_minor") == 70654500);
  CHECK(int_field(r.summary, "accounts") == 3);
  CHECK(int_field(r.summary, "records") == 13);
  // 010 ends its physical record after the amount; the 88 starts type code 190.
  // 010 has an empty amount; 015 leaves off count and funds type; 400's group closes with
  // ",/" and the 88 brings type code 100 with no amount.
  CHECK(warnings_with(r, "incomplete_summary") == 3);
  REQUIRE(rec.accounts.size() == 3);
  const auto& a = rec.accounts[0].summaries;
  REQUIRE(a.size() == 2);
  CHECK(a[0].type_code == 10);
  CHECK(a[0].amount_minor == 500000);
  CHECK(a[0].item_count == -1);
  CHECK(a[0].funds == 'Z');
  CHECK(a[1].type_code == 190);
  CHECK(a[1].amount_minor == 70000000);
  CHECK(a[1].item_count == 4);
  CHECK(a[1].funds == '0');
  const auto& b = rec.accounts[1].summaries;
  REQUIRE(b.size() == 2);
  CHECK(b[0].amount_minor == -1);  // no amount, not zero
  CHECK(b[1].type_code == 15);
  CHECK(b[1].amount_minor == 120000);
  const auto& c = rec.accounts[2].summaries;
  REQUIRE(c.size() == 3);
  CHECK(c[0].amount_minor == -3000);
  CHECK(c[1].item_count == 2);
  CHECK(c[2].type_code == 100);
  CHECK(c[2].amount_minor == -1);
}

TEST_CASE("bai2 an incomplete 03 still has to agree with its 49 total", "[bai2]") {
  std::string file = seed("incomplete_03.bai2");
  const auto at = file.find("49,70500000,3/");
  REQUIRE(at != std::string::npos);
  file.replace(at, 14, "49,70000000,3/");  // as if the 88's 190 amount were not counted
  const ParseReport r = bai2::check(file);
  INFO(describe(r));
  CHECK_FALSE(r.accepted);
  CHECK(error_with(r, "total_mismatch").field == "account_control_total");
}

TEST_CASE("bai2 an 88 that reads as item count and funds type stays positional", "[bai2]") {
  // "010,500000/" then "88,4,0,...": the specification's reading (count 4, funds type 0) works,
  // so the continuation is not taken as a new type code and nothing is warned.
  const std::string body =
      "03,1,,100,500000/\n"
      "88,4,0,400,2000,,/\n";
  Recorder rec;
  const ParseReport r = bai2::parse(one_account_file(body, 502000, 2), rec);
  INFO(describe(r));
  REQUIRE(r.accepted);
  CHECK(warnings_with(r, "incomplete_summary") == 0);
  REQUIRE(rec.accounts.size() == 1);
  REQUIRE(rec.accounts[0].summaries.size() == 2);
  CHECK(rec.accounts[0].summaries[0].item_count == 4);
  CHECK(rec.accounts[0].summaries[0].funds == '0');
}

TEST_CASE("bai2 an 03 type code whose record ends before its amount has no amount", "[bai2]") {
  Recorder rec;
  const ParseReport r = bai2::parse(one_account_file("03,1,,010,500000,,,015/\n", 500000, 1), rec);
  INFO(describe(r));
  REQUIRE(r.accepted);
  const auto& w = r.warnings.at(0);
  CHECK(w.code == "incomplete_summary");
  CHECK(w.field == "amount");
  CHECK(w.line == 3);
  REQUIRE(rec.accounts.at(0).summaries.size() == 2);
  CHECK(rec.accounts[0].summaries[1].amount_minor == -1);
}
