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

}  // namespace

TEST_CASE("the ledger agrees with an in-memory model on random streams with restarts",
          "[ledger][model]") {
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
    auto ledger = open_ledger(dir.path());
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
      auto stats = ledger->apply(batch);
      REQUIRE(stats.ok());
      CHECK(stats->skipped == back);
      at += n;
      if (rng() % 5 == 0) {  // restart between batches
        ledger.reset();
        ledger = open_ledger(dir.path());
      }
    }
    model::check_books(*ledger, books);
    CHECK(books.ever_parked > 0);  // the stream did exercise returns waiting for payments
    CHECK(books.conflicts > 0);
  }
}
