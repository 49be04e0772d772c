// MockKafkaCluster: librdkafka's built-in mock cluster (real Kafka protocol over TCP on
// 127.0.0.1), for tests and `tally dev-broker`. Development use only: it keeps everything in
// memory and lacks features of a real broker (see DESIGN.md, "Exactly once").
#pragma once

#include <memory>
#include <string>

#include "core/result.h"

namespace tally::log {

class MockKafkaCluster {
 public:
  static Result<std::unique_ptr<MockKafkaCluster>> start(int brokers);
  ~MockKafkaCluster();
  MockKafkaCluster(const MockKafkaCluster&) = delete;
  MockKafkaCluster& operator=(const MockKafkaCluster&) = delete;

  std::string bootstrap_servers() const;
  Status create_topic(const std::string& topic, int partitions, int replication_factor);
  // Takes a broker off the network (connections refused) and brings it back. Ids are 1..N.
  Status set_broker_down(int broker_id);
  Status set_broker_up(int broker_id);
  // The broker currently leading a partition, for fault tests.
  Status set_partition_leader(const std::string& topic, int partition, int broker_id);

  struct Impl;

 private:
  explicit MockKafkaCluster(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace tally::log
