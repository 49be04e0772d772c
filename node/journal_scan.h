// Reading the whole journal for reports (period_reports.h): every entry of every partition this
// ledger holds, in (partition, sequence) order, from one RocksDB snapshot, so a report sees the
// books before or after each batch the apply loop writes, never half of one. And the events of
// chosen entries, read from the log by address in bounded batches, for what the journal does
// not keep (a payment's channel, a return's code).
//
// Threads: the caller's; reads only, beside the apply loop.
#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "core/events/codec.h"
#include "core/log/event_log.h"
#include "core/result.h"
#include "ledger/ledger.h"

namespace tally::node {

struct JournalItem {
  PartitionId partition;
  ledger::Entry entry;
};

// Calls `visit` with each entry whose business date is on or before `to`; stops at the first
// error `visit` returns. An entry that does not decode is a ledger corrupt error.
Status for_each_entry(const ledger::Ledger& ledger, BusinessDate to,
                      const std::function<Status(const JournalItem&)>& visit);

// Collects entries and hands each to `handle` with its event from the log (null when the log
// has none there or it does not decode), kBatch entries at a time.
class EntriesWithEvents {
 public:
  using Handler = std::function<Status(const JournalItem&, const events::Envelope*)>;
  static constexpr std::size_t kBatch = 1024;
  EntriesWithEvents(const log::EventLog& log, Handler handle)
      : log_(log), handle_(std::move(handle)) {}
  Status add(const JournalItem& item);
  Status finish();  // handles what is left

 private:
  const log::EventLog& log_;
  Handler handle_;
  std::vector<JournalItem> pending_;
};

}  // namespace tally::node
