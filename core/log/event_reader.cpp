#include "core/log/event_reader.h"

#include <spdlog/spdlog.h>

namespace tally::log {

Result<std::vector<ReadItem>> EventReader::poll(int timeout_ms, std::size_t max_items) {
  TALLY_TRY(std::vector<LogRecord> records, consumer_->poll(timeout_ms, max_items));
  std::vector<ReadItem> out;
  out.reserve(records.size());
  for (LogRecord& record : records) {
    Result<events::Envelope> decoded = events::decode(record.value);
    if (decoded) {
      out.push_back({record.partition, record.position, std::move(decoded).value(), {}});
      continue;
    }
    const std::string reason = decoded.error().describe();
    spdlog::error("event log {}: record at partition {} position {} dead-lettered: {}",
                  log_.describe(), record.partition.value(), record.position.value(), reason);
    TALLY_TRY_STATUS(log_.put_dead_letter(
        DeadLetter{record.partition, record.position, reason, std::move(record.value)}));
    ++dead_lettered_;
    out.push_back({record.partition, record.position, std::nullopt, reason});
  }
  return out;
}

}  // namespace tally::log
