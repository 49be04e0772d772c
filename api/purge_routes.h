// POST /api/v1/files/purge (users_manage: an administrator's), body {"before": "YYYY-MM-DD",
// "dry_run": false}: removes the kept copies of files received before that day
// (ingest/file_purge.h), recorded in the log as FilesPurged first. `tally files purge` calls it
// while `tally serve` runs. The log and the books keep every event.
#pragma once

#include <boost/json.hpp>

#include "api/router.h"
#include "api/routes.h"
#include "ingest/file_purge.h"

namespace tally::api {

// {"before", "dry_run", "files": [{"sha256", "path", "bytes", "received"}], "bytes", "events", "problems"}.
boost::json::object purge_json(const ingest::PurgeOutcome& outcome);

// The log must outlive the router.
void add_purge_route(Router& router, const ApiServices& services);

}  // namespace tally::api
