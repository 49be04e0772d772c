// The ledger: applies events from the log to an append-only double-entry journal in
// RocksDB, exactly once, and answers balance, history and audit queries.
//
// Exactly once: each partition's consumed log position, the permanent event-id index and
// every effect of a group of events are written in one synced WriteBatch. A record below
// the stored position is skipped (redelivery); an event id seen before is skipped when its
// payload is the same (a re-sent file) and recorded as a CONFLICTING_EVENT discrepancy when
// it differs. An event the posting rules refuse is recorded as an INVALID_EVENT discrepancy
// with its reason; nothing of it is applied, its position is consumed.
//
// Threads: apply() from one thread at a time (the apply loop). Queries may run from any
// thread, concurrently with apply: each sees the books before or after a whole batch.
// Lifetime: the Ledger owns its RocksDB database; one process opens a ledger_dir at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/business_date.h"
#include "core/currency.h"
#include "core/ids.h"
#include "core/log/event_log.h"
#include "core/result.h"
#include "ledger/policy.h"
#include "ledger/records.h"

namespace rocksdb {
class Snapshot;
}

namespace tally::ledger {

struct Store;

struct LedgerOptions {
  std::string path;  // Config::ledger_dir()
  bool sync = true;  // false only in tests that measure what sync costs
  bool create_if_missing = true;
  bool hash_memtables = true;  // store.h
  bool sort_batches = true;    // write each batch in key order: cheaper memtable inserts
  std::size_t max_parked_per_partition = 100'000;
  std::size_t max_records_per_apply = 100'000;
  // Bulk posting (submit_bulk): a bulk batch of at least min_table_records records is
  // written as table files, a smaller one as a WriteBatch; one reaching max_bulk_records is
  // written at once and the next records start another.
  std::size_t min_table_records = 50'000;
  std::size_t max_bulk_records = 2'000'000;
  std::size_t bulk_lanes = 0;  // threads computing a bulk batch; 0: one per core, at most 4
  // Benchmark hook: called with each WriteBatch's bytes (rocksdb::WriteBatch::Data()) after
  // it is written, so a baseline can write exactly the same keys and values.
  std::function<void(std::string_view batch)> batch_observer;
};

struct ApplyStats {
  std::size_t records = 0;       // records given
  std::size_t skipped = 0;       // below the stored position: already consumed
  std::size_t applied = 0;       // journal entries written (unparked events included)
  std::size_t duplicates = 0;    // same id, same payload
  std::size_t conflicts = 0;     // same id, different payload
  std::size_t refused = 0;       // invalid events
  std::size_t parked = 0;        // returns waiting for their payment
  std::size_t dead_letters = 0;  // records that did not decode
  std::size_t write_bytes = 0;   // size of the WriteBatch (bulk: of the keys and values staged)

  void add(const ApplyStats& other);
  // Every record met was new and is in the journal now: nothing was a duplicate, a conflict,
  // refused, parked or dead-lettered.
  bool only_new_events() const {
    return duplicates + conflicts + refused + parked + dead_letters == 0;
  }
};

struct PartitionBalance {
  PartitionId partition;
  std::int64_t balance_minor = 0;
};

struct AccountBalance {
  std::string account;
  std::optional<Currency> currency;  // nullopt: no postings
  std::int64_t balance_minor = 0;    // sum over partitions
  std::uint64_t postings = 0;
  std::vector<PartitionBalance> by_partition;
};

struct BalanceQuery {
  std::optional<BusinessDate> as_of;    // postings with business date <= as_of
  std::vector<PartitionId> partitions;  // empty: every partition in this ledger
};

struct HistoryLine {
  PartitionId partition;
  EntrySequence seq;
  BusinessDate business_date;
  std::int64_t amount_minor = 0;
  Currency currency = Currency::usd();
  std::int64_t balance_after_minor = 0;  // in this partition
  EventId event_id;
  std::uint32_t event_type = 0;
  std::string memo;
  LogPosition position;  // where the event is in its partition of the log
};

struct AccountView {
  AccountBalance balance;
  std::vector<HistoryLine> history;  // newest first
};

struct NumberedDiscrepancy {
  PartitionId partition;
  std::uint64_t number = 0;
  Discrepancy discrepancy;
};

struct EventLookup {
  PartitionId partition;
  EventId id;
};

// A return or chargeback waiting for its payment (state 'x').
struct ParkedItem {
  PartitionId partition;
  LogPosition position;
  EventId event_id;
  std::uint32_t event_type = 0;
  BusinessDate business_date;
  std::int64_t recorded_at_us = 0;
  std::string waiting_for;  // "payment <id hex>" or "payment with reference <ref>"
};

struct Counters {
  std::uint64_t entries = 0, duplicates = 0, conflicts = 0, refused = 0, parked = 0,
                dead_letters = 0;
};

struct VerifyProblem {
  PartitionId partition;
  EntrySequence seq;  // the first bad entry (0 when the problem is not one entry's)
  EventId event_id;
  std::string account;  // when an account's balance or postings disagree
  std::string reason;
};

struct VerifyReport {
  bool ok = true;
  std::uint64_t partitions = 0, entries = 0, postings = 0, accounts = 0;
  std::optional<VerifyProblem> problem;  // the first found
};

inline constexpr std::size_t kMaxQueryLimit = 100'000;

class Ledger {
 public:
  static Result<std::unique_ptr<Ledger>> open(const LedgerOptions& options);
  ~Ledger();
  Ledger(const Ledger&) = delete;
  Ledger& operator=(const Ledger&) = delete;

  // Applies records as one synced WriteBatch (group commit). Within a partition records
  // must come in position order; records below the stored position are skipped. Records
  // that do not decode go to dead_letters (when given) and are counted. On error nothing
  // of the batch is applied and the ledger stays usable.
  Result<ApplyStats> apply(std::span<const log::LogRecord> records,
                           log::EventLog* dead_letters = nullptr);

  // Pipelined group commit, for the apply loop: computes this batch while the previous one
  // is being written and synced on another thread. Returns once this batch is computed and
  // the previous one is durable, with the previous one's stats (zeros for the first). A
  // batch's effects are durable, and visible to queries, when the next submit() or flush()
  // returns OK. On error, this batch (and, if the error is the previous one's write, that
  // batch too) is not applied; the ledger stays usable and a restart resumes from the stored
  // positions.
  Result<ApplyStats> submit(std::vector<log::LogRecord> records,
                            log::EventLog* dead_letters = nullptr);
  // Bulk posting, for a batch job's backlog (`tally ingest` of a day's files): records are
  // applied to one batch kept in memory, written by flush() (or when it reaches
  // max_bulk_records) as sorted table files ingested in one atomic step with the consumed
  // positions (table_files.h). Queries see none of it until then; a failure or a crash
  // before loses only work: the log still holds the records and the next run applies them.
  // Returns the stats of batches this call wrote (usually none). apply() and submit() are
  // refused while a bulk batch waits for flush().
  Result<ApplyStats> submit_bulk(std::vector<log::LogRecord> records,
                                 log::EventLog* dead_letters = nullptr);
  // Waits until every submitted batch (pipelined or bulk) is durable; the last one's stats.
  Result<ApplyStats> flush();

  // Where to resume reading a partition: the stored next position (0 if never seen).
  LogPosition next_position(PartitionId partition) const;
  // An operator's decision (ledger/topic_guard.h): the partition resumes at `next`, above or
  // below the stored position; `note` (who, why, from where) is kept in the same synced write.
  // Refused while a batch is in flight or pending; records below `next` are then skipped,
  // records from `next` on are applied (their event ids still keep them from applying twice).
  Status reposition(PartitionId partition, LogPosition next, std::string_view note);
  std::vector<PartitionId> partitions() const;
  std::optional<PartitionState> partition_state(PartitionId partition) const;
  Counters counters() const;
  PolicyBook policies(PartitionId partition) const;

  Result<AccountBalance> balance(std::string_view account, const BalanceQuery& query = {}) const;
  // The account's balance in one partition just after entry `seq`.
  Result<std::int64_t> balance_at_sequence(std::string_view account, PartitionId partition,
                                           EntrySequence seq) const;
  // Newest first, at most `limit` lines (<= kMaxQueryLimit).
  Result<std::vector<HistoryLine>> history(std::string_view account, std::size_t limit,
                                           const std::vector<PartitionId>& partitions = {}) const;
  // Accounts in name order with their balances, at most `limit`.
  Result<std::vector<AccountBalance>> accounts(std::size_t limit) const;
  // Balance and newest `limit` lines of an account from one snapshot of the books.
  Result<AccountView> account_view(std::string_view account, std::size_t limit) const;
  Result<Entry> entry(PartitionId partition, EntrySequence seq) const;
  Result<std::vector<NumberedDiscrepancy>> discrepancies(std::size_t limit) const;
  // The id index's entry for each event, in the order asked (nullopt: never seen on that
  // partition): whether it is in the journal, parked or refused, and its payload digest.
  Result<std::vector<std::optional<IdValue>>> find_events(std::span<const EventLookup> events) const;
  // The newest discrepancy recorded for each of `ids` on a partition (its refusal or
  // conflict), read newest first; ids with none recorded are absent.
  Result<std::map<EventId, Discrepancy>> discrepancies_of(PartitionId partition,
                                                          const std::set<EventId>& ids) const;
  // Events waiting for their payment, oldest position first per partition.
  Result<std::vector<ParkedItem>> parked(std::size_t limit) const;
  Result<std::vector<ReturnLetter>> return_letters(std::size_t limit) const;
  Result<std::vector<AutopayRemoval>> autopay_removals(std::size_t limit) const;
  Result<AutopayState> autopay(PartitionId partition, std::string_view account) const;

  // Recomputes the hash chain of every partition, checks every entry sums to zero and
  // that balances and the per-account posting index equal the journal's postings.
  Result<VerifyReport> verify() const;

  // The raw database (tests, benchmark, and the queries in files of their own: suspense.h,
  // audit.h, adjustments.h). Reading it is safe beside the apply loop.
  Store& store();
  const Store& store() const;

 private:
  struct Impl;
  explicit Ledger(std::unique_ptr<Impl> impl);
  // The queries above at a snapshot (null: the latest).
  Result<AccountBalance> balance_read(std::string_view account, const BalanceQuery& query,
                                      const rocksdb::Snapshot* snapshot) const;
  Result<std::vector<HistoryLine>> history_read(std::string_view account, std::size_t limit,
                                                const std::vector<PartitionId>& partitions,
                                                const rocksdb::Snapshot* snapshot) const;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tally::ledger
