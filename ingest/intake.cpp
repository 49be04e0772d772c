#include "ingest/intake.h"

#include <chrono>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "core/sha256.h"
#include "ingest/errors.h"
#include "ingest/mapped_file.h"
#include "ingest/mapping.h"
#include "ingest/report_json.h"

namespace tally::ingest {
namespace fs = std::filesystem;

namespace {

std::int64_t now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string iso_time(std::int64_t us) {
  const std::time_t seconds = static_cast<std::time_t>(us / 1'000'000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// Moves a file into `dir`, named <sha8>-<name> so two files of one name never collide.
Result<std::string> move_into(const std::string& path, const std::string& dir, const std::string& sha) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  const std::string target = (fs::path(dir) / (sha.substr(0, 8) + "-" + fs::path(path).filename().string())).string();
  fs::rename(path, target, ec);
  if (ec) {  // another filesystem: copy, then remove
    ec.clear();
    fs::copy_file(path, target, fs::copy_options::overwrite_existing, ec);
    if (!ec) fs::remove(path, ec);
  }
  if (ec) return ingest_error(IngestErrc::io, fmt::format("moving {} to {}: {}", path, dir, ec.message()));
  return target;
}

Status write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::trunc);
  out << text;
  out.close();
  if (!out) return ingest_error(IngestErrc::io, "writing " + path);
  return ok_status();
}

// Which summary field counts the records that become events, for progress percentages.
std::int64_t expected_events(const formats::ParseReport& report) {
  for (const char* key : {"entry_addenda", "items", "transactions", "entries", "rows", "records"}) {
    if (const auto* v = report.summary.find(key))
      if (const auto* n = std::get_if<std::int64_t>(v)) return *n;
  }
  return 0;
}

class ProgressSink final : public EventSink {
 public:
  ProgressSink(Publisher& inner, const IngestOptions& options, std::int64_t expected)
      : inner_(inner), options_(options), expected_(expected) {}
  void emit(events::Envelope&& e) override {
    inner_.emit(std::move(e));
    if (options_.progress && (++emitted_ % 10'000) == 0) options_.progress(emitted_, expected_);
  }

 private:
  Publisher& inner_;
  const IngestOptions& options_;
  std::int64_t expected_;
  std::int64_t emitted_ = 0;
};

}  // namespace

std::string IngestOutcome::one_line() const {
  switch (kind) {
    case Kind::accepted:
      return fmt::format("{}: accepted {} file, {} event(s) published{}", file, format, events,
                         override_used ? " (layout override)" : "");
    case Kind::duplicate:
      return fmt::format("{}: already ingested at {} (sha256 {}); nothing done", file,
                         iso_time(first_at_us), sha256.substr(0, 16));
    case Kind::refused:
      return fmt::format("{}: REFUSED {} file, {} error(s){}{}", file, format.empty() ? "unknown" : format,
                         report.errors.size(),
                         report.errors.empty() ? "" : ": " + report.errors.front().message,
                         report_path.empty() ? "" : "; report " + report_path);
  }
  return file;
}

Result<IngestOutcome> Intake::ingest(const std::string& path, const IngestOptions& options) {
  IngestOutcome out;
  out.file = path;
  TALLY_TRY(MappedFile mapped, MappedFile::open(path));
  const std::string_view bytes = mapped.bytes();
  out.sha256 = to_hex(sha256(bytes));

  TALLY_TRY(std::optional<FileRecord> seen, registry_.find(out.sha256));
  if (seen && seen->outcome == "accepted") {
    out.kind = IngestOutcome::Kind::duplicate;
    out.format = seen->format;
    out.first_at_us = seen->first_at_us;
    out.events = 0;
    if (options.move_files) {
      TALLY_TRY(out.moved_to, move_into(path, config_.processed_dir() + "/duplicates", out.sha256));
    }
    return out;
  }

  const formats::Format format = options.format ? *options.format : formats::detect(bytes);
  out.format = std::string(formats::format_name(format));
  if (format == formats::Format::unknown) {
    out.report.format = "unknown";
    out.report.error({0, 0, "", "unknown_format",
                      "the content matches no known format (NACHA, BAI2, lockbox, camt, X9.37, "
                      "card settlement CSV, billing export, autopay enrollment)"});
  } else {
    out.report = check_file(format, bytes);
  }

  const bool overridable = !out.report.accepted && options.override_layout && format != formats::Format::unknown &&
                           is_layout_only(out.report);
  if (!out.report.accepted && !overridable) {
    out.kind = IngestOutcome::Kind::refused;
    FileRecord record{out.sha256, path, out.format, "refused", now_us(), 0, options.user, false};
    TALLY_TRY_STATUS(registry_.record(record));
    if (options.move_files) {
      TALLY_TRY(out.moved_to, move_into(path, config_.quarantine_dir(), out.sha256));
      out.report_path = out.moved_to + ".errors.txt";
      boost::json::object json = report_to_json(out.report);
      json["file"] = path;
      json["sha256"] = out.sha256;
      TALLY_TRY_STATUS(write_text(out.report_path, report_to_text(out.report)));
      TALLY_TRY_STATUS(write_text(out.moved_to + ".errors.json", boost::json::serialize(json) + "\n"));
    }
    return out;
  }
  out.override_used = overridable;
  if (overridable)
    spdlog::warn("{}: accepted with the layout override by {} ({} layout error(s))", path,
                 options.user, out.report.errors.size());

  FileContext file;
  file.sha256 = out.sha256;
  file.file_name = fs::path(path).filename().string();
  file.user = options.user;
  file.recorded_at_us = now_us();
  file.registry = &registry_;
  file.account_hash_key = keys_.account_hash;
  file.sealing_key = keys_.sealing;
  if (auto c = Currency::from_code(config_.currency)) file.currency = *c;
  FileMemory memory(&registry_);
  file.memory = &memory;

  Publisher publisher(log_);
  ProgressSink sink(publisher, options, expected_events(out.report));
  formats::ParseReport mapped_report = map_file(format, bytes, file, sink);
  // The registry could not be read while mapping: the file is not recorded, so a rerun maps
  // and publishes it again (event ids make what was published harmless).
  for (const formats::Issue& issue : mapped_report.errors)
    if (issue.code == "registry")
      return ingest_error(IngestErrc::registry, fmt::format("{}: {}", path, issue.message));
  TALLY_ASSERT(mapped_report.accepted || overridable, "a checked file maps without new errors");
  // The mapper read the file again and added what it did (events posted, what it left out and
  // why): that is the report the operator sees, under the checked report's format name.
  mapped_report.format = out.report.format;
  if (const formats::FieldValue* message = out.report.summary.find("message"))
    mapped_report.summary.set("message", *message);
  out.report = std::move(mapped_report);
  if (auto flushed = publisher.flush(); !flushed)
    return ingest_error(IngestErrc::publish, fmt::format("{}: {}", path, flushed.error().describe()));
  out.events = publisher.published();
  if (options.progress) options.progress(out.events, out.events);

  out.kind = IngestOutcome::Kind::accepted;
  FileRecord record{out.sha256, path, out.format, "accepted", file.recorded_at_us, out.events,
                    options.user, overridable};
  TALLY_TRY_STATUS(registry_.record(record, &memory));
  if (options.move_files) {
    TALLY_TRY(out.moved_to, move_into(path, config_.processed_dir(), out.sha256));
  }
  return out;
}

}  // namespace tally::ingest
