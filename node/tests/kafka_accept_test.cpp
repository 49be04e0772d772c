// accept-topic for a whole node on the mock cluster: when the books and the reconciler were
// built from another topic, both stop; the operator's decision moves both, and both then read
// the new topic to its end.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>

#include "core/log/kafka_log.h"
#include "core/log/kafka_mock.h"
#include "ledger/policy.h"
#include "ledger/tests/model.h"
#include "node/kafka_accept.h"
#include "node/node.h"

using namespace tally;

namespace {

constexpr std::uint32_t kPartitions = 4;

struct Folder {
  std::filesystem::path path;
  Folder() {
    path = std::filesystem::temp_directory_path() / ("tally-node-kafka-" + std::to_string(getpid()));
    std::filesystem::remove_all(path);
  }
  ~Folder() { std::filesystem::remove_all(path); }
};

std::unique_ptr<log::MockKafkaCluster> cluster_with_topic(const std::string& topic) {
  auto started = log::MockKafkaCluster::start(1);
  REQUIRE(started.ok());
  REQUIRE((*started)->create_topic(topic, kPartitions, 1).ok());
  REQUIRE((*started)->create_topic(topic + ".deadletter", 1, 1).ok());
  return std::move(started).value();
}

void append(log::EventLog& log, const ledger::model::Stream& stream) {
  std::vector<std::string> keys;
  std::vector<log::AppendEntry> entries;
  for (const auto& r : stream.records) keys.push_back(ledger::policy_partition_key(r.partition, kPartitions));
  for (std::size_t i = 0; i < stream.records.size(); ++i) entries.push_back({keys[i], stream.records[i].value});
  REQUIRE(log.append(entries).ok());
}

LogPosition end_of(const ledger::model::Stream& s, PartitionId p) {
  std::int64_t end = 0;
  for (const auto& r : s.records)
    if (r.partition == p) end = std::max(end, r.position.value() + 1);
  return LogPosition(end);
}

}  // namespace

TEST_CASE("accept-topic moves the reconciler with the ledger and both read the new topic",
          "[node][kafka]") {
  Folder folder;
  Config config;
  config.data_dir = folder.path.string();
  config.kafka.topic = "tally.node." + std::to_string(getpid());
  config.kafka.session_timeout_ms = 6000;
  const auto before = ledger::model::generate(41, 200, kPartitions);
  const auto after = ledger::model::generate(42, 60, kPartitions);

  auto first = cluster_with_topic(config.kafka.topic);
  config.kafka.brokers = first->bootstrap_servers();
  {
    auto node = node::Node::open(config);
    REQUIRE(node.ok());
    append((*node)->log(), before);
    REQUIRE((*node)->reconciler().catch_up().ok());
    for (std::uint32_t p = 0; p < kPartitions; ++p)
      REQUIRE((*node)->reconciler().store().next_position(PartitionId(p)).value() == end_of(before, PartitionId(p)));
  }
  // A new cluster (the first one still up, so its id differs): the topic is another.
  auto second = cluster_with_topic(config.kafka.topic);
  config.kafka.brokers = second->bootstrap_servers();
  {
    auto node = node::Node::open(config);
    REQUIRE(node.ok());
    append((*node)->log(), after);
    REQUIRE((*node)->reconciler().catch_up().ok());  // reads nothing: every partition stops
    auto* kafka = dynamic_cast<log::KafkaLog*>(&(*node)->log());
    REQUIRE(kafka != nullptr);
    CHECK(kafka->status().stopped.size() == kPartitions);
    for (std::uint32_t p = 0; p < kPartitions; ++p)
      CHECK((*node)->reconciler().store().next_position(PartitionId(p)).value() == end_of(before, PartitionId(p)));

    auto accepted = node::accept_kafka_topic(**node, "ops-dee", {});
    REQUIRE(accepted.ok());
    CHECK(accepted->ledger.size() == kPartitions);
    REQUIRE(accepted->reconciler.size() == kPartitions);
    for (const auto& m : accepted->reconciler) {
      CHECK(m.reason == log::StopReason::kTopicChanged);
      CHECK(m.from == end_of(before, m.partition));
      CHECK(m.to == LogPosition(0));
    }
  }
  {  // Started again after the decision: nothing stops, the new topic is read to its end.
    auto node = node::Node::open(config);
    REQUIRE(node.ok());
    REQUIRE((*node)->reconciler().catch_up().ok());
    auto* kafka = dynamic_cast<log::KafkaLog*>(&(*node)->log());
    CHECK(kafka->status().stopped.empty());
    for (std::uint32_t p = 0; p < kPartitions; ++p)
      CHECK((*node)->reconciler().store().next_position(PartitionId(p)).value() == end_of(after, PartitionId(p)));
  }
}

TEST_CASE("the [kafka] TLS and SASL settings reach librdkafka under its own names", "[node][kafka]") {
  KafkaSettings kafka;
  CHECK(node::kafka_security_settings(kafka).empty());
  kafka.security_protocol = "sasl_ssl";
  kafka.ssl_ca_location = "/etc/tally/ca.pem";
  kafka.ssl_certificate_location = "/etc/tally/cert.pem";
  kafka.ssl_key_location = "/etc/tally/key.pem";
  kafka.sasl_mechanism = "SCRAM-SHA-512";
  kafka.sasl_username = "tally";
  kafka.sasl_password = "s3cret";
  const auto settings = node::kafka_security_settings(kafka);
  CHECK(settings.size() == 7);
  CHECK(settings.at("security.protocol") == "sasl_ssl");
  CHECK(settings.at("ssl.ca.location") == "/etc/tally/ca.pem");
  CHECK(settings.at("ssl.certificate.location") == "/etc/tally/cert.pem");
  CHECK(settings.at("ssl.key.location") == "/etc/tally/key.pem");
  CHECK(settings.at("sasl.mechanism") == "SCRAM-SHA-512");
  CHECK(settings.at("sasl.username") == "tally");
  CHECK(settings.at("sasl.password") == "s3cret");
}
