#include "ledger/service.h"

#include <algorithm>
#include <chrono>

#include <spdlog/spdlog.h>

#include "ledger/errors.h"

namespace tally::ledger {

LedgerService::LedgerService(Ledger& ledger, log::EventLog& log, ServiceOptions options)
    : ledger_(ledger), log_(log), options_(std::move(options)) {
  options_.max_batch_events = std::clamp<std::size_t>(options_.max_batch_events, 1, 100'000);
  options_.max_batch_ms = std::clamp(options_.max_batch_ms, 0, 10'000);
  options_.poll_timeout_ms = std::clamp(options_.poll_timeout_ms, 1, 10'000);
}

Status LedgerService::run(std::stop_token stop) {
  return loop([&] { return stop.stop_requested(); }, false);
}

Status LedgerService::run(const std::atomic<bool>& stop) {
  return loop([&] { return stop.load(std::memory_order_relaxed); }, false);
}

Status LedgerService::run_then_drain(const std::atomic<bool>& stop) {
  return loop([&] { return stop.load(std::memory_order_relaxed); }, true);
}

Status LedgerService::drain() {
  return loop([] { return true; }, true);
}

std::vector<PartitionId> LedgerService::assignment() const {
  std::lock_guard lock(assignment_mu_);
  return assignment_;
}

void LedgerService::count(const ApplyStats& s) {
  if (s.records == 0) return;
  totals_.add(s);
  stats_.batches.fetch_add(1, std::memory_order_relaxed);
  stats_.records.fetch_add(s.records, std::memory_order_relaxed);
  stats_.applied.fetch_add(s.applied, std::memory_order_relaxed);
  stats_.duplicates.fetch_add(s.duplicates, std::memory_order_relaxed);
  stats_.refused.fetch_add(s.refused, std::memory_order_relaxed);
  if (s.conflicts + s.refused + s.dead_letters > 0)
    spdlog::warn(
        "ledger: batch of {}: {} refused, {} conflicting, {} dead-lettered (`tally discrepancies list`)",
        s.records, s.refused, s.conflicts, s.dead_letters);
}

Status LedgerService::submit() {
  if (pending_.empty()) return ok_status();
  auto previous = options_.bulk ? ledger_.submit_bulk(std::move(pending_), &log_)
                                : ledger_.submit(std::move(pending_), &log_);
  pending_.clear();
  pending_bytes_ = 0;
  if (!previous) return previous.error();
  in_flight_ = true;
  count(previous.value());
  return ok_status();
}

Status LedgerService::flush() {
  TALLY_TRY_STATUS(submit());
  TALLY_TRY(ApplyStats last, ledger_.flush());
  in_flight_ = false;
  count(last);
  return ok_status();
}

template <class StopFn>
Status LedgerService::loop(StopFn&& stop_requested, bool drain_when_stopped) {
  using Clock = std::chrono::steady_clock;
  log::ConsumerOptions consumer_options;
  consumer_options.group = options_.group;
  consumer_options.partitions = options_.partitions;
  consumer_options.start_position = [this](PartitionId p) { return ledger_.next_position(p); };
  // Runs inside poll(), on this thread: make what is pending durable before the partitions
  // go. Not needed for correctness (each process resumes a partition from the position in
  // its own database), but it keeps our copy of a revoked partition as far along as we got.
  consumer_options.on_revoked = [this](const std::vector<PartitionId>&) {
    stats_.rebalances.fetch_add(1, std::memory_order_relaxed);
    Status flushed = flush();
    if (!flushed && revoke_failure_.ok()) revoke_failure_ = flushed;
  };
  auto consumer = log_.consume(consumer_options);
  if (!consumer)
    return ledger_error(LedgerErrc::log, "consuming the event log: " + consumer.error().describe());
  struct Forget {  // no assignment once the loop has left
    LedgerService& service;
    ~Forget() {
      std::lock_guard lock(service.assignment_mu_);
      service.assignment_.clear();
    }
  } forget{*this};

  Clock::time_point batch_deadline{};
  for (;;) {
    const bool stopping = stop_requested();
    if (stopping && !drain_when_stopped) break;
    int wait_ms = options_.poll_timeout_ms;
    if (stopping) {
      wait_ms = 0;  // draining: what the log holds now, without waiting for more
    } else if (!pending_.empty()) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(batch_deadline - Clock::now())
              .count();
      wait_ms = static_cast<int>(std::clamp<std::int64_t>(left, 0, options_.poll_timeout_ms));
    }
    auto polled = consumer.value()->poll(wait_ms, options_.max_batch_events - pending_.size());
    if (!revoke_failure_.ok()) return revoke_failure_;
    if (!polled)
      return ledger_error(LedgerErrc::log, "polling the event log: " + polled.error().describe());
    if (stopping && polled.value().empty()) break;  // drained
    {
      std::vector<PartitionId> now = consumer.value()->assignment();
      std::lock_guard lock(assignment_mu_);
      assignment_ = std::move(now);
    }
    // Quiet: finish the batch in flight, so its positions are published (next_position,
    // counters) rather than waiting for a next batch that may not come.
    if (polled.value().empty() && pending_.empty() && in_flight_) TALLY_TRY_STATUS(flush());
    for (log::LogRecord& record : polled.value()) {
      if (pending_.empty())
        batch_deadline = Clock::now() + std::chrono::milliseconds(options_.max_batch_ms);
      pending_bytes_ += record.value.size();
      pending_.push_back(std::move(record));
    }
    const bool full =
        pending_.size() >= options_.max_batch_events || pending_bytes_ >= options_.max_batch_bytes;
    if (!pending_.empty() && (full || Clock::now() >= batch_deadline)) TALLY_TRY_STATUS(submit());
  }
  return flush();
}

}  // namespace tally::ledger
