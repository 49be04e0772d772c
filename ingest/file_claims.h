// FileClaims: which node of a Kafka cluster takes a received file. Every node ingests its own
// inbox, so the same file dropped on two nodes must be taken by one: before publishing, a node
// claims the file's SHA-256 (node/cluster_files.h keeps the claims on the cluster's directory
// topic), and a file another node claimed first is a duplicate here. On the embedded log there
// is one node and no claims.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace tally::ingest {

// The claim that came first, another node's.
struct ClaimedElsewhere {
  std::string node;
  std::int64_t at_us = 0;
  bool accepted = false;  // its events are published; false: it is taking the file now
};

class FileClaims {
 public:
  virtual ~FileClaims() = default;
  // Claims the file for this node: nullopt when it is this node's to publish.
  virtual Result<std::optional<ClaimedElsewhere>> claim(std::string_view sha256) = 0;
  // Its events are published: no node takes it again.
  virtual void accepted(std::string_view sha256) = 0;
};

}  // namespace tally::ingest
