// Opens the event log the configuration names: Kafka when brokers are set, else the embedded
// RocksDB log under the data folder.
#pragma once

#include <memory>

#include "core/config.h"
#include "core/log/event_log.h"

namespace tally::app {

Result<std::unique_ptr<log::EventLog>> open_event_log(const Config& config);

// Creates the data folder and its sub-folders (log, ledger, inbox, processed, quarantine).
Status prepare_data_dir(const Config& config);

}  // namespace tally::app
