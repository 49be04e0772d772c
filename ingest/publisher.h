// Publisher: the sink mappers emit events into. Encodes each event and appends them to the
// log in batches (durable when flush() returns). Events of one file keep their order within a
// partition. The first log failure is kept; later emits are dropped and flush() returns it,
// so the caller refuses to record the file as ingested (a rerun publishes again; event ids
// make that harmless).
//
// Threads: one thread per publisher.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/events/codec.h"
#include "core/log/event_log.h"

namespace tally::ingest {

class EventSink {
 public:
  virtual ~EventSink() = default;
  virtual void emit(events::Envelope&& event) = 0;
};

class Publisher final : public EventSink {
 public:
  // Events per synced append: large enough that the fsync is paid rarely (10,000 events are
  // about 2 MB), small enough to bound memory.
  static constexpr std::size_t kDefaultBatch = 10'000;
  explicit Publisher(log::EventLog& log, std::size_t batch_size = kDefaultBatch)
      : log_(log), batch_size_(batch_size) {}

  void emit(events::Envelope&& event) override;
  // An event already encoded (events::encode) with its partition key.
  void emit_encoded(std::string partition_key, std::string value);
  Status flush();
  std::int64_t published() const { return published_; }
  // Where each published event went, in the order emitted.
  const std::vector<log::Appended>& appended() const { return appended_; }

 private:
  log::EventLog& log_;
  std::size_t batch_size_;
  std::vector<std::string> keys_, values_;
  std::int64_t published_ = 0;
  std::vector<log::Appended> appended_;
  std::optional<Error> failure_;
};

// Collects events in memory (tests, and small command batches).
class CollectingSink final : public EventSink {
 public:
  void emit(events::Envelope&& event) override { events.push_back(std::move(event)); }
  std::vector<events::Envelope> events;
};

}  // namespace tally::ingest
