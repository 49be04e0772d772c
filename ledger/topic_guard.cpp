#include "ledger/topic_guard.h"

#include <rocksdb/db.h>
#include <spdlog/spdlog.h>

#include <chrono>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "core/clock.h"
#include "core/events/codec.h"
#include "ledger/errors.h"
#include "ledger/store.h"

namespace tally::ledger {
namespace {

constexpr int kWatermarkTimeoutMs = 10000;
constexpr int kReadPollMs = 200;
constexpr std::string_view kDecisionPrefix = "kafka.decision.";

std::string utc_now_text() {
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", now);
}

// Whether the record before `next` in the topic is one the books applied (in their id index).
// A record that does not decode cannot tell: taken as theirs.
Result<bool> holds_last_record(const Ledger& ledger, log::KafkaLog& log, PartitionId p, LogPosition next) {
  log::ConsumerOptions options;
  options.group = "tally-accept";
  options.partitions = {p};
  const LogPosition last(next.value() - 1);
  options.start_position = [last](PartitionId) { return last; };
  TALLY_TRY(auto consumer, log.consume(std::move(options)));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kWatermarkTimeoutMs);
  while (std::chrono::steady_clock::now() < deadline) {
    TALLY_TRY(std::vector<log::LogRecord> records, consumer->poll(kReadPollMs, 1));
    if (records.empty()) continue;
    const log::LogRecord& r = records.front();
    if (r.position != last) break;
    auto event = events::decode(r.value);
    if (!event) return true;
    const EventLookup lookup{p, events::event_id_of(*event)};
    TALLY_TRY(auto found, ledger.find_events(std::span(&lookup, 1)));
    return found.front().has_value();
  }
  return ledger_error(LedgerErrc::log, fmt::format("partition {}: could not read position {} to check it",
                                                   p.value(), last.value()));
}

}  // namespace

Result<std::optional<log::TopicIdentity>> stored_topic_identity(const Ledger& ledger) {
  const Store& store = ledger.store();
  TALLY_TRY(auto text, get_value(*store.db, store.meta, kTopicIdentityKey));
  if (!text) return std::optional<log::TopicIdentity>();
  auto parsed = log::TopicIdentity::parse(*text);
  if (!parsed)
    return ledger_error(LedgerErrc::corrupt, fmt::format("the stored Kafka topic '{}' does not read", *text));
  return parsed;
}

Status store_topic_identity(Ledger& ledger, const log::TopicIdentity& identity) {
  Store& store = ledger.store();
  rocksdb::WriteOptions w;
  w.sync = true;
  const rocksdb::Status s = store.db->Put(w, store.meta, kTopicIdentityKey, identity.text());
  if (!s.ok()) return storage_error(s, "recording the Kafka topic of the books");
  return ok_status();
}

Result<std::string> guard_topic(Ledger& ledger, log::KafkaLog& log) {
  // The last record the books applied of a partition must be in their id index (applied,
  // parked, refused or a duplicate): else the topic was recreated and has grown past them.
  log.recognise_with([&ledger](const log::LogRecord& record) -> std::optional<bool> {
    auto event = events::decode(record.value);
    if (!event) return std::nullopt;  // dead-lettered: nothing to recognise it by
    const EventLookup lookup{record.partition, events::event_id_of(*event)};
    auto found = ledger.find_events(std::span(&lookup, 1));
    if (!found) return std::nullopt;
    return found->front().has_value();
  });
  TALLY_TRY(log::TopicIdentity current, log.topic_identity());
  TALLY_TRY(auto stored, stored_topic_identity(ledger));
  if (!stored) {
    spdlog::info("ledger: the books follow {} from now on", current.text());
    TALLY_TRY_STATUS(store_topic_identity(ledger, current));
    return std::string();
  }
  std::string difference = log::identity_difference(stored, current);
  if (!difference.empty()) {
    difference += "; accept it (`tally ledger accept-topic`) or rebuild the books";
    log.refuse_topic(difference);
  }
  return difference;
}

Result<std::vector<AcceptedPartition>> accept_topic(Ledger& ledger, log::KafkaLog& log,
                                                    std::string_view user,
                                                    const std::vector<PartitionId>& only) {
  if (user.empty()) return ledger_error(LedgerErrc::invalid_argument, "say who decides (--user)");
  TALLY_TRY(log::TopicIdentity current, log.topic_identity());
  TALLY_TRY(auto stored, stored_topic_identity(ledger));
  if (stored && stored->partitions != current.partitions)
    return ledger_error(LedgerErrc::invalid_argument,
                        fmt::format("the topic has {} partitions, the books {}: events' keys now land on "
                                    "other partitions; rebuild the books instead",
                                    current.partitions, stored->partitions));
  const bool changed = !log::identity_difference(stored, current).empty();
  std::vector<PartitionId> partitions = only;
  if (partitions.empty())
    for (std::uint32_t p = 0; p < current.partitions; ++p) partitions.emplace_back(p);
  std::vector<AcceptedPartition> moved;
  for (PartitionId p : partitions) {
    if (p.value() >= current.partitions)
      return ledger_error(LedgerErrc::invalid_argument,
                          fmt::format("partition {} is not in the topic ({} partitions)", p.value(), current.partitions));
    TALLY_TRY(log::Watermarks kept, log.watermarks(p, kWatermarkTimeoutMs));
    const LogPosition from = ledger.next_position(p);
    log::StopReason reason = log::check_position(from, kept);
    if (changed) reason = log::StopReason::kTopicChanged;
    if (reason == log::StopReason::kNone && from > kept.low) {
      TALLY_TRY(const bool ours, holds_last_record(ledger, log, p, from));
      if (!ours) reason = log::StopReason::kTopicChanged;  // recreated, and grown past the books
    }
    if (reason == log::StopReason::kNone) continue;
    const LogPosition to = kept.low;
    const std::string note = fmt::format(
        "at={} by={} partition={} from={} to={} reason={} kept={}..{} topic=\"{}\"", utc_now_text(), user,
        p.value(), from.value(), to.value(), log::stop_reason_name(reason), kept.low.value(),
        kept.high.value(), current.text());
    TALLY_TRY_STATUS(ledger.reposition(p, to, note));
    spdlog::warn("ledger: {}", note);
    moved.push_back({p, from, to, reason});
  }
  TALLY_TRY_STATUS(store_topic_identity(ledger, current));
  return moved;
}

Result<std::vector<std::string>> topic_decisions(const Ledger& ledger) {
  const Store& store = ledger.store();
  std::vector<std::string> out;
  std::unique_ptr<rocksdb::Iterator> it(store.db->NewIterator(rocksdb::ReadOptions(), store.meta));
  for (it->Seek(std::string(kDecisionPrefix)); it->Valid() && it->key().starts_with(std::string(kDecisionPrefix));
       it->Next())
    out.push_back(it->value().ToString());
  if (!it->status().ok()) return storage_error(it->status(), "reading the Kafka decisions");
  return out;
}

Result<PositionReport> check_positions(const Ledger& ledger, log::KafkaLog& log, int timeout_ms) {
  PositionReport report;
  TALLY_TRY(log::TopicIdentity current, log.topic_identity());
  TALLY_TRY(auto stored, stored_topic_identity(ledger));
  report.identity_problem = log::identity_difference(stored, current);
  std::vector<PartitionId> partitions = ledger.partitions();
  for (PartitionId p : partitions) {
    if (p.value() >= current.partitions) {
      report.problems.push_back({p, ledger.next_position(p), {}, log::StopReason::kTopicChanged});
      continue;
    }
    TALLY_TRY(log::Watermarks kept, log.watermarks(p, timeout_ms));
    ++report.partitions_checked;
    const LogPosition stored_position = ledger.next_position(p);
    const log::StopReason reason = log::check_position(stored_position, kept);
    if (reason != log::StopReason::kNone) report.problems.push_back({p, stored_position, kept, reason});
  }
  return report;
}

}  // namespace tally::ledger
