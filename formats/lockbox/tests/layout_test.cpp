// Layouts: the standard one, checks on custom tables, and TOML.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <vector>

#include "formats/lockbox/tests/lockbox_test_support.h"

using namespace lockbox_test;
using lockbox::Field;
using lockbox::FieldSpec;
using lockbox::FieldType;
using lockbox::LockboxLayout;

namespace {

// A small bank's 80-column layout: different columns, amounts of 12 digits.
constexpr const char* kSmallBankToml = R"(
name = "smallbank"
max_record_length = 80

[[field]]
record = "5"
name = "lockbox_number"
position = 2
length = 6
type = "digits"

[[field]]
record = "5"
name = "deposit_date"
position = 8
length = 6
type = "mmddyy"

[[field]]
record = "6"
name = "batch_number"
position = 2
length = 2
type = "digits"

[[field]]
record = "6"
name = "item_number"
position = 4
length = 4
type = "digits"

[[field]]
record = "6"
name = "amount"
position = 8
length = 12
type = "amount"

[[field]]
record = "6"
name = "remitter_name"
position = 20
length = 20
type = "text"
optional = true

[[field]]
record = "4"
name = "batch_number"
position = 2
length = 2
type = "digits"

[[field]]
record = "4"
name = "item_number"
position = 4
length = 4
type = "digits"

[[field]]
record = "7"
name = "item_count"
position = 4
length = 4
type = "digits"

[[field]]
record = "7"
name = "amount"
position = 8
length = 12
type = "amount"

[[field]]
record = "8"
name = "item_count"
position = 2
length = 6
type = "digits"

[[field]]
record = "8"
name = "amount"
position = 8
length = 14
type = "amount"

[[field]]
record = "9"
name = "record_count"
position = 2
length = 4
type = "digits"
)";

std::vector<FieldSpec> minimal_table() {
  return {
      {'5', Field::kLockboxNumber, 2, 7, FieldType::kDigits, false},
      {'5', Field::kDepositDate, 9, 6, FieldType::kDateYymmdd, false},
      {'6', Field::kBatchNumber, 2, 3, FieldType::kDigits, false},
      {'6', Field::kItemNumber, 5, 3, FieldType::kDigits, false},
      {'6', Field::kAmount, 8, 18, FieldType::kAmount, false},
      {'4', Field::kBatchNumber, 2, 3, FieldType::kDigits, false},
      {'4', Field::kItemNumber, 5, 3, FieldType::kDigits, false},
      {'7', Field::kItemCount, 2, 3, FieldType::kDigits, false},
      {'7', Field::kAmount, 5, 18, FieldType::kAmount, false},
      {'8', Field::kItemCount, 2, 3, FieldType::kDigits, false},
      {'8', Field::kAmount, 5, 18, FieldType::kAmount, false},
      {'9', Field::kRecordCount, 2, 6, FieldType::kDigits, false},
  };
}

std::string layout_error(std::vector<FieldSpec> table, std::size_t max_length = 104) {
  const auto built = LockboxLayout::from_table("test", table, max_length);
  REQUIRE_FALSE(built.ok());
  return built.error().message;
}

}  // namespace

TEST_CASE("lockbox standard layout places the sample's fields", "[lockbox][layout]") {
  const LockboxLayout& std_layout = LockboxLayout::standard();
  CHECK(std_layout.name() == "standard");
  CHECK(std_layout.max_record_length() == 104);
  const FieldSpec* amount = std_layout.find('6', Field::kAmount);
  REQUIRE(amount != nullptr);
  CHECK(amount->position == 8);
  CHECK(amount->length == 10);
  CHECK(std_layout.find('6', Field::kCheckDate)->type == FieldType::kDateMmddyy);
  CHECK(std_layout.find('5', Field::kDepositDate)->type == FieldType::kDateYymmdd);
  CHECK(std_layout.find('8', Field::kItemCount)->length == 4);
  CHECK(std_layout.find('9', Field::kAmount) == nullptr);
}

TEST_CASE("lockbox from_table accepts a minimal table and rejects bad ones", "[lockbox][layout]") {
  REQUIRE(LockboxLayout::from_table("test", minimal_table(), 104).ok());

  auto overlap = minimal_table();
  overlap[4].position = 6;  // amount over the item number
  CHECK_THAT(layout_error(overlap), Catch::Contains("overlaps"));

  auto missing = minimal_table();
  missing.erase(missing.begin() + 4);  // no 6 amount
  CHECK_THAT(layout_error(missing), Catch::Contains("needs field amount"));

  auto wrong_type = minimal_table();
  wrong_type[4].type = FieldType::kText;
  CHECK_THAT(layout_error(wrong_type), Catch::Contains("does not fit"));

  auto outside = minimal_table();
  outside[4].position = 100;
  CHECK_THAT(layout_error(outside), Catch::Contains("outside"));

  auto column_one = minimal_table();
  column_one[0].position = 1;  // the record type's column
  CHECK_THAT(layout_error(column_one), Catch::Contains("outside"));

  auto too_long = minimal_table();
  too_long[4].length = 19;
  CHECK_THAT(layout_error(too_long), Catch::Contains("digits"));

  auto twice = minimal_table();
  twice.push_back(twice[0]);
  CHECK_THAT(layout_error(twice), Catch::Contains("twice"));

  auto bad_record = minimal_table();
  bad_record[0].record = '3';
  CHECK_THAT(layout_error(bad_record), Catch::Contains("unknown record type"));
}

TEST_CASE("lockbox a layout with 18-digit amounts reports running total overflow",
          "[lockbox][layout]") {
  const auto layout = LockboxLayout::from_table("big", minimal_table(), 104);
  REQUIRE(layout.ok());
  std::string file = "1\n50000001260105\n";
  for (int i = 1; i <= 10; ++i) file += fmt::format("6001{:03}{}\n", i, "999999999999999999");
  file += "7010" + std::string(18, '9') + "\n8010" + std::string(18, '9') + "\n9000014\n";
  const ParseReport r = lockbox::check(file, *layout);
  CHECK(has_error(r, "amount_overflow"));
}

TEST_CASE("lockbox from_toml builds a bank's layout that parses its files", "[lockbox][layout]") {
  const auto layout = LockboxLayout::from_toml(kSmallBankToml);
  REQUIRE(layout.ok());
  CHECK(layout->name() == "smallbank");
  CHECK(layout->find('6', Field::kAmount)->length == 12);
  const std::string file =
      "1\n"
      "5123456010526\n"
      "6010001000000012345JANE DOE\n"
      "6010002000000000055\n"
      "7010002000000012400\n"
      "800000200000000012400\n"
      "90007\n";
  Recorder rec;
  const ParseReport r = lockbox::parse(file, rec, *layout);
  INFO(describe(r));
  REQUIRE(r.accepted);
  REQUIRE(rec.items.size() == 2);
  CHECK(rec.items[0].lockbox_number == 123456);
  CHECK(rec.items[0].deposit_date.to_iso() == "2026-01-05");
  CHECK(rec.items[0].amount_minor == 12345);
  CHECK(rec.items[0].remitter_name == "JANE DOE");
  CHECK(int_field(r.summary, "total_minor") == 12400);
  // The same file read with the standard layout is nonsense, and rejected.
  CHECK_FALSE(lockbox::check(file).accepted);
}

TEST_CASE("lockbox from_toml reports bad TOML and bad tables", "[lockbox][layout]") {
  CHECK_FALSE(LockboxLayout::from_toml("name = ").ok());
  CHECK_FALSE(LockboxLayout::from_toml("name = \"x\"\nmax_record_length = 80\n").ok());
  std::string misspelt = kSmallBankToml;
  misspelt.replace(misspelt.find("optional = true"), 15, "optinal = true");
  const auto bad_key = LockboxLayout::from_toml(misspelt);
  REQUIRE_FALSE(bad_key.ok());
  CHECK_THAT(bad_key.error().message, Catch::Contains("optinal"));
  std::string unknown_field = kSmallBankToml;
  unknown_field.replace(unknown_field.find("remitter_name"), 13, "remitter_nick");
  CHECK_FALSE(LockboxLayout::from_toml(unknown_field).ok());
  std::string overlap = kSmallBankToml;
  overlap.replace(overlap.find("position = 20"), 13, "position = 19");
  CHECK_THAT(LockboxLayout::from_toml(overlap).error().message, Catch::Contains("overlaps"));
}

TEST_CASE("lockbox field names round-trip", "[lockbox][layout]") {
  for (std::size_t i = 0; i < lockbox::kFieldCount; ++i) {
    const auto f = static_cast<Field>(i);
    CHECK(lockbox::field_from_name(lockbox::field_name(f)) == f);
  }
  CHECK_FALSE(lockbox::field_from_name("nope").has_value());
}
