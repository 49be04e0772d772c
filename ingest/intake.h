// Intake: one file from arrival to published events. Detect the format from content, check
// the whole file and its totals, deduplicate by SHA-256, map it to events once without
// publishing (fingerprint.h: every event must read back; no id may conflict with the file
// itself or with what earlier files published, published_ids.h), publish its events, then move
// it to processed/ — or, when refused, to quarantine/ with an error report (.errors.txt and
// .errors.json) naming line, record, field and reason. What is kept there is sealed, card
// numbers masked (kept_files.h). Nothing from a refused file is
// published. The outcome lists every event published and where, so the process that owns the
// ledger can tell what became of each (verdicts.h).
//
// Threads: one file at a time per Intake (the inbox watcher and the CLI each own one).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "core/config.h"
#include "core/log/event_log.h"
#include "formats/common/report.h"
#include "formats/detect/detect.h"
#include "ingest/file_claims.h"
#include "ingest/file_context.h"
#include "ingest/fingerprint.h"
#include "ingest/kept_files.h"
#include "ingest/publisher.h"
#include "ingest/file_registry.h"
#include "ingest/sealing.h"
#include "ingest/verdicts.h"

namespace tally::ingest {

struct IngestOptions {
  std::string user = "system";
  std::optional<formats::Format> format;  // forced; default: detected from content
  // Accept a file whose only errors are layout ones; recorded with `user`. Never accepts
  // money, count or total errors.
  bool override_layout = false;
  // Accept a file whose only other errors are conflicts (an id published before with other
  // content, a trace or item number used twice); recorded with `user`. The books keep the
  // version they have; the rest of the file is published.
  bool override_conflicts = false;
  bool move_files = true;  // processed/ or quarantine/ afterwards
  // Called as events are published: (events so far, events expected or 0 when unknown).
  std::function<void(std::int64_t, std::int64_t)> progress;
};

struct IngestOutcome {
  enum class Kind { accepted, duplicate, refused };
  Kind kind = Kind::refused;
  std::string file;
  std::string sha256;
  std::string format;
  std::int64_t events = 0;
  std::int64_t first_at_us = 0;     // duplicates: when the file was first ingested
  std::string claimed_by;           // duplicates: the cluster node that took it (file_claims.h)
  std::string moved_to;             // the kept copy (kept_files.h), if the file was moved
  std::string report_path;          // refused: the .errors.txt report
  bool override_used = false;
  std::int64_t conflicts_kept_first = 0;  // events not published: the books keep the first
  formats::ParseReport report;
  std::vector<PublishedEvent> published;  // accepted: in the order published
  FileVerdicts verdicts;                  // filled by the ledger's owner (verdicts.h)

  std::string one_line() const;  // for people and logs
};

class Intake {
 public:
  Intake(const Config& config, log::EventLog& log, FileRegistry& registry, IngestKeys keys)
      : config_(config), log_(log), registry_(registry), keys_(std::move(keys)) {}

  // Fails only when the system fails (I/O, the log, the registry); a bad file is an outcome.
  Result<IngestOutcome> ingest(const std::string& path, const IngestOptions& options);
  // The data folder's keys (account hashing, sealing, kept files), for commands that seal.
  const IngestKeys& keys() const { return keys_; }
  // On a Kafka cluster: claim each file before publishing it (null: no claims). Set before
  // the first ingest; `claims` must outlive this.
  void use_claims(FileClaims* claims) { claims_ = claims; }

 private:
  struct Mapped;
  Status keep_duplicate(IngestOutcome& out, const std::string& path, std::string_view bytes,
                        const IngestOptions& options);
  Status refuse(IngestOutcome& out, const std::string& path, std::string_view bytes,
                const IngestOptions& options);
  Status map_first(IngestOutcome& out, const std::string& path, std::string_view bytes,
                   formats::Format format, const IngestOptions& options, Mapped& m);
  Result<std::vector<const Fingerprint*>> publish(const std::string& path, std::string_view bytes,
                                                  formats::Format format,
                                                  const IngestOptions& options, Mapped& m,
                                                  Publisher& publisher);
  Status record_accepted(IngestOutcome& out, const std::string& path, std::string_view bytes,
                         const IngestOptions& options,
                         const Mapped& m, const Publisher& publisher,
                         const std::vector<const Fingerprint*>& published);
  FileContext context_for(const IngestOutcome& out, const std::string& path,
                          const IngestOptions& options) const;
  Result<KeepMasks> masks_for(const IngestOutcome& out, const std::string& path,
                              std::string_view bytes, formats::Format format,
                              const IngestOptions& options, AccountSpans& spans) const;

  const Config& config_;
  log::EventLog& log_;
  FileRegistry& registry_;
  IngestKeys keys_;
  FileClaims* claims_ = nullptr;
};

}  // namespace tally::ingest
