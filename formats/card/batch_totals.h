// Internal to the card reader: per-batch running totals, so a payout row can be checked
// against the rows of its batch (README.md, "Payout check"). The only state the reader keeps
// that grows with the file: one small entry per distinct batch id, capped at kMaxBatches.
// Rows without a batch id are not tracked.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/currency.h"
#include "formats/card/record.h"
#include "formats/common/report.h"

namespace tally::formats::card {

class BatchTotals {
 public:
  static constexpr std::size_t kMaxBatches = 100000;

  // Adds a valid record: a payout row to its batch's stated payouts, any other row to the
  // batch's running net. Reports a currency that differs within a batch, overflow, and a
  // file with more batches than the cap.
  void add(const CardRecord& record, ParseReport& report);

  // After the last row: each batch that has both payout rows and other rows must have the
  // payouts equal the rows' net. Issues are reported in the order the payouts appeared.
  void finish(ParseReport& report) const;

  std::size_t batch_count() const { return batches_.size(); }

 private:
  struct Batch {
    std::optional<Currency> currency;
    std::int64_t rows = 0;
    std::int64_t rows_net_minor = 0;
    std::int64_t payouts = 0;
    std::int64_t payouts_minor = 0;
    std::int64_t payout_line = 0;  // the first payout row, to locate a mismatch
    std::int64_t payout_record = 0;
    bool broken = false;  // overflow or currency mismatch: already reported
  };

  std::unordered_map<std::string, Batch> batches_;
  bool over_cap_reported_ = false;
};

}  // namespace tally::formats::card
