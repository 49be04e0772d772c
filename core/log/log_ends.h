// Where a reader of every partition has got to, beside where the log ends, so a drain that
// must see "everything the log holds now" stops as soon as it has, instead of waiting for a
// poll to come back empty. On Kafka a poll can come back empty while records are still being
// fetched, so without the ends a drain waits a quiet interval in vain every time (seconds).
//
// The ends are read once, before the first poll: records appended after that are the next
// drain's. A log that cannot tell its ends leaves them unknown, and the drain keeps its quiet
// wait.
//
// Threads: one thread, like the consumer beside it.
#pragma once

#include <functional>
#include <map>
#include <vector>

#include "core/ids.h"
#include "core/log/event_log.h"
#include "core/result.h"

namespace tally::log {

// The position the next record of each partition will take, in partition order.
using EndsReader = std::function<Result<std::vector<LogPosition>>()>;

class LogEnds {
 public:
  // Unknown ends: reached() is never true.
  LogEnds() = default;
  // `next` is where the reader starts each partition it reads.
  LogEnds(std::vector<LogPosition> ends, std::map<PartitionId, LogPosition> next)
      : ends_(std::move(ends)), next_(std::move(next)), known_(true) {}

  void read(const std::vector<LogRecord>& records);
  // Every partition read up to its end (a partition the ends do not name counts as read).
  bool reached() const;
  // Every partition exactly at its end: nothing to read, and no consumer need be made. A
  // position past the end is not this: a consumer must see it (the topic was reset or
  // recreated, and the consumer stops that partition: partition_check.h).
  bool at_ends() const;

 private:
  std::vector<LogPosition> ends_;
  std::map<PartitionId, LogPosition> next_;
  bool known_ = false;
};

// The ends from `reader` and the starts a drain's consumer was given; unknown when there is no
// reader or it fails (a failure is no reason not to drain: the quiet wait still ends it).
LogEnds read_log_ends(const EndsReader& reader, std::map<PartitionId, LogPosition> starts);

}  // namespace tally::log
