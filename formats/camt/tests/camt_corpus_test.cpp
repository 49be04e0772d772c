// Conformance: every `camt` row of the shared corpus's expected.tsv behaves as listed. The
// corpus is read in place ($TALLY_SOURCE_DIR/../shared/corpus), never copied into the repo.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "formats/camt/tests/camt_fixtures.h"
#include "tests/support/corpus.h"

using namespace camt_test;

using tally::testing::corpus_dir;
using tally::testing::CorpusRow;

TEST_CASE("camt corpus files are accepted or rejected as expected.tsv lists", "[camt][corpus]") {
  if (!tally::testing::corpus_present()) {
    WARN("corpus not found: " << tally::testing::corpus_dir());
    return;
  }
  const auto rows = tally::testing::corpus_rows("camt");
  REQUIRE(rows.size() >= 10);
  for (const CorpusRow& row : rows) {
    const std::string bytes = tally::testing::read_corpus_file(row.path);
    REQUIRE_FALSE(bytes.empty());
    const auto report = check(bytes);
    INFO(row.path << " expect " << row.expect << " (" << row.note << ")\n" << describe(report));
    if (row.expect == "accept") {
      CHECK(report.accepted);
      CHECK(report.format.rfind("camt.05", 0) == 0);
    } else if (row.expect == "reject") {
      CHECK_FALSE(report.accepted);
      CHECK_FALSE(report.errors.empty());
    }
  }
}

TEST_CASE("camt corpus: the five-decimals sample is read exactly, without rounding",
          "[camt][corpus]") {
  const std::string dir = corpus_dir();
  const std::string bytes = tally::testing::read_corpus_file("camt/camt053.v2.five.decimals.xml");
  if (bytes.empty()) {
    WARN("corpus not found: " << dir);
    return;
  }
  Recorder rec;
  const auto report = parse(bytes, rec);
  INFO(describe(report));
  REQUIRE(report.accepted);
  // "18.150", "27.050" and "8.850" EUR: the third decimal is a zero, so the values are exact.
  REQUIRE(rec.balances.size() == 2);
  CHECK(rec.balances[0].amount.minor() == 1815);
  CHECK(rec.balances[1].amount.minor() == 2705);
  REQUIRE(rec.entries.size() == 1);
  CHECK(rec.entries[0].amount.minor() == 885);
  // Its closing balance is 0.05 above opening + entry: a warning for the reconciler.
  CHECK(has_warning(report, "balance_mismatch"));
}

TEST_CASE("camt corpus: the group-header-only sample is rejected for having no statement",
          "[camt][corpus]") {
  const std::string bytes = tally::testing::read_corpus_file("camt/camt053.v2.wrong.xml");
  if (bytes.empty()) {
    WARN("corpus not found: " << corpus_dir());
    return;
  }
  CHECK(has_error(check(bytes), "no_statement"));
}
