// What a Tally node on Kafka tells the others about itself, on the topic "<topic>.nodes" (one
// partition, compacted, keyed by node): where its API is, the partitions it serves, and the
// fingerprint of its keys. Pure: the encoding, and who owns each partition by the newest
// announcements (node_directory.h reads and writes the topic).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.h"

namespace tally::log {

struct NodeAnnouncement {
  std::string node;              // unique in the cluster: the record's key
  std::string api_url;           // "https://tally-2.example:8080"; empty: answers only itself
  std::string keys_fingerprint;  // keys_fingerprint() of its keys (ingest/sealing.h)
  std::vector<PartitionId> serving;  // the partitions whose books it keeps current now
  std::int64_t offset = -1;      // its place in the topic; set when read, orders announcements
};

// The record's value: "tally-node 1", the URL, the fingerprint and the partitions, one a line.
std::string encode_announcement(const NodeAnnouncement& announcement);
// nullopt for a value that is not one (another program's record on the topic).
std::optional<NodeAnnouncement> decode_announcement(std::string_view node, std::string_view value,
                                                    std::int64_t offset);

// Which node owns each partition: the newest announcement (highest offset) naming it. A node
// that died without saying so still names its partitions, until the node given them announces.
std::map<PartitionId, NodeAnnouncement> owners_by_partition(const std::vector<NodeAnnouncement>& latest);

// A node other than `self` whose keys differ from `fingerprint`, as a message for the
// operator; nullopt when every node that announced keys has the same.
std::optional<std::string> keys_conflict(const std::vector<NodeAnnouncement>& latest, std::string_view self,
                                         std::string_view fingerprint);

}  // namespace tally::log
