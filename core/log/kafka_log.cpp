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
#include "core/log/kafka_handles.h"
#include "core/log/partitioner.h"

namespace tally::log {
namespace {

constexpr int kMetadataTimeoutMs = 10000;
constexpr int kQueueFullBackoffMs = 20;
constexpr int kDeadLetterReadTimeoutMs = 5000;
// Asking a partition's leader for its kept range on assignment: long enough for a loaded
// broker; when it does not answer, the partition is assigned and auto.offset.reset=error
// stops it if its position turns out to be outside the range.
constexpr int kWatermarkTimeoutMs = 5000;
constexpr auto kKeptRefresh = std::chrono::seconds(1);
constexpr auto kProbeEvery = std::chrono::seconds(1);

Error unavailable(std::string_view what, rd_kafka_resp_err_t err) {
  return core_error(CoreErrc::log_unavailable, fmt::format("{}: {}", what, rd_kafka_err2str(err)));
}

// One entry's fate, written by the delivery-report callback (which runs inside
// rd_kafka_poll/flush on the appending thread).
struct DeliverySlot {
  bool done = false;
  rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR_NO_ERROR;
  std::int64_t offset = -1;
};

void on_delivery(rd_kafka_t*, const rd_kafka_message_t* message, void*) {
  auto* slot = static_cast<DeliverySlot*>(message->_private);
  if (slot == nullptr) return;
  slot->err = message->err;
  slot->offset = message->offset;
  slot->done = true;
}

std::string header_text(rd_kafka_headers_t* headers, const char* name) {
  if (headers == nullptr) return {};
  const void* value = nullptr;
  std::size_t size = 0;
  if (rd_kafka_header_get_last(headers, name, &value, &size) != RD_KAFKA_RESP_ERR_NO_ERROR) return {};
  return std::string(static_cast<const char*>(value), size);
}

// What the consumers of one KafkaLog found, for status(): shared by the log and its
// consumers (which may outlive neither, but hold it by shared_ptr to keep it simple).
struct StatusBoard {
  mutable std::mutex mu;
  std::string status_group;
  std::optional<std::string> refused_topic;  // refuse_topic()'s why
  std::vector<PartitionId> owned;
  std::map<PartitionId, Watermarks> kept;
  std::vector<StoppedPartition> stopped;
  std::uint64_t rebalances = 0;
  std::string broker_error;
  std::chrono::steady_clock::time_point probed_at{};
  bool reachable = false;

  void stop(StoppedPartition s) {
    spdlog::error("kafka: partition {} of group {} stopped ({}): {}", s.partition.value(), s.group,
                  stop_reason_name(s.reason), s.detail);
    std::lock_guard lock(mu);
    std::erase_if(stopped, [&](const StoppedPartition& o) {
      return o.group == s.group && o.partition == s.partition;
    });
    stopped.push_back(std::move(s));
  }
  bool is_stopped(const std::string& group, PartitionId p) const {
    std::lock_guard lock(mu);
    return std::any_of(stopped.begin(), stopped.end(), [&](const StoppedPartition& o) {
      return o.group == group && o.partition == p;
    });
  }
  void note_error(rd_kafka_resp_err_t err, const char* reason) {
    std::lock_guard lock(mu);
    broker_error = fmt::format("{}: {}", rd_kafka_err2name(err), reason);
    if (err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN) reachable = false;
  }
};

void on_producer_error(rd_kafka_t*, int err, const char* reason, void* opaque) {
  static_cast<StatusBoard*>(opaque)->note_error(static_cast<rd_kafka_resp_err_t>(err), reason);
}

// What an operator reads for each stop, in healthz and the log (docs/operations.md).
std::string stop_detail(StopReason reason, LogPosition stored, Watermarks kept) {
  switch (reason) {
    case StopReason::kGap:
      return fmt::format("the books resume at {} but the broker keeps only {}..{}: records were "
                         "deleted before they were applied; rebuild the books or accept the gap "
                         "(`tally ledger accept-topic`)", stored.value(), kept.low.value(), kept.high.value());
    case StopReason::kAhead:
      return fmt::format("the books resume at {} but the partition ends at {}: the topic was reset or "
                         "recreated; accept it (`tally ledger accept-topic`) or rebuild the books",
                         stored.value(), kept.high.value());
    case StopReason::kOutOfRange:
      return fmt::format("the broker answered offset-out-of-range for position {}; see `tally ledger "
                         "verify` and `tally ledger accept-topic`", stored.value());
    default: return {};
  }
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

  // rd_kafka_produceva rather than the RD_KAFKA_V_* macros, whose C casts our warnings refuse.
  rd_kafka_resp_err_t enqueue(const std::string& topic, PartitionId partition, const AppendEntry& e,
                              rd_kafka_headers_t* headers, DeliverySlot* slot) {
    rd_kafka_vu_t vus[7];
    vus[0].vtype = RD_KAFKA_VTYPE_TOPIC;
    vus[0].u.cstr = topic.c_str();
    vus[1].vtype = RD_KAFKA_VTYPE_PARTITION;
    vus[1].u.i32 = static_cast<std::int32_t>(partition.value());
    vus[2].vtype = RD_KAFKA_VTYPE_MSGFLAGS;
    vus[2].u.i = RD_KAFKA_MSG_F_COPY;
    vus[3].vtype = RD_KAFKA_VTYPE_KEY;
    vus[3].u.mem = {const_cast<char*>(e.key.data()), e.key.size()};
    vus[4].vtype = RD_KAFKA_VTYPE_VALUE;
    vus[4].u.mem = {const_cast<char*>(e.value.data()), e.value.size()};
    vus[5].vtype = RD_KAFKA_VTYPE_OPAQUE;
    vus[5].u.ptr = slot;
    std::size_t count = 6;
    if (headers) {
      vus[6].vtype = RD_KAFKA_VTYPE_HEADERS;
      vus[6].u.headers = headers;
      count = 7;
    }
    rd_kafka_error_t* error = rd_kafka_produceva(producer.get(), vus, count);
    if (error == nullptr) return RD_KAFKA_RESP_ERR_NO_ERROR;
    const rd_kafka_resp_err_t code = rd_kafka_error_code(error);
    rd_kafka_error_destroy(error);
    return code;
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
        enqueue_error = enqueue(topic, targets[produced], e, headers, &slots[produced]);
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

namespace {

class KafkaConsumer final : public LogConsumer {
 public:
  KafkaConsumer(std::string topic, ConsumerOptions options, std::shared_ptr<StatusBoard> board)
      : topic_(std::move(topic)), options_(std::move(options)), board_(std::move(board)) {
    reports_ = options_.group == board_->status_group;
  }

  ~KafkaConsumer() override {
    if (handle_) rd_kafka_consumer_close(handle_.get());  // leaves the group (revoke runs here)
  }

  Status start(const KafkaLogOptions& log_options) {
    TALLY_TRY(KafkaConf conf, make_conf(log_options.brokers, log_options.extra));
    TALLY_TRY_STATUS(conf.set("group.id", options_.group));
    TALLY_TRY_STATUS(conf.set("enable.auto.commit", "false"));
    TALLY_TRY_STATUS(conf.set("enable.auto.offset.store", "false"));
    // Never jump: a position outside the kept range is an error that stops the partition.
    TALLY_TRY_STATUS(conf.set("auto.offset.reset", "error"));
    if (!log_options.group_instance_id.empty())
      TALLY_TRY_STATUS(conf.set("group.instance.id", log_options.group_instance_id));
    TALLY_TRY_STATUS(conf.set("session.timeout.ms", std::to_string(log_options.session_timeout_ms)));
    TALLY_TRY_STATUS(conf.set("heartbeat.interval.ms",
                              std::to_string(std::max(100, log_options.session_timeout_ms / 6))));
    // Cooperative: a member joining or leaving moves only the partitions that change owner;
    // the others keep being read (eager "range" stopped every partition at each rebalance).
    TALLY_TRY_STATUS(conf.set("partition.assignment.strategy", log_options.assignment_strategy));
    rd_kafka_conf_set_opaque(conf.get(), this);
    rd_kafka_conf_set_rebalance_cb(conf.get(), &KafkaConsumer::on_rebalance);
    rd_kafka_conf_set_error_cb(conf.get(), &KafkaConsumer::on_error);
    TALLY_TRY(handle_, new_handle(RD_KAFKA_CONSUMER, std::move(conf)));
    rd_kafka_poll_set_consumer(handle_.get());

    if (!options_.partitions.empty()) {  // explicit assignment: no group rebalancing
      PartitionList list(static_cast<int>(options_.partitions.size()));
      for (PartitionId p : options_.partitions)
        if (vet(p)) {
          list.add(topic_, p, start_of(p));
          consumed_.insert(p);
        }
      const rd_kafka_resp_err_t err = rd_kafka_assign(handle_.get(), list.get());
      if (err) return unavailable("assigning partitions", err);
      assignment_ = options_.partitions;
      publish_owned();
      return ok_status();
    }
    PartitionList subscription(1);
    subscription.add(topic_, PartitionId(0), RD_KAFKA_OFFSET_INVALID, /*any_partition=*/true);
    const rd_kafka_resp_err_t err = rd_kafka_subscribe(handle_.get(), subscription.get());
    if (err) return unavailable("subscribing to " + topic_, err);
    return ok_status();
  }

  Result<std::vector<LogRecord>> poll(int timeout_ms, std::size_t max_records) override {
    std::vector<LogRecord> out;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (out.size() < max_records) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                            deadline - std::chrono::steady_clock::now()).count();
      const int wait_ms = out.empty() ? static_cast<int>(std::max<std::int64_t>(0, left)) : 0;
      rd_kafka_message_t* m = rd_kafka_consumer_poll(handle_.get(), wait_ms);
      if (m == nullptr) {
        if (out.empty() && left > 0) continue;
        break;
      }
      MessagePtr message(m);
      if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) continue;
      if (m->err == RD_KAFKA_RESP_ERR__AUTO_OFFSET_RESET ||
          m->err == RD_KAFKA_RESP_ERR_OFFSET_OUT_OF_RANGE) {
        stop_out_of_range(m);
        continue;
      }
      if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR && m->partition >= 0 &&
          board_->is_stopped(options_.group, PartitionId(static_cast<std::uint32_t>(m->partition))))
        continue;  // fetched before it stopped: never applied
      if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        char reason[512];
        if (rd_kafka_fatal_error(handle_.get(), reason, sizeof reason))
          return core_error(CoreErrc::log_unavailable, fmt::format("fatal consumer error: {}", reason));
        spdlog::warn("kafka consumer: {}", rd_kafka_message_errstr(m));  // transient: retried
        continue;
      }
      LogRecord record{PartitionId(static_cast<std::uint32_t>(m->partition)), LogPosition(m->offset),
                       std::string(static_cast<const char*>(m->key), m->key_len),
                       std::string(static_cast<const char*>(m->payload), m->len)};
      out.push_back(std::move(record));
    }
    refresh_kept();
    return out;
  }

  std::vector<PartitionId> assignment() const override { return assignment_; }
  std::string setting(const char* name) const { return conf_value(handle_.get(), name); }

 private:
  std::int64_t start_of(PartitionId p) const {
    return options_.start_position ? options_.start_position(p).value() : RD_KAFKA_OFFSET_BEGINNING;
  }

  static std::string conf_value(rd_kafka_t* handle, const char* name) {
    char value[256];
    std::size_t size = sizeof value;
    if (rd_kafka_conf_get(rd_kafka_conf(handle), name, value, &size) != RD_KAFKA_CONF_OK) return {};
    return value;
  }

  // Whether partition p may be consumed from where the caller resumes it: the topic is the
  // books' and the position within what the broker keeps. A refusal is recorded on the board.
  bool vet(PartitionId p) {
    const LogPosition stored(start_of(p));
    std::optional<std::string> refused;
    {
      std::lock_guard lock(board_->mu);
      refused = board_->refused_topic;
      std::erase_if(board_->stopped, [&](const StoppedPartition& o) {
        return o.group == options_.group && o.partition == p;  // checked afresh
      });
    }
    if (refused) {
      board_->stop({options_.group, p, StopReason::kTopicChanged, stored, {}, *refused});
      return false;
    }
    if (!options_.start_position) return true;  // from the beginning: nothing to skip
    std::int64_t low = 0, high = 0;
    const rd_kafka_resp_err_t err = rd_kafka_query_watermark_offsets(
        handle_.get(), topic_.c_str(), static_cast<std::int32_t>(p.value()), &low, &high,
        kWatermarkTimeoutMs);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      spdlog::warn("kafka: partition {}: kept range unknown ({}); auto.offset.reset=error guards it",
                   p.value(), rd_kafka_err2str(err));
      return true;
    }
    const Watermarks kept{LogPosition(low), LogPosition(high)};
    if (reports_) {
      std::lock_guard lock(board_->mu);
      board_->kept[p] = kept;
    }
    const StopReason reason = check_position(stored, kept);
    if (reason == StopReason::kNone) return true;
    board_->stop({options_.group, p, reason, stored, kept, stop_detail(reason, stored, kept)});
    return false;
  }

  void stop_out_of_range(const rd_kafka_message_t* m) {
    if (m->partition < 0) {
      spdlog::error("kafka consumer: {}", rd_kafka_message_errstr(m));
      return;
    }
    const PartitionId p(static_cast<std::uint32_t>(m->partition));
    PartitionList list(1);
    list.add(topic_, p, RD_KAFKA_OFFSET_INVALID);
    rd_kafka_pause_partitions(handle_.get(), list.get());
    const LogPosition stored(m->offset >= 0 ? m->offset : start_of(p));
    board_->stop({options_.group, p, StopReason::kOutOfRange, stored, {},
                  stop_detail(StopReason::kOutOfRange, stored, {}) + " (" + rd_kafka_message_errstr(m) + ")"});
  }

  void publish_owned() {
    if (!reports_) return;
    std::lock_guard lock(board_->mu);
    board_->owned = assignment_;
    std::erase_if(board_->kept, [&](const auto& kv) {
      return std::find(assignment_.begin(), assignment_.end(), kv.first) == assignment_.end();
    });
    ++board_->rebalances;
  }

  // The high watermarks librdkafka learnt from its fetches (no request), once a second.
  void refresh_kept() {
    if (!reports_ || assignment_.empty()) return;
    const auto now = std::chrono::steady_clock::now();
    if (now - kept_at_ < kKeptRefresh) return;
    kept_at_ = now;
    for (PartitionId p : assignment_) {
      std::int64_t low = -1, high = -1;
      if (rd_kafka_get_watermark_offsets(handle_.get(), topic_.c_str(), static_cast<std::int32_t>(p.value()),
                                         &low, &high) != RD_KAFKA_RESP_ERR_NO_ERROR || high < 0)
        continue;
      std::lock_guard lock(board_->mu);
      Watermarks& kept = board_->kept[p];
      kept.high = LogPosition(high);
      if (low >= 0) kept.low = LogPosition(low);
    }
  }

  static void on_error(rd_kafka_t*, int err, const char* reason, void* opaque) {
    static_cast<KafkaConsumer*>(opaque)->board_->note_error(static_cast<rd_kafka_resp_err_t>(err), reason);
  }

  void forget_stops(const std::vector<PartitionId>& revoked) {
    std::lock_guard lock(board_->mu);
    std::erase_if(board_->stopped, [&](const StoppedPartition& o) {
      return o.group == options_.group && std::find(revoked.begin(), revoked.end(), o.partition) != revoked.end();
    });
  }

  // Runs inside rd_kafka_consumer_poll on the consumer's thread. Cooperative (incremental)
  // rebalancing: `parts` are the partitions added or taken away, the others keep being read;
  // eager (range): all are taken away, then the new set given.
  static void on_rebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                           rd_kafka_topic_partition_list_t* parts, void* opaque) {
    auto* self = static_cast<KafkaConsumer*>(opaque);
    const bool incremental = std::string_view(rd_kafka_rebalance_protocol(rk)) == "COOPERATIVE";
    std::vector<PartitionId> given;
    for (int i = 0; i < parts->cnt; ++i) given.emplace_back(static_cast<std::uint32_t>(parts->elems[i].partition));
    if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
      if (!incremental) self->assignment_.clear();
      PartitionList consumed(parts->cnt);
      for (PartitionId p : given) {
        if (std::find(self->assignment_.begin(), self->assignment_.end(), p) == self->assignment_.end())
          self->assignment_.push_back(p);
        if (self->vet(p)) {
          consumed.add(self->topic_, p, self->start_of(p));
          self->consumed_.insert(p);
        }
      }
      spdlog::info("kafka: assigned {} partition(s){}, consuming {}", parts->cnt, incremental ? " more" : "",
                   consumed.get()->cnt);
      if (incremental) {
        if (rd_kafka_error_t* e = rd_kafka_incremental_assign(rk, consumed.get())) {
          spdlog::error("kafka: assigning partitions: {}", rd_kafka_error_string(e));
          rd_kafka_error_destroy(e);
        }
      } else {
        rd_kafka_assign(rk, consumed.get());
      }
      self->publish_owned();
      return;
    }
    // Revoked (or lost): finish what is pending for them, then let them go.
    const std::vector<PartitionId> revoked = incremental ? given : self->assignment_;
    if (self->options_.on_revoked) self->options_.on_revoked(revoked);
    self->forget_stops(revoked);
    PartitionList released(static_cast<int>(revoked.size()));
    for (PartitionId p : revoked) {
      std::erase(self->assignment_, p);
      if (self->consumed_.erase(p) > 0) released.add(self->topic_, p, RD_KAFKA_OFFSET_INVALID);
    }
    self->publish_owned();
    spdlog::info("kafka: {} partition(s) revoked", revoked.size());
    if (incremental) {
      if (rd_kafka_error_t* e = rd_kafka_incremental_unassign(rk, released.get())) {
        spdlog::error("kafka: releasing partitions: {}", rd_kafka_error_string(e));
        rd_kafka_error_destroy(e);
      }
    } else {
      self->consumed_.clear();
      rd_kafka_assign(rk, nullptr);
    }
  }

  std::string topic_;
  ConsumerOptions options_;
  std::shared_ptr<StatusBoard> board_;
  bool reports_ = false;  // this consumer's group is the board's status_group
  KafkaHandle handle_;
  std::vector<PartitionId> assignment_;  // owned: given by the group
  std::set<PartitionId> consumed_;       // owned and not stopped: assigned to librdkafka
  std::chrono::steady_clock::time_point kept_at_{};
};

}  // namespace

Result<std::unique_ptr<KafkaLog>> KafkaLog::open(const KafkaLogOptions& options) {
  if (options.brokers.empty()) return core_error(CoreErrc::invalid_argument, "no Kafka brokers given");
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  TALLY_TRY(KafkaConf conf, make_conf(options.brokers, options.extra));
  TALLY_TRY_STATUS(conf.set("enable.idempotence", "true"));
  TALLY_TRY_STATUS(conf.set("acks", "all"));
  TALLY_TRY_STATUS(conf.set("linger.ms", "2"));
  TALLY_TRY_STATUS(conf.set("message.timeout.ms", std::to_string(options.delivery_timeout_ms)));
  rd_kafka_conf_set_dr_msg_cb(conf.get(), &on_delivery);
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
  auto consumer = std::make_unique<KafkaConsumer>(impl_->options.topic, std::move(options), impl_->board);
  TALLY_TRY_STATUS(consumer->start(impl_->options));
  return std::unique_ptr<LogConsumer>(std::move(consumer));
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

std::string kafka_consumer_setting(const LogConsumer& consumer, const char* name) {
  const auto* kafka = dynamic_cast<const KafkaConsumer*>(&consumer);
  return kafka ? kafka->setting(name) : std::string();
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

void KafkaLog::refuse_topic(std::string why) {
  std::lock_guard lock(impl_->board->mu);
  impl_->board->refused_topic = std::move(why);
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
