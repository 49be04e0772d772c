// What only the Kafka log must show: surviving a broker outage, and consumer-group
// rebalancing that resumes each partition where the caller says.
#include <catch2/catch.hpp>

#include <chrono>
#include <set>
#include <thread>

#include "core/events/event_ids.h"
#include "core/log/kafka_log.h"
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
