// The reconciler on Kafka (a mock cluster, or TALLY_KAFKA_BROKERS): it reads every partition
// from the positions in its own RocksDB, decides, publishes its decisions to the topic, and a
// second reconciler built from the topic alone holds the same results, byte for byte.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <chrono>
#include <cstdlib>

#include "core/log/kafka_log.h"
#include "core/log/kafka_mock.h"
#include "reconcile/reconciler.h"
#include "reconcile/tests/fixtures.h"
#include "tests/support/temp_dir.h"

using namespace tally;
using namespace tally::reconcile;
using namespace tally::reconcile::testing;

namespace {

constexpr int kPartitions = 4;
const BusinessDate kMonday = day(2026, 11, 30);

// Waits past an empty poll: a Kafka fetch can come back empty while records are on the way.
ServiceOptions kafka_reading() {
  ServiceOptions o;
  o.quiet_ms = 1500;
  return o;
}

// A topic of kPartitions on the mock cluster, or on TALLY_KAFKA_BROKERS.
struct KafkaTopic {
  std::unique_ptr<log::MockKafkaCluster> cluster;
  log::KafkaLogOptions options;
  explicit KafkaTopic(const std::string& name) {
    options.topic = name + "." + std::to_string(getpid());
    options.session_timeout_ms = 6000;
    if (const char* real = std::getenv("TALLY_KAFKA_BROKERS"); real && *real) {
      options.brokers = real;
      REQUIRE(log::create_topic(options.brokers, options.topic, kPartitions, 1).ok());
    } else {
      auto started = log::MockKafkaCluster::start(1);
      REQUIRE(started.ok());
      cluster = std::move(started).value();
      options.brokers = cluster->bootstrap_servers();
      REQUIRE(cluster->create_topic(options.topic, kPartitions, 1).ok());
    }
  }
};

void append_all(log::EventLog& log, const std::vector<events::Envelope>& events) {
  std::vector<std::string> bytes;
  std::vector<log::AppendEntry> batch;
  for (const auto& e : events) bytes.push_back(events::encode(e));
  for (std::size_t k = 0; k < events.size(); ++k) batch.push_back({events[k].partition_key(), bytes[k]});
  REQUIRE(log.append(batch).ok());
}

double seconds_of(const std::function<void()>& work) {
  const auto begun = std::chrono::steady_clock::now();
  work();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - begun).count();
}

}  // namespace

TEST_CASE("on Kafka a drain stops at the partitions' ends instead of waiting for a quiet poll",
          "[reconcile][kafka]") {
  KafkaTopic topic("tally.reconcile.ends");
  auto kafka = log::KafkaLog::open(topic.options);
  REQUIRE(kafka.ok());
  std::vector<events::Envelope> day;
  for (int k = 0; k < 30; ++k) {
    const std::string n = std::to_string(k);
    day.push_back(deposit_event("d" + n, 1000 + k, kMonday, "REF-" + n));
    day.push_back(bank_event("b" + n, 1000 + k, kMonday, "B" + n, "REF-" + n));
  }
  append_all(**kafka, day);

  // A quiet wait far longer than a drain to the ends takes: a drain that waited for it fails.
  ServiceOptions reading;
  reading.quiet_ms = 8000;
  reading.read_ends = [k = kafka->get()] { return k->ends(2000); };
  tally::testing::TempDir dir;
  auto reconciler = Reconciler::open(dir.path("r"), **kafka, reading);
  REQUIRE(reconciler.ok());
  CHECK(seconds_of([&] { REQUIRE((*reconciler)->catch_up().ok()); }) < 6.0);
  CHECK((*reconciler)->service().applied_records() == day.size());
  // Nothing new: no consumer is made, nothing is waited for.
  CHECK(seconds_of([&] { REQUIRE((*reconciler)->catch_up().ok()); }) < 2.0);
  CHECK((*reconciler)->service().applied_records() == day.size());

  // Records appended later are the next drain's, read to the new ends.
  append_all(**kafka, {deposit_event("late", 5000, kMonday, "REF-LATE")});
  CHECK(seconds_of([&] { REQUIRE((*reconciler)->catch_up().ok()); }) < 6.0);
  CHECK((*reconciler)->service().applied_records() == day.size() + 1);
  auto ends = (*kafka)->ends(2000);
  REQUIRE(ends.ok());
  std::int64_t held = 0;
  for (const LogPosition end : *ends) held += end.value();
  CHECK(held == static_cast<std::int64_t>(day.size() + 1));
}

TEST_CASE("on Kafka the reconciler reads every partition, and a replay from the topic matches it",
          "[reconcile][kafka]") {
  KafkaTopic topic("tally.reconcile.test");
  auto kafka = log::KafkaLog::open(topic.options);
  REQUIRE(kafka.ok());

  // Deposits and bank lines under different keys land on different partitions.
  std::vector<events::Envelope> day;
  for (int k = 0; k < 40; ++k) {
    const std::string n = std::to_string(k);
    day.push_back(deposit_event("d" + n, 1000 + k, kMonday, "REF-" + n));
    if (k % 10 != 0) day.push_back(bank_event("b" + n, 1000 + k, kMonday, "B" + n, "REF-" + n));
  }
  append_all(**kafka, day);

  tally::testing::TempDir dir;
  auto live = Reconciler::open(dir.path("live"), **kafka, kafka_reading());
  REQUIRE(live.ok());
  RunOptions run;
  run.date = kMonday.plus_days(10);
  auto report = (*live)->run(run);
  REQUIRE(report.ok());
  CHECK(report->confirmed == 36);
  CHECK(report->raised["MISSING_IN_BANK"] == 4);
  REQUIRE((*live)->catch_up().ok());  // reads its own decisions back: nothing changes

  auto replayed = Reconciler::open(dir.path("replayed"), **kafka, kafka_reading());
  REQUIRE(replayed.ok());
  REQUIRE((*replayed)->catch_up().ok());
  CHECK(*(*replayed)->store().digest() == *(*live)->store().digest());
  CHECK((*replayed)->run(run)->decided.empty());
}
