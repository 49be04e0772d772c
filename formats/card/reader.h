// Reader of card settlement and chargeback files (CSV): the generic layout and processor
// profiles (README.md). The header row picks the profile; each data row becomes a CardRecord.
//
// parse() streams: each valid row is handed to the visitor as soon as it is read and then
// forgotten, so memory is bounded by the largest record plus one running total per batch.
// The report comes at the end, and only it says whether the file is accepted: a payout that
// does not match its batch is known only after the last row. A caller that posts what it
// sees must therefore hold the records (or parse twice: check() first) until it has the
// report. Rejected rows are never visited.
//
// Every field of every row, header included, is scanned for card numbers (formats/common/
// pan.h) before anything else reads it; a hit is masked in place and reported as a warning
// naming the line and column. Error and warning messages quote masked text only.
//
// Report: format "card"; summary {profile, currency, rows, sales_minor, refunds_minor,
// chargebacks_minor, fees_minor, net_minor, payouts, batches}; declared {payouts,
// payouts_minor}: what the payout rows state. No exception escapes; thread-safe (no shared
// state); `bytes` need only live for the call.
#pragma once

#include <string_view>

#include "formats/card/record.h"
#include "formats/common/report.h"

namespace tally::formats::card {

class Visitor {
 public:
  virtual ~Visitor() = default;
  // Called once per valid data row, in file order; `record` is valid only during the call.
  virtual void on_record(const CardRecord& record) { (void)record; }
};

ParseReport parse(std::string_view bytes, Visitor& visitor);

// parse() with a visitor that does nothing: validation only.
ParseReport check(std::string_view bytes);

}  // namespace tally::formats::card
