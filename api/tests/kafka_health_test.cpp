// GET /healthz and /metrics of a Kafka node, wired as `tally serve` wires them, on the mock
// cluster: owned partitions and lag shown; 503 "degraded" while every broker is down.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <chrono>
#include <thread>
#include <unistd.h>

#include "api/health.h"
#include "api/http_server.h"
#include "api/kafka_status.h"
#include "api/metrics.h"
#include "core/log/kafka_log.h"
#include "core/log/kafka_mock.h"
#include "ledger/service.h"
#include "ledger/tests/test_support.h"
#include "tests/support/http_client.h"

using namespace tally;
using namespace std::chrono_literals;

TEST_CASE("healthz on Kafka shows owned partitions and lag and is not ok while the brokers are down",
          "[api][kafka]") {
  auto started = log::MockKafkaCluster::start(1);
  REQUIRE(started.ok());
  auto& cluster = **started;
  const std::string topic = "tally.health." + std::to_string(getpid());
  REQUIRE(cluster.create_topic(topic, 2, 1).ok());
  REQUIRE(cluster.create_topic(topic + ".deadletter", 1, 1).ok());
  log::KafkaLogOptions options;
  options.brokers = cluster.bootstrap_servers();
  options.topic = topic;
  options.session_timeout_ms = 6000;
  options.extra["reconnect.backoff.max.ms"] = "500";
  auto opened = log::KafkaLog::open(options);
  REQUIRE(opened.ok());
  log::KafkaLog& kafka = **opened;
  ledger::testing::TempDir dir;
  auto books = ledger::testing::open_ledger(dir.path("books"));
  ledger::ServiceOptions service_options;
  service_options.group = "tally-ledger";
  ledger::LedgerService service(*books, kafka, service_options);
  std::atomic<bool> stop{false};
  std::thread runner([&] { (void)service.run(stop); });

  api::Router router;
  api::Metrics metrics;
  api::add_kafka_metrics(metrics, kafka, *books);
  api::add_metrics_route(router, metrics);
  api::add_health_routes(router, {"test", kafka.describe(), [&] {
                                    boost::json::object details;
                                    api::add_kafka_health(details, kafka.status(), *books);
                                    return details;
                                  }});
  api::HttpServer server(router);
  REQUIRE(server.start("127.0.0.1", 0).ok());

  const auto owned_both = [&] { return kafka.status().owned.size() == 2; };
  for (int i = 0; i < 300 && !owned_both(); ++i) std::this_thread::sleep_for(100ms);
  REQUIRE(owned_both());
  std::this_thread::sleep_for(1100ms);  // a fresh broker probe
  auto healthy = testing::http_get(server.port(), "/healthz");
  CHECK(healthy.status == 200);
  auto body = boost::json::parse(healthy.body).as_object();
  CHECK(body["status"] == "ok");
  const auto& kafka_details = body["details"].as_object().at("kafka").as_object();
  CHECK(kafka_details.at("brokers") == "up");
  CHECK(kafka_details.at("owned_partitions").as_array().size() == 2);
  CHECK(kafka_details.at("lag_records").as_object().size() == 2);
  const auto scraped = testing::http_get(server.port(), "/metrics");
  CHECK(scraped.body.find("tally_kafka_partitions_owned 2") != std::string::npos);
  CHECK(scraped.body.find("tally_kafka_broker_up 1") != std::string::npos);

  REQUIRE(cluster.set_broker_down(1).ok());
  std::this_thread::sleep_for(1100ms);
  auto down = testing::http_get(server.port(), "/healthz");
  CHECK(down.status == 503);
  body = boost::json::parse(down.body).as_object();
  CHECK(body["status"] == "degraded");
  CHECK(body["problem"].as_string().find("unreachable") != boost::json::string::npos);
  CHECK(body["details"].as_object().at("kafka").as_object().at("brokers") == "down");
  std::this_thread::sleep_for(1100ms);
  CHECK(testing::http_get(server.port(), "/metrics").body.find("tally_kafka_broker_up 0") != std::string::npos);

  REQUIRE(cluster.set_broker_up(1).ok());
  bool back = false;
  for (int i = 0; i < 30 && !back; ++i) {
    std::this_thread::sleep_for(1100ms);
    back = testing::http_get(server.port(), "/healthz").status == 200;
  }
  CHECK(back);
  server.stop();
  stop = true;
  runner.join();
}

TEST_CASE("healthz names this node and what every node announced", "[api][kafka][cluster]") {
  const std::vector<log::NodeAnnouncement> nodes{
      {.node = "n1", .api_url = "http://10.0.0.1:8080", .keys_fingerprint = "ab", .serving = {PartitionId(0), PartitionId(2)}, .offset = 4},
      {.node = "n2", .api_url = "", .keys_fingerprint = "ab", .serving = {}, .offset = 7}};
  const boost::json::object cluster = api::cluster_health("n1", nodes);
  CHECK(cluster.at("node").as_string() == "n1");
  const auto& listed = cluster.at("nodes").as_array();
  REQUIRE(listed.size() == 2);
  CHECK(listed[0].at("api").as_string() == "http://10.0.0.1:8080");
  CHECK(boost::json::serialize(listed[0].at("partitions")) == "[0,2]");
  CHECK(listed[1].at("partitions").as_array().empty());
  CHECK_FALSE(listed[0].as_object().contains("keys_fingerprint"));  // nothing of the keys is shown
}
