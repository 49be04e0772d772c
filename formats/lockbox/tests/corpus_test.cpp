// Conformance with the shared corpus (read, never copied): every lockbox row of expected.tsv
// behaves as listed; accepted files compute what they declare.
#include <catch2/catch.hpp>

#include "tests/support/corpus.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "formats/lockbox/tests/lockbox_test_support.h"

using namespace lockbox_test;

using tally::testing::CorpusRow;

TEST_CASE("lockbox corpus files behave as expected.tsv lists", "[lockbox][corpus]") {
  if (!tally::testing::corpus_present()) {
    WARN("corpus not found: " << tally::testing::corpus_dir());
    return;
  }
  int rows = 0;
  for (const CorpusRow& row : tally::testing::corpus_rows("lockbox")) {
    ++rows;
    const std::string bytes = tally::testing::read_corpus_file(row.path);
    REQUIRE_FALSE(bytes.empty());
    Recorder rec;
    const ParseReport r = lockbox::parse(bytes, rec);
    INFO(row.path << "\n" << describe(r));
    if (row.expect == "reject") {
      CHECK_FALSE(r.accepted);
      continue;
    }
    REQUIRE(row.expect == "accept");
    CHECK(r.accepted);
    for (const char* name : {"items", "batches", "total_minor", "records"}) {
      INFO(name);
      CHECK(int_field(r.summary, name) == int_field(r.declared, name));
    }
    for (const auto& [name, value] : tally::testing::parse_claims(row.claims)) {
      INFO(name);
      CHECK(int_field(r.summary, name) == value);
    }
    if (row.path == "lockbox/test_lockbox.bai") {  // what the sample holds, read by hand
      CHECK(int_field(r.summary, "items") == 1);
      CHECK(int_field(r.summary, "total_minor") == 700000);
      CHECK(int_field(r.summary, "records") == 8);
      REQUIRE(rec.items.size() == 1);
      CHECK(rec.items[0].remitter_name == "BOB E SMITH");
      CHECK(rec.items[0].payee_name == "MY BUSINESS COMPANY");
      CHECK(rec.items[0].check_date->to_iso() == "2016-05-16");
      CHECK(rec.items[0].deposit_date.to_iso() == "2016-05-23");
      REQUIRE(rec.overflows.size() == 1);
      CHECK(rec.overflows[0].data == "CE554");
    }
  }
  CHECK(rows >= 1);
}
