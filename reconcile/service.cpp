#include "reconcile/service.h"

#include <algorithm>
#include <map>

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
  std::map<PartitionId, LogPosition> starts;
  for (const PartitionId p : consumer_options.partitions) {
    TALLY_TRY(starts[p], store_.next_position(p));
  }
  consumer_options.start_position = [&starts](PartitionId p) { return starts.at(p); };
  log::LogEnds ends = log::read_log_ends(options_.read_ends, starts);
  if (ends.at_ends()) return ok_status();  // nothing new: no consumer to make
  auto consumer = log_.consume(consumer_options);
  if (!consumer)
    return reconcile_error(ReconcileErrc::log, "consuming the event log: " + consumer.error().describe());
  for (;;) {
    auto polled = consumer.value()->poll(options_.quiet_ms, options_.max_batch_records);
    if (!polled) return reconcile_error(ReconcileErrc::log, "polling the event log: " + polled.error().describe());
    if (polled->empty()) break;
    TALLY_TRY(ApplyCounts counts, apply_records(store_, *polled));
    totals_.add(counts);
    applied_.fetch_add(counts.records, std::memory_order_relaxed);
    ends.read(*polled);
    if (ends.reached()) break;
  }
  return ok_status();
}

}  // namespace tally::reconcile
