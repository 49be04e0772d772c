// The pure decisions behind the Kafka consumer's checks on assignment (partition_check.h).
#include <catch2/catch.hpp>

#include "core/log/partition_check.h"

using tally::LogPosition;
namespace tlog = tally::log;

namespace {
tlog::Watermarks kept(std::int64_t low, std::int64_t high) { return {LogPosition(low), LogPosition(high)}; }
}  // namespace

TEST_CASE("a stored position inside the kept range is consumed", "[log][partition_check]") {
  CHECK(tlog::check_position(LogPosition(0), kept(0, 0)) == tlog::StopReason::kNone);
  CHECK(tlog::check_position(LogPosition(0), kept(0, 10)) == tlog::StopReason::kNone);
  CHECK(tlog::check_position(LogPosition(5), kept(3, 10)) == tlog::StopReason::kNone);
  CHECK(tlog::check_position(LogPosition(3), kept(3, 10)) == tlog::StopReason::kNone);
  CHECK(tlog::check_position(LogPosition(10), kept(3, 10)) == tlog::StopReason::kNone);
}

TEST_CASE("a stored position below the low watermark is a gap, never a jump to the oldest record",
          "[log][partition_check]") {
  // The bug of issue #20: a new owner at stored position 0 jumped to the oldest kept record.
  CHECK(tlog::check_position(LogPosition(0), kept(4, 10)) == tlog::StopReason::kGap);
  CHECK(tlog::check_position(LogPosition(3), kept(4, 10)) == tlog::StopReason::kGap);
}

TEST_CASE("a fully applied partition is fine even when the broker deleted every record",
          "[log][partition_check]") {
  CHECK(tlog::check_position(LogPosition(10), kept(10, 10)) == tlog::StopReason::kNone);
  CHECK(tlog::check_position(LogPosition(9), kept(10, 10)) == tlog::StopReason::kGap);
}

TEST_CASE("a stored position above the high watermark means the topic was reset or recreated",
          "[log][partition_check]") {
  CHECK(tlog::check_position(LogPosition(11), kept(0, 10)) == tlog::StopReason::kAhead);
  CHECK(tlog::check_position(LogPosition(500), kept(0, 0)) == tlog::StopReason::kAhead);
}

TEST_CASE("lag is what the partition holds beyond the stored position", "[log][partition_check]") {
  CHECK(tlog::lag_records(LogPosition(3), kept(0, 10)) == 7);
  CHECK(tlog::lag_records(LogPosition(10), kept(0, 10)) == 0);
  CHECK(tlog::lag_records(LogPosition(12), kept(0, 10)) == 0);
}

TEST_CASE("stop reasons have stable names for metrics and scripts", "[log][partition_check]") {
  CHECK(tlog::stop_reason_name(tlog::StopReason::kGap) == "gap");
  CHECK(tlog::stop_reason_name(tlog::StopReason::kAhead) == "ahead");
  CHECK(tlog::stop_reason_name(tlog::StopReason::kTopicChanged) == "topic_changed");
  CHECK(tlog::stop_reason_name(tlog::StopReason::kOutOfRange) == "out_of_range");
}

TEST_CASE("a topic identity reads back from its stored text", "[log][partition_check]") {
  const tlog::TopicIdentity id{"mockCluster1a2b", "tally.events", 8};
  CHECK(id.text() == "cluster=mockCluster1a2b topic=tally.events partitions=8");
  const auto back = tlog::TopicIdentity::parse(id.text());
  REQUIRE(back.has_value());
  CHECK(*back == id);
  CHECK_FALSE(tlog::TopicIdentity::parse("cluster=x topic=t").has_value());
  CHECK_FALSE(tlog::TopicIdentity::parse("cluster=x topic=t partitions=8x").has_value());
  CHECK_FALSE(tlog::TopicIdentity::parse("topic=t cluster=x partitions=8").has_value());
}

TEST_CASE("another cluster or partition count is another topic and the first use is not",
          "[log][partition_check]") {
  const tlog::TopicIdentity now{"c2", "tally.events", 8};
  CHECK(tlog::identity_difference(std::nullopt, now).empty());
  CHECK(tlog::identity_difference(now, now).empty());
  const std::string cluster = tlog::identity_difference(tlog::TopicIdentity{"c1", "tally.events", 8}, now);
  CHECK(cluster.find("cluster c1 is now c2") != std::string::npos);
  const std::string count = tlog::identity_difference(tlog::TopicIdentity{"c2", "tally.events", 4}, now);
  CHECK(count.find("4 partitions are now 8") != std::string::npos);
}
