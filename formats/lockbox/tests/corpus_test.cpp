// Conformance with the shared corpus (read, never copied): every lockbox row of expected.tsv
// behaves as listed; accepted files compute what they declare.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "formats/lockbox/tests/lockbox_test_support.h"

using namespace lockbox_test;

namespace {

std::string corpus_dir() {
  const char* src = std::getenv("TALLY_SOURCE_DIR");
  return std::string(src ? src : ".") + "/../shared/corpus";
}

std::vector<std::string> split(const std::string& line, char sep) {
  std::vector<std::string> out;
  std::string cell;
  std::istringstream in(line);
  while (std::getline(in, cell, sep)) out.push_back(cell);
  return out;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("lockbox corpus files behave as expected.tsv lists", "[lockbox][corpus]") {
  const std::string dir = corpus_dir();
  std::ifstream tsv(dir + "/expected.tsv");
  if (!tsv) {
    WARN("corpus not found: " << dir);
    return;
  }
  std::string line;
  int rows = 0;
  while (std::getline(tsv, line)) {
    const auto cols = split(line, '\t');
    if (cols.size() < 3 || cols[1] != "lockbox") continue;
    ++rows;
    const std::string bytes = slurp(dir + "/" + cols[0]);
    REQUIRE_FALSE(bytes.empty());
    Recorder rec;
    const ParseReport r = lockbox::parse(bytes, rec);
    INFO(cols[0] << "\n" << describe(r));
    if (cols[2] == "reject") {
      CHECK_FALSE(r.accepted);
      continue;
    }
    REQUIRE(cols[2] == "accept");
    CHECK(r.accepted);
    for (const char* name : {"items", "batches", "total_minor", "records"}) {
      INFO(name);
      CHECK(int_field(r.summary, name) == int_field(r.declared, name));
    }
    const std::string claims = cols.size() > 3 ? cols[3] : "";
    for (const auto& claim : split(claims, ' ')) {
      const auto eq = claim.find('=');
      if (eq == std::string::npos) continue;
      INFO(claim);
      CHECK(int_field(r.summary, claim.substr(0, eq)) == std::stoll(claim.substr(eq + 1)));
    }
    if (cols[0] == "lockbox/test_lockbox.bai") {  // what the sample holds, read by hand
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
