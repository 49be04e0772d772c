// POST /api/v1/files?name=NAME[&format=F][&override_layout=true][&override_conflicts=true]
// (ingest_files): a bank or processor file uploaded as the body, with what `tally ingest`'s
// --format, --override-layout and --override-conflicts ask (recorded with the uploader).
// It goes through the inbox like any delivered file (the same checks, duplicate detection,
// quarantine with an error report): written there under a name of its own, then the answer
// waits for the watcher's outcome and the ledger's verdicts. A file not done within the wait
// is answered 202 with the name to look for in GET /api/v1/files.
//
// UploadDesk pairs an upload with its outcome: the server's inbox callback calls finished()
// for every file; an upload waits for its own name.
//
// Threads: any.
#pragma once

#include <boost/json.hpp>

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "api/idempotency.h"
#include "api/router.h"
#include "core/log/event_log.h"
#include "ingest/inbox_watcher.h"
#include "ingest/intake.h"

namespace tally::api {

class UploadDesk {
 public:
  // Called by the inbox watcher's thread after each file.
  void finished(const ingest::IngestOutcome& outcome);
  void expect(const std::string& file_name);
  // The outcome of file_name as JSON, or nullopt when it is not done within `wait`.
  std::optional<boost::json::object> wait(const std::string& file_name, std::chrono::milliseconds wait);

 private:
  std::mutex mu_;
  std::condition_variable done_;
  std::map<std::string, std::optional<boost::json::object>> waiting_;  // file name -> outcome
};

struct UploadSettings {
  std::string inbox_dir;
  std::chrono::milliseconds wait{60'000};
};

// Each upload is a FileUploaded event naming who sent which bytes; the file's own events
// name the uploader too (InboxWatcher::uploaded).
void add_upload_routes(Router& router, UploadDesk& desk, Idempotency& idempotency, log::EventLog& log,
                       ingest::InboxWatcher& watcher, UploadSettings settings);

}  // namespace tally::api
