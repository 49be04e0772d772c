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

TEST_CASE("a node with other keys is named and the same keys or none are fine", "[log][cluster]") {
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

TEST_CASE("a file claim reads back as written", "[log][cluster]") {
  const FileClaim claim{"ab12", "n1", true, 1'700'000'000'000'000, -1};
  const auto back = decode_file_claim(file_claim_key("ab12"), encode_file_claim(claim), 9);
  REQUIRE(back);
  CHECK(back->sha256 == "ab12");
  CHECK(back->node == "n1");
  CHECK(back->accepted);
  CHECK(back->at_us == claim.at_us);
  CHECK(back->offset == 9);
  CHECK_FALSE(decode_file_claim("n1", encode_file_claim(claim), 9));  // an announcement's key
  CHECK_FALSE(decode_file_claim("file/", encode_file_claim(claim), 9));
  CHECK_FALSE(decode_file_claim("file/ab12", "tally-file 1\ntaken\nn1\n5\n", 9));
  CHECK_FALSE(decode_file_claim("file/ab12", "tally-file 1\nclaimed\nn1\nsoon\n", 9));
  CHECK_FALSE(decode_announcement("file/ab12", encode_file_claim(claim), 9));
}

TEST_CASE("the first live claim takes a file and an accepted one keeps it", "[log][cluster]") {
  constexpr std::int64_t kStale = 600'000'000, kNow = 10'000'000'000;
  const auto claim = [](std::string node, std::int64_t at, bool accepted, std::int64_t offset) {
    return FileClaim{"f", std::move(node), accepted, at, offset};
  };
  CHECK(decide_claim({}, "n1", kNow, kStale).verdict == ClaimVerdict::unclaimed);
  // Two nodes claimed at once: the one first in the topic takes it, for both of them.
  const std::vector<FileClaim> race{claim("n2", kNow - 5, false, 1), claim("n1", kNow - 4, false, 2)};
  CHECK(decide_claim(race, "n2", kNow, kStale).verdict == ClaimVerdict::mine);
  const auto lost = decide_claim(race, "n1", kNow, kStale);
  CHECK(lost.verdict == ClaimVerdict::elsewhere);
  CHECK(lost.by.node == "n2");
  // A claim its node never accepted is given up after a while: the file is not lost with it.
  const std::vector<FileClaim> dead{claim("n3", kNow - kStale - 1, false, 1)};
  CHECK(decide_claim(dead, "n1", kNow, kStale).verdict == ClaimVerdict::unclaimed);
  const std::vector<FileClaim> taken_over{claim("n3", kNow - kStale - 1, false, 1), claim("n1", kNow, false, 2)};
  CHECK(decide_claim(taken_over, "n1", kNow, kStale).verdict == ClaimVerdict::mine);
  // ... but an accepted file stays taken, however old.
  const std::vector<FileClaim> done{claim("n3", 1, false, 1), claim("n3", 2, true, 2)};
  CHECK(decide_claim(done, "n1", kNow, kStale).verdict == ClaimVerdict::elsewhere);
  CHECK(decide_claim(done, "n3", kNow, kStale).verdict == ClaimVerdict::mine);
}

TEST_CASE("claims on the topic: each node reads the other's, in topic order", "[log][kafka][cluster]") {
  testing::KafkaLogFixture fixture;
  if (fixture.cluster) REQUIRE(fixture.cluster->create_topic(node_topic(fixture.topic), 1, 3).ok());
  else REQUIRE(create_topic(fixture.brokers, node_topic(fixture.topic), 1, 1).ok());
  auto a = NodeDirectory::open(fixture.options());
  auto b = NodeDirectory::open(fixture.options());
  REQUIRE(a);
  REQUIRE(b);
  const auto first = (*a)->put_claim({"f00d", "na", false, 1, -1});
  const auto second = (*b)->put_claim({"f00d", "nb", false, 2, -1});
  REQUIRE(first);
  REQUIRE(second);
  CHECK(*second > *first);
  REQUIRE((*a)->wait_read(*second, 10000));
  REQUIRE((*b)->wait_read(*second, 10000));
  for (auto* directory : {a->get(), b->get()}) {
    const auto seen = directory->claims("f00d");
    REQUIRE(seen.size() == 2);
    CHECK(seen[0].node == "na");
    CHECK(decide_claim(seen, "nb", 3, 600'000'000).verdict == ClaimVerdict::elsewhere);
    CHECK(decide_claim(seen, "na", 3, 600'000'000).verdict == ClaimVerdict::mine);
  }
  CHECK((*a)->nodes().empty());  // claims are not nodes
}
