// What `tally ingest` prints, from each file's outcome as the API answers it
// (ingest::outcome_to_json), whether this process ingested the file or the running server did:
// one line per file and the events the books do not hold, then the run's summary.
#pragma once

#include <boost/json.hpp>

namespace tally::app {

// Files were accepted but some of their events are not in the books.
inline constexpr int kExitNotAllPosted = 3;

// The file's line, the warnings of an accepted file (what leniency let through) and its events
// not posted; nothing with --json (the summary holds it all).
void print_file(const boost::json::object& outcome, bool json);

// {"files", "accepted", "duplicates", "refused", "events", "posted",
// "files_with_events_not_posted", "seconds"}, and "pending" when the server was still ingesting
// some when it answered.
boost::json::object summary_json(boost::json::array files, std::int64_t posted, double seconds);

// Prints the summary and returns the exit code: 1 when a file was refused (or is still
// pending), 3 when events are not in the books, else 0. `posts_here`: the ledger is this
// process's or the server's (the embedded log), not other processes' (Kafka).
int print_summary(const boost::json::object& summary, bool json, bool posts_here);

}  // namespace tally::app
