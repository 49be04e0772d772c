// tally dev-broker: a throwaway Kafka cluster for development and tests.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cstdio>

#include "app/commands.h"
#include "app/signals.h"
#include "core/log/kafka_mock.h"
#include "core/log/node_directory.h"

namespace tally::app {
namespace {

struct DevBrokerOptions {
  int brokers = 3;
  std::string topic = "tally.events";
  int partitions = 8;
};

int run_dev_broker(const DevBrokerOptions& options) {
  auto cluster = log::MockKafkaCluster::start(options.brokers);
  if (!cluster) {
    spdlog::error("{}", cluster.error().describe());
    return 1;
  }
  const int replication = std::min(options.brokers, 3);
  for (const auto& [topic, partitions] :
       {std::pair{options.topic, options.partitions}, std::pair{options.topic + ".deadletter", 1},
        std::pair{log::node_topic(options.topic), 1}}) {
    if (auto created = (*cluster)->create_topic(topic, partitions, replication); !created) {
      spdlog::error("{}", created.error().describe());
      return 1;
    }
  }
  // First line of stdout, for scripts: the address clients bootstrap from.
  std::printf("bootstrap=%s\n", (*cluster)->bootstrap_servers().c_str());
  std::fflush(stdout);
  spdlog::info("dev-broker: {} broker(s), topic {} with {} partitions; Ctrl-C stops it",
               options.brokers, options.topic, options.partitions);
  wait_for_stop_signal();
  return 0;
}

}  // namespace

void register_dev_broker(CLI::App& app, GlobalOptions&) {
  auto options = std::make_shared<DevBrokerOptions>();
  CLI::App* cmd = app.add_subcommand(
      "dev-broker",
      "DEVELOPMENT USE ONLY: start librdkafka's in-memory mock Kafka cluster on 127.0.0.1 and\n"
      "print its bootstrap address. Nothing is persisted; it lacks features of a real broker.\n"
      "Never point production at it.");
  cmd->add_option("--brokers", options->brokers, "number of brokers")->check(CLI::Range(1, 16));
  cmd->add_option("--topic", options->topic, "events topic to create (plus <topic>.deadletter and <topic>.nodes)");
  cmd->add_option("--partitions", options->partitions, "partitions of the events topic")
      ->check(CLI::Range(1, 4096));
  cmd->callback([options] { exit_code = run_dev_broker(*options); });
}

}  // namespace tally::app
