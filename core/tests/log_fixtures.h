// Log implementations under test, each a fixture that makes a fresh, empty log. The same
// contract suite (log_contract_test.cpp) runs against every one of them.
//
// Kafka runs on librdkafka's mock cluster (3 brokers, in this process) unless
// TALLY_KAFKA_BROKERS=host:port names a real cluster; then each test makes its own topic.
#pragma once

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include <catch2/catch.hpp>
#include <unistd.h>

#include "core/log/embedded_log.h"
#include "core/log/kafka_log.h"
#include "core/log/kafka_mock.h"
#include "tests/support/temp_dir.h"

namespace tally::testing {

struct EmbeddedLogFixture {
  static constexpr std::uint32_t kPartitions = 4;
  TempDir dir;
  std::unique_ptr<log::EmbeddedLog> log;

  EmbeddedLogFixture() { reopen(); }
  void reopen() {
    log.reset();
    auto opened = log::EmbeddedLog::open({dir.path() + "/log", kPartitions, true});
    REQUIRE(opened.ok());
    log = std::move(opened).value();
  }
  log::EventLog& get() { return *log; }
};

struct KafkaLogFixture {
  static constexpr std::uint32_t kPartitions = 4;
  std::unique_ptr<log::MockKafkaCluster> cluster;
  std::string brokers;
  std::string topic;
  std::unique_ptr<log::KafkaLog> log;

  KafkaLogFixture() {
    static std::atomic<int> counter{0};
    topic = "tally.test." + std::to_string(getpid()) + "." + std::to_string(counter++);
    if (const char* real = std::getenv("TALLY_KAFKA_BROKERS"); real && *real) {
      brokers = real;
      REQUIRE(log::create_topic(brokers, topic, static_cast<int>(kPartitions), 1).ok());
      REQUIRE(log::create_topic(brokers, topic + ".deadletter", 1, 1).ok());
    } else {
      auto started = log::MockKafkaCluster::start(3);
      REQUIRE(started.ok());
      cluster = std::move(started).value();
      brokers = cluster->bootstrap_servers();
      REQUIRE(cluster->create_topic(topic, static_cast<int>(kPartitions), 3).ok());
      REQUIRE(cluster->create_topic(topic + ".deadletter", 1, 3).ok());
    }
    auto opened = log::KafkaLog::open(options());
    if (!opened.ok()) FAIL(opened.error().describe());
    log = std::move(opened).value();
  }
  ~KafkaLogFixture() {
    log.reset();  // clients go before the cluster they talk to
  }
  log::KafkaLogOptions options() const {
    log::KafkaLogOptions o;
    o.brokers = brokers;
    o.topic = topic;
    o.session_timeout_ms = 6000;  // the mock cluster rebalances slowly otherwise
    o.extra["reconnect.backoff.max.ms"] = "500";
    return o;
  }
  log::EventLog& get() { return *log; }
};

}  // namespace tally::testing
