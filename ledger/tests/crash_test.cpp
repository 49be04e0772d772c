// Crash test: a child process applying a long stream from an embedded log is killed with
// SIGKILL at random moments, many times. After every kill the ledger must equal the model
// of exactly the records it says it consumed (nothing lost, nothing doubled, nothing half
// applied) and verify must pass; at the end the books equal the model of the whole stream.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <random>
#include <thread>

#include "core/log/embedded_log.h"
#include "ledger/policy.h"
#include "ledger/tests/model_check.h"
#include "ledger/tests/test_support.h"

using namespace tally;
using namespace tally::ledger;
using namespace tally::ledger::testing;

namespace {

constexpr std::uint32_t kPartitions = 4;

pid_t spawn(const std::string& log_dir, const std::string& ledger_dir, std::size_t batch) {
  const pid_t pid = fork();
  if (pid == 0) {
    const std::string partitions = std::to_string(kPartitions);
    const std::string batch_text = std::to_string(batch);
    execl(TALLY_LEDGER_CRASH_CHILD, TALLY_LEDGER_CRASH_CHILD, log_dir.c_str(), ledger_dir.c_str(),
          partitions.c_str(), batch_text.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  return pid;
}

// The model of what the ledger consumed: each partition's records below its stored position.
model::Stream consumed(const model::Stream& all, const Ledger& ledger) {
  model::Stream prefix;
  for (const log::LogRecord& r : all.records)
    if (r.position < ledger.next_position(r.partition)) prefix.records.push_back(r);
  return prefix;
}

}  // namespace

TEST_CASE("SIGKILL at random moments loses and doubles nothing", "[ledger][crash][slow]") {
  const std::uint64_t seed = std::random_device{}();
  CAPTURE(seed);
  std::mt19937_64 rng(seed);
  TempDir dir;
  const model::Stream stream = model::generate(seed, 30000, kPartitions);
  {
    // Each partition's records go under a key that lands on that partition, in stream order,
    // so the log's positions are the stream's.
    auto log = log::EmbeddedLog::open({dir.path("log"), kPartitions, false});
    REQUIRE(log.ok());
    for (const log::LogRecord& r : stream.records) {
      const std::string key = policy_partition_key(r.partition, kPartitions);
      const log::AppendEntry entry{key, r.value};
      auto appended = (*log)->append(std::span(&entry, 1));
      REQUIRE(appended.ok());
      REQUIRE(appended->at(0).partition == r.partition);
      REQUIRE(appended->at(0).position == r.position);
    }
  }
  constexpr int kKills = 20;
  int killed_mid_run = 0;
  for (int round = 0; round < kKills; ++round) {
    CAPTURE(round);
    const pid_t child = spawn(dir.path("log"), dir.path(), 1 + rng() % 60);
    REQUIRE(child > 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(20 + rng() % 200));
    int status = 0;
    if (waitpid(child, &status, WNOHANG) == 0) {  // still working: kill it
      REQUIRE(kill(child, SIGKILL) == 0);
      REQUIRE(waitpid(child, &status, 0) == child);
      CHECK(WIFSIGNALED(status));
      ++killed_mid_run;
    }
    auto ledger = open_ledger(dir.path(), /*sync=*/true);
    const model::Stream prefix = consumed(stream, *ledger);
    INFO("consumed " << prefix.records.size() << " of " << stream.records.size());
    model::check_books(*ledger, model::expected(prefix, kPartitions));
  }
  // Let the last run finish.
  const pid_t child = spawn(dir.path("log"), dir.path(), 100);
  int status = 0;
  REQUIRE(waitpid(child, &status, 0) == child);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  auto ledger = open_ledger(dir.path(), true);
  CHECK(consumed(stream, *ledger).records.size() == stream.records.size());
  model::check_books(*ledger, model::expected(stream, kPartitions));
  WARN(killed_mid_run << " of " << kKills << " kills landed while the child was working");
  CHECK(killed_mid_run >= kKills / 2);
}
