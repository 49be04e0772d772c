#include "core/log/kafka_log.h"

#include <librdkafka/rdkafka.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <mutex>
#include <optional>
#include <set>
#include <string_view>

#include <fmt/format.h>

#include "core/errors.h"
#include "core/log/kafka_consumer.h"
#include "core/log/kafka_handles.h"
#include "core/log/partitioner.h"

namespace tally::log {
namespace {

constexpr int kMetadataTimeoutMs = 10000;
constexpr int kQueueFullBackoffMs = 20;
constexpr int kDeadLetterReadTimeoutMs = 5000;
constexpr auto kProbeEvery = std::chrono::seconds(1);

Error unavailable(std::string_view what, rd_kafka_resp_err_t err) {
  return core_error(CoreErrc::log_unavailable, fmt::format("{}: {}", what, rd_kafka_err2str(err)));
}

std::string header_text(rd_kafka_headers_t* headers, const char* name) {
  if (headers == nullptr) return {};
  const void* value = nullptr;
  std::size_t size = 0;
  if (rd_kafka_header_get_last(headers, name, &value, &size) != RD_KAFKA_RESP_ERR_NO_ERROR) return {};
  return std::string(static_cast<const char*>(value), size);
}

void on_producer_error(rd_kafka_t*, int err, const char* reason, void* opaque) {
  static_cast<StatusBoard*>(opaque)->note_error(static_cast<rd_kafka_resp_err_t>(err), reason);
}

}  // namespace

struct KafkaLog::Impl {
  KafkaLogOptions options;
  std::shared_ptr<StatusBoard> board = std::make_shared<StatusBoard>();
  KafkaHandle producer;
  std::uint32_t partitions = 0;
  std::mutex append_mu;  // one append at a time: delivery slots live on its stack

  std::string dead_letter_topic() const { return options.topic + ".deadletter"; }

  // Waits until every produced slot has its delivery report. librdkafka guarantees one per
  // message within message.timeout.ms, so this ends.
  void await_reports(const std::vector<DeliverySlot>& slots, std::size_t produced) {
    auto pending = [&] {
      for (std::size_t i = 0; i < produced; ++i)
        if (!slots[i].done) return true;
      return false;
    };
    rd_kafka_flush(producer.get(), options.delivery_timeout_ms);
    while (pending()) rd_kafka_poll(producer.get(), 100);
  }

  Result<std::vector<Appended>> produce(const std::string& topic,
                                        std::span<const AppendEntry> batch,
                                        const std::vector<PartitionId>& targets,
                                        rd_kafka_headers_t* headers_template) {
    std::lock_guard lock(append_mu);
    std::vector<DeliverySlot> slots(batch.size());
    std::size_t produced = 0;
    rd_kafka_resp_err_t enqueue_error = RD_KAFKA_RESP_ERR_NO_ERROR;
    for (; produced < batch.size(); ++produced) {
      const AppendEntry& e = batch[produced];
      for (;;) {
        rd_kafka_headers_t* headers = headers_template ? rd_kafka_headers_copy(headers_template) : nullptr;
        enqueue_error = enqueue_message(producer.get(), topic, targets[produced], e.key, e.value, headers,
                                        &slots[produced]);
        if (enqueue_error != RD_KAFKA_RESP_ERR_NO_ERROR && headers) rd_kafka_headers_destroy(headers);
        if (enqueue_error != RD_KAFKA_RESP_ERR__QUEUE_FULL) break;
        rd_kafka_poll(producer.get(), kQueueFullBackoffMs);  // make room: serve reports
      }
      if (enqueue_error != RD_KAFKA_RESP_ERR_NO_ERROR) break;
    }
    await_reports(slots, produced);
    if (enqueue_error != RD_KAFKA_RESP_ERR_NO_ERROR)
      return unavailable(fmt::format("enqueueing entry {} of {}", produced + 1, batch.size()),
                         enqueue_error);
    std::vector<Appended> out;
    out.reserve(batch.size());
    for (std::size_t i = 0; i < slots.size(); ++i) {
      if (slots[i].err != RD_KAFKA_RESP_ERR_NO_ERROR)
        return unavailable(fmt::format("delivering entry {} of {}", i + 1, batch.size()), slots[i].err);
      out.push_back({targets[i], LogPosition(slots[i].offset)});
    }
    return out;
  }
};

Result<std::unique_ptr<KafkaLog>> KafkaLog::open(const KafkaLogOptions& options) {
  if (options.brokers.empty()) return core_error(CoreErrc::invalid_argument, "no Kafka brokers given");
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  TALLY_TRY(KafkaConf conf, make_conf(options.brokers, options.extra));
  TALLY_TRY_STATUS(conf.set("enable.idempotence", "true"));
  TALLY_TRY_STATUS(conf.set("acks", "all"));
  TALLY_TRY_STATUS(conf.set("linger.ms", "2"));
  TALLY_TRY_STATUS(conf.set("message.timeout.ms", std::to_string(options.delivery_timeout_ms)));
  rd_kafka_conf_set_dr_msg_cb(conf.get(), &record_delivery);
  impl->board->status_group = options.status_group;
  rd_kafka_conf_set_opaque(conf.get(), impl->board.get());
  rd_kafka_conf_set_error_cb(conf.get(), &on_producer_error);
  TALLY_TRY(impl->producer, new_handle(RD_KAFKA_PRODUCER, std::move(conf)));
  TALLY_TRY(impl->partitions, topic_partition_count(impl->producer.get(), options.topic, kMetadataTimeoutMs));
  return std::unique_ptr<KafkaLog>(new KafkaLog(std::move(impl)));
}

KafkaLog::KafkaLog(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

KafkaLog::~KafkaLog() {
  if (impl_ && impl_->producer) rd_kafka_flush(impl_->producer.get(), 5000);
}

std::uint32_t KafkaLog::partition_count() const { return impl_->partitions; }

Result<std::vector<Appended>> KafkaLog::append(std::span<const AppendEntry> batch) {
  std::vector<PartitionId> targets;
  targets.reserve(batch.size());
  for (const AppendEntry& e : batch) targets.push_back(partition_for(e.key, impl_->partitions));
  return impl_->produce(impl_->options.topic, batch, targets, nullptr);
}

Result<std::unique_ptr<LogConsumer>> KafkaLog::consume(ConsumerOptions options) {
  for (PartitionId p : options.partitions)
    if (p.value() >= impl_->partitions)
      return core_error(CoreErrc::invalid_argument,
                        fmt::format("partition {} does not exist (topic has {})", p.value(), impl_->partitions));
  return start_kafka_consumer(impl_->options, std::move(options), impl_->board);
}

Status KafkaLog::put_dead_letter(const DeadLetter& letter) {
  HeadersPtr headers(rd_kafka_headers_new(3));
  const std::string partition = std::to_string(letter.partition.value());
  const std::string position = std::to_string(letter.position.value());
  rd_kafka_header_add(headers.get(), "partition", -1, partition.data(), static_cast<ssize_t>(partition.size()));
  rd_kafka_header_add(headers.get(), "position", -1, position.data(), static_cast<ssize_t>(position.size()));
  rd_kafka_header_add(headers.get(), "reason", -1, letter.reason.data(), static_cast<ssize_t>(letter.reason.size()));
  const AppendEntry entry{partition, letter.value};
  auto written = impl_->produce(impl_->dead_letter_topic(), std::span(&entry, 1), {PartitionId(0)},
                                headers.get());
  if (!written) return written.error();
  return ok_status();
}

Result<std::vector<DeadLetter>> KafkaLog::read_dead_letters(std::size_t max_letters) {
  KafkaLogOptions reader_options = impl_->options;
  reader_options.extra["enable.partition.eof"] = "true";
  TALLY_TRY(KafkaConf conf, make_conf(reader_options.brokers, reader_options.extra));
  TALLY_TRY_STATUS(conf.set("group.id", "tally-deadletter-reader"));
  TALLY_TRY_STATUS(conf.set("enable.auto.commit", "false"));
  TALLY_TRY(KafkaHandle reader, new_handle(RD_KAFKA_CONSUMER, std::move(conf)));
  PartitionList list(1);
  list.add(impl_->dead_letter_topic(), PartitionId(0), RD_KAFKA_OFFSET_BEGINNING);
  if (auto err = rd_kafka_assign(reader.get(), list.get())) return unavailable("reading dead letters", err);

  std::vector<DeadLetter> out;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kDeadLetterReadTimeoutMs);
  while (out.size() < max_letters && std::chrono::steady_clock::now() < deadline) {
    rd_kafka_message_t* m = rd_kafka_consumer_poll(reader.get(), 200);
    if (m == nullptr) continue;
    MessagePtr message(m);
    if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) break;
    if (m->err) continue;
    rd_kafka_headers_t* headers = nullptr;
    rd_kafka_message_headers(m, &headers);
    DeadLetter letter{PartitionId(static_cast<std::uint32_t>(std::stoul("0" + header_text(headers, "partition")))),
                      LogPosition(std::stoll("0" + header_text(headers, "position"))),
                      header_text(headers, "reason"),
                      std::string(static_cast<const char*>(m->payload), m->len)};
    out.push_back(std::move(letter));
  }
  rd_kafka_consumer_close(reader.get());
  return out;
}

Status create_topic(const std::string& brokers, const std::string& topic, int partitions,
                    int replication_factor) {
  TALLY_TRY(KafkaConf conf, make_conf(brokers, {}));
  TALLY_TRY(KafkaHandle admin, new_handle(RD_KAFKA_PRODUCER, std::move(conf)));
  char errstr[512];
  rd_kafka_NewTopic_t* new_topic =
      rd_kafka_NewTopic_new(topic.c_str(), partitions, replication_factor, errstr, sizeof errstr);
  if (new_topic == nullptr) return core_error(CoreErrc::invalid_argument, errstr);
  rd_kafka_queue_t* queue = rd_kafka_queue_new(admin.get());
  rd_kafka_CreateTopics(admin.get(), &new_topic, 1, nullptr, queue);
  rd_kafka_event_t* event = rd_kafka_queue_poll(queue, kMetadataTimeoutMs);
  Status result = core_error(CoreErrc::log_unavailable, "creating topic " + topic + ": timed out");
  if (event != nullptr) {
    const rd_kafka_CreateTopics_result_t* res = rd_kafka_event_CreateTopics_result(event);
    std::size_t count = 0;
    const rd_kafka_topic_result_t** topics = res ? rd_kafka_CreateTopics_result_topics(res, &count) : nullptr;
    rd_kafka_resp_err_t err = rd_kafka_event_error(event);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR && count == 1) err = rd_kafka_topic_result_error(topics[0]);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR || err == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS)
      result = ok_status();
    else
      result = unavailable("creating topic " + topic, err);
    rd_kafka_event_destroy(event);
  }
  rd_kafka_queue_destroy(queue);
  rd_kafka_NewTopic_destroy(new_topic);
  return result;
}

Result<TopicIdentity> KafkaLog::topic_identity() const {
  char* id = rd_kafka_clusterid(impl_->producer.get(), kMetadataTimeoutMs);
  if (id == nullptr)
    return core_error(CoreErrc::log_unavailable, "the Kafka cluster did not say its id in time");
  TopicIdentity identity{id, impl_->options.topic, 0};
  rd_kafka_mem_free(impl_->producer.get(), id);
  TALLY_TRY(identity.partitions,
            topic_partition_count(impl_->producer.get(), impl_->options.topic, kMetadataTimeoutMs));
  return identity;
}

Result<Watermarks> KafkaLog::watermarks(PartitionId partition, int timeout_ms) const {
  std::int64_t low = 0, high = 0;
  const rd_kafka_resp_err_t err = rd_kafka_query_watermark_offsets(
      impl_->producer.get(), impl_->options.topic.c_str(), static_cast<std::int32_t>(partition.value()),
      &low, &high, timeout_ms);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
    return unavailable(fmt::format("reading the kept range of partition {}", partition.value()), err);
  return Watermarks{LogPosition(low), LogPosition(high)};
}

Result<std::vector<LogPosition>> KafkaLog::ends(int timeout_ms) const {
  // One ListOffsets question for the latest offset of every partition (offsets_for_times with
  // RD_KAFKA_OFFSET_END). Not query_watermark_offsets: with every broker down it waits past its
  // timeout, and a reader stopping behind it would wait as long.
  std::unique_ptr<rd_kafka_topic_partition_list_t, decltype(&rd_kafka_topic_partition_list_destroy)> list(
      rd_kafka_topic_partition_list_new(static_cast<int>(partition_count())), &rd_kafka_topic_partition_list_destroy);
  for (std::uint32_t p = 0; p < partition_count(); ++p)
    rd_kafka_topic_partition_list_add(list.get(), impl_->options.topic.c_str(), static_cast<std::int32_t>(p))->offset =
        RD_KAFKA_OFFSET_END;
  if (const rd_kafka_resp_err_t err = rd_kafka_offsets_for_times(impl_->producer.get(), list.get(), timeout_ms);
      err != RD_KAFKA_RESP_ERR_NO_ERROR)
    return unavailable("reading where the partitions end", err);
  std::vector<LogPosition> out(partition_count(), LogPosition(0));
  for (int i = 0; i < list->cnt; ++i) {
    const rd_kafka_topic_partition_t& tp = list->elems[i];
    if (tp.err != RD_KAFKA_RESP_ERR_NO_ERROR)
      return unavailable(fmt::format("reading where partition {} ends", tp.partition), tp.err);
    if (tp.partition >= 0 && static_cast<std::uint32_t>(tp.partition) < partition_count() && tp.offset >= 0)
      out[static_cast<std::uint32_t>(tp.partition)] = LogPosition(tp.offset);
  }
  return out;
}

void KafkaLog::refuse_topic(std::string why) {
  std::lock_guard lock(impl_->board->mu);
  impl_->board->refused_topic = std::move(why);
}

void KafkaLog::recognise_with(std::function<std::optional<bool>(const LogRecord&)> recognise) {
  std::lock_guard lock(impl_->board->mu);
  impl_->board->recognise = std::move(recognise);
}

std::vector<PartitionId> KafkaLog::serving() const {
  StatusBoard& board = *impl_->board;
  std::lock_guard lock(board.mu);
  std::vector<PartitionId> out;
  for (const PartitionId p : board.owned)
    if (std::none_of(board.stopped.begin(), board.stopped.end(),
                     [&](const StoppedPartition& s) { return s.partition == p && s.group == board.status_group; }))
      out.push_back(p);
  return out;
}

KafkaStatus KafkaLog::status(int probe_timeout_ms) const {
  StatusBoard& board = *impl_->board;
  const auto now = std::chrono::steady_clock::now();
  bool probe = false;
  {
    std::lock_guard lock(board.mu);
    probe = now - board.probed_at >= kProbeEvery;
    if (probe) board.probed_at = now;  // one prober at a time; the others read the last answer
  }
  if (probe) {
    rd_kafka_topic_t* rkt = rd_kafka_topic_new(impl_->producer.get(), impl_->options.topic.c_str(), nullptr);
    const rd_kafka_metadata_t* md = nullptr;
    const rd_kafka_resp_err_t err =
        rd_kafka_metadata(impl_->producer.get(), 0, rkt, &md, std::max(1, probe_timeout_ms));
    rd_kafka_topic_destroy(rkt);
    if (md) rd_kafka_metadata_destroy(md);
    std::lock_guard lock(board.mu);
    board.reachable = err == RD_KAFKA_RESP_ERR_NO_ERROR;
    if (!board.reachable) board.broker_error = fmt::format("metadata request: {}", rd_kafka_err2str(err));
  }
  std::lock_guard lock(board.mu);
  KafkaStatus out;
  out.brokers_reachable = board.reachable;
  out.broker_error = board.broker_error;
  out.owned = board.owned;
  out.kept = board.kept;
  out.stopped = board.stopped;
  out.rebalances = board.rebalances;
  return out;
}

Status delete_records_before(const std::string& brokers, const std::string& topic, PartitionId partition,
                             LogPosition before) {
  TALLY_TRY(KafkaConf conf, make_conf(brokers, {}));
  TALLY_TRY(KafkaHandle admin, new_handle(RD_KAFKA_PRODUCER, std::move(conf)));
  PartitionList list(1);
  list.add(topic, partition, before.value());
  rd_kafka_DeleteRecords_t* request = rd_kafka_DeleteRecords_new(list.get());
  rd_kafka_queue_t* queue = rd_kafka_queue_new(admin.get());
  rd_kafka_DeleteRecords(admin.get(), &request, 1, nullptr, queue);
  rd_kafka_event_t* event = rd_kafka_queue_poll(queue, kMetadataTimeoutMs);
  Status result = core_error(CoreErrc::log_unavailable, "deleting records: timed out");
  if (event != nullptr) {
    rd_kafka_resp_err_t err = rd_kafka_event_error(event);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      const rd_kafka_DeleteRecords_result_t* res = rd_kafka_event_DeleteRecords_result(event);
      const rd_kafka_topic_partition_list_t* offsets = res ? rd_kafka_DeleteRecords_result_offsets(res) : nullptr;
      if (offsets && offsets->cnt == 1) err = offsets->elems[0].err;
    }
    result = err == RD_KAFKA_RESP_ERR_NO_ERROR ? ok_status() : unavailable("deleting records", err);
    rd_kafka_event_destroy(event);
  }
  rd_kafka_queue_destroy(queue);
  rd_kafka_DeleteRecords_destroy(request);
  return result;
}

std::string KafkaLog::describe() const {
  return fmt::format("kafka:{}/{}", impl_->options.brokers, impl_->options.topic);
}

}  // namespace tally::log
