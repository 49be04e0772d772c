#include "ingest/file_purge.h"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "core/events/codec.h"
#include "ingest/errors.h"
#include "ingest/kept_files.h"

namespace tally::ingest {
namespace {

namespace fs = std::filesystem;

constexpr std::int64_t kSecondsPerDay = 86'400;

std::vector<std::string> kept_dirs(const Config& config) {
  return {config.processed_dir(), config.processed_dir() + "/duplicates", config.quarantine_dir()};
}

// The kept copy, then every file written beside it under the same base name (its error
// report, its JSON errors, the inbox's verdicts).
Status remove_copy(const KeptCopy& copy) {
  std::error_code ec;
  if (!fs::remove(copy.path, ec) || ec)
    return ingest_error(IngestErrc::io, fmt::format("{}: {}", copy.path, ec ? ec.message() : "already gone"));
  const fs::path base(report_base(copy.path));
  const std::string prefix = base.filename().string() + ".";
  for (const auto& entry : fs::directory_iterator(base.parent_path(), ec)) {
    if (!entry.path().filename().string().starts_with(prefix)) continue;
    std::error_code gone;
    fs::remove(entry.path(), gone);
  }
  return ok_status();
}

Status record_purge(log::EventLog& log, const events::Actor& actor, BusinessDate before,
                    std::span<const KeptCopy> copies) {
  events::Envelope e = events::command_envelope(events::FILES_PURGED, actor, "files-purge", "files");
  auto* purged = e.mutable_files_purged();
  purged->set_before(before.days());
  std::int64_t bytes = 0;
  for (const KeptCopy& c : copies) {
    purged->add_sha256(c.sha256);
    bytes += c.bytes;
  }
  purged->set_bytes(bytes);
  const std::string value = events::encode(e);
  const log::AppendEntry entry{e.partition_key(), value};
  TALLY_TRY(auto appended, log.append(std::span(&entry, 1)));
  (void)appended;
  return ok_status();
}

}  // namespace

Result<std::vector<KeptCopy>> kept_copies_before(const Config& config, BusinessDate before) {
  std::vector<KeptCopy> copies;
  for (const std::string& dir : kept_dirs(config)) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      const std::string path = entry.path().string();
      if (!path.ends_with(".sealed") || !entry.is_regular_file()) continue;
      struct stat st {};
      if (::stat(path.c_str(), &st) != 0) continue;  // removed meanwhile
      const BusinessDate received = BusinessDate::from_days(static_cast<std::int32_t>(st.st_mtime / kSecondsPerDay));
      if (!(received < before)) continue;
      TALLY_TRY(std::string sha256, kept_sha256(path));
      copies.push_back({path, std::move(sha256), static_cast<std::int64_t>(st.st_size), received});
    }
  }
  std::sort(copies.begin(), copies.end(), [](const KeptCopy& a, const KeptCopy& b) {
    return a.received != b.received ? a.received < b.received : a.path < b.path;
  });
  return copies;
}

Result<PurgeOutcome> purge_kept_files(const Config& config, log::EventLog& log, const events::Actor& actor,
                                      BusinessDate before, bool dry_run) {
  const BusinessDate today = BusinessDate::today_utc();
  if (today < before)
    return ingest_error(IngestErrc::bad_input,
                        fmt::format("--before {} is after today ({}): only files already received can be purged",
                                    before.to_iso(), today.to_iso()));
  TALLY_TRY_STATUS(events::check_actor(actor));
  PurgeOutcome out;
  out.before = before;
  out.dry_run = dry_run;
  TALLY_TRY(std::vector<KeptCopy> copies, kept_copies_before(config, before));
  for (const KeptCopy& c : copies) out.bytes += c.bytes;
  if (dry_run || copies.empty()) {
    out.removed = std::move(copies);
    return out;
  }
  for (std::size_t at = 0; at < copies.size(); at += kPurgedFilesPerEvent) {
    const std::size_t n = std::min(kPurgedFilesPerEvent, copies.size() - at);
    const std::span<const KeptCopy> chunk(copies.data() + at, n);
    // Recorded first: a copy is never gone without the log saying who removed it.
    TALLY_TRY_STATUS(record_purge(log, actor, before, chunk));
    ++out.events;
    for (const KeptCopy& c : chunk) {
      if (auto removed = remove_copy(c); !removed.ok()) {
        out.problems.push_back(removed.error().message);
        out.bytes -= c.bytes;
        continue;
      }
      out.removed.push_back(c);
    }
  }
  return out;
}

}  // namespace tally::ingest
