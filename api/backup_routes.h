// POST /api/v1/backup (users_manage: an administrator's), body {"dir": "/absolute/folder"}: an
// online backup of the data folder the server holds (node/backup.h) into that folder on the
// server's machine, the API's own store first. `tally backup` calls it while `tally serve`
// runs. The keys are not in it.
#pragma once

#include <boost/json.hpp>

#include "api/router.h"
#include "api/routes.h"
#include "node/backup.h"

namespace tally::api {

// {"dir", "databases": [{"name", "backup_id", "bytes"}], "files_copied", "manifest_files", "keys_included": false}.
boost::json::object backup_json(const node::BackupOutcome& outcome);

// The node and the API's access store must outlive the router.
void add_backup_route(Router& router, const ApiServices& services);

}  // namespace tally::api
