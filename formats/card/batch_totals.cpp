#include "formats/card/batch_totals.h"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

#include "core/money.h"

namespace tally::formats::card {

void BatchTotals::add(const CardRecord& record, ParseReport& report) {
  const bool payout = record.type == RecordType::kPayout;
  if (record.batch_id.empty()) {
    if (payout)
      report.warning(Issue{record.line, record.record, "batch_id", "payout_unverified",
                           "a payout without a batch id cannot be checked against its rows"});
    return;
  }
  auto it = batches_.find(record.batch_id);
  if (it == batches_.end()) {
    if (batches_.size() >= kMaxBatches) {
      if (!over_cap_reported_)
        report.error(Issue{record.line, record.record, "batch_id", "too_many_batches",
                           fmt::format("more than {} batches in one file", kMaxBatches)});
      over_cap_reported_ = true;
      return;
    }
    it = batches_.emplace(record.batch_id, Batch{}).first;
  }
  Batch& batch = it->second;
  if (batch.broken) return;
  if (!batch.currency) batch.currency = record.currency();
  if (!(*batch.currency == record.currency())) {
    report.error(Issue{record.line, record.record, "currency", "currency_mismatch",
                       fmt::format("batch {} is in {}, this row in {}", record.batch_id,
                                   batch.currency->code(), record.currency().code())});
    batch.broken = true;
    return;
  }
  std::int64_t& total = payout ? batch.payouts_minor : batch.rows_net_minor;
  const auto sum = checked_add(total, record.net.minor());
  if (!sum) {
    report.error(Issue{record.line, record.record, "net", "amount_overflow",
                       fmt::format("batch {} total does not fit in 64 bits", record.batch_id)});
    batch.broken = true;
    return;
  }
  total = *sum;
  if (payout) {
    if (batch.payouts++ == 0) {
      batch.payout_line = record.line;
      batch.payout_record = record.record;
    }
  } else {
    ++batch.rows;
  }
}

void BatchTotals::finish(ParseReport& report) const {
  std::vector<std::pair<const std::string*, const Batch*>> paid;
  for (const auto& [id, batch] : batches_)
    if (batch.payouts > 0 && !batch.broken) paid.emplace_back(&id, &batch);
  std::sort(paid.begin(), paid.end(), [](const auto& a, const auto& b) {
    return a.second->payout_line < b.second->payout_line;
  });
  for (const auto& [id, batch] : paid) {
    if (batch->rows == 0) {
      report.warning(
          Issue{batch->payout_line, batch->payout_record, "net", "payout_unverified",
                fmt::format("batch {}: payout {} but none of the batch's rows are in "
                            "this file",
                            *id, Money(batch->payouts_minor, *batch->currency).to_string())});
      continue;
    }
    if (batch->payouts_minor != batch->rows_net_minor)
      report.error(
          Issue{batch->payout_line, batch->payout_record, "net", "payout_mismatch",
                fmt::format("batch {}: payout {} but its {} rows net {}", *id,
                            Money(batch->payouts_minor, *batch->currency).to_string(), batch->rows,
                            Money(batch->rows_net_minor, *batch->currency).to_string())});
  }
}

}  // namespace tally::formats::card
