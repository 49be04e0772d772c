// The books account for the log: every record of each partition below the ledger's consumed
// position is in the books (its id is in the journal, refused with a discrepancy, parked, or a
// duplicate of one that is) or was dead-lettered; nothing published is unaccounted for.
// `tally ledger verify` runs it beside Ledger::verify().
//
// Threads: any thread; reads the log through its own consumer and the ledger's queries.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/log/event_log.h"
#include "core/result.h"
#include "ledger/ledger.h"

namespace tally::ledger {

struct LogAccounting {
  bool ok = true;
  std::uint64_t records = 0;       // read from the log, below the consumed positions
  std::uint64_t in_books = 0;      // their ids are in the id index
  std::uint64_t dead_letters = 0;  // did not decode, and were dead-lettered
  std::optional<std::string> problem;  // the first record not accounted for, and why
};

Result<LogAccounting> account_for_log(const Ledger& ledger, log::EventLog& log);

}  // namespace tally::ledger
