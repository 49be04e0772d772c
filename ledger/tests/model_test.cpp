// Model test: random event streams applied to the ledger (in random group commits, with
// redeliveries and restarts between batches) and to an in-memory model must agree on
// balances, histories and counts. Set TALLY_MODEL_SEED to replay a failing seed.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <random>

#include "ledger/tests/model_check.h"
#include "ledger/tests/test_support.h"

using namespace tally;
using namespace tally::ledger;
using namespace tally::ledger::testing;

namespace {

std::uint64_t first_seed() {
  if (const char* env = std::getenv("TALLY_MODEL_SEED")) return std::strtoull(env, nullptr, 10);
  return std::random_device{}();
}

// How the stream reaches the ledger: one synced group commit per batch (apply), pipelined
// group commits (submit/flush, the apply loop's way), or bulk batches written as table files
// (submit_bulk/flush, a batch job's way; small caps, so some are written mid-stream).
enum class Path { apply, pipelined, bulk };

std::unique_ptr<Ledger> open_for(const std::string& dir, Path path) {
  LedgerOptions options;
  options.path = dir;
  options.sync = false;
  if (path == Path::bulk) {
    options.min_table_records = 0;  // every bulk batch as table files
    options.max_bulk_records = 300;
    options.bulk_lanes = 2;  // partitions computed on two threads, whatever the machine
  }
  auto ledger = Ledger::open(options);
  if (!ledger) throw std::runtime_error(ledger.error().describe());
  return std::move(ledger).value();
}

void run_model(Path path) {
  constexpr std::uint32_t kPartitions = 3;
  constexpr int kSeeds = 6;
  constexpr std::size_t kSteps = 1500;
  const std::uint64_t base = first_seed();
  for (int round = 0; round < kSeeds; ++round) {
    const std::uint64_t seed = base + static_cast<std::uint64_t>(round);
    CAPTURE(seed);
    const model::Stream stream = model::generate(seed, kSteps, kPartitions);
    const model::Books books = model::expected(stream, kPartitions);
    TempDir dir;
    auto ledger = open_for(dir.path(), path);
    std::mt19937_64 rng(seed);
    std::size_t at = 0;
    while (at < stream.records.size()) {
      const std::size_t n = std::min<std::size_t>(1 + rng() % 80, stream.records.size() - at);
      // Sometimes the log redelivers what was already applied (a consumer restarting from an
      // older offset): those records are skipped by position.
      const std::size_t back = rng() % 4 == 0 ? std::min<std::size_t>(at, rng() % 20) : 0;
      std::vector<log::LogRecord> batch(
          stream.records.begin() + static_cast<std::ptrdiff_t>(at - back),
          stream.records.begin() + static_cast<std::ptrdiff_t>(at + n));
      if (path == Path::apply) {
        auto stats = ledger->apply(batch);
        REQUIRE(stats.ok());
        CHECK(stats->skipped == back);
      } else if (path == Path::pipelined) {
        REQUIRE(ledger->submit(std::move(batch)).ok());
      } else {
        REQUIRE(ledger->submit_bulk(std::move(batch)).ok());
      }
      at += n;
      if (rng() % 5 == 0) {  // restart between batches, after what was given is durable
        REQUIRE(ledger->flush().ok());
        ledger.reset();
        ledger = open_for(dir.path(), path);
      }
    }
    REQUIRE(ledger->flush().ok());
    model::check_books(*ledger, books);
    CHECK(books.ever_parked > 0);  // the stream did exercise returns waiting for payments
    CHECK(books.conflicts > 0);
  }
}

}  // namespace

TEST_CASE("the ledger agrees with an in-memory model on random streams with restarts",
          "[ledger][model]") {
  SECTION("one synced group commit per batch") { run_model(Path::apply); }
  SECTION("pipelined group commits") { run_model(Path::pipelined); }
  SECTION("bulk batches written as table files") { run_model(Path::bulk); }
}
