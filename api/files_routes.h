// GET /api/v1/files[?limit=N]: every file received, newest first, with its outcome;
// GET /api/v1/files/{sha256}: one file, with its error report when it was refused (line,
// record, field, reason) or the ledger's verdicts on its events when it was accepted.
#pragma once

#include <string>

#include "api/router.h"
#include "ingest/file_registry.h"

namespace tally::api {

struct FileFolders {
  std::string processed_dir;
  std::string quarantine_dir;
};

void add_file_routes(Router& router, const ingest::FileRegistry& registry, FileFolders folders);

}  // namespace tally::api
