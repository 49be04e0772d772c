#include "core/log/partition_check.h"

#include <charconv>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace tally::log {

std::string_view stop_reason_name(StopReason reason) {
  switch (reason) {
    case StopReason::kNone: return "none";
    case StopReason::kGap: return "gap";
    case StopReason::kAhead: return "ahead";
    case StopReason::kTopicChanged: return "topic_changed";
    case StopReason::kOutOfRange: return "out_of_range";
  }
  return "unknown";
}

StopReason check_position(LogPosition stored, Watermarks kept) {
  if (stored > kept.high) return StopReason::kAhead;
  if (stored == kept.high) return StopReason::kNone;  // fully applied, whatever was deleted
  if (stored < kept.low) return StopReason::kGap;
  return StopReason::kNone;
}

std::int64_t lag_records(LogPosition stored, Watermarks kept) {
  return stored >= kept.high ? 0 : kept.high.value() - stored.value();
}

std::string TopicIdentity::text() const {
  return fmt::format("cluster={} topic={} partitions={}", cluster_id, topic, partitions);
}

std::optional<TopicIdentity> TopicIdentity::parse(std::string_view text) {
  // Three space-separated fields, in order; cluster ids and topic names hold no spaces.
  constexpr std::string_view kNames[] = {"cluster=", "topic=", "partitions="};
  std::vector<std::string_view> values;
  for (std::string_view name : kNames) {
    if (!text.starts_with(name)) return std::nullopt;
    text.remove_prefix(name.size());
    const std::size_t end = text.find(' ');
    values.push_back(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
  }
  if (!text.empty()) return std::nullopt;
  TopicIdentity id{std::string(values[0]), std::string(values[1]), 0};
  const std::string_view n = values[2];
  const auto [ptr, ec] = std::from_chars(n.data(), n.data() + n.size(), id.partitions);
  if (ec != std::errc() || ptr != n.data() + n.size() || id.topic.empty()) return std::nullopt;
  return id;
}

std::string identity_difference(const std::optional<TopicIdentity>& stored,
                                const TopicIdentity& current) {
  if (!stored || *stored == current) return {};
  std::vector<std::string> parts;
  if (stored->cluster_id != current.cluster_id)
    parts.push_back(fmt::format("cluster {} is now {}", stored->cluster_id, current.cluster_id));
  if (stored->topic != current.topic)
    parts.push_back(fmt::format("topic {} is now {}", stored->topic, current.topic));
  if (stored->partitions != current.partitions)
    parts.push_back(fmt::format("{} partitions are now {}", stored->partitions, current.partitions));
  return fmt::format("the books were built from another topic: {}", fmt::join(parts, ", "));
}

}  // namespace tally::log
