#include "core/log/kafka_mock.h"

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <fmt/format.h>

#include "core/errors.h"

namespace tally::log {

struct MockKafkaCluster::Impl {
  rd_kafka_t* handle = nullptr;  // the mock cluster lives inside this client instance
  rd_kafka_mock_cluster_t* cluster = nullptr;
  ~Impl() {
    if (cluster) rd_kafka_mock_cluster_destroy(cluster);
    if (handle) rd_kafka_destroy(handle);
  }
};

namespace {
Status mock_status(rd_kafka_resp_err_t err, std::string_view what) {
  if (err == RD_KAFKA_RESP_ERR_NO_ERROR) return ok_status();
  return core_error(CoreErrc::log_unavailable, fmt::format("{}: {}", what, rd_kafka_err2str(err)));
}
}  // namespace

Result<std::unique_ptr<MockKafkaCluster>> MockKafkaCluster::start(int brokers) {
  if (brokers < 1 || brokers > 16)
    return core_error(CoreErrc::invalid_argument, "mock cluster brokers must be 1..16");
  auto impl = std::make_unique<Impl>();
  char errstr[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  // No bootstrap needed: this handle only hosts the cluster. Keep it quiet.
  rd_kafka_conf_set(conf, "log_level", "3", errstr, sizeof errstr);
  impl->handle = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
  if (!impl->handle) {
    rd_kafka_conf_destroy(conf);
    return core_error(CoreErrc::log_unavailable, fmt::format("mock cluster host: {}", errstr));
  }
  impl->cluster = rd_kafka_mock_cluster_new(impl->handle, brokers);
  if (!impl->cluster) return core_error(CoreErrc::log_unavailable, "rd_kafka_mock_cluster_new failed");
  return std::unique_ptr<MockKafkaCluster>(new MockKafkaCluster(std::move(impl)));
}

MockKafkaCluster::MockKafkaCluster(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
MockKafkaCluster::~MockKafkaCluster() = default;

std::string MockKafkaCluster::bootstrap_servers() const {
  return rd_kafka_mock_cluster_bootstraps(impl_->cluster);
}

Status MockKafkaCluster::create_topic(const std::string& topic, int partitions, int replication_factor) {
  return mock_status(rd_kafka_mock_topic_create(impl_->cluster, topic.c_str(), partitions,
                                                replication_factor),
                     "creating mock topic " + topic);
}

Status MockKafkaCluster::set_broker_down(int broker_id) {
  return mock_status(rd_kafka_mock_broker_set_down(impl_->cluster, broker_id), "broker down");
}

Status MockKafkaCluster::set_broker_up(int broker_id) {
  return mock_status(rd_kafka_mock_broker_set_up(impl_->cluster, broker_id), "broker up");
}

Status MockKafkaCluster::set_partition_leader(const std::string& topic, int partition, int broker_id) {
  return mock_status(
      rd_kafka_mock_partition_set_leader(impl_->cluster, topic.c_str(), partition, broker_id),
      "setting partition leader");
}

}  // namespace tally::log
