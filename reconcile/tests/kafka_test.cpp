// The reconciler on Kafka (a mock cluster, or TALLY_KAFKA_BROKERS): it reads every partition
// from the positions in its own RocksDB, decides, publishes its decisions to the topic, and a
// second reconciler built from the topic alone holds the same results, byte for byte.
#include <catch2/catch.hpp>

#include <unistd.h>

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

}  // namespace

TEST_CASE("on Kafka the reconciler reads every partition, and a replay from the topic matches it",
          "[reconcile][kafka]") {
  std::unique_ptr<log::MockKafkaCluster> cluster;
  log::KafkaLogOptions options;
  options.topic = "tally.reconcile.test." + std::to_string(getpid());
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
  auto kafka = log::KafkaLog::open(options);
  REQUIRE(kafka.ok());

  // Deposits and bank lines under different keys land on different partitions.
  std::vector<events::Envelope> day;
  for (int k = 0; k < 40; ++k) {
    const std::string n = std::to_string(k);
    day.push_back(deposit_event("d" + n, 1000 + k, kMonday, "REF-" + n));
    if (k % 10 != 0) day.push_back(bank_event("b" + n, 1000 + k, kMonday, "B" + n, "REF-" + n));
  }
  std::vector<std::string> bytes;
  std::vector<log::AppendEntry> batch;
  for (const auto& e : day) bytes.push_back(events::encode(e));
  for (std::size_t k = 0; k < day.size(); ++k) batch.push_back({day[k].partition_key(), bytes[k]});
  REQUIRE((*kafka)->append(batch).ok());

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
