// Posting autopay runs on their settlement date. An originated debit is a scheduled payment
// until its effective entry date (when the ACH operator settles it): only then is the run's
// file ingested, from the copy sealed when it was written, and its debits post as payments.
// A return after that reverses one as any return does. `tally autopay settle`, `tally serve`
// (each minute) and `tally autopay generate` (before it works out what is owed) run it.
//
// Exactly once: a run's file is ingested as any file is, by its SHA-256, so settling twice,
// or from two processes, posts a run once.
//
// Threads: the caller's; the intake must not be ingesting another file meanwhile.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "core/business_date.h"
#include "core/result.h"
#include "ingest/file_registry.h"
#include "ingest/intake.h"

namespace tally::ingest {

// Whether the run's debits have posted: its file is in the registry (a run from before runs
// were scheduled posted when it was written).
Result<bool> run_posted(const FileRegistry& registry, const OriginationRun& run);

// The runs not posted yet, by effective date.
Result<std::vector<OriginationRun>> scheduled_runs(const FileRegistry& registry);

// The SHA-256 of every scheduled run's file.
Result<std::set<std::string>> unposted_files(const FileRegistry& registry);

// A customer's entries (their id) not posted yet, for the account page.
Result<std::vector<OriginatedEntry>> scheduled_entries(const FileRegistry& registry, const std::string& customer_id);

struct SettledRun {
  OriginationRun run;
  IngestOutcome ingested;
};

// Ingests the file of every scheduled run whose effective date is on or before `through`,
// oldest first, as `user`. Errors: a sealed copy missing or not opening with `files_key`
// (IngestErrc::io), a copy whose bytes are not the run's (refused), and the intake's; the
// runs before the failing one stay posted.
Result<std::vector<SettledRun>> settle_runs(FileRegistry& registry, Intake& intake, std::string_view files_key,
                                            BusinessDate through, const std::string& user);

}  // namespace tally::ingest
