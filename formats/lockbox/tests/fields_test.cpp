// Field values: amounts, numbers, dates, times and text, by the standard layout.
#include <catch2/catch.hpp>

#include "formats/lockbox/tests/lockbox_test_support.h"

using namespace lockbox_test;

namespace {

std::string replaced(std::size_t index, std::string line) {
  auto lines = valid_lines();
  lines[index] = std::move(line);
  return join(lines);
}

const tally::formats::Issue& rejected(const std::string& file, const char* code) {
  static ParseReport r;  // outlives the returned reference
  r = lockbox::check(file);
  INFO(describe(r));
  CHECK_FALSE(r.accepted);
  return error_with(r, code);
}

}  // namespace

TEST_CASE("lockbox rejects an amount that is not digits", "[lockbox]") {
  std::string six = rec6(1, 1, 12345);
  six.replace(7, 10, "00001234.5");
  const auto& e = rejected(replaced(3, six), "bad_amount");
  CHECK(e.field == "amount");
  CHECK(e.line == 4);
  CHECK(e.record == 4);
}

TEST_CASE("lockbox rejects a blank required field", "[lockbox]") {
  std::string six = rec6(1, 1, 12345);
  six.replace(7, 10, std::string(10, ' '));
  CHECK(rejected(replaced(3, six), "missing_field").field == "amount");
  CHECK(rejected(replaced(11, "9"), "missing_field").field == "record_count");
}

TEST_CASE("lockbox rejects bad dates: deposit YYMMDD, check MMDDYY", "[lockbox]") {
  CHECK(rejected(replaced(2, rec5(kLockbox, "261340")), "bad_date").field == "deposit_date");
  CHECK(rejected(replaced(3, rec6(1, 1, 12345, "133126")), "bad_date").field == "check_date");
  // 260105 is a fine YYMMDD but month 26 in MMDDYY.
  CHECK(rejected(replaced(3, rec6(1, 1, 12345, "260105")), "bad_date").field == "check_date");
  CHECK(rejected(replaced(0, rec1("260230")), "bad_date").field == "processing_date");
}

TEST_CASE("lockbox rejects a bad processing time", "[lockbox]") {
  CHECK(rejected(replaced(0, rec1("260105", "2460")), "bad_time").field == "processing_time");
  CHECK(lockbox::check(replaced(0, rec1("260105", "2400"))).accepted);
}

TEST_CASE("lockbox optional fields may be blank", "[lockbox]") {
  Recorder rec;
  const std::string file = replaced(3, rec6(1, 1, 12345, "      ", "", "", ""));
  const ParseReport r = lockbox::parse(file, rec);
  INFO(describe(r));
  REQUIRE(r.accepted);
  CHECK(rec.items.at(0).remitter_routing.empty());
  CHECK(rec.items.at(0).remitter_name.empty());
  CHECK_FALSE(rec.items.at(0).check_date.has_value());
}

TEST_CASE("lockbox rejects non-digits in a numeric MICR field", "[lockbox]") {
  CHECK(rejected(replaced(3, rec6(1, 1, 12345, "010426", "X", "05500270A")), "bad_number").field ==
        "remitter_routing");
}

TEST_CASE("lockbox rejects control characters in text", "[lockbox]") {
  CHECK(
      rejected(replaced(3, rec6(1, 1, 12345, "010426", "JOHN\x01PUBLIC")), "bad_character").field ==
      "remitter_name");
}

TEST_CASE("lockbox masks a card number in a name or remittance line", "[lockbox]") {
  class Copy : public lockbox::Visitor {
   public:
    std::string name, data;
    void on_item(const lockbox::Item& i) override {
      if (name.empty()) name = std::string(i.remitter_name);
    }
    void on_overflow(const lockbox::Overflow& o) override {
      if (data.empty()) data = std::string(o.data);
    }
  } copy;
  auto lines = valid_lines();
  lines[3] = rec6(1, 1, 12345, "010426", "CARD 5555555555554444");
  lines[5] = rec4(1, 2, 1, false, "PAID 4111-1111-1111-1111 INV 7");
  const std::string file = join(lines);
  const ParseReport r = lockbox::parse(file, copy);
  INFO(describe(r));
  REQUIRE(r.accepted);
  CHECK(copy.name == "CARD ************4444");
  CHECK(copy.data == "PAID ****-****-****-1111 INV 7");
  CHECK(r.warnings.size() == 2);
  CHECK(r.warnings.at(0).code == "pan_masked");
  CHECK(r.warnings.at(0).field == "remitter_name");
}
