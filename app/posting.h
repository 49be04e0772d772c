// The services a command needs to take files to posted balances on one machine: the event
// log, the file registry and keys, the intake, and (on the embedded log) the ledger.
// `tally ingest`, `tally serve` and the autopay and suspense commands share them.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <thread>

#include "core/config.h"
#include "core/log/event_log.h"
#include "ingest/file_registry.h"
#include "ingest/intake.h"
#include "ledger/ledger.h"

namespace tally::app {

struct PostingServices {
  Config config;
  std::unique_ptr<log::EventLog> log;
  std::unique_ptr<ingest::FileRegistry> registry;
  std::unique_ptr<ledger::Ledger> ledger;  // null on Kafka: ledger processes post there
  std::unique_ptr<ingest::Intake> intake;
  // What the ledger met in the batches this process posted (post_pending, BackgroundPosting).
  ledger::ApplyStats posted_stats;

  // Embedded: applies everything the log holds beyond the ledger's stored positions, in
  // group commits, and returns how many entries were posted. Kafka: 0 (the ledger runs
  // elsewhere). Not to be called while a LedgerService runs on the same ledger.
  Result<std::int64_t> post_pending();
};

// Posts what the intake publishes while it publishes (embedded log; nothing on Kafka): a
// thread applies the log as it grows, so parsing and publishing a large file overlap with
// posting it. finish() stops it and says how many entries it posted; post_pending() then
// posts whatever it had not reached. The ledger is the thread's until finish().
class BackgroundPosting {
 public:
  explicit BackgroundPosting(PostingServices& services);
  ~BackgroundPosting();  // finishes, ignoring the result
  BackgroundPosting(const BackgroundPosting&) = delete;
  BackgroundPosting& operator=(const BackgroundPosting&) = delete;
  Result<std::int64_t> finish();

 private:
  Status run();

  PostingServices& services_;
  std::atomic<bool> stop_{false};
  std::int64_t posted_ = 0;
  ledger::ApplyStats stats_;  // merged into services_.posted_stats by finish()
  std::optional<Status> result_;
  std::thread thread_;
};

// Opens everything under config.data_dir, creating folders and keys on first use. A data
// folder held by a running `tally serve` is a clear error naming the inbox to use instead.
Result<std::unique_ptr<PostingServices>> open_posting_services(const Config& config);

// Opens just the ledger of the data folder (queries).
Result<std::unique_ptr<ledger::Ledger>> open_ledger(const Config& config);

}  // namespace tally::app
