// This node's place in a Kafka cluster's directory (core/log/node_directory.h). At start it
// reads every node's announcement and refuses to run beside a node whose keys differ: the same
// file would hash and seal differently on the two, and their events would conflict. Then it
// announces where its API is and the partitions it serves, again within a quarter second
// whenever they change, and that it serves none when it stops.
//
// Threads: owners() and nodes() from any thread; the announcing thread runs until destruction.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/log/kafka_log.h"
#include "core/log/node_directory.h"
#include "core/result.h"

namespace tally::node {

// How this node is known in the directory: its group.instance.id, else its advertised URL,
// else host name and data folder (stable across restarts, so a restart replaces its entry).
std::string node_name(const Config& config);

class ClusterPresence {
 public:
  // bad_config when another node's keys differ; log_unavailable when the directory's topic
  // cannot be read or written.
  static Result<std::unique_ptr<ClusterPresence>> start(const Config& config, log::KafkaLog& kafka,
                                                        const std::string& keys_fingerprint);
  ~ClusterPresence();
  ClusterPresence(const ClusterPresence&) = delete;
  ClusterPresence& operator=(const ClusterPresence&) = delete;

  const std::string& node() const;
  // Who owns each partition now, by the newest announcements, this node left out.
  std::map<PartitionId, log::NodeAnnouncement> others_by_partition() const;
  // Every node's latest announcement (this one's included), for /healthz.
  std::vector<log::NodeAnnouncement> nodes() const;
  // The directory itself, for the nodes' claims on files (cluster_files.h).
  log::NodeDirectory& directory();

  struct Impl;

 private:
  explicit ClusterPresence(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace tally::node
