// What only the Kafka log must show: surviving a broker outage, and consumer-group
// rebalancing that resumes each partition where the caller says.
#include <catch2/catch.hpp>

#include <chrono>
#include <set>
#include <thread>

#include "core/events/event_ids.h"
#include "core/log/kafka_handles.h"
#include "core/log/kafka_log.h"
#include "core/log/partitioner.h"
#include "core/tests/log_fixtures.h"

using tally::LogPosition;
using tally::PartitionId;
using tally::testing::KafkaLogFixture;
namespace tlog = tally::log;

TEST_CASE("kafka log: a broker going down mid-stream loses nothing acknowledged", "[log][kafka][fault]") {
  KafkaLogFixture fx;
  if (!fx.cluster) {
    WARN("skipped: needs the mock cluster to stop a broker (TALLY_KAFKA_BROKERS is set)");
    return;
  }
  // Every partition led by broker 1, so taking it down stops all writes until it is back.
  for (int p = 0; p < static_cast<int>(KafkaLogFixture::kPartitions); ++p)
    REQUIRE(fx.cluster->set_partition_leader(fx.topic, p, 1).ok());

  std::set<std::string> acknowledged;
  std::thread outage([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    REQUIRE(fx.cluster->set_broker_down(1).ok());
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    REQUIRE(fx.cluster->set_broker_up(1).ok());
  });
  const auto start = std::chrono::steady_clock::now();
  for (int batch = 0; std::chrono::steady_clock::now() - start < std::chrono::seconds(4); ++batch) {
    std::vector<std::string> ids;
    std::vector<tlog::AppendEntry> entries;
    for (int i = 0; i < 20; ++i)
      ids.push_back(tally::events::command_id("b" + std::to_string(batch) + "-" + std::to_string(i)).to_hex());
    for (const auto& id : ids) entries.push_back({id, id});
    auto appended = fx.log->append(entries);
    if (appended.ok()) acknowledged.insert(ids.begin(), ids.end());
  }
  outage.join();
  REQUIRE(acknowledged.size() >= 100);

  tlog::ConsumerOptions options;
  options.group = "fault-check";
  auto consumer = fx.log->consume(options);
  REQUIRE(consumer.ok());
  std::multiset<std::string> seen;
  // Bounded by time, not by polls: a poll returns as soon as anything arrived, and on a
  // loaded machine records trickle in a few at a time.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  for (int tries = 0; std::chrono::steady_clock::now() < deadline; ++tries) {
    auto polled = (*consumer)->poll(200, 5000);
    REQUIRE(polled.ok());
    for (const auto& r : *polled) {
      CHECK(r.key == r.value);  // a duplicate is the same event: same id, same bytes
      seen.insert(r.value);
    }
    bool all = true;
    for (const auto& id : acknowledged) all = all && seen.count(id) > 0;
    if (all && tries > 5) break;
  }
  for (const auto& id : acknowledged) CHECK(seen.count(id) >= 1);
  INFO("duplicates: " << seen.size() - std::set<std::string>(seen.begin(), seen.end()).size());
}

TEST_CASE("kafka log: two consumers in a group split the partitions and resume where told",
          "[log][kafka]") {
  KafkaLogFixture fx;
  std::vector<std::string> values;
  std::vector<tlog::AppendEntry> entries;
  for (int i = 0; i < 80; ++i) values.push_back("v" + std::to_string(i));
  for (const auto& v : values) entries.push_back({v, v});
  auto appended = fx.log->append(entries);
  REQUIRE(appended.ok());

  // Each consumer starts every partition at position 1: record 0 of each must never be read.
  std::set<std::string> skipped;
  for (std::size_t i = 0; i < appended->size(); ++i)
    if ((*appended)[i].position.value() == 0) skipped.insert(values[i]);

  auto make = [&] {
    tlog::ConsumerOptions o;
    o.group = "split";
    o.start_position = [](PartitionId) { return LogPosition(1); };
    auto c = fx.log->consume(o);
    REQUIRE(c.ok());
    return std::move(c).value();
  };
  auto a = make();
  auto b = make();
  std::multiset<std::string> seen;
  std::set<std::string> distinct;  // a rebalance may deliver a record twice: count each once
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    for (auto* c : {a.get(), b.get()}) {
      auto polled = c->poll(100, 1000);
      REQUIRE(polled.ok());
      for (const auto& r : *polled) {
        seen.insert(r.value);
        distinct.insert(r.value);
      }
    }
    if (!a->assignment().empty() && !b->assignment().empty() && distinct.size() >= values.size() - skipped.size())
      break;
  }
  CHECK(a->assignment().size() + b->assignment().size() == KafkaLogFixture::kPartitions);
  CHECK_FALSE(a->assignment().empty());
  CHECK_FALSE(b->assignment().empty());
  // A partition handed over by a rebalance starts again where told, so a record the first
  // consumer read before the second joined is read again (the ledger's positions make that
  // exactly-once): every record after position 0 is read, none at position 0.
  for (const auto& v : values) {
    if (skipped.count(v)) CHECK(seen.count(v) == 0u);
    else CHECK(seen.count(v) >= 1u);
  }
}

namespace {

// Polls until `done` or the time runs out; returns every record read.
template <class Done>
std::vector<tlog::LogRecord> poll_until(tlog::LogConsumer& c, Done&& done, std::chrono::seconds limit) {
  std::vector<tlog::LogRecord> read;
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline && !done()) {
    auto polled = c.poll(100, 1000);
    REQUIRE(polled.ok());
    for (auto& r : *polled) read.push_back(std::move(r));
  }
  return read;
}

// A ledger-group consumer from position 0, once the group gave it every partition.
std::unique_ptr<tlog::LogConsumer> consumer_owning_every_partition(KafkaLogFixture& fx) {
  tlog::ConsumerOptions o;
  o.group = "tally-ledger";
  o.start_position = [](PartitionId) { return LogPosition(0); };
  auto c = fx.log->consume(o);
  REQUIRE(c.ok());
  poll_until(**c, [&] { return fx.log->status().owned.size() == KafkaLogFixture::kPartitions; },
             std::chrono::seconds(60));
  return std::move(*c);
}

}  // namespace

TEST_CASE("kafka consumer: auto.offset.reset is error so no position is ever skipped or reset",
          "[log][kafka]") {
  KafkaLogFixture fx;
  tlog::ConsumerOptions o;
  o.partitions = {PartitionId(0)};
  auto c = fx.log->consume(o);
  REQUIRE(c.ok());
  CHECK(tlog::kafka_consumer_setting(**c, "auto.offset.reset") == "error");
  CHECK(tlog::kafka_consumer_setting(**c, "enable.auto.commit") == "false");
}

TEST_CASE("kafka consumer: a stored position above the high watermark stops the partition and reads nothing",
          "[log][kafka]") {
  KafkaLogFixture fx;
  std::vector<std::string> values;
  std::vector<tlog::AppendEntry> entries;
  for (int i = 0; i < 40; ++i) values.push_back("r" + std::to_string(i));
  for (const auto& v : values) entries.push_back({v, v});
  REQUIRE(fx.log->append(entries).ok());

  // The books say partition 0 was read up to 1000: more than the topic ever held (recreated).
  tlog::ConsumerOptions o;
  o.group = "tally-ledger";
  o.start_position = [](PartitionId p) { return LogPosition(p.value() == 0 ? 1000 : 0); };
  auto c = fx.log->consume(o);
  REQUIRE(c.ok());
  const auto stopped_ahead = [&] {
    for (const auto& s : fx.log->status().stopped)
      if (s.partition == PartitionId(0) && s.reason == tlog::StopReason::kAhead) return true;
    return false;
  };
  std::size_t others = 0;
  for (const auto& v : values)
    if (tlog::partition_for(v, KafkaLogFixture::kPartitions) != PartitionId(0)) ++others;
  std::set<std::string> read_values;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline && !(stopped_ahead() && read_values.size() >= others)) {
    auto polled = (*c)->poll(100, 1000);
    REQUIRE(polled.ok());
    for (const auto& r : *polled) {
      CHECK(r.partition != PartitionId(0));
      read_values.insert(r.value);
    }
  }
  CHECK(read_values.size() == others);  // the other partitions are consumed as ever
  // What else arrives in the next moments is never partition 0's either.
  for (const auto& r : poll_until(**c, [] { return false; }, std::chrono::seconds(2)))
    CHECK(r.partition != PartitionId(0));
  REQUIRE(stopped_ahead());
  const tlog::KafkaStatus status = fx.log->status();
  CHECK(status.owned.size() == KafkaLogFixture::kPartitions);  // owned, but one not consumed
  for (const auto& s : status.stopped) {
    if (s.partition != PartitionId(0)) continue;
    CHECK(s.stored == LogPosition(1000));
    CHECK(s.kept.high < LogPosition(1000));
    CHECK(s.detail.find("accept-topic") != std::string::npos);
  }
}

TEST_CASE("kafka consumer: a log refused as another topic stops every partition it is given",
          "[log][kafka]") {
  KafkaLogFixture fx;
  fx.log->refuse_topic("the books were built from another topic: cluster a is now b");
  tlog::ConsumerOptions o;
  o.group = "tally-ledger";
  o.start_position = [](PartitionId) { return LogPosition(0); };
  auto c = fx.log->consume(o);
  REQUIRE(c.ok());
  const auto read = poll_until(
      **c, [&] { return fx.log->status().stopped.size() == KafkaLogFixture::kPartitions; },
      std::chrono::seconds(60));
  CHECK(read.empty());
  const tlog::KafkaStatus status = fx.log->status();
  REQUIRE(status.stopped.size() == KafkaLogFixture::kPartitions);
  for (const auto& s : status.stopped) CHECK(s.reason == tlog::StopReason::kTopicChanged);
}

TEST_CASE("kafka log: status shows owned partitions and brokers down when they are",
          "[log][kafka][fault]") {
  KafkaLogFixture fx;
  if (!fx.cluster) {
    WARN("skipped: needs the mock cluster to stop the brokers (TALLY_KAFKA_BROKERS is set)");
    return;
  }
  const auto c = consumer_owning_every_partition(fx);
  tlog::KafkaStatus up = fx.log->status();
  CHECK(up.brokers_reachable);
  CHECK(up.owned.size() == KafkaLogFixture::kPartitions);
  CHECK(up.rebalances >= 1);

  for (int b = 1; b <= 3; ++b) REQUIRE(fx.cluster->set_broker_down(b).ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // past the probe's cache
  const auto start = std::chrono::steady_clock::now();
  const tlog::KafkaStatus down = fx.log->status(500);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
  CHECK_FALSE(down.brokers_reachable);
  CHECK_FALSE(down.broker_error.empty());

  for (int b = 1; b <= 3; ++b) REQUIRE(fx.cluster->set_broker_up(b).ok());
  bool back = false;
  for (int i = 0; i < 30 && !back; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    back = fx.log->status(2000).brokers_reachable;
  }
  CHECK(back);
}

TEST_CASE("kafka consumer: closing with every broker down finishes within the stop timeout",
          "[log][kafka][fault]") {
  KafkaLogFixture fx;
  if (!fx.cluster) {
    WARN("skipped: needs the mock cluster to stop the brokers (TALLY_KAFKA_BROKERS is set)");
    return;
  }
  auto c = consumer_owning_every_partition(fx);
  for (int b = 1; b <= 3; ++b) REQUIRE(fx.cluster->set_broker_down(b).ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const auto start = std::chrono::steady_clock::now();
  c.reset();
  fx.log.reset();
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  INFO("closing took " << took.count() << " ms");
  CHECK(took < std::chrono::seconds(20));  // deploy/tally.service: TimeoutStopSec=30
  for (int b = 1; b <= 3; ++b) REQUIRE(fx.cluster->set_broker_up(b).ok());
}

TEST_CASE("kafka log: where the partitions end is known, and not waited for past its timeout with the brokers down",
          "[log][kafka][fault]") {
  KafkaLogFixture fx;
  auto ends = fx.log->ends(5000);
  REQUIRE(ends.ok());
  CHECK(ends->size() == KafkaLogFixture::kPartitions);
  if (!fx.cluster) {
    WARN("skipped the brokers down: needs the mock cluster to stop them (TALLY_KAFKA_BROKERS is set)");
    return;
  }
  for (int b = 1; b <= 3; ++b) REQUIRE(fx.cluster->set_broker_down(b).ok());
  const auto start = std::chrono::steady_clock::now();
  const auto down = fx.log->ends(1000);
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  INFO("asking took " << took.count() << " ms");
  CHECK_FALSE(down.ok());
  CHECK(took < std::chrono::seconds(3));
  for (int b = 1; b <= 3; ++b) REQUIRE(fx.cluster->set_broker_up(b).ok());
}

TEST_CASE("kafka consumer: a member joining moves only the partitions that change owner",
          "[log][kafka]") {
  // Cooperative-sticky rebalancing: the first member keeps reading the partitions it keeps
  // (eager "range" revoked all four at every join).
  KafkaLogFixture fx;
  std::vector<std::vector<PartitionId>> revoked_from_a;
  tlog::ConsumerOptions oa;
  oa.group = "sticky";
  oa.start_position = [](PartitionId) { return LogPosition(0); };
  oa.on_revoked = [&](const std::vector<PartitionId>& r) { revoked_from_a.push_back(r); };
  auto a = fx.log->consume(oa);
  REQUIRE(a.ok());
  CHECK(tlog::kafka_consumer_setting(**a, "partition.assignment.strategy") == "cooperative-sticky");
  poll_until(**a, [&] { return (*a)->assignment().size() == KafkaLogFixture::kPartitions; },
             std::chrono::seconds(60));
  REQUIRE((*a)->assignment().size() == KafkaLogFixture::kPartitions);

  tlog::ConsumerOptions ob = oa;
  ob.on_revoked = nullptr;
  auto b = fx.log->consume(ob);
  REQUIRE(b.ok());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline &&
         ((*b)->assignment().empty() ||
          (*a)->assignment().size() + (*b)->assignment().size() != KafkaLogFixture::kPartitions)) {
    REQUIRE((*a)->poll(50, 100).ok());
    REQUIRE((*b)->poll(50, 100).ok());
  }
  REQUIRE_FALSE((*b)->assignment().empty());
  REQUIRE_FALSE((*a)->assignment().empty());
  // A gave up exactly what B got, and nothing else.
  std::size_t revoked = 0;
  for (const auto& r : revoked_from_a) revoked += r.size();
  CHECK(revoked == (*b)->assignment().size());
  CHECK(revoked < KafkaLogFixture::kPartitions);
}

TEST_CASE("kafka settings: a refused secret is never echoed in the error", "[log][kafka]") {
  auto refused = tlog::make_conf("127.0.0.1:9", {{"sasl.password.typo", "s3cret-value"}});
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().message.find("s3cret-value") == std::string::npos);
  CHECK(refused.error().message.find("sasl.password.typo") != std::string::npos);
  // The TLS and SASL settings themselves are librdkafka's own names.
  auto accepted = tlog::make_conf("127.0.0.1:9", {{"security.protocol", "sasl_plaintext"},
                                                 {"sasl.mechanism", "SCRAM-SHA-512"},
                                                 {"sasl.username", "tally"},
                                                 {"sasl.password", "s3cret-value"}});
  CHECK(accepted.ok());
}
