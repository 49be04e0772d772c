// The bank's own ledger balances of one account on one day (a BAI2 03's 010/015, a camt
// statement's OPBD/CLBD) as BankBalanceReported events: the rules the BAI2 and camt mappers
// share, with bank_line.h's account conventions, so the balances land beside the account's
// bank lines (partition "bank:<last4>", last four plus keyed hash, the same normalized key).
//
// - Id: events::bank_balance_id(account key, balance date, the amounts, the format). A re-sent
//   statement is the same event; a later report of the day with other amounts is another,
//   which the reconciler reads as the latest. The envelope's business date is the balance date.
// - One event per account and day per file. Two events under one id with different content
//   would make intake refuse the whole file as conflicting, yet a file may report an
//   account's day more than once (camt statements of consecutive periods of one day, BAI2
//   groups of one as-of date). So the day's reports are merged in file order: the first
//   opening and the last closing, which is what the bank's day began and ended with. Each
//   merged report counts in repeats() (the mappers warn "repeated_balance").
// - An amount the statement does not give stays unset (the Amount message is absent).
//
// Merged days are held until finish(); at most kMaxPendingDays at once (then they are
// emitted and merging starts again), so memory is bounded whatever the file holds.
// Not thread-safe: one BankBalances per mapped file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/business_date.h"
#include "core/money.h"
#include "ingest/file_context.h"
#include "ingest/publisher.h"

namespace tally::ingest::bank_balance {

// What one statement (a BAI2 03, a camt Stmt/Rpt) says about its account's balances.
struct Report {
  std::string_view account_number;      // full; masked and hashed here, never stored
  BusinessDate date;                    // the day the balances are of
  std::optional<Money> opening_ledger;  // signed: an overdrawn account is negative
  std::optional<Money> closing_ledger;
  std::string_view source_format;  // "bai2", "camt.053", ...
  std::int64_t ordinal = 0;        // 1-based record / statement ordinal in the file
};

class BankBalances {
 public:
  // About 200 bytes a day: 100,000 accounts' days in one file take some 20 MB.
  static constexpr std::size_t kMaxPendingDays = 100'000;
  explicit BankBalances(std::size_t max_pending_days = kMaxPendingDays)
      : max_pending_days_(max_pending_days) {}

  // Takes a statement's balances; one without either amount is not a balance report.
  void add(const FileContext& file, const Report& report, EventSink& sink);
  // Emits the days held, in the order the file first reported them. Call once at the end.
  void finish(const FileContext& file, EventSink& sink);

  std::int64_t reported() const { return reported_; }  // events emitted
  std::int64_t repeats() const { return repeats_; }    // reports merged into an earlier one

 private:
  struct Day {
    std::string account_key, last4, account_hash, source_format;
    BusinessDate date;
    std::optional<Money> opening_ledger, closing_ledger;
    std::int64_t ordinal = 0;
  };

  void emit(const FileContext& file, const Day& day, EventSink& sink);

  std::size_t max_pending_days_;
  std::vector<Day> days_;                               // in file order
  std::unordered_map<std::string, std::size_t> index_;  // "<account key> <date>" -> days_
  std::int64_t reported_ = 0, repeats_ = 0;
};

}  // namespace tally::ingest::bank_balance
