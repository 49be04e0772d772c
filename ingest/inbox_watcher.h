// InboxWatcher: ingests files that land in the inbox folder. A file is picked up once it has
// stopped changing (same size and modification time on two scans in a row), so a file still
// being copied in is never read half-written; names starting with '.' or ending in .part or
// .tmp are ignored (upload tools write under those names, then rename). Symbolic links are
// never followed.
//
// Runs on its own thread from start() until stop(). Each file goes through Intake, which
// moves it out of the inbox whatever the outcome (a gzip file, `.gz` or not, is read there as
// what it holds: gunzip.h).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "ingest/intake.h"

namespace tally::ingest {

class InboxWatcher {
 public:
  InboxWatcher(std::string inbox, Intake& intake, int scan_interval_ms = 500)
      : inbox_(std::move(inbox)), intake_(intake), scan_interval_ms_(scan_interval_ms) {}
  ~InboxWatcher() { stop(); }

  // Called after each file (on the watcher's thread): the process that owns the ledger waits
  // for its verdicts there (node/inbox_verdicts.h).
  void on_ingested(std::function<void(IngestOutcome&)> callback) { callback_ = std::move(callback); }

  // How to ingest an uploaded file of this name (api/uploads.h): options.user is who sent it
  // (its events name them rather than "inbox"), with the format and overrides they asked for.
  // Forgotten once the file is ingested. options.move_files and progress are the watcher's own.
  void uploaded(const std::string& file_name, IngestOptions options);

  void start();
  void stop();
  // One scan now (tests, and the thread's loop). Returns files ingested.
  int scan_once();

  std::uint64_t files_ingested() const { return files_ingested_; }
  std::uint64_t files_refused() const { return files_refused_; }

 private:
  struct Seen {
    std::uintmax_t size = 0;
    std::int64_t mtime_ns = 0;
  };
  std::string inbox_;
  Intake& intake_;
  int scan_interval_ms_;
  std::function<void(IngestOutcome&)> callback_;
  std::map<std::string, Seen> pending_;  // files seen once, waiting to be stable
  std::set<std::string> warned_links_;   // symbolic links already logged (each once)
  std::mutex uploaders_mu_;
  std::map<std::string, IngestOptions> uploads_;  // file name -> how its uploader asked for it
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::atomic<std::uint64_t> files_ingested_{0};
  std::atomic<std::uint64_t> files_refused_{0};
};

}  // namespace tally::ingest
