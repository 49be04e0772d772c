// The layout leniencies real bank files need: each is accepted and reported as a warning.
#include <catch2/catch.hpp>

#include "formats/nacha/fields.h"
#include "formats/nacha/reader.h"
#include "formats/nacha/tests/nacha_fixtures.h"

using namespace tally::formats::nacha;
using namespace nacha_test;

namespace {

std::vector<std::string> valid_lines(bool filler = true) {
  FileBuilder b;
  b.entry(EntrySpec{}).entry(EntrySpec{.amount_minor = 500});
  return b.lines(filler);
}

void require_accepted_with(const tally::formats::ParseReport& report, std::string_view warning) {
  INFO(describe(report));
  REQUIRE(report.accepted);
  CHECK(has_warning(report, warning));
  CHECK(summary_int(report, "debit_total_minor") == declared_int(report, "debit_total_minor"));
}

}  // namespace

TEST_CASE("nacha: LF and CRLF line endings are accepted without warnings", "[nacha][lenient]") {
  for (const char* eol : {"\n", "\r\n"}) {
    const auto report = check(join(valid_lines(), eol));
    INFO(describe(report));
    CHECK(report.accepted);
    CHECK(report.warnings.empty());
  }
}

TEST_CASE("nacha: lone CR line endings are accepted with a warning", "[nacha][lenient]") {
  require_accepted_with(check(join(valid_lines(), "\r")), "cr_line_endings");
}

TEST_CASE("nacha: mixed line endings are accepted with a warning", "[nacha][lenient]") {
  const auto lines = valid_lines();
  std::string text = lines[0] + "\r\n" + lines[1] + "\n";
  for (std::size_t i = 2; i < lines.size(); ++i) text += lines[i] + "\r\n";
  require_accepted_with(check(text), "mixed_line_endings");
}

TEST_CASE("nacha: a file without a final line ending is accepted", "[nacha][lenient]") {
  std::string text = join(valid_lines());
  text.pop_back();
  const auto report = check(text);
  CHECK(report.accepted);
  CHECK(report.warnings.empty());
}

TEST_CASE("nacha: short lines are padded with spaces, with a warning", "[nacha][lenient]") {
  auto lines = valid_lines();
  lines[0] = std::string(rtrim(lines[0]));  // header: "REF1" then trailing spaces trimmed
  lines[5] = std::string(rtrim(lines[5]));  // file control without its reserved blanks
  REQUIRE(lines[5].size() < 94);
  const auto report = check(join(lines));
  require_accepted_with(report, "short_line");
  CHECK(report.warnings.size() == 1);  // one warning per kind, however many lines
}

TEST_CASE("nacha: lines longer than 94 whose extra is spaces are accepted with a warning",
          "[nacha][lenient]") {
  auto lines = valid_lines();
  lines[2] += "    ";
  lines[5] += "      ";
  require_accepted_with(check(join(lines)), "long_line");
}

TEST_CASE("nacha: 9-filler lines after the file control are accepted", "[nacha][lenient]") {
  const auto lines = valid_lines();
  REQUIRE(lines.size() == 10);
  REQUIRE(lines[9] == std::string(94, '9'));
  const auto report = check(join(lines));
  CHECK(report.accepted);
  CHECK(report.warnings.empty());
  CHECK(declared_int(report, "block_count") == 1);
}

TEST_CASE("nacha: a file not padded to a multiple of 10 records is accepted with a warning",
          "[nacha][lenient]") {
  require_accepted_with(check(join(valid_lines(false))), "not_blocked");
}

TEST_CASE("nacha: a whole file on one line is split every 94 characters, with a warning",
          "[nacha][lenient]") {
  std::string one_line;
  for (const auto& l : valid_lines()) one_line += l;
  require_accepted_with(check(one_line), "one_line_file");
  require_accepted_with(check(one_line + "\n"), "one_line_file");
}

TEST_CASE("nacha: blank lines are skipped with a warning", "[nacha][lenient]") {
  auto lines = valid_lines();
  lines.insert(lines.begin() + 2, "");
  lines.push_back("   ");
  require_accepted_with(check(join(lines)), "blank_line");
}

TEST_CASE("nacha: a blank or zero effective entry date is accepted with a warning",
          "[nacha][lenient]") {
  for (const char* date : {"000000", "      "}) {
    auto lines = valid_lines();
    put(lines[1], 70, date);
    std::optional<tally::BusinessDate> seen = tally::BusinessDate::from_days(1);
    FnVisitor v;
    v.batch_header = [&](const BatchHeader& h) { seen = h.effective_entry_date; };
    const auto report = parse(join(lines), v);
    require_accepted_with(report, "no_effective_entry_date");
    CHECK_FALSE(seen.has_value());
  }
}

TEST_CASE("nacha: company identifications differing only in alignment are accepted with a warning",
          "[nacha][lenient]") {
  auto lines = valid_lines();
  put(lines[1], 41, "123456789 ");
  put(lines[4], 45, " 123456789");
  require_accepted_with(check(join(lines)), "company_id_alignment");

  lines = valid_lines();
  put(lines[4], 45, "          ");
  require_accepted_with(check(join(lines)), "control_company_id_blank");
}

TEST_CASE("nacha: a short line followed by a blank line is re-read as a line, not as 94 bytes",
          "[nacha][lenient]") {
  // The header, trimmed to 93 characters, then its LF, then an empty line's LF: byte 95 of
  // the file is a line ending, so the header looks like a full record by length alone.
  auto lines = valid_lines();
  put(lines[0], 87, "REF1234 ");
  lines[0] = std::string(rtrim(lines[0]));
  REQUIRE(lines[0].size() == 93);
  lines.insert(lines.begin() + 1, "");
  std::string reference;
  FnVisitor v;
  v.file_header = [&](const FileHeader& h) { reference = std::string(h.reference_code); };
  const auto report = parse(join(lines), v);
  INFO(describe(report));
  REQUIRE(report.accepted);
  CHECK(reference == "REF1234");
  CHECK(has_warning(report, "short_line"));
  CHECK(has_warning(report, "blank_line"));
}
