// `tally --kafka BROKERS ledger ...` beside the embedded ledger CLI (cmd_ledger.cpp): what
// only a Kafka node's books need. With `tally serve` stopped: these open the data folder.
//   ledger verify        the hash chains, and each stored position against the topic's kept range
//   ledger accept-topic  an operator accepts the topic as it is now (ledger/topic_guard.h)
#pragma once

#include <CLI/CLI.hpp>

#include "app/commands.h"

namespace tally::app {

// `tally ledger verify` on Kafka; exit 0 when the books verify and every position is in range.
int run_verify_kafka(const Config& config, bool json);

// Adds `accept-topic` under `tally ledger`.
void register_accept_topic(CLI::App& ledger, GlobalOptions& global);

}  // namespace tally::app
