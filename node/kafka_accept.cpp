#include "node/kafka_accept.h"

#include <rocksdb/write_batch.h>
#include <spdlog/spdlog.h>

#include "core/errors.h"
#include "core/log/kafka_log.h"
#include "core/log/record_key.h"
#include "reconcile/keys.h"

namespace tally::node {
namespace {

constexpr int kWatermarkTimeoutMs = 10000;

// The reconciler's stored position of a partition (reconcile/keys.h: 'P', be32 partition ->
// be64 next position), written as its apply batches write it.
Status set_reconciler_position(reconcile::Store& store, PartitionId p, LogPosition next) {
  std::string value;
  log::put_be64(value, static_cast<std::uint64_t>(next.value()));
  rocksdb::WriteBatch batch;
  batch.Put(reconcile::keys::position(p), value);
  return store.write(batch);
}

}  // namespace

Result<KafkaAcceptReport> accept_kafka_topic(Node& node, std::string_view user,
                                             const std::vector<PartitionId>& only) {
  auto* kafka = dynamic_cast<log::KafkaLog*>(&node.log());
  if (kafka == nullptr)
    return core_error(CoreErrc::invalid_argument, "accept-topic is for Kafka (--kafka BROKERS)");
  // Whether the topic is another must be known before the ledger records the new one.
  TALLY_TRY(log::TopicIdentity current, kafka->topic_identity());
  TALLY_TRY(auto stored, ledger::stored_topic_identity(node.ledger()));
  const bool changed = !log::identity_difference(stored, current).empty();

  KafkaAcceptReport report;
  TALLY_TRY(report.ledger, ledger::accept_topic(node.ledger(), *kafka, user, only));
  std::vector<PartitionId> partitions = only;
  if (partitions.empty())
    for (std::uint32_t p = 0; p < current.partitions; ++p) partitions.emplace_back(p);
  reconcile::Store& store = node.reconciler().store();
  for (PartitionId p : partitions) {
    TALLY_TRY(LogPosition from, store.next_position(p));
    TALLY_TRY(log::Watermarks kept, kafka->watermarks(p, kWatermarkTimeoutMs));
    log::StopReason reason = log::check_position(from, kept);
    if (changed) reason = log::StopReason::kTopicChanged;
    if (reason == log::StopReason::kNone) continue;
    TALLY_TRY_STATUS(set_reconciler_position(store, p, kept.low));
    spdlog::warn("reconciler: by={} partition={} from={} to={} reason={}", user, p.value(), from.value(),
                 kept.low.value(), log::stop_reason_name(reason));
    report.reconciler.push_back({p, from, kept.low, reason});
  }
  return report;
}

}  // namespace tally::node
