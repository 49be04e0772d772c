#include "reconcile/service.h"

#include <algorithm>

#include "reconcile/errors.h"

namespace tally::reconcile {

ReconcileService::ReconcileService(Store& store, log::EventLog& log, ServiceOptions options)
    : store_(store), log_(log), options_(options) {
  options_.max_batch_records = std::clamp<std::size_t>(options_.max_batch_records, 1, 100'000);
  options_.quiet_ms = std::clamp(options_.quiet_ms, 0, 60'000);
}

Status ReconcileService::drain() {
  log::ConsumerOptions consumer_options;
  consumer_options.group = "tally-reconcile";
  for (std::uint32_t p = 0; p < log_.partition_count(); ++p) consumer_options.partitions.push_back(PartitionId(p));
  Status position_error;
  consumer_options.start_position = [&](PartitionId p) {
    auto position = store_.next_position(p);
    if (!position) {
      position_error = position.error();
      return LogPosition(0);
    }
    return *position;
  };
  auto consumer = log_.consume(consumer_options);
  if (!consumer)
    return reconcile_error(ReconcileErrc::log, "consuming the event log: " + consumer.error().describe());
  for (;;) {
    auto polled = consumer.value()->poll(options_.quiet_ms, options_.max_batch_records);
    if (!position_error.ok()) return position_error;
    if (!polled) return reconcile_error(ReconcileErrc::log, "polling the event log: " + polled.error().describe());
    if (polled->empty()) break;
    TALLY_TRY(ApplyCounts counts, apply_records(store_, *polled));
    totals_.add(counts);
    applied_.fetch_add(counts.records, std::memory_order_relaxed);
  }
  return ok_status();
}

}  // namespace tally::reconcile
