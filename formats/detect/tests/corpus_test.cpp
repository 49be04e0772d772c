// Conformance: every file of the shared corpus (../shared/corpus, public sample files that
// nobody on this project wrote) is detected as the format expected.tsv lists for it. Reads
// the corpus in place; nothing from it is copied into the repository.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include <zlib.h>

#include "formats/detect/detect.h"
#include "tests/support/corpus.h"

namespace fs = std::filesystem;
using tally::formats::detect;
using tally::formats::format_name;

namespace {

// The first bytes of what a gzip file holds (the intake decompresses before detecting).
std::string read_gzip_head(const fs::path& path) {
  std::string head(tally::formats::kDetectBytes, '\0');
  gzFile f = gzopen(path.c_str(), "rb");
  if (f == nullptr) return {};
  const int n = gzread(f, head.data(), static_cast<unsigned>(head.size()));
  gzclose(f);
  head.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
  return head;
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
  if (!tally::testing::corpus_present()) {
    WARN("corpus not found: " << tally::testing::corpus_dir());
    return;
  }
  const fs::path corpus = tally::testing::corpus_dir();
  int checked = 0;
  for (const tally::testing::CorpusRow& row : tally::testing::corpus_rows()) {
    const std::string& path = row.path;
    if (row.expect == "no-crash") continue;  // fuzz crashers: any bytes, no format promised
    INFO(path);
    const bool gz = path.size() > 3 && path.substr(path.size() - 3) == ".gz";
    const std::string head = gz ? read_gzip_head(corpus / path) : read_head(corpus / path);
    REQUIRE_FALSE(head.empty());
    CHECK(std::string(format_name(detect(head))) == row.format);
    ++checked;
  }
  CHECK(checked > 50);
}
