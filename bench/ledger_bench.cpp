// ledger_bench: what the ledger costs over RocksDB itself.
//
// ledger_apply: PaymentReceived events (1M customers, 8 partitions, unique references)
//   applied durably in batches of 1,000 (one synced WriteBatch each), in events/s, the way
//   the apply loop does it (Ledger::submit: each batch computed while the previous one is
//   synced); the clock stops when the last batch is durable. Baseline: a fresh database with
//   the same column families and options, written with the very WriteBatches the ledger
//   wrote (same keys, values and order), synced the same way, one after the other.
// ledger_balance_p50/p99: balance of a random customer on a ledger of 1M accounts, in us.
//   Baseline: a raw Get of that customer's balance key.
// Medians of several runs; the machine is shared and noisy.
#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "bench/bench_util.h"
#include "bench/payment_events.h"
#include "core/accounts.h"
#include "core/events/codec.h"
#include "core/events/event_ids.h"
#include "core/log/partitioner.h"
#include "ledger/keys.h"
#include "ledger/ledger.h"
#include "ledger/store.h"

namespace {

using namespace tally;
using Clock = std::chrono::steady_clock;

constexpr std::uint32_t kPartitions = 8;
constexpr std::size_t kBatch = 1000;
constexpr std::size_t kApplyEvents = 200'000;
constexpr std::size_t kAccounts = 1'000'000;
constexpr int kRuns = 3;
constexpr std::size_t kLookups = 100'000;

std::string bench_dir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("tally-ledger-bench-" + name);
  std::filesystem::remove_all(dir);
  return dir.string();
}

std::vector<log::LogRecord> payments(std::size_t count, std::size_t first, std::mt19937_64& rng,
                                     bool sequential_accounts) {
  std::vector<log::LogRecord> out;
  out.reserve(count);
  std::vector<std::int64_t> next(kPartitions, 0);
  for (std::size_t i = first; i < first + count; ++i) {
    const std::string account =
        std::to_string(sequential_accounts ? i % kAccounts : rng() % kAccounts);
    const PartitionId part = log::partition_for(account, kPartitions);
    out.push_back({part, LogPosition(next[part.value()]++), account, bench::encoded_ach_payment(account, i)});
  }
  return out;
}

struct ApplyRun {
  double ledger_events_per_s = 0;
  double baseline_events_per_s = 0;
  double ledger_cpu_s = 0;
  double baseline_cpu_s = 0;
};

double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

ApplyRun apply_run(const std::vector<log::LogRecord>& records) {
  std::vector<std::string> batches;
  ledger::LedgerOptions options;
  options.path = bench_dir("apply");
  options.batch_observer = [&](std::string_view rep) { batches.emplace_back(rep); };
  ApplyRun run;
  {
    auto opened = ledger::Ledger::open(options);
    if (!opened) throw std::runtime_error(opened.error().describe());
    ledger::Ledger& ledger = **opened;
    const double cpu_start = cpu_seconds();
    const auto start = Clock::now();
    // The apply loop's way: pipelined group commit (each batch computed while the previous
    // one is synced); the clock stops when the last batch is durable.
    std::size_t applied = 0;
    for (std::size_t i = 0; i < records.size(); i += kBatch) {
      const std::size_t n = std::min(kBatch, records.size() - i);
      auto previous = ledger.submit(
          std::vector<log::LogRecord>(records.begin() + static_cast<std::ptrdiff_t>(i),
                                      records.begin() + static_cast<std::ptrdiff_t>(i + n)));
      if (!previous) throw std::runtime_error(previous.error().describe());
      applied += previous->applied;
    }
    auto last = ledger.flush();
    if (!last) throw std::runtime_error(last.error().describe());
    applied += last->applied;
    if (applied != records.size()) throw std::runtime_error("not every event was applied");
    run.ledger_events_per_s = static_cast<double>(records.size()) /
                              std::chrono::duration<double>(Clock::now() - start).count();
    run.ledger_cpu_s = cpu_seconds() - cpu_start;
  }
  {
    auto store = ledger::Store::open({bench_dir("baseline")});
    if (!store) throw std::runtime_error(store.error().describe());
    rocksdb::WriteOptions write;
    write.sync = true;
    const double cpu_start = cpu_seconds();
    const auto start = Clock::now();
    for (const std::string& rep : batches) {
      rocksdb::WriteBatch batch(rep);
      if (!(*store)->db->Write(write, &batch).ok())
        throw std::runtime_error("baseline write failed");
    }
    run.baseline_events_per_s = static_cast<double>(records.size()) /
                                std::chrono::duration<double>(Clock::now() - start).count();
    run.baseline_cpu_s = cpu_seconds() - cpu_start;
  }
  std::filesystem::remove_all(options.path);
  std::filesystem::remove_all(bench_dir("baseline"));
  return run;
}

double percentile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1))];
}

void balance_latency(std::mt19937_64& rng) {
  ledger::LedgerOptions options;
  options.path = bench_dir("balances");
  options.sync = false;  // building the 1M-account ledger quickly; lookups do not depend on it
  auto opened = ledger::Ledger::open(options);
  if (!opened) throw std::runtime_error(opened.error().describe());
  ledger::Ledger& ledger = **opened;
  const auto records = payments(kAccounts, 0, rng, /*sequential_accounts=*/true);
  std::vector<log::LogRecord> batch;
  for (std::size_t i = 0; i < records.size(); i += 10'000) {
    const std::size_t n = std::min<std::size_t>(10'000, records.size() - i);
    if (!ledger.apply(std::span(records).subspan(i, n)).ok())
      throw std::runtime_error("build failed");
  }
  ledger::Store& store = ledger.store();
  rocksdb::FlushOptions flush;
  store.db->Flush(flush, store.handles).PermitUncheckedError();

  std::vector<double> ledger_us, baseline_us;
  std::vector<double> p50s[2], p99s[2];
  for (int run = 0; run < kRuns; ++run) {
    ledger_us.clear();
    baseline_us.clear();
    std::string value;
    for (std::size_t i = 0; i < kLookups; ++i) {
      const std::string id = std::to_string(rng() % kAccounts);
      const std::string account = accounts::customer(id);
      auto t0 = Clock::now();
      auto b = ledger.balance(account);
      auto t1 = Clock::now();
      const std::string key = ledger::keys::balance(log::partition_for(id, kPartitions), account);
      auto s = store.db->Get(rocksdb::ReadOptions(), store.balances, key, &value);
      auto t2 = Clock::now();
      if (!b || b->postings != 1 || !s.ok()) throw std::runtime_error("lookup failed");
      ledger_us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
      baseline_us.push_back(std::chrono::duration<double, std::micro>(t2 - t1).count());
    }
    p50s[0].push_back(percentile(ledger_us, 0.5));
    p50s[1].push_back(percentile(baseline_us, 0.5));
    p99s[0].push_back(percentile(ledger_us, 0.99));
    p99s[1].push_back(percentile(baseline_us, 0.99));
  }
  auto median = [](std::vector<double> v) { return percentile(std::move(v), 0.5); };
  bench::print_line("ledger_balance_p50", median(p50s[0]), "us", median(p50s[1]));
  bench::print_line("ledger_balance_p99", median(p99s[0]), "us", median(p99s[1]));
  std::filesystem::remove_all(options.path);
}

}  // namespace

int main(int argc, char** argv) {
  const bool apply_only = argc > 1 && std::string(argv[1]) == "--apply-only";
  std::mt19937_64 rng(42);
  const auto records = payments(kApplyEvents, 0, rng, false);
  std::vector<double> ledger_rates, baseline_rates;
  for (int run = 0; run < kRuns; ++run) {
    const ApplyRun r = apply_run(records);
    ledger_rates.push_back(r.ledger_events_per_s);
    baseline_rates.push_back(r.baseline_events_per_s);
    std::fprintf(
        stderr, "run %d: ledger %.0f events/s (cpu %.2fs), raw rocksdb %.0f events/s (cpu %.2fs)\n",
        run, r.ledger_events_per_s, r.ledger_cpu_s, r.baseline_events_per_s, r.baseline_cpu_s);
  }
  std::sort(ledger_rates.begin(), ledger_rates.end());
  std::sort(baseline_rates.begin(), baseline_rates.end());
  bench::print_line("ledger_apply", ledger_rates[kRuns / 2], "events/s", baseline_rates[kRuns / 2]);
  if (!apply_only) balance_latency(rng);
  return 0;
}
