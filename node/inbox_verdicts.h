// For files the inbox of `tally serve` accepted: waits until the ledger has consumed the
// file, fills its verdicts (file_verdicts.h), logs each event that is not posted, and writes
// them beside the kept copy as <processed file>.verdicts.json, so "accepted" in the inbox
// means posted too.
//
// Threads: the inbox watcher's thread, beside the ledger's apply loop.
#pragma once

#include <atomic>

#include "ingest/intake.h"
#include "ledger/ledger.h"

namespace tally::node {

// How long a file's verdicts are waited for before the log says they are not known yet.
inline constexpr int kVerdictWaitMs = 120'000;

void report_inbox_verdicts(ingest::IngestOutcome& outcome, const ledger::Ledger& ledger,
                           const std::atomic<bool>& stop);

}  // namespace tally::node
