#include "core/log/log_ends.h"

namespace tally::log {

void LogEnds::read(const std::vector<LogRecord>& records) {
  for (const LogRecord& r : records) {
    LogPosition& next = next_[r.partition];
    if (r.position.value() + 1 > next.value()) next = LogPosition(r.position.value() + 1);
  }
}

bool LogEnds::reached() const {
  if (!known_) return false;
  for (const auto& [partition, next] : next_)
    if (partition.value() < ends_.size() && next.value() < ends_[partition.value()].value()) return false;
  return true;
}

bool LogEnds::at_ends() const {
  if (!known_) return false;
  for (const auto& [partition, next] : next_)
    if (partition.value() >= ends_.size() || next.value() != ends_[partition.value()].value()) return false;
  return true;
}

LogEnds read_log_ends(const EndsReader& reader, std::map<PartitionId, LogPosition> starts) {
  if (!reader) return {};
  auto ends = reader();
  if (!ends) return {};
  return LogEnds(std::move(*ends), std::move(starts));
}

}  // namespace tally::log
