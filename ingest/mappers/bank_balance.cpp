#include "ingest/mappers/bank_balance.h"

#include <utility>

#include "core/accounts.h"
#include "core/events/event_ids.h"
#include "ingest/mappers/bank_line.h"

namespace tally::ingest::bank_balance {

void BankBalances::add(const FileContext& file, const Report& report, EventSink& sink) {
  if (!report.opening_ledger && !report.closing_ledger) return;
  std::string account_key = bank_line::account_key(report.account_number);
  // account_key() drops blanks, so "<key> <day number>" names one account's day unambiguously.
  std::string day_key = account_key + " " + std::to_string(report.date.days());
  if (const auto found = index_.find(day_key); found != index_.end()) {
    Day& day = days_[found->second];
    // The day began with the first opening given and ended with the last closing given: a
    // later report's opening is that of a later period of the day (bank_balance.h).
    if (!day.opening_ledger) day.opening_ledger = report.opening_ledger;
    if (report.closing_ledger) day.closing_ledger = report.closing_ledger;
    ++repeats_;
    return;
  }
  if (days_.size() >= max_pending_days_) finish(file, sink);
  Day day;
  day.account_key = std::move(account_key);
  day.last4 = mask_last4(report.account_number);
  // Hashed here, while the reader's view is valid: account_hash() also notes where the number
  // sits in the file, so the kept copy masks it.
  day.account_hash = account_hash(file, "", report.account_number);
  day.source_format = std::string(report.source_format);
  day.date = report.date;
  day.opening_ledger = report.opening_ledger;
  day.closing_ledger = report.closing_ledger;
  day.ordinal = report.ordinal;
  index_.emplace(std::move(day_key), days_.size());
  days_.push_back(std::move(day));
}

void BankBalances::finish(const FileContext& file, EventSink& sink) {
  for (const Day& day : days_) emit(file, day, sink);
  days_.clear();
  index_.clear();
}

void BankBalances::emit(const FileContext& file, const Day& day, EventSink& sink) {
  const auto minor = [](const std::optional<Money>& m) {
    return m ? std::optional<std::int64_t>(m->minor()) : std::nullopt;
  };
  const EventId id = events::bank_balance_id(day.account_key, day.date, minor(day.opening_ledger),
                                             minor(day.closing_ledger), day.source_format);
  events::Envelope env = make_envelope(id, events::BANK_BALANCE_REPORTED, accounts::bank(day.last4),
                                       day.date, file, day.ordinal);
  auto* b = env.mutable_bank_balance_reported();
  b->set_bank_account(day.last4);
  b->set_account_hash(day.account_hash);
  b->set_balance_date(day.date.days());
  if (day.opening_ledger)
    set_amount(b->mutable_opening_ledger(), day.opening_ledger->minor(),
               day.opening_ledger->currency());
  if (day.closing_ledger)
    set_amount(b->mutable_closing_ledger(), day.closing_ledger->minor(),
               day.closing_ledger->currency());
  b->set_source_format(day.source_format);
  sink.emit(std::move(env));
  ++reported_;
}

}  // namespace tally::ingest::bank_balance
