// Data retention: `tally files purge --before DATE` removes the kept copies of received files
// (processed/, processed/duplicates/, quarantine/: kept_files.h) that arrived before DATE,
// with their error reports and verdicts. The log and the books stay whole: every event a
// file published is still in them; only the sealed copy of its bytes goes.
//
// When a copy arrived is the day its kept file was written (its modification time, UTC). A
// restored folder's copies carry the day of the restore, so they are kept longer, never
// removed early. Autopay files waiting in scheduled/ are never purged: they are not received
// files, and their debits have not posted yet.
//
// The purge is recorded before anything is removed: one FilesPurged event per 1,000 files,
// naming each file's SHA-256 and the user. A copy that cannot be removed is listed as a
// problem and stays; a later purge names it again.
//
// Threads: the caller's. Errors (IngestErrc): bad_input for a cut after today; the log's.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/business_date.h"
#include "core/config.h"
#include "core/events/actor.h"
#include "core/log/event_log.h"
#include "core/result.h"

namespace tally::ingest {

inline constexpr std::size_t kPurgedFilesPerEvent = 1'000;

struct KeptCopy {
  std::string path;    // the sealed copy
  std::string sha256;  // of what arrived
  std::int64_t bytes = 0;
  BusinessDate received;
};

struct PurgeOutcome {
  BusinessDate before;
  bool dry_run = false;
  std::vector<KeptCopy> removed;  // or, on a dry run, what would be
  std::int64_t bytes = 0;
  std::size_t events = 0;             // FilesPurged events recorded
  std::vector<std::string> problems;  // copies that could not be removed, and why
};

// The kept copies received before `before`, oldest first.
Result<std::vector<KeptCopy>> kept_copies_before(const Config& config, BusinessDate before);

// Records and removes the kept copies received before `before` (on or before today), or, with
// `dry_run`, lists them and changes nothing.
Result<PurgeOutcome> purge_kept_files(const Config& config, log::EventLog& log, const events::Actor& actor,
                                      BusinessDate before, bool dry_run);

}  // namespace tally::ingest
