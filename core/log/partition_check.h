// Whether a partition may be consumed from the position the books hold: the pure decisions
// behind the Kafka consumer's checks on assignment (kafka_log.cpp) and `tally ledger verify`
// on Kafka. No I/O here: the adapters read the watermarks and the cluster, these decide.
//
// Kafka keeps a partition's records in [low watermark, high watermark). Books that resume at
// a position below the low watermark would skip the records the broker deleted (a gap);
// above the high watermark they are ahead of the topic (a topic reset or recreated: every
// record published since would be ignored). Either way the partition stops until an
// operator rebuilds the books or accepts the topic as it is (docs/operations.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/ids.h"

namespace tally::log {

// The range a broker keeps of one partition: records low..high-1.
struct Watermarks {
  LogPosition low{0};
  LogPosition high{0};
};

// Why a partition stopped. Names (stop_reason_name) are stable: metrics and scripts use them.
enum class StopReason {
  kNone,           // consumed
  kGap,            // stored position below the low watermark: records were deleted unread
  kAhead,          // stored position above the high watermark: the topic was reset or recreated
  kTopicChanged,   // the topic is not the one the books were built from (cluster, name, partitions)
  kOutOfRange,     // the broker answered a fetch with offset-out-of-range
};
std::string_view stop_reason_name(StopReason reason);

// The decision for a stored position against what the broker keeps. A stored position equal
// to the high watermark is fully applied: it is fine even when the broker has since deleted
// every record (low == high).
StopReason check_position(LogPosition stored, Watermarks kept);

// What a partition has to read before the books are current: high - stored, 0 when ahead.
std::int64_t lag_records(LogPosition stored, Watermarks kept);

// The topic the books were built from. librdkafka 2.0.2 exposes no topic UUID, so the
// identity is the cluster id, the topic's name and its partition count: a topic deleted and
// created again on the same cluster keeps its identity, and is caught by the positions.
struct TopicIdentity {
  std::string cluster_id;
  std::string topic;
  std::uint32_t partitions = 0;

  // Stored form, one line: "cluster=<id> topic=<name> partitions=<n>".
  std::string text() const;
  static std::optional<TopicIdentity> parse(std::string_view text);
  bool operator==(const TopicIdentity&) const = default;
};

// Compares the identity stored with the books to the topic's now: empty when they are the
// same (or nothing is stored yet: the first use records it), else what differs, for people.
std::string identity_difference(const std::optional<TopicIdentity>& stored,
                                const TopicIdentity& current);

}  // namespace tally::log
