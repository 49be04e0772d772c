// The 6-record fast path (ItemPlan) against the general RecordReader path: the same items,
// the same issues, for well-formed and malformed records alike.
#include <catch2/catch.hpp>

#include "formats/lockbox/parser.h"
#include "formats/lockbox/tests/lockbox_test_support.h"
#include "tests/support/same_issues.h"

using namespace lockbox_test;

namespace {

struct Outcome {
  Recorder rec;
  ParseReport report;
};

Outcome run(const std::string& file, bool fast) {
  Outcome o;
  lockbox::Parser parser(file, o.rec, lockbox::LockboxLayout::standard(), fast);
  o.report = parser.run();
  return o;
}

void same(const std::string& file) {
  const Outcome f = run(file, true);
  const Outcome g = run(file, false);
  INFO(file << "\nfast:\n" << describe(f.report) << "general:\n" << describe(g.report));
  CHECK(f.report.accepted == g.report.accepted);
  tally::testing::check_same_issues(f.report, g.report);
  REQUIRE(f.rec.items.size() == g.rec.items.size());
  for (std::size_t i = 0; i < f.rec.items.size(); ++i) {
    const auto& a = f.rec.items[i];
    const auto& b = g.rec.items[i];
    CHECK(a.batch_number == b.batch_number);
    CHECK(a.item_number == b.item_number);
    CHECK(a.amount_minor == b.amount_minor);
    CHECK(a.remitter_routing == b.remitter_routing);
    CHECK(a.remitter_account == b.remitter_account);
    CHECK(a.check_number == b.check_number);
    CHECK(a.check_date == b.check_date);
    CHECK(a.remitter_name == b.remitter_name);
    CHECK(a.payee_name == b.payee_name);
  }
}

std::string with_item(std::string six) {
  auto lines = valid_lines();
  lines[3] = std::move(six);
  return join(lines);
}

}  // namespace

TEST_CASE("lockbox fast and general 6 paths agree", "[lockbox]") {
  same(valid_file());
  std::string padded;
  for (const auto& l : valid_lines()) padded += l + std::string(104 - l.size(), ' ') + "\n";
  same(padded);
  const std::string six = rec6(1, 1, 12345);
  same(with_item(six.substr(0, 60)));                        // cut inside the remitter name
  same(with_item(six.substr(0, 50)));                        // cut inside the check date
  same(with_item(six.substr(0, 12)));                        // cut inside the amount
  same(with_item(rec6(1, 1, 12345, "      ", "", "", "")));  // blank optional fields
  same(with_item(rec6(1, 1, 12345, "000000")));
  same(with_item(rec6(1, 1, 12345, "133126")));                    // bad date
  same(with_item(rec6(1, 1, 12345, "010426", "A\tB")));            // control character
  same(with_item(rec6(1, 1, 12345, "010426", "X", " 55002707")));  // leading blank
  same(with_item(rec6(1, 1, 12345, "010426", "X", "5500 2707")));  // inner blank
  same(with_item(rec6(1, 1, 12345, "010426", "\xc3\xa9")));        // not ASCII
  std::string blank_amount = six;
  blank_amount.replace(7, 10, "          ");
  same(with_item(blank_amount));
  std::string spaced_amount = six;
  spaced_amount.replace(7, 10, "     12345");
  same(with_item(spaced_amount));
  same(with_item(six + std::string(30, ' ')));  // longer than the fast path's columns
  same(with_item(six + "\t"));                  // a tab past the last field
}
