// `tally ingest` beside a running `tally serve`: each file is uploaded to it (POST
// /api/v1/files, the inbox's checks, quarantine and verdicts), one after another, and its
// outcome printed as it is answered (app/ingest_output.h), as when this process ingests.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/remote.h"

namespace tally::app {

struct UploadRequest {
  std::vector<std::string> files;
  std::string user;  // empty: the server names the local user
  std::optional<std::string> format;
  bool override_layout = false;
  bool override_conflicts = false;
  bool keep_files = false;  // else a file the server kept a copy of is removed, as `ingest` moves it
  bool json = false;
};

// The run's summary (ingest_output.h's summary_json) as the reply; the first file that cannot
// be sent or is not answered stops the run (what was sent stays sent), its error printed.
Reply upload_files(const Config& config, const UploadRequest& request);

}  // namespace tally::app
