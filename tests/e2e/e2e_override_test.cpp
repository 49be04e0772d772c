// The layout override end to end (ingest/README.md, "Override"): a NACHA file whose only
// faults are layout ones is refused without `--override-layout`, accepted with
// `--override-layout --user NAME`, and then posted whole; a money error is refused even with
// the override.
//
// Layout faults the NACHA reader reports as errors (formats/nacha): a line longer than 94
// with non-spaces beyond 94 (`line_too_long`), a file creation time that is not HHMM
// (`bad_time`), a file header record size / blocking factor / format code that is not
// 094 / 10 / 1 (`bad_record_size`, `bad_blocking_factor`, `bad_format_code`) and a block
// count that disagrees (`count_mismatch` on field `block_count`).
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "tests/e2e/e2e_fixtures.h"
#include "tests/e2e/e2e_support.h"

using namespace e2e;

namespace {

void check_layout_override(const std::string& name, const std::string& bad, const std::string& code) {
  Workspace w;
  const DayFiles f = make_day();
  ingest(w, {w.write("bills.csv", f.billing)});
  const auto before = accounts(w);

  // Without the override: refused, with the layout error named.
  const std::string path = w.write(name, bad);
  const auto refused = ingest(w, {path}, 1, {"--keep"});
  const auto& r = refused.at("files").as_array().at(0).as_object();
  CHECK(str_of(r.at("outcome")) == "refused");
  REQUIRE(r.at("errors").as_array().size() == 1);
  CHECK(str_of(r.at("errors").as_array().at(0).at("code")) == code);
  CHECK(balance_differences(before, accounts(w)) == "");

  // --override-layout needs a user: a usage error.
  CHECK(w.tally({"ingest", "--keep", "--override-layout", path}).exit_code == 2);

  // With the override and a user: accepted, recorded as overridden, and every payment posted.
  const auto accepted = ingest(w, {path}, 0, {"--override-layout", "--user", "alice"});
  const auto& a = accepted.at("files").as_array().at(0).as_object();
  INFO(boost::json::serialize(a));
  CHECK(str_of(a.at("outcome")) == "accepted");
  CHECK(a.contains("override_used"));
  const auto payments = static_cast<std::int64_t>(f.autopay_customers().size());
  CHECK(int_of(a.at("events")) == payments + 1);
  Books books;
  expect_bills(f, books);
  expect_autopay_debits(f, books);
  CHECK(balance_differences(books.balances(), accounts(w)) == "");
  CHECK(verify(w).ok);
}

}  // namespace

// These fail as of this writing (reported to the lead):
//  - bad_time is in ingest's layout list, so the override accepts the file, but the NACHA
//    reader stops delivering records to the visitor at its first error (reader.cpp,
//    delivering()), so nothing after the file header is mapped: the file is recorded as
//    accepted with 0 events and its payments are lost.
//  - after its first error the reader no longer compares the file control's totals
//    (reader.cpp, finish()), so a wrong total next to a bad_time goes unreported and the
//    override accepts the file (the last test below).
TEST_CASE("override: a NACHA file with a bad file creation time (layout only) posts whole with "
          "--override-layout --user",
          "[e2e][override]") {
  const DayFiles f = make_day();
  REQUIRE(line_at(f.autopay_ach, 1).substr(29, 4) == "0615");  // file creation time, 30-33
  check_layout_override("debits.ach", replace_at(f.autopay_ach, 1, 30, "2561"), "bad_time");
}

TEST_CASE("override: a NACHA file with characters beyond column 94 on an entry line posts whole "
          "with --override-layout --user",
          "[e2e][override]") {
  const DayFiles f = make_day();
  const std::size_t entry = line_starting(f.autopay_ach, "6");
  REQUIRE(entry > 0);
  const std::string line = line_at(f.autopay_ach, entry);
  REQUIRE(line.size() == 94);
  check_layout_override("debits.ach", replace_in_line(f.autopay_ach, entry, line, line + "00"),
                        "line_too_long");
}

TEST_CASE("override: a NACHA file with a money error is refused even with --override-layout",
          "[e2e][override]") {
  Workspace w;
  const DayFiles f = make_day();
  const std::size_t control = line_starting(f.autopay_ach, "9");
  const std::string bad = replace_at(f.autopay_ach, control, 32, fmt::format("{:012}", f.ach_total_minor + 100));
  const auto summary = ingest(w, {w.write("debits.ach", bad)}, 1, {"--override-layout", "--user", "alice"});
  const auto& file = summary.at("files").as_array().at(0).as_object();
  CHECK(str_of(file.at("outcome")) == "refused");
  CHECK(str_of(file.at("errors").as_array().at(0).at("code")) == "total_mismatch");
  CHECK_FALSE(file.contains("override_used"));
  CHECK(accounts(w).empty());
  CHECK(list_dir(w.data_dir() + "/quarantine").size() == 3);
}

TEST_CASE("override: a layout fault next to a money error is still refused", "[e2e][override]") {
  Workspace w;
  const DayFiles f = make_day();
  const std::size_t control = line_starting(f.autopay_ach, "9");
  std::string bad = replace_at(f.autopay_ach, control, 32, fmt::format("{:012}", f.ach_total_minor + 100));
  bad = replace_at(bad, 1, 30, "2561");
  const auto summary = ingest(w, {w.write("debits.ach", bad)}, 1, {"--override-layout", "--user", "alice"});
  CHECK(str_of(summary.at("files").as_array().at(0).at("outcome")) == "refused");
  CHECK(accounts(w).empty());
}
