// The services a command needs to take files to posted balances on one machine: the event
// log, the file registry and keys, the intake, and (on the embedded log) the ledger.
// `tally ingest`, `tally serve` and the autopay and suspense commands share them.
#pragma once

#include <cstdint>
#include <memory>

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

  // Embedded: applies everything the log holds beyond the ledger's stored positions, in
  // group commits, and returns how many entries were posted. Kafka: 0 (the ledger runs
  // elsewhere). Not to be called while a LedgerService runs on the same ledger.
  Result<std::int64_t> post_pending();
};

// Opens everything under config.data_dir, creating folders and keys on first use. A data
// folder held by a running `tally serve` is a clear error naming the inbox to use instead.
Result<std::unique_ptr<PostingServices>> open_posting_services(const Config& config);

// Opens just the ledger of the data folder (queries).
Result<std::unique_ptr<ledger::Ledger>> open_ledger(const Config& config);

}  // namespace tally::app
