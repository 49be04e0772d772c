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

// A node's claim on a received file, on the same topic under the key "file/<sha256>": on Kafka
// every node ingests its own inbox, so the same file dropped on two nodes is taken by the one
// whose claim comes first, and the other calls it a duplicate.
struct FileClaim {
  std::string sha256;
  std::string node;
  bool accepted = false;    // false: being ingested; true: its events are published
  std::int64_t at_us = 0;   // when, by the claiming node's clock
  std::int64_t offset = -1; // its place in the topic; set when read
};

std::string file_claim_key(std::string_view sha256);
std::string encode_file_claim(const FileClaim& claim);
// nullopt for a key or value that is not a file claim.
std::optional<FileClaim> decode_file_claim(std::string_view key, std::string_view value, std::int64_t offset);

// Who takes a file, from every claim read for it (in offset order).
enum class ClaimVerdict {
  mine,        // this node's: it was accepted here, or this node's live claim came first
  unclaimed,   // nobody's: claim it
  elsewhere,   // another node accepted it, or its live claim came first
};
struct ClaimDecision {
  ClaimVerdict verdict = ClaimVerdict::unclaimed;
  FileClaim by;  // elsewhere: the claim that decided
};
// A claim not accepted within `stale_after_us` is given up (its node died mid-file): the file
// is not lost, another node may take it.
ClaimDecision decide_claim(const std::vector<FileClaim>& claims, std::string_view self, std::int64_t now_us,
                           std::int64_t stale_after_us);

// A node other than `self` whose keys differ from `fingerprint`, as a message for the
// operator; nullopt when every node that announced keys has the same.
std::optional<std::string> keys_conflict(const std::vector<NodeAnnouncement>& latest, std::string_view self,
                                         std::string_view fingerprint);

}  // namespace tally::log
