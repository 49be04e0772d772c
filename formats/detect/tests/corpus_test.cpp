// Conformance: every file of the shared corpus (../shared/corpus, public sample files that
// nobody on this project wrote) is detected as the format expected.tsv lists for it. Reads
// the corpus in place; nothing from it is copied into the repository.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "formats/detect/detect.h"

namespace fs = std::filesystem;
using tally::formats::detect;
using tally::formats::format_name;

namespace {

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream in(line);
  std::string cell;
  while (std::getline(in, cell, '\t')) out.push_back(cell);
  return out;
}

std::string read_head(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string head(tally::formats::kDetectBytes, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  return head;
}

}  // namespace

TEST_CASE("detect: every corpus file is detected as its listed format", "[detect][corpus]") {
  const char* source = std::getenv("TALLY_SOURCE_DIR");
  const fs::path corpus = fs::path(source ? source : ".") / ".." / "shared" / "corpus";
  const fs::path listing = corpus / "expected.tsv";
  if (!fs::exists(listing)) {
    WARN("corpus not found: " << listing.string());
    return;
  }
  std::ifstream in(listing);
  std::string line;
  std::getline(in, line);  // column names
  int checked = 0;
  while (std::getline(in, line)) {
    const auto cells = split_tabs(line);
    if (cells.size() < 3) continue;
    const std::string& path = cells[0];
    const std::string& format = cells[1];
    if (cells[2] == "no-crash") continue;  // fuzz crashers: any bytes, no format promised
    if (path.size() > 3 && path.substr(path.size() - 3) == ".gz") {
      WARN("skipping compressed corpus file " << path);
      continue;
    }
    INFO(path);
    const std::string head = read_head(corpus / path);
    REQUIRE_FALSE(head.empty());
    CHECK(std::string(format_name(detect(head))) == format);
    ++checked;
  }
  CHECK(checked > 50);
}
