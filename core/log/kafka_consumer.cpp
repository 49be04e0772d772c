#include "core/log/kafka_consumer.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>
#include <string_view>

#include <fmt/format.h>

#include "core/errors.h"

namespace tally::log {
namespace {

// Asking a partition's leader for its kept range on assignment: long enough for a loaded
// broker; when it does not answer, the partition is assigned and auto.offset.reset=error
// stops it if its position turns out to be outside the range.
constexpr int kWatermarkTimeoutMs = 5000;
constexpr auto kKeptRefresh = std::chrono::seconds(1);

Error unavailable(std::string_view what, rd_kafka_resp_err_t err) {
  return core_error(CoreErrc::log_unavailable, fmt::format("{}: {}", what, rd_kafka_err2str(err)));
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

void StatusBoard::stop(StoppedPartition s) {
  spdlog::error("kafka: partition {} of group {} stopped ({}): {}", s.partition.value(), s.group,
                stop_reason_name(s.reason), s.detail);
  std::lock_guard lock(mu);
  std::erase_if(stopped, [&](const StoppedPartition& o) {
    return o.group == s.group && o.partition == s.partition;
  });
  stopped.push_back(std::move(s));
}

bool StatusBoard::is_stopped(const std::string& group, PartitionId p) const {
  std::lock_guard lock(mu);
  return std::any_of(stopped.begin(), stopped.end(), [&](const StoppedPartition& o) {
    return o.group == group && o.partition == p;
  });
}

void StatusBoard::note_error(rd_kafka_resp_err_t err, const char* reason) {
  std::lock_guard lock(mu);
  broker_error = fmt::format("{}: {}", rd_kafka_err2name(err), reason);
  if (err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN) reachable = false;
}

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
        if (const auto from = vet(p)) {
          list.add(topic_, p, *from);
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
      if (is_last_applied(record)) continue;  // checked, never returned: the books hold it
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
  // Where partition p may be consumed from, or nullopt when it stops: the topic is the books'
  // and the position within what the broker keeps. With a recogniser (the ledger's), reading
  // starts one record early, at the last record the books applied, which is_last_applied()
  // checks: a topic recreated on the same cluster that has since grown past the position
  // holds another record there. A refusal is recorded on the board.
  std::optional<std::int64_t> vet(PartitionId p) {
    pending_check_.erase(p);
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
      return std::nullopt;
    }
    if (!options_.start_position) return stored.value();  // from the beginning: nothing to skip
    std::int64_t low = 0, high = 0;
    const rd_kafka_resp_err_t err = rd_kafka_query_watermark_offsets(
        handle_.get(), topic_.c_str(), static_cast<std::int32_t>(p.value()), &low, &high,
        kWatermarkTimeoutMs);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      spdlog::warn("kafka: partition {}: kept range unknown ({}); auto.offset.reset=error guards it",
                   p.value(), rd_kafka_err2str(err));
      return stored.value();
    }
    const Watermarks kept{LogPosition(low), LogPosition(high)};
    if (reports_) {
      std::lock_guard lock(board_->mu);
      board_->kept[p] = kept;
    }
    const StopReason reason = check_position(stored, kept);
    if (reason != StopReason::kNone) {
      board_->stop({options_.group, p, reason, stored, kept, stop_detail(reason, stored, kept)});
      return std::nullopt;
    }
    if (reports_ && board_->recognise && stored > kept.low) {
      pending_check_[p] = stored.value() - 1;
      return stored.value() - 1;
    }
    return stored.value();
  }

  // Whether `r` is the record vet() started one early for; stops the partition when the
  // recogniser says the books never applied it.
  bool is_last_applied(const LogRecord& r) {
    const auto it = pending_check_.find(r.partition);
    if (it == pending_check_.end()) return false;
    const std::int64_t expected = it->second;
    pending_check_.erase(it);
    if (r.position.value() != expected) return false;
    const std::optional<bool> known = board_->recognise(r);
    if (known.value_or(true)) return true;
    PartitionList list(1);
    list.add(topic_, r.partition, RD_KAFKA_OFFSET_INVALID);
    rd_kafka_pause_partitions(handle_.get(), list.get());
    Watermarks kept;
    {
      std::lock_guard lock(board_->mu);
      if (const auto k = board_->kept.find(r.partition); k != board_->kept.end()) kept = k->second;
    }
    board_->stop({options_.group, r.partition, StopReason::kTopicChanged, LogPosition(expected + 1), kept,
                  fmt::format("the record at position {} is not the one the books applied there: the topic "
                              "was recreated; accept it (`tally ledger accept-topic`) or rebuild the books",
                              expected)});
    return true;
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
        if (const auto from = self->vet(p)) {
          consumed.add(self->topic_, p, *from);
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
      self->pending_check_.erase(p);
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
  std::map<PartitionId, std::int64_t> pending_check_;  // vet()'s one-early start, not yet read
  std::chrono::steady_clock::time_point kept_at_{};
};

}  // namespace

Result<std::unique_ptr<LogConsumer>> start_kafka_consumer(const KafkaLogOptions& log_options,
                                                          ConsumerOptions options,
                                                          std::shared_ptr<StatusBoard> board) {
  auto consumer = std::make_unique<KafkaConsumer>(log_options.topic, std::move(options), std::move(board));
  TALLY_TRY_STATUS(consumer->start(log_options));
  return std::unique_ptr<LogConsumer>(std::move(consumer));
}

std::string kafka_consumer_setting(const LogConsumer& consumer, const char* name) {
  const auto* kafka = dynamic_cast<const KafkaConsumer*>(&consumer);
  return kafka ? kafka->setting(name) : std::string();
}

}  // namespace tally::log
