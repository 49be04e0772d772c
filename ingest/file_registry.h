// FileRegistry: what ingest has seen, keyed by the file's SHA-256, and the autopay entries
// Tally originated (so returns and notifications of change match back to them).
//
// RocksDB at <data_dir>/ingest, column families:
//   "files":      sha256 hex -> JSON {name, format, outcome, first_at_us, events, by, override}
//   "originated": trace number (15 digits) -> JSON {account, amount_minor, currency,
//                 effective_date, file_sha256, kind, represents, presentment,
//                 first_effective_date, mandate} (the last five absent for a regular debit)
//                 "acct:<account>:<trace>" -> "": the entries of one customer
//                 "run:<days>" -> JSON {file, sha256, sealed}: the run for that effective
//                 date (a bare path: a run from before runs were scheduled, posted then)
//                 "next_trace" -> decimal text: the next trace sequence
//   "checks":     check_key (file_context.h) -> JSON {account, payment (event id hex),
//                 amount_minor}: the checks lockbox files deposited (file_memory.h)
//   "deposits":   deposit reference -> the payment ids its declarations covered, sorted and
//                 concatenated 16-byte ids (file_memory.h)
//   "ids":        16-byte event id -> u8 version=1, 16 payload digest (events/digest.h),
//                 32 SHA-256 of the file that published it, be64 record ordinal in that file:
//                 every event accepted files published, so a later file that brings the same
//                 id with other content is refused before anything of it is published
//                 (published_ids.h)
// Writes are synced: a file is recorded as ingested only after all its events are durable in
// the log, so a crash in between means the file is published again, which event ids make
// harmless.
//
// Threads: safe to share; RocksDB serializes writes.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/events/digest.h"
#include "core/ids.h"
#include "core/result.h"
#include "ingest/file_memory.h"

namespace rocksdb {
class DB;
}

namespace tally::ingest {

struct FileRecord {
  std::string sha256;
  std::string name;
  std::string format;
  std::string outcome;           // "accepted" or "refused"
  std::int64_t first_at_us = 0;  // when first ingested (UTC microseconds)
  std::int64_t events = 0;       // events published
  std::string by;                // who ran it
  bool override_used = false;    // accepted with the layout override
};

// An event an accepted file published: what a later file's event under the same id is
// compared with.
struct PublishedId {
  EventId id;
  events::Digest16 digest{};
  std::int64_t record_ordinal = 0;  // in the file that published it
};

struct EarlierEvent {
  PublishedId event;
  std::string file_sha256;  // hex: the file that published it
};

// What an originated entry is (docs/autopay.md).
enum class OriginatedKind {
  debit,       // the regular debit of what the customer owes
  redeposit,   // an R01/R09-returned debit presented again, in a batch described REDEPOSIT
  return_fee,  // the fee a return charged, in a batch described RETURN FEE
  prenote,     // a zero-dollar entry checking a new mandate
};
std::string_view kind_name(OriginatedKind kind);

struct OriginatedEntry {
  std::string trace;
  std::string account;  // the customer's id
  std::int64_t amount_minor = 0;
  std::string currency;
  std::int32_t effective_date = 0;  // BusinessDate days
  std::string file_sha256;
  OriginatedKind kind = OriginatedKind::debit;
  std::string represents;  // a redeposit or return fee: the trace of the returned entry
  int presentment = 0;     // 0: a first presentation; a redeposit: 1 or 2
  std::int32_t first_effective_date = 0;  // of the first presentation (the Rules' 180 days run from it)
  std::string mandate;     // a prenote: the mandate it checked (routing:last4)
};

// One origination run: the file written for an effective date, and a copy sealed under the
// files key that is posted on that date (autopay_settlement.h).
struct OriginationRun {
  std::int32_t effective_date = 0;
  std::string file;
  std::string sha256;       // empty for a run from before runs were scheduled
  std::string sealed_copy;  // empty likewise
};

class FileRegistry {
 public:
  static Result<std::unique_ptr<FileRegistry>> open(const std::string& path);
  ~FileRegistry();

  Result<std::optional<FileRecord>> find(const std::string& sha256) const;
  // The database, for an online backup (node/backup.h) and nothing else.
  rocksdb::DB& database();
  // Records the file and, for an accepted one, what it taught (its memory) and the events it
  // published, in one synced write.
  Status record(const FileRecord& file, const FileMemory* memory = nullptr,
                std::span<const PublishedId> published = {});
  // Of `ids` (sorted, unique), those an accepted file published, in the same order.
  Result<std::vector<EarlierEvent>> find_published(std::span<const EventId> ids) const;
  Result<std::vector<FileRecord>> list(std::size_t max_records) const;

  // Records an origination run: its entries (trace -> entry, and the customer's index), the
  // run for its effective date, and the next trace sequence, in one synced write.
  Status record_originated(const std::vector<OriginatedEntry>& entries, const OriginationRun& run,
                           std::int64_t next_trace_sequence);
  // The earlier run for that effective date, if any.
  Result<std::optional<OriginationRun>> origination_run(std::int32_t effective_date) const;
  // Every run, by effective date.
  Result<std::vector<OriginationRun>> origination_runs() const;
  // The entries originated for one customer (their id), in trace order.
  Result<std::vector<OriginatedEntry>> originated_for(const std::string& account) const;
  // Where the next origination's trace numbers start (1 before the first run).
  Result<std::int64_t> next_trace_sequence() const;
  Result<std::optional<OriginatedEntry>> find_originated(const std::string& trace) const;
  // Every entry ever originated, in trace order (for the return rates the Rules watch).
  Result<std::vector<OriginatedEntry>> originated_entries() const;

  // The check an accepted lockbox file deposited under `key`, if any.
  Result<std::optional<DepositedCheck>> find_check(const std::string& key) const;
  // Checks taken at the counter, remembered as a lockbox file's are (synced).
  Status record_checks(std::span<const DepositedCheck> checks);
  // The payments earlier declarations of `reference` covered (FileMemory's encoding).
  Result<std::string> declared_payments(const std::string& reference) const;

  // From this many published ids on, record() puts them in as a table file (ingest_published).
  static constexpr std::size_t kBulkPublishedIds = 20'000;

  struct Impl;

 private:
  Status ingest_published(const std::string& file_sha256, std::span<const PublishedId> published);
  explicit FileRegistry(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace tally::ingest
