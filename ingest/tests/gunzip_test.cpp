// gunzip (gunzip.h): compressed deliveries read as what they hold, bounded, and refused
// whole when truncated or corrupt. The gzip streams are made here with zlib's deflate.
#include <catch2/catch.hpp>

#include <zlib.h>

#include <string>

#include "formats/nacha/reader.h"
#include "ingest/errors.h"
#include "ingest/gunzip.h"
#include "tests/support/corpus.h"

using namespace tally;
using namespace tally::ingest;

namespace {

// `text` as one gzip member (deflate with the gzip wrapper, as `gzip` writes it).
std::string gzip(std::string_view text, int level = Z_DEFAULT_COMPRESSION) {
  z_stream z{};
  REQUIRE(deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&z, static_cast<uLong>(text.size())) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string sample_text(std::size_t lines) {
  std::string text;
  for (std::size_t i = 0; i < lines; ++i)
    text += "6272313801041234567890     0000012345CUST-" + std::to_string(100000 + i) +
            "      JANE DOE                0121042880000001\n";
  return text;
}

}  // namespace

TEST_CASE("gunzip: a round trip through zlib gives back the same bytes", "[ingest][gunzip]") {
  for (const std::string& text :
       {std::string(), std::string("x"), sample_text(1), sample_text(20000)}) {
    const std::string gz = gzip(text);
    REQUIRE(is_gzip(gz));
    auto back = gunzip(gz);
    REQUIRE(back.ok());
    CHECK(*back == text);
  }
}

TEST_CASE("gunzip: gzip is recognised by its magic bytes only", "[ingest][gunzip]") {
  CHECK(is_gzip(gzip("abc")));
  CHECK_FALSE(is_gzip("101 231380104 121042882"));
  CHECK_FALSE(is_gzip(std::string("\x1f\x8b", 2)));      // too short to say
  CHECK_FALSE(is_gzip(std::string("\x1f\x8b\x07", 3)));  // not deflate
  const ReceivedContent plain = ReceivedContent::of("plain text");
  CHECK_FALSE(plain.compressed());
  CHECK(plain.bytes() == "plain text");
  CHECK_FALSE(plain.error());
}

TEST_CASE("gunzip: members of a multi-member file are read one after another", "[ingest][gunzip]") {
  const std::string a = sample_text(3), b = sample_text(5);
  auto back = gunzip(gzip(a) + gzip(b));
  REQUIRE(back.ok());
  CHECK(*back == a + b);
  // Zero bytes padding the last block are ignored, as gzip ignores them.
  auto padded = gunzip(gzip(a) + std::string(512, '\0'));
  REQUIRE(padded.ok());
  CHECK(*padded == a);
}

TEST_CASE("gunzip: content past the bound is refused as too large (a gzip bomb)",
          "[ingest][gunzip]") {
  const std::string zeros(8 << 20, '0');  // 8 MiB that compress to a few KB
  const std::string bomb = gzip(zeros, Z_BEST_COMPRESSION);
  REQUIRE(bomb.size() < 64 * 1024);
  auto refused = gunzip(bomb, 1 << 20);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == make_error_code(IngestErrc::too_large));
  CHECK(refused.error().message.find("limit") != std::string::npos);
  // Exactly at the bound is fine; one byte over is not.
  CHECK(gunzip(gzip(std::string(1000, 'a')), 1000).ok());
  CHECK_FALSE(gunzip(gzip(std::string(1001, 'a')), 1000).ok());
  const ReceivedContent c = ReceivedContent::of(bomb, 1 << 20);
  CHECK(c.compressed());
  REQUIRE(c.error());
  CHECK(c.error()->code == "gzip_too_large");
  CHECK(c.bytes().empty());
}

TEST_CASE("gunzip: a truncated stream is refused", "[ingest][gunzip]") {
  const std::string gz = gzip(sample_text(2000));
  for (const std::size_t keep :
       {std::size_t{3}, std::size_t{10}, gz.size() / 2, gz.size() - 4, gz.size() - 1}) {
    INFO("kept " << keep << " of " << gz.size() << " bytes");
    auto r = gunzip(gz.substr(0, keep));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == make_error_code(IngestErrc::bad_input));
  }
  const ReceivedContent c = ReceivedContent::of(gz.substr(0, gz.size() / 2));
  REQUIRE(c.error());
  CHECK(c.error()->code == "gzip_corrupt");
  CHECK(c.error()->message.find("truncated") != std::string::npos);
}

TEST_CASE("gunzip: a corrupt stream is refused", "[ingest][gunzip]") {
  const std::string text = sample_text(200);
  const std::string gz = gzip(text);
  SECTION("deflate data damaged") {
    std::string bad = gz;
    for (std::size_t i = 20; i < 40; ++i) bad[i] = static_cast<char>(bad[i] ^ 0x5a);
    auto r = gunzip(bad);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == make_error_code(IngestErrc::bad_input));
  }
  SECTION("CRC of the trailer wrong") {
    std::string bad = gz;
    bad[bad.size() - 8] = static_cast<char>(bad[bad.size() - 8] ^ 1);
    auto r = gunzip(bad);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("corrupt") != std::string::npos);
  }
  SECTION("garbage after the last member") {
    auto r = gunzip(gz + "trailing text");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("not another gzip member") != std::string::npos);
  }
}

TEST_CASE("gunzip: the corpus's compressed files read as expected.tsv says",
          "[ingest][gunzip][corpus]") {
  if (!tally::testing::corpus_present()) {
    WARN("corpus not found: " << tally::testing::corpus_dir());
    return;
  }
  int read = 0;
  for (const tally::testing::CorpusRow& row : tally::testing::corpus_rows("nacha")) {
    if (!row.path.ends_with(".gz")) continue;
    INFO(row.path);
    const std::string raw = tally::testing::read_corpus_file(row.path);
    const ReceivedContent content = ReceivedContent::of(raw);
    REQUIRE(content.compressed());
    REQUIRE_FALSE(content.error());
    const auto report = formats::nacha::check(content.bytes());
    CHECK(report.accepted == (row.expect == "accept"));
    const std::pair<const char*, const char*> fields[] = {{"batches", "batches"},
                                                          {"entry_addenda", "entry_addenda"},
                                                          {"debit_minor", "debit_total_minor"},
                                                          {"credit_minor", "credit_total_minor"}};
    for (const auto& [claim, value] : tally::testing::parse_claims(row.claims))
      for (const auto& [name, field] : fields)
        if (claim == name) {
          INFO(field);
          const auto* declared = report.declared.find(field);
          REQUIRE(declared != nullptr);
          CHECK(std::get<std::int64_t>(*declared) == value);
        }
    ++read;
  }
  CHECK(read >= 1);
}
