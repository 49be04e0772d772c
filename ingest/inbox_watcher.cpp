#include "ingest/inbox_watcher.h"

#include <filesystem>
#include <vector>

#include <spdlog/spdlog.h>

#include "core/printable.h"

namespace tally::ingest {
namespace fs = std::filesystem;

namespace {
bool ignored_name(const std::string& name) {
  auto ends_with = [&](std::string_view suffix) {
    return name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  return name.empty() || name.front() == '.' || ends_with(".part") || ends_with(".tmp");
}
}  // namespace

void InboxWatcher::start() {
  stopping_ = false;
  thread_ = std::thread([this] {
    std::unique_lock lock(mu_);
    while (!stopping_) {
      lock.unlock();
      scan_once();
      lock.lock();
      wake_.wait_for(lock, std::chrono::milliseconds(scan_interval_ms_), [this] { return stopping_; });
    }
  });
}

void InboxWatcher::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void InboxWatcher::uploaded(const std::string& file_name, IngestOptions options) {
  options.move_files = true;  // the inbox is emptied whatever the uploader asked
  options.progress = nullptr;
  std::lock_guard lock(uploaders_mu_);
  uploads_[file_name] = std::move(options);
}

int InboxWatcher::scan_once() {
  std::error_code ec;
  std::map<std::string, Seen> now;
  for (const auto& entry : fs::directory_iterator(inbox_, ec)) {
    if (ignored_name(entry.path().filename().string())) continue;
    // A link could point anywhere the service can read (a key, another customer's file):
    // the inbox takes files put in it, never what a link names.
    if (entry.is_symlink(ec)) {
      if (warned_links_.insert(entry.path().string()).second)
        spdlog::warn("inbox: {} is a symbolic link; not followed, not ingested",
                     printable(entry.path().string()));
      continue;
    }
    if (!entry.is_regular_file(ec)) continue;
    Seen s{entry.file_size(ec), entry.last_write_time(ec).time_since_epoch().count()};
    if (!ec) now[entry.path().string()] = s;
  }
  std::vector<std::string> ready;
  for (const auto& [path, seen] : now) {
    auto it = pending_.find(path);
    if (it != pending_.end() && it->second.size == seen.size && it->second.mtime_ns == seen.mtime_ns)
      ready.push_back(path);
  }
  pending_ = std::move(now);
  int ingested = 0;
  for (const std::string& path : ready) {
    pending_.erase(path);
    IngestOptions options;
    options.user = "inbox";
    {
      std::lock_guard lock(uploaders_mu_);
      if (auto it = uploads_.find(fs::path(path).filename().string()); it != uploads_.end()) {
        options = std::move(it->second);
        uploads_.erase(it);
      }
    }
    auto outcome = intake_.ingest(path, options);
    if (!outcome) {  // the system failed (log, disk): leave the file for the next scan
      spdlog::error("inbox: {}: {}", printable(path), printable(outcome.error().describe()));
      continue;
    }
    ++ingested;
    if (outcome->kind == IngestOutcome::Kind::refused) {
      ++files_refused_;
      spdlog::warn("inbox: {}", outcome->one_line());
    } else {
      ++files_ingested_;
      spdlog::info("inbox: {}", outcome->one_line());
    }
    if (callback_) callback_(*outcome);
  }
  return ingested;
}

}  // namespace tally::ingest
