// Conformance: every `x9` row of the shared corpus's expected.tsv behaves as listed (accept,
// reject, or no-crash for fuzz crashers). The corpus is read in place, never copied.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/corpus.h"
#include "formats/x9/tests/x9_builder.h"

using namespace x9_test;

using tally::testing::corpus_dir;
using tally::testing::CorpusRow;


TEST_CASE("x9 corpus files behave as expected.tsv lists", "[x9][corpus]") {
  if (!tally::testing::corpus_present()) {
    WARN("corpus not found: " << corpus_dir());
    return;
  }
  const auto rows = tally::testing::corpus_rows("x9");
  REQUIRE(rows.size() >= 6);
  for (const CorpusRow& row : rows) {
    const std::string bytes = tally::testing::read_corpus_file(row.path);
    REQUIRE_FALSE(bytes.empty());
    const auto report = check(bytes);  // no-crash rows: reaching the next line is the test
    INFO(row.path << " expect " << row.expect << " (" << row.note << ")\n" << describe(report));
    if (row.expect == "accept") CHECK(report.accepted);
    if (row.expect == "reject") CHECK_FALSE(report.accepted);
    CHECK(report.accepted == report.errors.empty());
  }
}

TEST_CASE("x9 corpus: the ASCII and EBCDIC samples hold the same content", "[x9][corpus]") {
  const std::string ascii = tally::testing::read_corpus_file("x9/valid-ascii.x937");
  const std::string ebcdic = tally::testing::read_corpus_file("x9/valid-ebcdic.x937");
  if (ascii.empty() || ebcdic.empty()) {
    WARN("corpus not found: " << corpus_dir());
    return;
  }
  const auto a = check(ascii);
  const auto e = check(ebcdic);
  INFO(describe(a) << describe(e));
  REQUIRE(a.accepted);
  REQUIRE(e.accepted);
  CHECK(field_str(a.summary, "encoding") == "ascii");
  CHECK(field_str(e.summary, "encoding") == "ebcdic");
  for (const char* name : {"cash_letters", "bundles", "items", "total_minor", "records", "images"})
    CHECK(field_int(a.summary, name) == field_int(e.summary, name));
  CHECK(field_int(a.summary, "items") == 1);
  CHECK(field_int(a.summary, "total_minor") == 10000);
  CHECK(field_int(a.summary, "records") == 12);
}

TEST_CASE("x9 corpus: the returns sample carries four NSF returns", "[x9][corpus]") {
  const std::string bytes = tally::testing::read_corpus_file("x9/BNK20180905121042882-A.icl");
  if (bytes.empty()) {
    WARN("corpus not found: " << corpus_dir());
    return;
  }
  struct Returns : Visitor {
    std::vector<ReturnDetail> seen;
    void on_return(const ReturnDetail& r) override { seen.push_back(r); }
  } returns;
  const auto report = parse(bytes, returns);
  INFO(describe(report));
  REQUIRE(report.accepted);
  REQUIRE(returns.seen.size() == 4);
  for (const auto& r : returns.seen) {
    CHECK(r.return_reason == 'A');
    CHECK(r.amount_minor == 100000);
  }
  CHECK(field_int(report.summary, "returns") == 4);
  CHECK(field_int(report.summary, "total_minor") == 800000);
  CHECK(field_int(report.declared, "total_minor") == 800000);
  CHECK(field_int(report.summary, "records") == 74);
  // Its item counts are record counts (the writer quirk): accepted, with a warning.
  CHECK(has_warning(report, "item_count_is_record_count"));
}
