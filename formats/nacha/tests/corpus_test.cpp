// Corpus conformance: every `nacha` row of ../shared/corpus/expected.tsv behaves as listed
// (accept / reject / no-crash), and for accepted files the computed totals equal the file
// control's and the claims column. The corpus is read in place, never copied.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#if TALLY_HAVE_ZLIB
#include <zlib.h>
#endif

#include "formats/nacha/reader.h"
#include "formats/nacha/tests/nacha_fixtures.h"
#include "tests/support/corpus.h"

using namespace tally::formats::nacha;
using namespace nacha_test;
namespace fs = std::filesystem;

namespace {

#if TALLY_HAVE_ZLIB
std::optional<std::string> read_gzip(const fs::path& p) {
  constexpr std::size_t kLimit = std::size_t{512} << 20;  // the corpus file is ~19 MB
  gzFile f = gzopen(p.c_str(), "rb");
  if (f == nullptr) return std::nullopt;
  std::string out;
  char buf[1 << 16];
  int n = 0;
  while ((n = gzread(f, buf, sizeof buf)) > 0 && out.size() < kLimit)
    out.append(buf, static_cast<std::size_t>(n));
  gzclose(f);
  if (n < 0) return std::nullopt;
  return out;
}
#endif

// Where the corpus's expectations and the NACHA rules disagree, what we do instead, and why.
// The test holds us (and the erratum) to these exact values.
struct Erratum {
  std::string_view path;
  std::string_view claim;  // name in the claims column
  std::int64_t claimed, summary, declared;
  std::string_view why;
};
constexpr Erratum kErrata[] = {
    {"ach/20110805A.ach", "batches", 5, 4, 5,
     "the file control says 5 batches but the file has 4 (batch number 2 is absent); counts, "
     "hash and totals all agree, so it is accepted with a batch_count_mismatch warning"},
    {"ach/adv-read.ach", "debit_minor", 0, 250000, 250000,
     "the claims read the ADV file control with the 12-digit layout; ADV controls carry 20-digit "
     "totals (debit 250000, credit 50000), which is what the entries add up to"},
    {"ach/adv-read.ach", "credit_minor", 2500000000, 50000, 50000,
     "see debit_minor: 2500000000 is the 20-digit fields misread as 12-digit ones"},
};

const Erratum* erratum(std::string_view path, std::string_view claim) {
  for (const auto& e : kErrata)
    if (e.path == path && e.claim == claim) return &e;
  return nullptr;
}

}  // namespace

TEST_CASE("nacha: corpus: every nacha row of expected.tsv behaves as listed", "[nacha][corpus]") {
  if (!tally::testing::corpus_present()) {
    WARN("corpus not found: " << tally::testing::corpus_dir());
    return;
  }
  const fs::path corpus = tally::testing::corpus_dir();
  int rows = 0;
  for (const tally::testing::CorpusRow& row : tally::testing::corpus_rows("nacha")) {
    INFO("corpus file " << row.path << " (expect " << row.expect << ")");
    std::optional<std::string> bytes;
    if (row.path.ends_with(".gz")) {
#if TALLY_HAVE_ZLIB
      bytes = read_gzip(corpus / row.path);
#else
      WARN("skipping " << row.path << ": built without zlib, cannot decompress");
      continue;
#endif
    } else {
      if (fs::exists(corpus / row.path)) bytes = tally::testing::read_corpus_file(row.path);
    }
    REQUIRE(bytes.has_value());
    ++rows;
    const auto report = check(*bytes);
    INFO(describe(report));
    if (row.expect == "no-crash") continue;  // reaching here is the test
    if (row.expect == "reject") {
      CHECK_FALSE(report.accepted);
      CHECK_FALSE(report.errors.empty());
      continue;
    }
    REQUIRE(row.expect == "accept");
    CHECK(report.accepted);
    const auto claim_list = tally::testing::parse_claims(row.claims);
    const std::map<std::string, std::int64_t> claims(claim_list.begin(), claim_list.end());
    const std::pair<const char*, const char*> fields[] = {{"batches", "batches"},
                                                          {"entry_addenda", "entry_addenda"},
                                                          {"debit_minor", "debit_total_minor"},
                                                          {"credit_minor", "credit_total_minor"}};
    for (const auto& [claim, field] : fields) {
      INFO("field " << field);
      REQUIRE(claims.count(claim) == 1);
      const std::int64_t claimed = claims.at(claim);
      if (const Erratum* e = erratum(row.path, claim)) {
        WARN(row.path << " " << claim << ": " << e->why);
        CHECK(claimed == e->claimed);
        CHECK(summary_int(report, field) == e->summary);
        CHECK(declared_int(report, field) == e->declared);
        continue;
      }
      CHECK(summary_int(report, field) == declared_int(report, field));
      CHECK(declared_int(report, field) == claimed);
    }
  }
  CHECK(rows > 40);
}
