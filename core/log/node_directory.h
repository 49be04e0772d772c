// NodeDirectory: the nodes of one Tally cluster on Kafka, read from and announced on the topic
// "<topic>.nodes" (node_announcement.h). A reader thread follows the topic from its start, so
// nodes() is every node's latest announcement; announce() writes this node's. The same topic
// carries the nodes' claims on received files (FileClaim).
//
// The topic must exist with one partition (deploy/kafka-topics.sh makes it compacted, so it
// keeps one record per node; `tally dev-broker` makes it on the mock cluster).
//
// Threads: any; the reader runs until destruction.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/log/kafka_log.h"
#include "core/log/node_announcement.h"
#include "core/result.h"

namespace tally::log {

class NodeDirectory {
 public:
  // Checks the topic exists, then starts reading it from the start.
  static Result<std::unique_ptr<NodeDirectory>> open(const KafkaLogOptions& options);
  ~NodeDirectory();
  NodeDirectory(const NodeDirectory&) = delete;
  NodeDirectory& operator=(const NodeDirectory&) = delete;

  const std::string& topic() const;
  // Writes `announcement` (keyed by its node) and waits, at most 10 s, for the broker to
  // acknowledge it.
  Status announce(const NodeAnnouncement& announcement);
  // Writes a claim on a file (keyed "file/<sha256>"), as announce(); returns its offset.
  Result<std::int64_t> put_claim(const FileClaim& claim);
  // Every claim read for the file, in offset order.
  std::vector<FileClaim> claims(std::string_view sha256) const;
  // Waits until the reader has read the record at `offset`; false after timeout_ms.
  bool wait_read(std::int64_t offset, int timeout_ms) const;
  // Waits until the reader has read the topic to its end once; false after timeout_ms.
  bool wait_caught_up(int timeout_ms) const;
  // Every node's latest announcement, in node order.
  std::vector<NodeAnnouncement> nodes() const;

  struct Impl;

 private:
  explicit NodeDirectory(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

std::string node_topic(const std::string& events_topic);

}  // namespace tally::log
