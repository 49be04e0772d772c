// Node: the services of one Tally process, opened in dependency order and closed in reverse:
// the data folder, the event log (embedded, or Kafka when brokers are configured), the file
// registry and keys, the ledger (this process's books: every partition on the embedded log,
// the partitions the consumer group gives it on Kafka), the reconciler, the intake and the
// counter (its checks go to the registry's check register, for X9.37 returns). Commands, the server,
// tests and benchmarks open one and use what they need.
//
// Threads: the accessors may be used from any thread, as each service allows.
// start_posting()/finish_posting() from one thread.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <thread>

#include "core/config.h"
#include "core/log/event_log.h"
#include "core/log/kafka_log.h"
#include "counter/counter.h"
#include "counter/store.h"
#include "ingest/file_registry.h"
#include "ingest/intake.h"
#include "ledger/ledger.h"
#include "ledger/service.h"
#include "reconcile/reconciler.h"

namespace tally::node {

class Node {
 public:
  // Opens everything under config.data_dir, creating folders and keys on first use. A data
  // folder held by another process is an in_use error naming the inbox to use instead.
  static Result<std::unique_ptr<Node>> open(const Config& config);
  ~Node();  // finishes posting, then closes the services in reverse order
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  const Config& config() const { return config_; }
  log::EventLog& log() { return *log_; }
  ingest::FileRegistry& registry() { return *registry_; }
  ledger::Ledger& ledger() { return *ledger_; }
  ingest::Intake& intake() { return *intake_; }
  reconcile::Reconciler& reconciler() { return *reconciler_; }
  counter::Counter& counter() { return *counter_; }
  counter::Store& counter_store() { return *counter_store_; }
  // The matching options the configuration sets.
  reconcile::MatchOptions match_options() const;
  // Whether this process posts what is published (the embedded log), rather than the
  // ledger processes of a Kafka consumer group.
  bool posts_here() const { return config_.kafka.brokers.empty(); }

  // Embedded: applies everything the log holds beyond the ledger's positions, in bulk
  // (ledger/service.h), and returns what the batches met. Kafka: nothing.
  Result<ledger::ApplyStats> post_pending();

  // Embedded: posts in bulk on a thread of its own while files are published, so parsing and
  // publishing overlap with posting. finish_posting() then posts what is left, waits until
  // it is durable, and returns what the batches met. Kafka: nothing.
  void start_posting();
  Result<ledger::ApplyStats> finish_posting();

 private:
  explicit Node(const Config& config) : config_(config) {}
  static ledger::ServiceOptions posting_options();

  Config config_;
  std::unique_ptr<log::EventLog> log_;
  std::unique_ptr<ingest::FileRegistry> registry_;
  std::unique_ptr<ledger::Ledger> ledger_;
  std::unique_ptr<reconcile::Reconciler> reconciler_;
  std::unique_ptr<ingest::Intake> intake_;
  std::unique_ptr<counter::Store> counter_store_;
  std::unique_ptr<counter::Counter> counter_;

  struct Posting {
    std::unique_ptr<ledger::LedgerService> service;
    std::atomic<bool> stop{false};
    Status result;
    std::thread thread;
  };
  std::optional<Posting> posting_;
};

// Creates the data folder and its sub-folders (log, ledger, reconcile, inbox, processed,
// quarantine).
Status prepare_data_dir(const Config& config);

// The [kafka] TLS and SASL settings as librdkafka properties (only those set).
std::map<std::string, std::string> kafka_security_settings(const KafkaSettings& kafka);

// How the configuration's [kafka] section reaches librdkafka (brokers set).
log::KafkaLogOptions kafka_log_options(const Config& config);

// The event log the configuration names: Kafka when brokers are set, else the embedded
// RocksDB log under the data folder.
Result<std::unique_ptr<log::EventLog>> open_event_log(const Config& config);

}  // namespace tally::node
