// RAII owners for librdkafka C handles, and the configuration every Tally client shares.
// Internal to core/log.
#pragma once

#include <librdkafka/rdkafka.h>

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "core/ids.h"
#include "core/result.h"

namespace tally::log {

struct HandleDeleter { void operator()(rd_kafka_t* h) const { rd_kafka_destroy(h); } };
struct MessageDeleter { void operator()(rd_kafka_message_t* m) const { rd_kafka_message_destroy(m); } };
struct HeadersDeleter { void operator()(rd_kafka_headers_t* h) const { rd_kafka_headers_destroy(h); } };
using KafkaHandle = std::unique_ptr<rd_kafka_t, HandleDeleter>;
using MessagePtr = std::unique_ptr<rd_kafka_message_t, MessageDeleter>;
using HeadersPtr = std::unique_ptr<rd_kafka_headers_t, HeadersDeleter>;

// A configuration being built; ownership passes to the handle made from it.
class KafkaConf {
 public:
  KafkaConf();
  ~KafkaConf();
  KafkaConf(KafkaConf&& other) noexcept;
  KafkaConf& operator=(KafkaConf&&) = delete;
  Status set(const std::string& key, const std::string& value);
  rd_kafka_conf_t* get() const { return conf_; }
  rd_kafka_conf_t* release();

 private:
  rd_kafka_conf_t* conf_;
};

// bootstrap.servers, client.id, logging routed to spdlog, then `extra` applied last.
Result<KafkaConf> make_conf(const std::string& brokers, const std::map<std::string, std::string>& extra);
Result<KafkaHandle> new_handle(rd_kafka_type_t type, KafkaConf conf);
// One produced message's fate, written by the delivery-report callback (set with
// rd_kafka_conf_set_dr_msg_cb(conf, &record_delivery); the slot is the message's opaque). The
// callback runs inside rd_kafka_poll/flush on the producing thread.
struct DeliverySlot {
  bool done = false;
  rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR_NO_ERROR;
  std::int64_t offset = -1;
};
void record_delivery(rd_kafka_t* handle, const rd_kafka_message_t* message, void* opaque);

// Enqueues one message (copied) for `partition` of `topic`, its report going to `slot`.
// `headers` may be null; librdkafka owns them once this returns no error.
rd_kafka_resp_err_t enqueue_message(rd_kafka_t* producer, const std::string& topic, PartitionId partition,
                                    std::string_view key, std::string_view value, rd_kafka_headers_t* headers,
                                    DeliverySlot* slot);

Result<std::uint32_t> topic_partition_count(rd_kafka_t* handle, const std::string& topic, int timeout_ms);

class PartitionList {
 public:
  explicit PartitionList(int capacity) : list_(rd_kafka_topic_partition_list_new(capacity)) {}
  ~PartitionList() { rd_kafka_topic_partition_list_destroy(list_); }
  PartitionList(const PartitionList&) = delete;
  PartitionList& operator=(const PartitionList&) = delete;
  void add(const std::string& topic, PartitionId p, std::int64_t offset, bool any_partition = false) {
    auto* e = rd_kafka_topic_partition_list_add(
        list_, topic.c_str(), any_partition ? RD_KAFKA_PARTITION_UA : static_cast<std::int32_t>(p.value()));
    e->offset = offset;
  }
  rd_kafka_topic_partition_list_t* get() const { return list_; }

 private:
  rd_kafka_topic_partition_list_t* list_;
};

}  // namespace tally::log
