// kill -9 end to end (DESIGN.md, "Reliability and security": kill -9 at any moment,
// repeated, loses and duplicates nothing). A large NACHA file is ingested by the real
// `tally ingest`, which is SIGKILLed at random moments (seeded; the seed is printed and
// TALLY_E2E_SEED replays it) several times, then run to the end. A kill can land while the
// file is parsed and published (the rerun publishes it again: event ids make the ledger post
// each payment once) or while the ledger posts (the rerun finds the file already ingested and
// posts the rest). The books must come out exact.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <thread>

#include "core/accounts.h"
#include "tests/e2e/e2e_fixtures.h"
#include "tests/e2e/e2e_support.h"

using namespace e2e;

namespace {

constexpr int kEntries = 200'000;
constexpr int kCustomers = 5'000;
// A whole ingest of this file takes a few seconds on the 2-core dev machine: about 2.7 s to
// parse and publish while a second thread posts (then the file is recorded and moved to
// processed/), then the rest of the posting and the close, which writes the memtables out.
constexpr int kPublishKills = 4;      // killed at [20 ms, 2 s]: mostly mid-publish
constexpr int kPostingKills = 3;      // killed [0, 1.5 s] after the file was recorded: mid-posting
constexpr int kMaxPublishDelayMs = 2'000;
constexpr int kMaxPostingDelayMs = 1'500;
constexpr int kMaxWaitForRecordMs = 60'000;

std::uint64_t seed_from_env() {
  if (const char* s = std::getenv("TALLY_E2E_SEED")) return std::strtoull(s, nullptr, 10);
  return (static_cast<std::uint64_t>(std::random_device{}()) << 32) ^ std::random_device{}();
}

// Sleeps until `path` is gone (the ingest recorded the file and moved it) or the child
// exits; returns false when the child exited first (and has been reaped).
bool wait_until_moved(const std::string& path, pid_t pid) {
  for (int waited_ms = 0; waited_ms < kMaxWaitForRecordMs; waited_ms += 5) {
    if (!exists(path)) return true;
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) return false;  // reaped: not to be waited for again
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  FAIL("the ingest neither recorded the file nor exited within " << kMaxWaitForRecordMs << " ms");
  return false;
}

const char* describe(int status) {
  return status == -SIGKILL ? "killed" : status == 0 ? "exited 0" : "exited with an error";
}

}  // namespace

TEST_CASE("kill -9 during the ingest of a 200k-entry NACHA file, repeatedly, then a rerun: exact books",
          "[e2e][crash][slow]") {
  const std::uint64_t seed = seed_from_env();
  std::fprintf(stderr, "e2e crash test seed: %llu (TALLY_E2E_SEED=%llu to replay)\n",
               static_cast<unsigned long long>(seed), static_cast<unsigned long long>(seed));
  INFO("seed " << seed);
  const BigNacha file = big_nacha(kEntries, kCustomers, seed);
  Workspace w;
  // Not --keep: an accepted (or duplicate) file moves out of in/, which tells the test the
  // registry has recorded it; before each run the operator's copy is put back.
  const std::string name = "big.ach", path = w.in_dir() + "/" + name;
  const std::vector<std::string> args = {"ingest", "--json", path};
  auto put_back = [&] {
    if (!exists(path)) w.write(name, file.text);
  };

  std::mt19937_64 rng(seed);
  int killed = 0;
  for (int attempt = 1; attempt <= kPublishKills + kPostingKills; ++attempt) {
    const bool publishing = attempt <= kPublishKills;
    put_back();
    const pid_t pid = w.spawn_tally(args);
    int status = 0;
    int delay = 0;
    if (publishing) {
      delay = std::uniform_int_distribution<int>(20, kMaxPublishDelayMs)(rng);
      std::this_thread::sleep_for(std::chrono::milliseconds(delay));
      ::kill(pid, SIGKILL);
      status = wait_for(pid);
    } else if (wait_until_moved(path, pid)) {
      delay = std::uniform_int_distribution<int>(0, kMaxPostingDelayMs)(rng);
      std::this_thread::sleep_for(std::chrono::milliseconds(delay));
      ::kill(pid, SIGKILL);
      status = wait_for(pid);
    } else {
      status = 1000;  // exited before recording the file: wrong
    }
    std::fprintf(stderr, "  attempt %d (%s): SIGKILL %d ms %s -> %s\n", attempt,
                 publishing ? "publishing" : "posting", delay,
                 publishing ? "after start" : "after the file was recorded", describe(status));
    INFO("attempt " << attempt << ": status " << status);
    CHECK((status == -SIGKILL || status == 0));
    if (status == -SIGKILL) ++killed;
  }
  CHECK(killed >= kPublishKills);

  // The final run goes to the end: the file is accepted now, or found already ingested.
  put_back();
  const auto summary = ingest(w, {path}, 0);
  const auto& outcome = summary.at("files").as_array().at(0).as_object();
  const std::string kind = str_of(outcome.at("outcome"));
  CHECK((kind == "accepted" || kind == "duplicate"));
  std::fprintf(stderr, "  final run: %s, %lld posted\n", kind.c_str(),
               static_cast<long long>(int_of(summary.at("posted"))));

  const auto books = accounts(w);
  std::int64_t customers_total = 0;
  std::size_t customers = 0, wrong = 0;
  for (const auto& [account, minor] : books) {
    const auto parsed = tally::accounts::parse(account);
    if (!parsed || parsed->kind != tally::accounts::AccountKind::kCustomer) continue;
    ++customers;
    customers_total += minor;
    const auto paid = file.paid_by_account.find(parsed->id);
    if (paid == file.paid_by_account.end() || minor != -paid->second) ++wrong;
  }
  CHECK(customers == file.paid_by_account.size());
  CHECK(wrong == 0);
  CHECK(customers_total == -file.total_minor);
  CHECK(books.at("transit:ach") == file.total_minor);
  CHECK(books.at("clearing:ach") == 0);
  // A sample through `tally ledger balance`, too.
  for (const std::string account : {"300000", "302500", "304999"})
    CHECK(balance(w, account) == -file.paid_by_account.at(account));

  const Verify v = verify(w);
  CHECK(v.ok);
  CHECK(v.entries == kEntries + file.batches);  // every payment and settlement exactly once
  const auto counters = ledger_counters(w);
  CHECK(counters.conflicts == 0);
  CHECK(counters.refused == 0);
  CHECK(counters.dead_letters == 0);
}
