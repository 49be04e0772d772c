// Batch (7), lockbox (8) and file (9) totals.
#include <catch2/catch.hpp>

#include "formats/lockbox/tests/lockbox_test_support.h"

using namespace lockbox_test;

namespace {

std::string replaced(std::size_t index, std::string line) {
  auto lines = valid_lines();
  lines[index] = std::move(line);
  return join(lines);
}

void expect_rejected(const std::string& file, const char* code, const char* field, int line) {
  const ParseReport r = lockbox::check(file);
  INFO(describe(r));
  CHECK_FALSE(r.accepted);
  const auto& e = error_with(r, code);
  CHECK(e.field == field);
  CHECK(e.line == line);
}

}  // namespace

TEST_CASE("lockbox rejects a batch amount mismatch", "[lockbox]") {
  expect_rejected(replaced(7, rec7(1, 2, 62346)), "total_mismatch", "amount", 8);
}

TEST_CASE("lockbox rejects a batch item count mismatch", "[lockbox]") {
  expect_rejected(replaced(7, rec7(1, 3, 62345)), "count_mismatch", "item_count", 8);
}

TEST_CASE("lockbox rejects a lockbox amount mismatch", "[lockbox]") {
  expect_rejected(replaced(10, rec8(3, 69844)), "total_mismatch", "amount", 11);
}

TEST_CASE("lockbox rejects a lockbox item count mismatch", "[lockbox]") {
  expect_rejected(replaced(10, rec8(4, 69845)), "count_mismatch", "item_count", 11);
}

TEST_CASE("lockbox rejects a 9 record count mismatch", "[lockbox]") {
  expect_rejected(replaced(11, rec9(11)), "count_mismatch", "record_count", 12);
}

TEST_CASE("lockbox rejects totals naming another lockbox or deposit date", "[lockbox]") {
  expect_rejected(replaced(7, rec7(1, 2, 62345, 22223)), "lockbox_mismatch", "lockbox_number", 8);
  expect_rejected(replaced(10, rec8(3, 69845, kLockbox, "260106")), "date_mismatch", "deposit_date",
                  11);
  expect_rejected(replaced(7, rec7(3, 2, 62345)), "batch_mismatch", "batch_number", 8);
}

TEST_CASE("lockbox one wrong batch total is one error, not three", "[lockbox]") {
  const ParseReport r = lockbox::check(replaced(7, rec7(1, 2, 62000)));
  CHECK(r.errors.size() == 1);
}

TEST_CASE("lockbox accepts several lockboxes and an empty batch", "[lockbox]") {
  const std::vector<std::string> lines = {rec1(),
                                          rec2(),
                                          rec5(111),
                                          rec6(1, 1, 100),
                                          rec6(1, 2, 200),
                                          rec7(1, 2, 300, 111),
                                          rec7(2, 0, 0, 111),
                                          rec8(2, 300, 111),
                                          rec5(222),
                                          rec6(7, 5, 1000),
                                          rec7(7, 1, 1000, 222),
                                          rec8(1, 1000, 222),
                                          rec9(13)};
  Recorder rec;
  const std::string file = join(lines);
  const ParseReport r = lockbox::parse(file, rec);
  INFO(describe(r));
  REQUIRE(r.accepted);
  CHECK(int_field(r.summary, "lockboxes") == 2);
  CHECK(int_field(r.summary, "batches") == 3);
  CHECK(int_field(r.declared, "batches") == 3);
  CHECK(int_field(r.declared, "items") == 3);
  CHECK(int_field(r.declared, "total_minor") == 1300);
  CHECK(rec.items.at(2).lockbox_number == 222);
  CHECK(rec.items.at(2).item_number == 5);
}
