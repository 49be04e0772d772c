// ParseReport as JSON (for `tally parse --json` and quarantine reports) and as text for people.
#pragma once

#include <boost/json.hpp>

#include <string>

#include "formats/common/report.h"
#include "ingest/intake.h"
#include "ingest/verdicts.h"

namespace tally::ingest {

// {"format", "accepted", "summary", "declared", "errors": [{line, record, field, code,
// message}], "warnings": [...]}: the caller adds "file" and "sha256".
boost::json::object report_to_json(const formats::ParseReport& report);

// A readable multi-line summary: verdict, the summary beside the declared figures, then every
// error and warning with its location.
std::string report_to_text(const formats::ParseReport& report);

// A message about a file with any card number in it masked: readers quote what they could not
// read, and that may be a card number typed into the wrong field.
std::string masked_message(std::string message);

// {"posted", "parked", "refused", "conflicting", "missing", "not_posted": [{record, event_id,
// type, verdict, reason}]}: what the ledger did with a file's events.
boost::json::object verdicts_to_json(const FileVerdicts& verdicts);

// What became of one file (`tally ingest --json`, the API's upload): outcome, format, sha256,
// events, the report's summary, errors and warnings, and the ledger's verdicts when known.
boost::json::object outcome_to_json(const IngestOutcome& outcome);

// What became of one file in a line, for people and logs, from its outcome_to_json (so the
// CLI prints the same line for a file it ingested and for one the running server did):
// "<file>: accepted nacha file, 12 event(s) published; 12 posted", "... already ingested at
// <time> ...", "... REFUSED ... file, N error(s): <first>; report <path>".
std::string outcome_line(const boost::json::object& outcome);

}  // namespace tally::ingest
