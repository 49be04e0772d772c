// The reconciler's RocksDB database (keys.h) and typed reads of it. Writes go through
// apply.h (events read from the log) in synced WriteBatches that carry the log positions.
//
// Threads: the DB is thread-safe; reads may run beside the apply loop (each read is one
// RocksDB snapshot-free point or scan: a listing may see a batch half way only across keys
// that are written together, which the readers below tolerate).
#pragma once

#include <rocksdb/db.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/business_date.h"
#include "core/events/codec.h"
#include "core/ids.h"
#include "core/result.h"
#include "reconcile/item.h"

namespace tally::reconcile {

struct StoredMatch {
  EventId id;
  BusinessDate date;  // the business date of the run that made it
  events::ReconcileMatched match;
};

enum class DiscrepancyStatus { open, acknowledged, resolved };
std::string_view status_name(DiscrepancyStatus status);  // "open", "acknowledged", "resolved"

struct DiscrepancyStep {
  std::int64_t recorded_at_us = 0;
  events::DiscrepancyResolved step;
};

// A discrepancy the reconciler raised, or one of the ledger's own (its id is then the refused
// event's id in hex) that a person acknowledged, resolved or reopened.
struct DiscrepancyView {
  std::string id;
  std::optional<events::DiscrepancyRaised> raised;  // nullopt: the ledger's own
  BusinessDate raised_on;
  std::vector<DiscrepancyStep> steps;  // oldest first
  DiscrepancyStatus status() const;
};

struct StoredBooksEntry {
  EventId id;
  BusinessDate date;
  events::BooksEntryPosted entry;
};

struct StoredDrawerClose {
  EventId id;
  BusinessDate date;
  events::DrawerClosed close;
};

class Store {
 public:
  static Result<std::unique_ptr<Store>> open(const std::string& path);
  ~Store();

  rocksdb::DB& db() { return *db_; }
  Status write(rocksdb::WriteBatch& batch);  // synced

  Result<LogPosition> next_position(PartitionId partition) const;
  Result<std::vector<Item>> open_items() const;
  Result<std::vector<Item>> items() const;  // every item ever read, by id
  Result<std::optional<Item>> item(const EventId& id) const;
  Result<std::optional<EventId>> claimant(const EventId& item) const;
  Result<std::optional<StoredMatch>> match(const EventId& id) const;
  Result<std::optional<DiscrepancyView>> discrepancy(std::string_view id) const;
  // Every discrepancy raised here and every lifecycle of the ledger's own, by id.
  Result<std::vector<DiscrepancyView>> discrepancies() const;
  Result<std::vector<events::BankBalanceReported>> balances() const;  // by account, then date
  Result<std::vector<StoredBooksEntry>> books_entries() const;
  Result<std::vector<StoredDrawerClose>> drawer_closes() const;
  Result<std::uint64_t> seen_again() const;
  // SHA-256 (hex) of every key and value but the log positions: two stores built from the
  // same log hold the same results exactly when their digests agree.
  Result<std::string> digest() const;

 private:
  explicit Store(std::unique_ptr<rocksdb::DB> db) : db_(std::move(db)) {}
  Result<std::optional<std::string>> get(std::string_view key) const;
  // Calls fn(key, value) for each key starting with prefix; stops at the first error fn returns.
  template <class Fn>
  Status scan(std::string_view prefix, Fn&& fn) const;
  // {id, date, message} of every "be32 date, message" value under `tag`.
  template <class Stored, class Message>
  Result<std::vector<Stored>> dated_records(char tag, std::string_view what) const;

  std::unique_ptr<rocksdb::DB> db_;
};

Error storage_error(const rocksdb::Status& status, std::string_view what);

}  // namespace tally::reconcile
