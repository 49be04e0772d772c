// The Kafka books' guard: the books never skip a record the broker deleted, and never follow
// a topic other than the one they were built from, without an operator saying so.
//
// Stored with the books (the ledger's meta column family, beside the per-partition states):
//   "kafka.topic"                       TopicIdentity::text() of the topic the books follow
//   "kafka.decision." be64 micros, be32 partition   one line per operator decision (accept)
// Both are written with sync; the identity on first use (guard_topic) and by accept_topic.
//
// Threads: guard_topic before the apply loop starts; accept_topic with no apply loop running
// (the CLI holds the data folder); check_positions any time.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/log/kafka_log.h"
#include "core/log/partition_check.h"
#include "ledger/ledger.h"

namespace tally::ledger {

inline constexpr const char* kTopicIdentityKey = "kafka.topic";

Result<std::optional<log::TopicIdentity>> stored_topic_identity(const Ledger& ledger);
Status store_topic_identity(Ledger& ledger, const log::TopicIdentity& identity);

// Before consuming: makes the log recognise the books' last applied record of each partition
// by its event id (KafkaLog::recognise_with; the ledger must outlive the log's consumers), and
// compares the topic's identity with the books'. Nothing stored yet: the
// current one is stored (first use). Different: log.refuse_topic() so every partition stops
// (kTopicChanged), and the difference is returned (empty when the topic is the books').
Result<std::string> guard_topic(Ledger& ledger, log::KafkaLog& log);

// One partition moved by accept_topic.
struct AcceptedPartition {
  PartitionId partition;
  LogPosition from{0};
  LogPosition to{0};
  log::StopReason reason = log::StopReason::kNone;
};

// The operator's confirmation that the books follow the topic as it is now (`tally ledger
// accept-topic`): for each partition (all, or those named) whose position is outside the
// kept range, or every partition when the topic's identity changed, the position moves to the
// partition's low watermark (a gap's records are lost to these books; a new topic is read
// from its start, its events already applied recognised by their ids), the decision is kept
// with `user` and the time, and the topic's identity is stored. Refused when the partition
// count changed (keys would land on other partitions): rebuild the books then.
Result<std::vector<AcceptedPartition>> accept_topic(Ledger& ledger, log::KafkaLog& log,
                                                    std::string_view user,
                                                    const std::vector<PartitionId>& only);

// The decisions kept by accept_topic, oldest first.
Result<std::vector<std::string>> topic_decisions(const Ledger& ledger);

// `tally ledger verify` on Kafka: each partition the books hold (and each of the topic's)
// against the kept range: a position above the high watermark, or below the low one while
// records remain unapplied, is a problem. identity_problem is set when the topic is another.
struct PositionProblem {
  PartitionId partition;
  LogPosition stored{0};
  log::Watermarks kept;
  log::StopReason reason = log::StopReason::kNone;
};
struct PositionReport {
  std::string identity_problem;
  std::vector<PositionProblem> problems;
  std::uint32_t partitions_checked = 0;
};
Result<PositionReport> check_positions(const Ledger& ledger, log::KafkaLog& log, int timeout_ms);

}  // namespace tally::ledger
