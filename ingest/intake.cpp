#include "ingest/intake.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "core/clock.h"
#include "core/printable.h"
#include "core/sha256.h"
#include "ingest/card_scrubber.h"
#include "ingest/errors.h"
#include "ingest/mapped_file.h"
#include "ingest/fingerprint.h"
#include "ingest/gunzip.h"
#include "ingest/kept_files.h"
#include "ingest/mapping.h"
#include "ingest/published_ids.h"
#include "ingest/report_json.h"

namespace tally::ingest {
namespace fs = std::filesystem;

namespace {

Status write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::trunc);
  out << text;
  out.close();
  if (!out) return ingest_error(IngestErrc::io, "writing " + path);
  return ok_status();
}

// The second mapping's sink: publishes every event but those whose earlier version the books
// keep, card numbers masked as in the first, and reports progress.
class PublishingSink final : public EventSink {
 public:
  PublishingSink(Publisher& inner, const std::set<EventId>& skip, const IngestOptions& options,
                 std::int64_t expected)
      : inner_(inner), skip_(skip), options_(options), expected_(expected) {}
  void emit(events::Envelope&& e) override {
    if (!skip_.empty() && skip_.contains(events::event_id_of(e))) return;
    std::string encoded = events::encode(e);
    scrub_card_numbers(e, encoded);  // as the first mapping did: no identifier holds one
    inner_.emit_encoded(e.partition_key(), std::move(encoded));
    if (options_.progress && (++emitted_ % 10'000) == 0) options_.progress(emitted_, expected_);
  }

 private:
  Publisher& inner_;
  const std::set<EventId>& skip_;
  const IngestOptions& options_;
  std::int64_t expected_;
  std::int64_t emitted_ = 0;
};

// A mapper that could not read the registry (IngestErrc::registry): the file is not recorded,
// so a rerun maps it again (event ids make what was published harmless).
Error naming_file(const Error& error, const std::string& path) {
  return Error{error.code, fmt::format("{}: {}", path, error.describe())};
}

class DiscardingSink final : public EventSink {
 public:
  void emit(events::Envelope&&) override {}
};

// The lines where the reader masked a card number.
std::vector<std::int64_t> card_lines(const formats::ParseReport& report) {
  std::vector<std::int64_t> lines;
  for (const formats::Issue& w : report.warnings)
    if (w.code == "pan_masked" && w.line > 0) lines.push_back(w.line);
  return lines;
}

// Whether the person's overrides accept every error of the report: layout errors with
// --override-layout, conflicts with --override-conflicts; never money, counts or totals.
bool overrides_accept(const formats::ParseReport& report, const IngestOptions& options) {
  if (report.errors.empty()) return false;
  for (const formats::Issue& issue : report.errors) {
    const bool layout = options.override_layout && formats::is_layout_issue(issue.code, issue.field);
    const bool conflict = options.override_conflicts && is_conflict_issue(issue.code);
    if (!layout && !conflict) return false;
  }
  return true;
}

}  // namespace

// What the first mapping of a file found, for the publishing that follows it.
struct Intake::Mapped {
  AccountSpans account_spans;  // for the kept copy
  FileContext file;
  std::unique_ptr<FileMemory> memory;
  FingerprintSink prints;
  std::set<EventId> keep_first;  // conflicts a person accepted: the books keep the first version
};

std::string IngestOutcome::one_line() const { return outcome_line(outcome_to_json(*this)); }

Status Intake::refuse(IngestOutcome& out, const std::string& path, std::string_view bytes,
                      const IngestOptions& options) {
  out.kind = IngestOutcome::Kind::refused;
  FileRecord record{out.sha256, path, out.format, "refused", now_us(), 0, options.user, false};
  TALLY_TRY_STATUS(registry_.record(record));
  if (!options.move_files) return ok_status();
  AccountSpans spans;
  TALLY_TRY(const KeepMasks masks,
            masks_for(out, path, bytes,
                      formats::format_from_name(out.format).value_or(formats::Format::unknown),
                      options, spans));
  TALLY_TRY(out.moved_to, keep_file(bytes, path, config_.quarantine_dir(), out.sha256, keys_.files, masks));
  const std::string base = report_base(out.moved_to);
  out.report_path = base + ".errors.txt";
  boost::json::object json = report_to_json(out.report);
  json["file"] = path;
  json["sha256"] = out.sha256;
  TALLY_TRY_STATUS(write_text(out.report_path, report_to_text(out.report)));
  return write_text(base + ".errors.json", boost::json::serialize(json) + "\n");
}

// What a kept copy of a file that is not published must mask: the account numbers a mapping
// meets (into a sink that keeps nothing) and the lines where its reader masked card numbers.
Result<KeepMasks> Intake::masks_for(const IngestOutcome& out, const std::string& path,
                                    std::string_view bytes, formats::Format format,
                                    const IngestOptions& options, AccountSpans& spans) const {
  if (format == formats::Format::unknown) return KeepMasks{};
  FileContext file = context_for(out, path, options);
  file.bytes = bytes;
  file.account_spans = &spans;
  DiscardingSink nowhere;
  auto mapped = map_file(format, bytes, file, nowhere);
  if (!mapped) return naming_file(mapped.error(), path);
  return KeepMasks{&spans, card_lines(*mapped)};
}

FileContext Intake::context_for(const IngestOutcome& out, const std::string& path,
                                const IngestOptions& options) const {
  FileContext file;
  file.sha256 = out.sha256;
  file.file_name = fs::path(path).filename().string();
  file.user = options.user;
  file.recorded_at_us = now_us();
  file.registry = &registry_;
  file.account_hash_key = keys_.account_hash;
  file.sealing_key = keys_.sealing;
  file.card_merchant_accounts = config_.card.merchant_accounts;
  if (auto c = Currency::from_code(config_.currency)) file.currency = *c;
  return file;
}

Result<IngestOutcome> Intake::ingest(const std::string& path, const IngestOptions& options) {
  IngestOutcome out;
  out.file = path;
  TALLY_TRY(MappedFile mapped, MappedFile::open(path));
  // The registry's key is the SHA-256 of the file as received, compressed or not: the same
  // .gz dropped twice is a duplicate (and a gzip of a file already ingested is a new file,
  // whose payments the event ids then recognise).
  out.sha256 = to_hex(sha256(mapped.bytes()));
  // A gzip file is read as what it holds, decompressed here once and bounded (gunzip.h):
  // detection, checks, mapping and the kept copy (whose masks are positions in the content)
  // all see the content, so the kept copy of a .gz file holds its content, masked.
  const ReceivedContent content = ReceivedContent::of(mapped.bytes());
  const std::string_view bytes = content.bytes();

  TALLY_TRY(std::optional<FileRecord> seen, registry_.find(out.sha256));
  if (seen && seen->outcome == "accepted") {
    out.format = seen->format;
    out.first_at_us = seen->first_at_us;
    TALLY_TRY_STATUS(keep_duplicate(out, path, bytes, options));
    return out;
  }

  if (content.error()) {  // truncated, corrupt, or a bomb: refused, kept as it arrived
    out.format = "gzip";
    out.report.format = "gzip";
    out.report.error(*content.error());
    TALLY_TRY_STATUS(refuse(out, path, mapped.bytes(), options));
    return out;
  }

  const formats::Format format = options.format ? *options.format : formats::detect(bytes);
  out.format = std::string(formats::format_name(format));
  if (format == formats::Format::unknown) {
    out.report.format = "unknown";
    out.report.error({0, 0, "", "unknown_format",
                      "the content matches no known format (NACHA, BAI2, lockbox, camt, X9.37, "
                      "card settlement CSV, billing export, autopay enrollment)"});
    TALLY_TRY_STATUS(refuse(out, path, bytes, options));
    return out;
  }
  out.report = check_file(format, bytes);
  if (!out.report.accepted && !overrides_accept(out.report, options)) {
    TALLY_TRY_STATUS(refuse(out, path, bytes, options));
    return out;
  }

  Mapped m;
  TALLY_TRY_STATUS(map_first(out, path, bytes, format, options, m));
  if (!out.report.accepted && !overrides_accept(out.report, options)) {
    TALLY_TRY_STATUS(refuse(out, path, bytes, options));
    return out;
  }
  out.override_used = !out.report.accepted;
  if (out.override_used)
    spdlog::warn("{}: accepted with an override by {} ({} error(s) accepted)", path, options.user,
                 out.report.errors.size());
  // A file that would be published is claimed first: another node of the cluster may have it.
  if (claims_) {
    TALLY_TRY(std::optional<ClaimedElsewhere> elsewhere, claims_->claim(out.sha256));
    if (elsewhere) {
      out.first_at_us = elsewhere->at_us;
      out.claimed_by = elsewhere->node;
      TALLY_TRY_STATUS(keep_duplicate(out, path, bytes, options));
      return out;
    }
  }
  Publisher publisher(log_);
  TALLY_TRY(std::vector<const Fingerprint*> published, publish(path, bytes, format, options, m, publisher));
  TALLY_TRY_STATUS(record_accepted(out, path, bytes, options, m, publisher, published));
  if (claims_) claims_->accepted(out.sha256);
  return out;
}

// Nothing published: the file is kept in processed/duplicates.
Status Intake::keep_duplicate(IngestOutcome& out, const std::string& path, std::string_view bytes,
                              const IngestOptions& options) {
  out.kind = IngestOutcome::Kind::duplicate;
  out.events = 0;
  if (!options.move_files) return ok_status();
  const formats::Format format = options.format ? *options.format : formats::detect(bytes);
  AccountSpans spans;
  TALLY_TRY(const KeepMasks masks, masks_for(out, path, bytes, format, options, spans));
  TALLY_TRY(out.moved_to, keep_file(bytes, path, config_.processed_dir() + "/duplicates", out.sha256,
                                    keys_.files, masks));
  return ok_status();
}

// The first mapping: every event made, read back and compared with what was published
// before; nothing is published yet. The mapper's report is the one the operator sees (what
// was posted, what was left out and why), under the checked report's format name.
Status Intake::map_first(IngestOutcome& out, const std::string& path, std::string_view bytes,
                         formats::Format format, const IngestOptions& options, Mapped& m) {
  m.file = context_for(out, path, options);
  m.file.bytes = bytes;
  m.file.account_spans = &m.account_spans;
  m.memory = std::make_unique<FileMemory>(&registry_);
  m.file.memory = m.memory.get();
  auto mapped = map_file(format, bytes, m.file, m.prints);
  if (!mapped) return naming_file(mapped.error(), path);
  formats::ParseReport report = std::move(mapped).value();
  for (const formats::Issue& issue : m.prints.issues()) report.error(issue);
  TALLY_TRY(ConflictCheck conflicts, check_conflicts(registry_, m.prints.fingerprints()));
  for (const formats::Issue& issue : conflicts.errors) report.error(issue);
  m.keep_first.insert(conflicts.earlier.begin(), conflicts.earlier.end());
  report.format = out.report.format;
  if (const formats::FieldValue* message = out.report.summary.find("message"))
    report.summary.set("message", *message);
  out.report = std::move(report);
  return ok_status();
}

// The second: publish, keeping the first version of every conflict a person accepted. Small
// files publish what the first mapping encoded; large ones are mapped again.
Result<std::vector<const Fingerprint*>> Intake::publish(const std::string& path, std::string_view bytes,
                                                        formats::Format format,
                                                        const IngestOptions& options, Mapped& m,
                                                        Publisher& publisher) {
  const std::vector<Fingerprint>& prints = m.prints.fingerprints();
  std::vector<const Fingerprint*> published;
  published.reserve(prints.size());
  if (m.prints.kept_all()) {
    for (std::size_t i = 0; i < prints.size(); ++i) {
      if (m.keep_first.contains(prints[i].id)) continue;
      publisher.emit_encoded(m.prints.kept()[i].first, m.prints.kept()[i].second);
      published.push_back(&prints[i]);
    }
  } else {
    m.memory = std::make_unique<FileMemory>(&registry_);  // what the second mapping teaches
    m.file.memory = m.memory.get();
    PublishingSink sink(publisher, m.keep_first, options, static_cast<std::int64_t>(prints.size()));
    if (auto mapped = map_file(format, bytes, m.file, sink); !mapped)
      return naming_file(mapped.error(), path);
    for (const Fingerprint& f : prints)
      if (!m.keep_first.contains(f.id)) published.push_back(&f);
  }
  if (auto flushed = publisher.flush(); !flushed)
    return ingest_error(IngestErrc::publish, fmt::format("{}: {}", path, flushed.error().describe()));
  TALLY_ASSERT(publisher.appended().size() == published.size(),
               "both mappings of a file make the same events");
  return published;
}

// Records the accepted file with what it taught and the events it published, in one synced
// write, then keeps it in processed/ (kept_files.h).
Status Intake::record_accepted(IngestOutcome& out, const std::string& path, std::string_view bytes,
                               const IngestOptions& options, const Mapped& m,
                               const Publisher& publisher,
                               const std::vector<const Fingerprint*>& published) {
  out.events = publisher.published();
  out.conflicts_kept_first = static_cast<std::int64_t>(m.prints.fingerprints().size() - published.size());
  if (options.progress) options.progress(out.events, out.events);
  std::vector<PublishedId> ids;
  ids.reserve(published.size());
  out.published.reserve(published.size());
  for (std::size_t i = 0; i < published.size(); ++i) {
    const Fingerprint& f = *published[i];
    const log::Appended& at = publisher.appended()[i];
    out.published.push_back({f.id, f.digest, at.partition, at.position, f.record_ordinal, f.type});
    ids.push_back({f.id, f.digest, f.record_ordinal});
  }
  out.kind = IngestOutcome::Kind::accepted;
  FileRecord record{out.sha256, path, out.format, "accepted", m.file.recorded_at_us, out.events,
                    options.user, out.override_used};
  TALLY_TRY_STATUS(registry_.record(record, m.memory.get(), ids));
  if (options.move_files) {
    const KeepMasks masks{&m.account_spans, card_lines(out.report)};
    TALLY_TRY(out.moved_to, keep_file(bytes, path, config_.processed_dir(), out.sha256, keys_.files, masks));
  }
  return ok_status();
}

}  // namespace tally::ingest
