// ClusterFiles: a Kafka node's claims on the files it receives (ingest/file_claims.h), kept on
// the cluster's directory topic (core/log/node_directory.h). A node claims a file before
// publishing it and reads the topic up to its own claim: the first live claim takes the file.
// A claim not accepted within ten minutes is given up (its node died mid-file), so a file is
// never lost to a dead node: dropped again on any node, it is taken.
#pragma once

#include <string>

#include "core/log/node_directory.h"
#include "ingest/file_claims.h"

namespace tally::node {

class ClusterFiles final : public ingest::FileClaims {
 public:
  ClusterFiles(log::NodeDirectory& directory, std::string node) : directory_(directory), node_(std::move(node)) {}
  Result<std::optional<ingest::ClaimedElsewhere>> claim(std::string_view sha256) override;
  void accepted(std::string_view sha256) override;

 private:
  log::NodeDirectory& directory_;
  std::string node_;
};

}  // namespace tally::node
