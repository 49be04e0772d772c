#include "core/log/kafka_handles.h"

#include <spdlog/spdlog.h>

#include <fmt/format.h>

#include "core/errors.h"

namespace tally::log {
namespace {

void log_to_spdlog(const rd_kafka_t*, int level, const char* facility, const char* message) {
  // syslog levels: 0-3 errors, 4 warning, 5-6 notice/info, 7 debug. Connection noise during
  // broker outages is expected (retried), so it is logged at debug, errors at warn.
  if (level <= 3) spdlog::warn("kafka {}: {}", facility, message);
  else spdlog::debug("kafka {}: {}", facility, message);
}

}  // namespace

KafkaConf::KafkaConf() : conf_(rd_kafka_conf_new()) {}
KafkaConf::~KafkaConf() {
  if (conf_) rd_kafka_conf_destroy(conf_);
}
KafkaConf::KafkaConf(KafkaConf&& other) noexcept : conf_(other.conf_) { other.conf_ = nullptr; }

rd_kafka_conf_t* KafkaConf::release() {
  rd_kafka_conf_t* c = conf_;
  conf_ = nullptr;
  return c;
}

Status KafkaConf::set(const std::string& key, const std::string& value) {
  char errstr[512];
  if (rd_kafka_conf_set(conf_, key.c_str(), value.c_str(), errstr, sizeof errstr) != RD_KAFKA_CONF_OK) {
    // A secret never reaches a message: sasl.password, ssl.key.password, ...
    const bool secret = key.find("password") != std::string::npos || key.find("secret") != std::string::npos;
    return core_error(CoreErrc::bad_config,
                      fmt::format("kafka setting {}={}: {}", key, secret ? "(hidden)" : value, errstr));
  }
  return ok_status();
}

Result<KafkaConf> make_conf(const std::string& brokers, const std::map<std::string, std::string>& extra) {
  KafkaConf conf;
  TALLY_TRY_STATUS(conf.set("bootstrap.servers", brokers));
  TALLY_TRY_STATUS(conf.set("client.id", "tally"));
  rd_kafka_conf_set_log_cb(conf.get(), &log_to_spdlog);
  for (const auto& [key, value] : extra) TALLY_TRY_STATUS(conf.set(key, value));
  return conf;
}

Result<KafkaHandle> new_handle(rd_kafka_type_t type, KafkaConf conf) {
  char errstr[512];
  rd_kafka_conf_t* raw = conf.release();
  rd_kafka_t* handle = rd_kafka_new(type, raw, errstr, sizeof errstr);
  if (handle == nullptr) {
    rd_kafka_conf_destroy(raw);  // rd_kafka_new takes ownership only on success
    return core_error(CoreErrc::log_unavailable, fmt::format("creating Kafka client: {}", errstr));
  }
  return KafkaHandle(handle);
}

void record_delivery(rd_kafka_t*, const rd_kafka_message_t* message, void*) {
  auto* slot = static_cast<DeliverySlot*>(message->_private);
  if (slot == nullptr) return;
  slot->err = message->err;
  slot->offset = message->offset;
  slot->done = true;
}

// rd_kafka_produceva rather than the RD_KAFKA_V_* macros, whose C casts our warnings refuse.
rd_kafka_resp_err_t enqueue_message(rd_kafka_t* producer, const std::string& topic, PartitionId partition,
                                    std::string_view key, std::string_view value, rd_kafka_headers_t* headers,
                                    DeliverySlot* slot) {
  rd_kafka_vu_t vus[7];
  vus[0].vtype = RD_KAFKA_VTYPE_TOPIC;
  vus[0].u.cstr = topic.c_str();
  vus[1].vtype = RD_KAFKA_VTYPE_PARTITION;
  vus[1].u.i32 = static_cast<std::int32_t>(partition.value());
  vus[2].vtype = RD_KAFKA_VTYPE_MSGFLAGS;
  vus[2].u.i = RD_KAFKA_MSG_F_COPY;
  vus[3].vtype = RD_KAFKA_VTYPE_KEY;
  vus[3].u.mem = {const_cast<char*>(key.data()), key.size()};
  vus[4].vtype = RD_KAFKA_VTYPE_VALUE;
  vus[4].u.mem = {const_cast<char*>(value.data()), value.size()};
  vus[5].vtype = RD_KAFKA_VTYPE_OPAQUE;
  vus[5].u.ptr = slot;
  std::size_t count = 6;
  if (headers) {
    vus[6].vtype = RD_KAFKA_VTYPE_HEADERS;
    vus[6].u.headers = headers;
    count = 7;
  }
  rd_kafka_error_t* error = rd_kafka_produceva(producer, vus, count);
  if (error == nullptr) return RD_KAFKA_RESP_ERR_NO_ERROR;
  const rd_kafka_resp_err_t code = rd_kafka_error_code(error);
  rd_kafka_error_destroy(error);
  return code;
}

Result<std::uint32_t> topic_partition_count(rd_kafka_t* handle, const std::string& topic, int timeout_ms) {
  rd_kafka_topic_t* rkt = rd_kafka_topic_new(handle, topic.c_str(), nullptr);
  const rd_kafka_metadata_t* md = nullptr;
  const rd_kafka_resp_err_t err = rd_kafka_metadata(handle, 0, rkt, &md, timeout_ms);
  rd_kafka_topic_destroy(rkt);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
    return core_error(CoreErrc::log_unavailable,
                      fmt::format("reading metadata of topic {}: {}", topic, rd_kafka_err2str(err)));
  std::uint32_t partitions = 0;
  rd_kafka_resp_err_t topic_err = RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART;
  if (md->topic_cnt == 1) {
    topic_err = md->topics[0].err;
    partitions = static_cast<std::uint32_t>(md->topics[0].partition_cnt);
  }
  rd_kafka_metadata_destroy(md);
  if (topic_err != RD_KAFKA_RESP_ERR_NO_ERROR || partitions == 0)
    return core_error(CoreErrc::log_unavailable,
                      fmt::format("topic {} is not usable ({}); create it with deploy/kafka-topics.sh",
                                  topic, rd_kafka_err2str(topic_err)));
  return partitions;
}

}  // namespace tally::log
