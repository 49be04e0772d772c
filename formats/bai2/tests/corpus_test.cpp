// Conformance with the shared corpus (read, never copied): every bai2 row of expected.tsv
// behaves as listed, and accepted files compute the totals the file and the row declare.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "formats/bai2/tests/bai2_test_support.h"

using namespace bai2_test;

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
  if (!line.empty() && line.back() == sep) out.emplace_back();
  return out;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("bai2 corpus files behave as expected.tsv lists", "[bai2][corpus]") {
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
    if (cols.size() < 3 || cols[1] != "bai2") continue;
    ++rows;
    const std::string& path = cols[0];
    const std::string bytes = slurp(dir + "/" + path);
    REQUIRE_FALSE(bytes.empty());
    const ParseReport r = bai2::check(bytes);
    INFO(path << "\n" << describe(r));
    if (cols[2] == "reject") {
      CHECK_FALSE(r.accepted);
      continue;
    }
    REQUIRE(cols[2] == "accept");
    CHECK(r.accepted);
    const std::string claims = cols.size() > 3 ? cols[3] : "";
    int checked = 0;
    for (const auto& claim : split(claims, ' ')) {
      const auto eq = claim.find('=');
      if (eq == std::string::npos) continue;
      const std::string name = claim.substr(0, eq);
      const std::int64_t value = std::stoll(claim.substr(eq + 1));
      INFO(name);
      CHECK(int_field(r.summary, name) == value);
      CHECK(int_field(r.declared, name) == value);
      ++checked;
    }
    CHECK(checked == 3);
  }
  CHECK(rows >= 4);
}
