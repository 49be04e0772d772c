// Control totals and counts of the 49, 98 and 99 trailers, and the leniencies real files need.
#include <catch2/catch.hpp>

#include "formats/bai2/tests/bai2_test_support.h"

using namespace bai2_test;

namespace {

// kValidFile with one trailer line replaced.
std::string with_line(std::string_view prefix, std::string_view replacement) {
  std::string f = kValidFile;
  const auto at = f.find(prefix);
  REQUIRE(at != std::string::npos);
  f.replace(at, f.find('\n', at) - at, replacement);
  return f;
}

void expect_rejected(const std::string& file, const char* code, const char* field) {
  const ParseReport r = bai2::check(file);
  INFO(describe(r));
  CHECK_FALSE(r.accepted);
  const auto& e = error_with(r, code);
  CHECK(e.field == field);
  CHECK(e.line > 0);
}

}  // namespace

TEST_CASE("bai2 the 49 total is the algebraic sum of the 03 and 16 amounts", "[bai2]") {
  // 03: -500 (status) + 700 + 16: 250 + 88-continued 16 amount 50 = 500.
  const std::string body =
      "03,1,,010,-500,,,100,700,2,/\n"
      "16,142,250,0,,,A/\n"
      "16,142/\n"
      "88,50,0,,,B/\n";
  CHECK(bai2::check(one_account_file(body, 500, 4)).accepted);
  CHECK_FALSE(bai2::check(one_account_file(body, 1500, 4)).accepted);
}

TEST_CASE("bai2 rejects a wrong 49 account total", "[bai2]") {
  expect_rejected(with_line("49,", "49,435001,5/"), "total_mismatch", "account_control_total");
}

TEST_CASE("bai2 rejects a wrong 49 record count", "[bai2]") {
  expect_rejected(with_line("49,", "49,435000,6/"), "count_mismatch", "number_of_records");
}

TEST_CASE("bai2 rejects a wrong 98 group total", "[bai2]") {
  expect_rejected(with_line("98,", "98,-435000,1,7/"), "total_mismatch", "group_control_total");
}

TEST_CASE("bai2 rejects a wrong 98 account count", "[bai2]") {
  expect_rejected(with_line("98,", "98,435000,2,7/"), "count_mismatch", "number_of_accounts");
}

TEST_CASE("bai2 rejects a wrong 98 record count", "[bai2]") {
  expect_rejected(with_line("98,", "98,435000,1,8/"), "count_mismatch", "number_of_records");
}

TEST_CASE("bai2 rejects a wrong 99 file total", "[bai2]") {
  expect_rejected(with_line("99,", "99,+435100,1,9/"), "total_mismatch", "file_control_total");
}

TEST_CASE("bai2 rejects a wrong 99 group count", "[bai2]") {
  expect_rejected(with_line("99,", "99,435000,2,9/"), "count_mismatch", "number_of_groups");
}

TEST_CASE("bai2 rejects a wrong 99 record count", "[bai2]") {
  expect_rejected(with_line("99,", "99,435000,1,10/"), "count_mismatch", "number_of_records");
}

TEST_CASE("bai2 rejects trailers with missing or malformed fields", "[bai2]") {
  expect_rejected(with_line("49,", "49,435000,/"), "missing_field", "number_of_records");
  expect_rejected(with_line("98,", "98,,1,7/"), "missing_field", "group_control_total");
  expect_rejected(with_line("99,", "99,43500O,1,9/"), "bad_amount", "file_control_total");
  expect_rejected(with_line("99,", "99,435000,1,-9/"), "bad_number", "number_of_records");
}

TEST_CASE("bai2 accepts a blank 49 total with a warning", "[bai2]") {
  const ParseReport r = bai2::check(with_line("49,", "49,,5/"));
  INFO(describe(r));
  CHECK(r.accepted);
  CHECK(has_warning(r, "blank_total"));
  CHECK(int_field(r.summary, "file_total_minor") == 435000);
}

TEST_CASE("bai2 accepts a 99 without its final slash, silently", "[bai2]") {
  std::string f = with_line("99,", "99,435000,1,9");
  f.pop_back();  // and without the final newline
  const ParseReport r = bai2::check(f);
  INFO(describe(r));
  CHECK(r.accepted);
  CHECK(r.warnings.empty());
}

TEST_CASE("bai2 warns about other records without a slash", "[bai2]") {
  const ParseReport r = bai2::check(with_line("98,", "98,435000,1,7"));
  CHECK(r.accepted);
  CHECK(has_warning(r, "missing_slash"));
}

TEST_CASE("bai2 warns about characters after the end of a record", "[bai2]") {
  const ParseReport r = bai2::check(with_line("98,", "98,435000,1,7/ junk"));
  CHECK(r.accepted);
  CHECK(has_warning(r, "trailing_data"));
  // A file that declares fixed-length records pads them: no warning then.
  std::string fixed = with_line("98,", "98,435000,1,7/ junk");
  fixed.replace(0, fixed.find('\n'), "01,TALLYBANK,UTILITY01,260105,0800,7,80,,2/");
  CHECK(bai2::check(fixed).warnings.empty());
}

TEST_CASE("bai2 control totals that overflow int64 are errors", "[bai2]") {
  const std::string body =
      "03,1,,010,9223372036854775807,,/\n"
      "49,9223372036854775807,2/\n"
      "03,2,,010,9223372036854775807,,/\n";
  const std::string file = std::string(kFileHeader) + std::string(kGroupHeader) + body +
                           "49,9223372036854775807,2/\n98,0,2,6/\n99,0,1,8/\n";
  const ParseReport r = bai2::check(file);
  CHECK_FALSE(r.accepted);
  CHECK(has_error(r, "amount_overflow"));
}

TEST_CASE("bai2 88 continuations count as records in every trailer", "[bai2]") {
  const std::string body =
      "03,1,,010,100/\n"
      "88,,/\n"
      "16,142,5,0,,,A\n"
      "88,B\n";
  CHECK(bai2::check(one_account_file(body, 105, 4)).accepted);
  CHECK_FALSE(bai2::check(one_account_file(body, 105, 3)).accepted);
}
