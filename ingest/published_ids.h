// Conflicts: an event id that comes with other content than it came with before. An id is the
// payment's business key (events/event_ids.h), so a second event under it is either the same
// payment again (same payload digest: a re-send, harmless) or a conflict: something a person
// must look at, because posting one version would silently drop the other. A file with a
// conflict is refused whole before anything of it is published, with an error naming both
// records (and the earlier file); `tally ingest --override-conflicts --user NAME` accepts it,
// keeping the version the books already have and publishing the rest.
//
// Checked against the file itself and against every event accepted files published (the
// registry's "ids" family, file_registry.h).
#pragma once

#include <string_view>
#include <vector>

#include "core/ids.h"
#include "core/result.h"
#include "formats/common/report.h"
#include "ingest/file_registry.h"
#include "ingest/fingerprint.h"

namespace tally::ingest {

struct ConflictCheck {
  std::vector<formats::Issue> errors;  // code "conflicting_event"
  std::vector<EventId> earlier;        // ids an earlier file published with other content
};

Result<ConflictCheck> check_conflicts(const FileRegistry& registry,
                                      const std::vector<Fingerprint>& fingerprints);

// Error codes a person may accept with --override-conflicts: conflicts, and sequence numbers
// a file uses twice (mappers/repeated_numbers.h).
bool is_conflict_issue(std::string_view code);

}  // namespace tally::ingest
