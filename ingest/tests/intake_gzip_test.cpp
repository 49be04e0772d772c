// Compressed deliveries through Intake and the inbox watcher: a gzip file is ingested as what it
// holds, deduplicated by the SHA-256 of the file as received, and refused whole (quarantined,
// never published) when truncated or corrupt.
#include <catch2/catch.hpp>

#include <zlib.h>

#include <filesystem>
#include <fstream>

#include "core/log/embedded_log.h"
#include "core/sha256.h"
#include "formats/nacha/tests/nacha_fixtures.h"
#include "ingest/inbox_watcher.h"
#include "ingest/intake.h"
#include "tests/support/temp_dir.h"

using namespace tally;
using namespace tally::ingest;
namespace fs = std::filesystem;

namespace {

std::string gzip(std::string_view text) {
  z_stream z{};
  REQUIRE(deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) ==
          Z_OK);
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

// A NACHA file of two autopay debits, as the bank would send it, gzipped.
std::string ach_gz() {
  nacha_test::FileBuilder b;
  b.entry(nacha_test::EntrySpec{})
      .entry(nacha_test::EntrySpec{.amount_minor = 500, .id = "CUST-0002"});
  return gzip(b.text());
}

// One data folder's log, registry, keys and intake.
struct DataFolder {
  testing::TempDir dir;
  Config config;
  std::unique_ptr<log::EmbeddedLog> log;
  std::unique_ptr<FileRegistry> registry;
  std::unique_ptr<Intake> intake;

  DataFolder() {
    config.data_dir = dir.path();
    auto opened_log = log::EmbeddedLog::open({dir.path("log"), 4, false});
    REQUIRE(opened_log.ok());
    log = std::move(opened_log).value();
    auto opened_registry = FileRegistry::open(dir.path("ingest"));
    REQUIRE(opened_registry.ok());
    registry = std::move(opened_registry).value();
    auto keys = load_keys(dir.path("keys"));
    REQUIRE(keys.ok());
    intake = std::make_unique<Intake>(config, *log, *registry, *keys);
    fs::create_directories(dir.path("in"));
  }

  std::string write(const std::string& name, std::string_view bytes) {
    const std::string path = dir.path("in/" + name);
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }

  IngestOutcome ingest(const std::string& path) {
    auto out = intake->ingest(path, IngestOptions{});
    REQUIRE(out.ok());
    return std::move(out).value();
  }
};

}  // namespace

TEST_CASE("intake: a gzip file is ingested as what it holds and deduplicated as received",
          "[ingest][gunzip]") {
  DataFolder d;
  const std::string gz = ach_gz();
  const IngestOutcome first = d.ingest(d.write("bank.ach.gz", gz));
  INFO(first.one_line());
  CHECK(first.kind == IngestOutcome::Kind::accepted);
  CHECK(first.format == "nacha");
  CHECK(first.events > 0);
  CHECK(first.sha256 == to_hex(sha256(gz)));  // of the file as it arrived
  // The same .gz again, under another name (no .gz: detected by its magic bytes): a duplicate.
  const IngestOutcome again = d.ingest(d.write("bank-again", gz));
  CHECK(again.kind == IngestOutcome::Kind::duplicate);
}

TEST_CASE("intake: a truncated gzip file is refused whole and quarantined", "[ingest][gunzip]") {
  DataFolder d;
  const std::string gz = ach_gz();
  const IngestOutcome out = d.ingest(d.write("cut.ach.gz", gz.substr(0, gz.size() / 2)));
  INFO(out.one_line());
  CHECK(out.kind == IngestOutcome::Kind::refused);
  CHECK(out.events == 0);
  CHECK(out.format == "gzip");
  REQUIRE(out.report.errors.size() == 1);
  CHECK(out.report.errors[0].code == "gzip_corrupt");
  CHECK(out.one_line().find("truncated") != std::string::npos);
  CHECK_FALSE(out.moved_to.empty());
  CHECK(fs::exists(out.report_path));
}

TEST_CASE("inbox: a gzip file dropped in the inbox is ingested", "[ingest][gunzip]") {
  DataFolder d;
  InboxWatcher watcher(d.dir.path("in"), *d.intake);
  d.write("drop.ach.gz", ach_gz());
  CHECK(watcher.scan_once() == 0);  // seen once: not yet known to be complete
  CHECK(watcher.scan_once() == 1);
  CHECK(watcher.files_ingested() == 1);
  CHECK(watcher.files_refused() == 0);
}

TEST_CASE("intake: a gzip NACHA file with UTF-8 names is ingested", "[ingest][gunzip]") {
  DataFolder d;
  std::ifstream in(std::string(TALLY_NACHA_SEEDS_DIR) + "/utf8-names.ach", std::ios::binary);
  const std::string ach((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  REQUIRE(ach.find("JOS\xC3\x89 MU\xC3\x91OZ") != std::string::npos);
  const IngestOutcome out = d.ingest(d.write("names.ach.gz", gzip(ach)));
  INFO(out.one_line());
  CHECK(out.kind == IngestOutcome::Kind::accepted);
  bool warned = false;
  for (const auto& w : out.report.warnings) warned = warned || w.code == "utf8_text";
  CHECK(warned);
}

TEST_CASE("intake: a NACHA file with Latin-1 names is ingested with the names as UTF-8", "[ingest][gunzip]") {
  DataFolder d;
  std::ifstream in(std::string(TALLY_NACHA_SEEDS_DIR) + "/latin1-names.ach", std::ios::binary);
  const std::string ach((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  REQUIRE(ach.find('\xC9') != std::string::npos);  // a Latin-1 É
  const IngestOutcome out = d.ingest(d.write("names.ach", ach));
  INFO(out.one_line());
  REQUIRE(out.kind == IngestOutcome::Kind::accepted);
  bool warned = false;
  for (const auto& w : out.report.warnings) warned = warned || w.code == "latin1_text";
  CHECK(warned);
}
