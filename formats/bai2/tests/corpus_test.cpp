// Conformance with the shared corpus (read, never copied): every bai2 row of expected.tsv
// behaves as listed, and accepted files compute the totals the file and the row declare.
#include <catch2/catch.hpp>

#include "tests/support/corpus.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "formats/bai2/tests/bai2_test_support.h"

using namespace bai2_test;

using tally::testing::CorpusRow;

TEST_CASE("bai2 corpus files behave as expected.tsv lists", "[bai2][corpus]") {
  if (!tally::testing::corpus_present()) {
    WARN("corpus not found: " << tally::testing::corpus_dir());
    return;
  }
  int rows = 0;
  for (const CorpusRow& row : tally::testing::corpus_rows("bai2")) {
    ++rows;
    const std::string& path = row.path;
    const std::string bytes = tally::testing::read_corpus_file(path);
    REQUIRE_FALSE(bytes.empty());
    const ParseReport r = bai2::check(bytes);
    INFO(path << "\n" << describe(r));
    if (row.expect == "reject") {
      CHECK_FALSE(r.accepted);
      continue;
    }
    REQUIRE(row.expect == "accept");
    CHECK(r.accepted);
    int checked = 0;
    for (const auto& [name, value] : tally::testing::parse_claims(row.claims)) {
      INFO(name);
      CHECK(int_field(r.summary, name) == value);
      CHECK(int_field(r.declared, name) == value);
      ++checked;
    }
    CHECK(checked == 3);
  }
  CHECK(rows >= 4);
}
