// EventReader: reads events from a LogConsumer, decoding each record. A record that does not
// decode (bad protobuf, unknown schema version, payload/type mismatch) never crashes the
// reader and never stops its partition silently: it is written to the log's dead-letter place
// with its position and reason, logged, counted, and returned as a dead-lettered item so the
// caller still advances its stored position past it.
//
// Threads: one thread, like the consumer it wraps.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/events/codec.h"
#include "core/log/event_log.h"

namespace tally::log {

struct ReadItem {
  PartitionId partition;
  LogPosition position;
  std::optional<events::Envelope> event;  // empty: the record was dead-lettered
  std::string error;                      // why, when dead-lettered
};

class EventReader {
 public:
  EventReader(EventLog& log, std::unique_ptr<LogConsumer> consumer)
      : log_(log), consumer_(std::move(consumer)) {}

  // Up to max_items, waiting at most timeout_ms for the first. Fails only when the log
  // itself fails (including failing to store a dead letter: then nothing is skipped).
  Result<std::vector<ReadItem>> poll(int timeout_ms, std::size_t max_items);

  LogConsumer& consumer() { return *consumer_; }
  std::uint64_t dead_lettered() const { return dead_lettered_; }

 private:
  EventLog& log_;
  std::unique_ptr<LogConsumer> consumer_;
  std::uint64_t dead_lettered_ = 0;
};

}  // namespace tally::log
