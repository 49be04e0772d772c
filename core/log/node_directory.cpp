#include "core/log/node_directory.h"

#include <librdkafka/rdkafka.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "core/errors.h"
#include "core/log/kafka_handles.h"

namespace tally::log {
namespace {

constexpr int kMetadataTimeoutMs = 10000;
constexpr int kPollMs = 200;
// How long an announcement is retried before announce() fails.
constexpr int kAnnounceTimeoutMs = 10000;

}  // namespace

std::string node_topic(const std::string& events_topic) { return events_topic + ".nodes"; }

struct NodeDirectory::Impl {
  std::string topic;
  KafkaHandle producer;
  KafkaHandle reader;
  std::mutex produce_mu;  // one announcement in flight: its delivery lives on announce()'s stack

  mutable std::mutex mu;
  mutable std::condition_variable read_cv;  // a record read, or the end reached
  bool caught_up = false;
  std::int64_t read_up_to = -1;  // the offset of the last record read
  std::map<std::string, NodeAnnouncement> latest;
  std::map<std::string, std::vector<FileClaim>, std::less<>> claims;  // by sha256, offset order

  std::atomic<bool> stop{false};
  std::thread thread;

  // Writes one record and waits for the broker's acknowledgement; its offset.
  Result<std::int64_t> produce(const std::string& key, const std::string& value);

  void read_one(const rd_kafka_message_t& m) {
    if (m.err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      std::lock_guard lock(mu);
      caught_up = true;
      read_cv.notify_all();
      return;
    }
    if (m.err) {
      spdlog::warn("reading {}: {}", topic, rd_kafka_message_errstr(&m));
      return;
    }
    const std::string_view key(static_cast<const char*>(m.key), m.key_len);
    std::lock_guard lock(mu);
    read_up_to = m.offset;
    read_cv.notify_all();
    if (m.payload == nullptr) {  // a tombstone: the node was removed
      latest.erase(std::string(key));
      return;
    }
    const std::string_view value(static_cast<const char*>(m.payload), m.len);
    if (auto a = decode_announcement(key, value, m.offset)) latest[a->node] = std::move(*a);
    else if (auto c = decode_file_claim(key, value, m.offset)) claims[c->sha256].push_back(std::move(*c));
    else spdlog::warn("{} offset {}: neither a node announcement nor a file claim; ignored", topic, m.offset);
  }

  void run() {
    while (!stop) {
      rd_kafka_message_t* m = rd_kafka_consumer_poll(reader.get(), kPollMs);
      if (m == nullptr) continue;
      MessagePtr message(m);
      read_one(*m);
    }
  }
};

Result<std::unique_ptr<NodeDirectory>> NodeDirectory::open(const KafkaLogOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->topic = node_topic(options.topic);

  TALLY_TRY(KafkaConf produce_conf, make_conf(options.brokers, options.extra));
  TALLY_TRY_STATUS(produce_conf.set("acks", "all"));
  TALLY_TRY_STATUS(produce_conf.set("linger.ms", "0"));
  TALLY_TRY_STATUS(produce_conf.set("message.timeout.ms", std::to_string(kAnnounceTimeoutMs)));
  rd_kafka_conf_set_dr_msg_cb(produce_conf.get(), &record_delivery);
  TALLY_TRY(impl->producer, new_handle(RD_KAFKA_PRODUCER, std::move(produce_conf)));
  TALLY_TRY(const std::uint32_t partitions,
            topic_partition_count(impl->producer.get(), impl->topic, kMetadataTimeoutMs));
  if (partitions != 1)
    return core_error(CoreErrc::bad_config,
                      fmt::format("topic {} has {} partitions; the node directory needs exactly 1",
                                  impl->topic, partitions));

  // Assigned, not subscribed: every node reads the whole topic, and no group is joined.
  TALLY_TRY(KafkaConf read_conf, make_conf(options.brokers, options.extra));
  TALLY_TRY_STATUS(read_conf.set("group.id", "tally-node-directory"));
  TALLY_TRY_STATUS(read_conf.set("enable.auto.commit", "false"));
  TALLY_TRY_STATUS(read_conf.set("enable.partition.eof", "true"));
  TALLY_TRY(impl->reader, new_handle(RD_KAFKA_CONSUMER, std::move(read_conf)));
  PartitionList list(1);
  list.add(impl->topic, PartitionId(0), RD_KAFKA_OFFSET_BEGINNING);
  if (const rd_kafka_resp_err_t err = rd_kafka_assign(impl->reader.get(), list.get()))
    return core_error(CoreErrc::log_unavailable,
                      fmt::format("reading {}: {}", impl->topic, rd_kafka_err2str(err)));
  Impl* raw = impl.get();
  impl->thread = std::thread([raw] { raw->run(); });
  return std::unique_ptr<NodeDirectory>(new NodeDirectory(std::move(impl)));
}

NodeDirectory::NodeDirectory(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

NodeDirectory::~NodeDirectory() {
  impl_->stop = true;
  if (impl_->thread.joinable()) impl_->thread.join();
  rd_kafka_consumer_close(impl_->reader.get());
  rd_kafka_flush(impl_->producer.get(), 2000);
}

const std::string& NodeDirectory::topic() const { return impl_->topic; }

Status NodeDirectory::announce(const NodeAnnouncement& announcement) {
  auto written = impl_->produce(announcement.node, encode_announcement(announcement));
  if (!written) return written.error();
  return ok_status();
}

Result<std::int64_t> NodeDirectory::put_claim(const FileClaim& claim) {
  return impl_->produce(file_claim_key(claim.sha256), encode_file_claim(claim));
}

std::vector<FileClaim> NodeDirectory::claims(std::string_view sha256) const {
  std::lock_guard lock(impl_->mu);
  const auto found = impl_->claims.find(sha256);
  return found == impl_->claims.end() ? std::vector<FileClaim>{} : found->second;
}

bool NodeDirectory::wait_read(std::int64_t offset, int timeout_ms) const {
  std::unique_lock lock(impl_->mu);
  return impl_->read_cv.wait_for(lock, std::chrono::milliseconds(timeout_ms),
                                 [&] { return impl_->read_up_to >= offset; });
}

Result<std::int64_t> NodeDirectory::Impl::produce(const std::string& key, const std::string& value) {
  std::lock_guard lock(produce_mu);
  DeliverySlot delivery;
  if (const rd_kafka_resp_err_t err =
          enqueue_message(producer.get(), topic, PartitionId(0), key, value, nullptr, &delivery))
    return core_error(CoreErrc::log_unavailable, fmt::format("writing to {}: {}", topic, rd_kafka_err2str(err)));
  // librdkafka reports every message within message.timeout.ms, so this ends; `delivery`
  // must outlive its report.
  while (!delivery.done) rd_kafka_poll(producer.get(), 100);
  if (delivery.err != RD_KAFKA_RESP_ERR_NO_ERROR)
    return core_error(CoreErrc::log_unavailable,
                      fmt::format("writing to {}: {}", topic, rd_kafka_err2str(delivery.err)));
  return delivery.offset;
}

bool NodeDirectory::wait_caught_up(int timeout_ms) const {
  std::unique_lock lock(impl_->mu);
  return impl_->read_cv.wait_for(lock, std::chrono::milliseconds(timeout_ms),
                                      [&] { return impl_->caught_up; });
}

std::vector<NodeAnnouncement> NodeDirectory::nodes() const {
  std::lock_guard lock(impl_->mu);
  std::vector<NodeAnnouncement> out;
  out.reserve(impl_->latest.size());
  for (const auto& [node, a] : impl_->latest) out.push_back(a);
  return out;
}

}  // namespace tally::log
