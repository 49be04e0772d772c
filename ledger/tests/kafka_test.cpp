// Two ledgers in one consumer group on a 3-broker mock Kafka cluster: they split the
// partitions, and rebalances (a second ledger joining mid-stream, then leaving) lose and
// double nothing. Each ledger starts an assigned partition at the position stored in its
// own RocksDB. TALLY_KAFKA_BROKERS=host:port runs it against a real cluster instead.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <random>
#include <thread>

#include "core/log/kafka_log.h"
#include "core/log/kafka_mock.h"
#include "ledger/policy.h"
#include "ledger/service.h"
#include "ledger/tests/model_check.h"
#include "ledger/tests/test_support.h"
#include "ledger/topic_guard.h"

using namespace tally;
using namespace tally::ledger;
using namespace tally::ledger::testing;
using namespace std::chrono_literals;

namespace {

constexpr std::uint32_t kPartitions = 4;

// One ledger process: its own database, Kafka client and apply loop.
struct LedgerProcess {
  std::unique_ptr<Ledger> ledger;
  std::unique_ptr<log::KafkaLog> log;
  std::unique_ptr<LedgerService> service;
  std::atomic<bool> stop{false};
  std::thread runner;
  Status result = ok_status();

  LedgerProcess(const std::string& path, const log::KafkaLogOptions& options) {
    ledger = open_ledger(path);
    auto opened = log::KafkaLog::open(options);
    REQUIRE(opened.ok());
    log = std::move(opened).value();
    // As a node does (Node::open): the topic recorded, and each resumed partition's last
    // applied record recognised before reading on.
    auto guarded = guard_topic(*ledger, *log);
    REQUIRE(guarded.ok());
    REQUIRE(guarded->empty());
    ServiceOptions service_options;
    service_options.group = "tally-ledger";  // the node's group: its consumers check the last record
    service_options.max_batch_events = 50;
    service_options.max_batch_ms = 5;
    service = std::make_unique<LedgerService>(*ledger, *log, service_options);
    runner = std::thread([this] { result = service->run(stop); });
  }
  void leave() {
    stop = true;
    if (runner.joinable()) runner.join();
  }
  ~LedgerProcess() { leave(); }
};

std::int64_t end_of(const model::Stream& s, PartitionId p) {
  std::int64_t end = 0;
  for (const auto& r : s.records)
    if (r.partition == p) end = std::max(end, r.position.value() + 1);
  return end;
}

model::Stream consumed(const model::Stream& all, const Ledger& ledger) {
  model::Stream prefix;
  for (const log::LogRecord& r : all.records)
    if (r.position < ledger.next_position(r.partition)) prefix.records.push_back(r);
  return prefix;
}

// True once every partition's current owner has applied it to the end.
bool owners_caught_up(const model::Stream& stream,
                      std::initializer_list<LedgerProcess*> processes) {
  std::uint32_t owned = 0;
  for (LedgerProcess* process : processes) {
    for (PartitionId p : process->service->assignment()) {
      ++owned;
      if (process->ledger->next_position(p).value() < end_of(stream, p)) return false;
    }
  }
  return owned == kPartitions;
}

template <class Predicate>
bool wait_for(Predicate&& done, std::chrono::seconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(50ms);
  }
  return done();
}

void append(log::EventLog& log, const model::Stream& stream, std::size_t from, std::size_t to) {
  std::vector<std::string> keys;
  std::vector<log::AppendEntry> entries;
  keys.reserve(to - from);
  for (std::size_t i = from; i < to; ++i)
    keys.push_back(policy_partition_key(stream.records[i].partition, kPartitions));
  for (std::size_t i = from; i < to; ++i)
    entries.push_back({keys[i - from], stream.records[i].value});
  auto appended = log.append(entries);
  REQUIRE(appended.ok());
  for (std::size_t i = from; i < to; ++i) {
    REQUIRE(appended->at(i - from).partition == stream.records[i].partition);
    REQUIRE(appended->at(i - from).position == stream.records[i].position);
  }
}

}  // namespace

TEST_CASE(
    "two ledgers in one consumer group split the partitions and rebalances lose and double nothing",
    "[ledger][kafka]") {
  const std::uint64_t seed = std::random_device{}();
  CAPTURE(seed);
  const model::Stream stream = model::generate(seed, 3000, kPartitions);

  std::unique_ptr<log::MockKafkaCluster> cluster;
  log::KafkaLogOptions options;
  options.topic =
      "tally.ledger.test." + std::to_string(getpid()) + "." + std::to_string(seed % 100000);
  options.session_timeout_ms = 6000;  // the mock cluster rebalances slowly otherwise
  options.extra["reconnect.backoff.max.ms"] = "500";
  if (const char* real = std::getenv("TALLY_KAFKA_BROKERS"); real && *real) {
    options.brokers = real;
    REQUIRE(log::create_topic(options.brokers, options.topic, kPartitions, 1).ok());
    REQUIRE(log::create_topic(options.brokers, options.topic + ".deadletter", 1, 1).ok());
  } else {
    auto started = log::MockKafkaCluster::start(3);
    REQUIRE(started.ok());
    cluster = std::move(started).value();
    options.brokers = cluster->bootstrap_servers();
    REQUIRE(cluster->create_topic(options.topic, kPartitions, 3).ok());
    REQUIRE(cluster->create_topic(options.topic + ".deadletter", 1, 3).ok());
  }
  auto producer = log::KafkaLog::open(options);
  REQUIRE(producer.ok());
  const std::size_t half = stream.records.size() / 2;
  append(**producer, stream, 0, half);

  TempDir dir;
  auto a = std::make_unique<LedgerProcess>(dir.path("a"), options);
  REQUIRE(wait_for([&] { return a->ledger->counters().entries > 0; }, 60s));
  // B joins while A is working: the group rebalances and B takes some partitions.
  auto b = std::make_unique<LedgerProcess>(dir.path("b"), options);
  append(**producer, stream, half, stream.records.size());
  REQUIRE(wait_for(
      [&] {
        return !b->service->assignment().empty() && owners_caught_up(stream, {a.get(), b.get()});
      },
      90s));
  CHECK(a->service->assignment().size() + b->service->assignment().size() == kPartitions);
  CHECK_FALSE(a->service->assignment().empty());
  // Each ledger's books are exactly the model of what it consumed: nothing doubled.
  model::check_books(*b->ledger, model::expected(consumed(stream, *b->ledger), kPartitions));
  model::check_books(*a->ledger, model::expected(consumed(stream, *a->ledger), kPartitions));

  // B leaves: A gets B's partitions back and resumes them from its own stored positions.
  b->leave();
  CHECK(b->result.ok());
  REQUIRE(wait_for([&] { return owners_caught_up(stream, {a.get()}); }, 90s));
  a->leave();
  CHECK(a->result.ok());
  CHECK(a->service->stats().rebalances.load() >= 2);
  model::check_books(*a->ledger, model::expected(stream, kPartitions));
}
