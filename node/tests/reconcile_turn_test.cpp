// Which node of a Kafka cluster decides the reconciler's runs: the one serving partition 0,
// and not while one of its readers' partitions is stopped.
#include <catch2/catch.hpp>

#include "node/reconcile_turn.h"

using namespace tally;

TEST_CASE("the node serving partition 0 decides the reconciler's runs, the others follow", "[node][reconcile]") {
  const auto first = node::reconcile_turn({PartitionId(0), PartitionId(3)}, {});
  CHECK(first.decides);
  CHECK(first.state.find("decides") != std::string::npos);

  const auto other = node::reconcile_turn({PartitionId(1), PartitionId(2)}, {});
  CHECK_FALSE(other.decides);
  CHECK(other.state.find("following") == 0);

  CHECK_FALSE(node::reconcile_turn({}, {}).decides);  // between assignments: nobody here decides
}

TEST_CASE("a node with a stopped partition does not decide, and says which", "[node][reconcile]") {
  log::StoppedPartition gap;
  gap.group = "tally-reconcile";
  gap.partition = PartitionId(5);
  gap.reason = log::StopReason::kGap;
  const auto turn = node::reconcile_turn({PartitionId(0)}, {gap});
  CHECK_FALSE(turn.decides);
  CHECK(turn.state.find("partition 5 is stopped (gap)") != std::string::npos);
}
