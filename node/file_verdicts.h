// "Accepted" means posted: what the ledger did with each event a file published
// (ingest/verdicts.h), read from the ledger's id index once it has consumed the file.
//
// Threads: any thread beside the apply loop (the ledger's queries see whole batches).
#pragma once

#include <atomic>

#include "core/result.h"
#include "ingest/intake.h"
#include "ledger/ledger.h"

namespace tally::node {

// Fills outcome.verdicts (known = true). Call once the ledger has consumed every position
// the file published (consumed()). `posted_in_process`: the stats of every batch that
// consumed the file's events, when this process posted them all (`tally ingest`); if those
// batches met only new events, every event is in the books and the id index is not read.
Status fill_verdicts(ingest::IngestOutcome& outcome, const ledger::Ledger& ledger,
                     const ledger::ApplyStats* posted_in_process = nullptr);

// Whether the ledger has consumed every position the file published.
bool consumed(const ingest::IngestOutcome& outcome, const ledger::Ledger& ledger);

// Polls consumed() until it holds, `timeout_ms` passes or `stop` is set.
bool wait_until_consumed(const ingest::IngestOutcome& outcome, const ledger::Ledger& ledger,
                         int timeout_ms, const std::atomic<bool>& stop);

}  // namespace tally::node
