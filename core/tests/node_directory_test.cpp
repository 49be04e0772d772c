// The cluster's node directory: announcements encoded and read back, who owns a partition,
// keys checked, and the topic itself on the mock cluster (or TALLY_KAFKA_BROKERS).
#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "core/log/node_directory.h"
#include "core/tests/log_fixtures.h"

using namespace tally;
using namespace tally::log;

namespace {

NodeAnnouncement announcement(std::string node, std::vector<PartitionId> serving, std::int64_t offset = -1) {
  return {.node = std::move(node),
          .api_url = "http://127.0.0.1:8081",
          .keys_fingerprint = "00ff",
          .serving = std::move(serving),
          .offset = offset};
}

}  // namespace

TEST_CASE("a node announcement reads back as written, and anything else is not one", "[log][cluster]") {
  const NodeAnnouncement a = announcement("n1", {PartitionId(0), PartitionId(5)});
  const auto back = decode_announcement("n1", encode_announcement(a), 42);
  REQUIRE(back);
  CHECK(back->api_url == a.api_url);
  CHECK(back->keys_fingerprint == "00ff");
  CHECK(back->serving == a.serving);
  CHECK(back->offset == 42);
  const auto none = decode_announcement("n1", encode_announcement(announcement("n1", {})), 1);
  REQUIRE(none);
  CHECK(none->serving.empty());
  for (const char* bad : {"", "tally-node 2\nx\ny\n1\n", "tally-node 1\nx\ny\n1,a\n", "tally-node 1\nx\ny\n",
                          "tally-node 1\nx\ny\n1\nextra"})
    CHECK_FALSE(decode_announcement("n1", bad, 1));
  CHECK_FALSE(decode_announcement("", encode_announcement(a), 1));
}

TEST_CASE("a partition belongs to the newest announcement naming it", "[log][cluster]") {
  // n1 died owning 0 and 1; n2 was given 1 since; n3 owns 2.
  const auto owners = owners_by_partition({announcement("n1", {PartitionId(0), PartitionId(1)}, 10),
                                           announcement("n2", {PartitionId(1)}, 20),
                                           announcement("n3", {PartitionId(2)}, 15)});
  REQUIRE(owners.size() == 3);
  CHECK(owners.at(PartitionId(0)).node == "n1");
  CHECK(owners.at(PartitionId(1)).node == "n2");
  CHECK(owners.at(PartitionId(2)).node == "n3");
}

TEST_CASE("a node with other keys is named; the same keys or none are fine", "[log][cluster]") {
  std::vector<NodeAnnouncement> nodes{announcement("n1", {}), announcement("n2", {})};
  nodes[1].keys_fingerprint = "";  // a node that announced no keys
  CHECK_FALSE(keys_conflict(nodes, "n3", "00ff"));
  CHECK_FALSE(keys_conflict(nodes, "n1", "abcd"));  // its own old announcement
  const auto conflict = keys_conflict(nodes, "n3", "abcd");
  REQUIRE(conflict);
  CHECK(conflict->find("n1") != std::string::npos);
}

TEST_CASE("nodes read each other's announcements from the topic", "[log][kafka][cluster]") {
  testing::KafkaLogFixture fixture;
  if (fixture.cluster) REQUIRE(fixture.cluster->create_topic(node_topic(fixture.topic), 1, 3).ok());
  else REQUIRE(create_topic(fixture.brokers, node_topic(fixture.topic), 1, 1).ok());

  auto first = NodeDirectory::open(fixture.options());
  REQUIRE(first);
  REQUIRE((*first)->wait_caught_up(10000));
  CHECK((*first)->nodes().empty());
  REQUIRE((*first)->announce(announcement("n1", {PartitionId(0), PartitionId(1)})).ok());
  REQUIRE((*first)->announce(announcement("n2", {PartitionId(2)})).ok());
  REQUIRE((*first)->announce(announcement("n1", {PartitionId(0)})).ok());  // n1 gave up 1

  // A node starting later reads every node's latest.
  auto second = NodeDirectory::open(fixture.options());
  REQUIRE(second);
  REQUIRE((*second)->wait_caught_up(10000));
  std::vector<NodeAnnouncement> seen;
  for (int i = 0; i < 100 && seen.size() < 2; ++i) {
    seen = (*second)->nodes();
    if (seen.size() < 2 || seen[0].serving.size() != 1) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  REQUIRE(seen.size() == 2);
  CHECK(seen[0].node == "n1");
  CHECK(seen[0].serving == std::vector<PartitionId>{PartitionId(0)});
  CHECK(seen[1].node == "n2");
  CHECK(seen[0].offset > seen[1].offset);

  // And the first sees what is announced after it started.
  REQUIRE((*second)->announce(announcement("n3", {PartitionId(1)})).ok());
  bool found = false;
  for (int i = 0; i < 100 && !found; ++i) {
    for (const auto& n : (*first)->nodes()) found = found || n.node == "n3";
    if (!found) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  CHECK(found);
}

TEST_CASE("the directory refuses a topic of more than one partition", "[log][kafka][cluster]") {
  testing::KafkaLogFixture fixture;
  if (!fixture.cluster) {
    WARN("skipped: runs on the mock cluster only, to leave no two-partition topic on a real one (TALLY_KAFKA_BROKERS is set)");
    return;
  }
  REQUIRE(fixture.cluster->create_topic(node_topic(fixture.topic), 2, 3).ok());
  const auto two = NodeDirectory::open(fixture.options());
  REQUIRE_FALSE(two);
  CHECK(two.error().message.find("exactly 1") != std::string::npos);
}
