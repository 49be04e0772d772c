// GET /api/v1/files[?limit=N]: every file received, newest first, with its outcome;
// GET /api/v1/files/{sha256}: one file, with its error report when it was refused (line,
// record, field, reason) or the ledger's verdicts on its events when it was accepted;
// GET /api/v1/files/{sha256}/content (audit_read): the kept copy as it arrived, card and bank
// account numbers masked (ingest::find_received_file, as `tally files show`); who read it is
// logged.
#pragma once

#include <string>

#include "api/router.h"
#include "core/config.h"
#include "ingest/file_registry.h"

namespace tally::api {

struct FileFolders {
  std::string processed_dir;
  std::string quarantine_dir;
};

// `config` (the data folder: kept files and keys) must outlive the router.
void add_file_routes(Router& router, const ingest::FileRegistry& registry, FileFolders folders,
                     const Config& config);

}  // namespace tally::api
