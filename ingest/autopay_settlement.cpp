#include "ingest/autopay_settlement.h"

#include <filesystem>
#include <map>

#include <fmt/format.h>

#include "ingest/errors.h"
#include "ingest/kept_files.h"

namespace tally::ingest {
namespace fs = std::filesystem;

Result<bool> run_posted(const FileRegistry& registry, const OriginationRun& run) {
  if (run.sha256.empty()) return true;
  TALLY_TRY(std::optional<FileRecord> file, registry.find(run.sha256));
  return file && file->outcome == "accepted";
}

Result<std::vector<OriginationRun>> scheduled_runs(const FileRegistry& registry) {
  TALLY_TRY(std::vector<OriginationRun> runs, registry.origination_runs());
  std::vector<OriginationRun> out;
  for (OriginationRun& run : runs) {
    TALLY_TRY(bool posted, run_posted(registry, run));
    if (!posted) out.push_back(std::move(run));
  }
  return out;
}

Result<std::set<std::string>> unposted_files(const FileRegistry& registry) {
  TALLY_TRY(std::vector<OriginationRun> runs, scheduled_runs(registry));
  std::set<std::string> files;
  for (const auto& run : runs) files.insert(run.sha256);
  return files;
}

// Every account page asks: only the customer's own entries are read (an index scan), and
// each file they came in is looked up once, not every run ever made.
Result<std::vector<OriginatedEntry>> scheduled_entries(const FileRegistry& registry, const std::string& customer_id) {
  TALLY_TRY(std::vector<OriginatedEntry> entries, registry.originated_for(customer_id));
  std::map<std::string, bool> posted;  // file SHA-256 -> in the registry as accepted
  std::vector<OriginatedEntry> out;
  for (auto& e : entries) {
    auto it = posted.find(e.file_sha256);
    if (it == posted.end()) {
      TALLY_TRY(bool done, run_posted(registry, OriginationRun{e.effective_date, {}, e.file_sha256, {}}));
      it = posted.emplace(e.file_sha256, done).first;
    }
    if (!it->second) out.push_back(std::move(e));
  }
  return out;
}

namespace {

// The run's file, opened from its sealed copy into a folder of its own under the copy's, under
// the name the bank got, ingested and removed.
Result<IngestOutcome> post_run(Intake& intake, std::string_view files_key, const OriginationRun& run,
                               const std::string& user) {
  TALLY_TRY(KeptFile copy, read_kept(run.sealed_copy, files_key));
  if (copy.sha256 != run.sha256)
    return ingest_error(IngestErrc::refused,
                        fmt::format("{} is not the copy of the run for {}", run.sealed_copy,
                                    BusinessDate::from_days(run.effective_date).to_iso()));
  const fs::path dir = fs::path(run.sealed_copy).parent_path() / "posting";
  const fs::path path = dir / fs::path(run.file).filename();
  TALLY_TRY_STATUS(write_private_file(path.string(), copy.contents));
  IngestOptions options;
  options.user = user;
  options.move_files = false;
  auto outcome = intake.ingest(path.string(), options);
  std::error_code ec;
  fs::remove(path, ec);
  if (!outcome) return outcome.error();
  if (outcome->kind == IngestOutcome::Kind::refused)
    return ingest_error(IngestErrc::refused, "a scheduled autopay run was refused: " + outcome->one_line());
  return outcome;
}

}  // namespace

Result<std::vector<SettledRun>> settle_runs(FileRegistry& registry, Intake& intake, std::string_view files_key,
                                            BusinessDate through, const std::string& user) {
  TALLY_TRY(std::vector<OriginationRun> runs, scheduled_runs(registry));
  std::vector<SettledRun> settled;
  for (OriginationRun& run : runs) {
    if (run.effective_date > through.days()) break;
    TALLY_TRY(IngestOutcome ingested, post_run(intake, files_key, run, user));
    settled.push_back({std::move(run), std::move(ingested)});
  }
  return settled;
}

}  // namespace tally::ingest
