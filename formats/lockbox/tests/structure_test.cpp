// Record order and structure of a lockbox file.
#include <catch2/catch.hpp>

#include "formats/lockbox/tests/lockbox_test_support.h"

using namespace lockbox_test;

namespace {

std::string without(std::size_t index) {
  auto lines = valid_lines();
  lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(index));
  return join(lines);
}

std::string with_line(std::size_t index, std::string line) {
  auto lines = valid_lines();
  lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(index), std::move(line));
  return join(lines);
}

std::string replaced(std::size_t index, std::string line) {
  auto lines = valid_lines();
  lines[index] = std::move(line);
  return join(lines);
}

}  // namespace

TEST_CASE("lockbox accepts a valid file, summary equals declared", "[lockbox]") {
  const std::string file = valid_file();
  Recorder rec;
  const ParseReport r = lockbox::parse(file, rec);
  INFO(describe(r));
  REQUIRE(r.accepted);
  CHECK(r.format == "lockbox");
  CHECK(r.warnings.empty());
  for (const char* name : {"items", "batches", "total_minor", "records"}) {
    INFO(name);
    CHECK(int_field(r.summary, name) == int_field(r.declared, name));
  }
  CHECK(int_field(r.summary, "items") == 3);
  CHECK(int_field(r.summary, "batches") == 2);
  CHECK(int_field(r.summary, "total_minor") == 69845);
  CHECK(int_field(r.summary, "records") == 12);
  CHECK(int_field(r.summary, "lockboxes") == 1);
  CHECK(rec.events ==
        std::vector<std::string>{"1", "2", "5", "6", "6", "4", "4", "7", "6", "7", "8", "9"});
}

TEST_CASE("lockbox delivers each item with its lockbox, dates and MICR fields", "[lockbox]") {
  const std::string file = valid_file();
  Recorder rec;
  REQUIRE(lockbox::parse(file, rec).accepted);
  REQUIRE(rec.items.size() == 3);
  const auto& a = rec.items[0];
  CHECK(a.lockbox_number == kLockbox);
  CHECK(a.deposit_date.to_iso() == "2026-01-05");
  CHECK(a.batch_number == 1);
  CHECK(a.item_number == 1);
  CHECK(a.amount_minor == 12345);
  CHECK(a.currency.code() == "USD");
  CHECK(a.remitter_routing == "055002707");
  CHECK(a.remitter_account == "0012345555");
  CHECK(a.check_number == "0000001001");
  REQUIRE(a.check_date.has_value());
  CHECK(a.check_date->to_iso() == "2026-01-04");  // MMDDYY
  CHECK(a.remitter_name == "JOHN Q PUBLIC");
  CHECK(a.payee_name == "CITY WATER DEPT");  // line ends early: not padded
  CHECK(a.line == 4);
  CHECK(a.record == 4);
  CHECK(rec.items[1].check_date->to_iso() == "2025-12-31");
  CHECK_FALSE(rec.items[2].check_date.has_value());  // 000000: no date
  CHECK(rec.items[2].batch_number == 2);
  REQUIRE(rec.overflows.size() == 2);
  CHECK(rec.overflows[0].item_number == 2);
  CHECK(rec.overflows[0].data == "INV 1001 250.00");
  CHECK(rec.overflows[0].sequence == 1);
  CHECK_FALSE(rec.overflows[0].last);
  CHECK(rec.overflows[1].last);
  REQUIRE(rec.headers.size() == 1);
  CHECK(rec.headers[0].processing_date->to_iso() == "2026-01-05");
  CHECK(rec.headers[0].processing_time_minutes == 8 * 60);
  CHECK(rec.headers[0].destination_id == "UTILITY01");
}

TEST_CASE("lockbox accepts CRLF, blank lines and padded lines", "[lockbox]") {
  std::string crlf;
  for (const auto& l : valid_lines()) crlf += l + std::string(104 - l.size(), ' ') + "\r\n\r\n";
  const ParseReport r = lockbox::check(crlf);
  INFO(describe(r));
  CHECK(r.accepted);
  CHECK(int_field(r.summary, "records") == 12);
}

TEST_CASE("lockbox accepts a file without the 2 service record", "[lockbox]") {
  auto lines = valid_lines();
  lines.erase(lines.begin() + 1);
  lines.back() = rec9(11);
  CHECK(lockbox::check(join(lines)).accepted);
}

TEST_CASE("lockbox rejects an unknown record type", "[lockbox]") {
  const ParseReport r = lockbox::check(with_line(3, "3000000"));
  CHECK_FALSE(r.accepted);
  const auto& e = error_with(r, "unknown_record_code");
  CHECK(e.line == 4);
  CHECK(e.field == "record_type");
}

TEST_CASE("lockbox rejects a file that does not start with 1, or has two", "[lockbox]") {
  CHECK(has_error(lockbox::check(without(0)), "missing_record"));
  CHECK(has_error(lockbox::check(with_line(1, rec1())), "unexpected_record"));
}

TEST_CASE("lockbox rejects items outside a lockbox and overflow without an item", "[lockbox]") {
  CHECK(has_error(lockbox::check(without(2)), "unexpected_record"));  // no 5
  CHECK(has_error(lockbox::check(with_line(3, rec4(1, 1, 1, true, "X"))), "unexpected_record"));
  CHECK(has_error(lockbox::check(with_line(8, rec4(1, 2, 3, true, "X"))), "unexpected_record"));
}

TEST_CASE("lockbox rejects an overflow of another item", "[lockbox]") {
  const ParseReport r = lockbox::check(replaced(5, rec4(1, 1, 1, false, "INV 1001 250.00")));
  CHECK(error_with(r, "overflow_mismatch").line == 6);
}

TEST_CASE("lockbox rejects a batch without its 7 total", "[lockbox]") {
  // Batch 1's 7 removed: its items run into batch 2.
  const ParseReport r = lockbox::check(without(7));
  CHECK_FALSE(r.accepted);
  CHECK(has_error(r, "batch_mismatch"));
  // The last batch's 7 removed: the 8 comes too early.
  CHECK(has_error(lockbox::check(without(9)), "missing_record"));
}

TEST_CASE("lockbox rejects a missing 8 and a missing 9", "[lockbox]") {
  CHECK(has_error(lockbox::check(without(10)), "missing_record"));
  const ParseReport r = lockbox::check(without(11));
  CHECK(has_error(r, "missing_record"));
  CHECK(r.declared.find("records") == nullptr);
}

TEST_CASE("lockbox rejects records after the 9 trailer", "[lockbox]") {
  CHECK(has_error(lockbox::check(valid_file() + rec9(12) + "\n"), "unexpected_record"));
}

TEST_CASE("lockbox rejects item numbers that do not increase within a batch", "[lockbox]") {
  auto lines = valid_lines();
  lines[4] = rec6(1, 1, 50000, "123125", "ACME HOLDINGS LLC");
  lines[5] = rec4(1, 1, 1, false, "INV 1001 250.00");
  lines[6] = rec4(1, 1, 2, true, "INV 1002 250.00");
  CHECK(error_with(lockbox::check(join(lines)), "item_sequence").field == "item_number");
}

TEST_CASE("lockbox rejects a line longer than the layout's records", "[lockbox]") {
  CHECK(has_error(lockbox::check(replaced(3, rec6(1, 1, 12345) + std::string(200, 'X'))),
                  "line_too_long"));
}

TEST_CASE("lockbox rejects an empty file", "[lockbox]") {
  CHECK(has_error(lockbox::check(""), "missing_record"));
  CHECK_FALSE(lockbox::check("\n  \n").accepted);
}

TEST_CASE("lockbox streams items before the totals are known", "[lockbox]") {
  const std::string bad = replaced(10, rec8(3, 69846));
  Recorder rec;
  const ParseReport r = lockbox::parse(bad, rec);
  CHECK_FALSE(r.accepted);
  CHECK(rec.items.size() == 3);
}
