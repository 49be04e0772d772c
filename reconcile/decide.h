// What a run decides, as the events that say it: a ReconcileMatched per match, a
// DiscrepancyRaised per new discrepancy, a DiscrepancyResolved for a discrepancy a match has
// answered, and a BooksEntryPosted for a bank account's opening balance. Every id is
// derived from what it is about, so the same open items and state give the same events,
// byte for byte, and publishing them again changes nothing.
//
// Discrepancies (events::DiscrepancyKind):
//   MISSING_IN_BANK        an expected deposit or return still open past its window
//   UNEXPECTED_BANK_ITEM   a bank line still open past its window
//   DUPLICATE              such a line that repeats another line's account, amount, date,
//                          reference and text: a double posting by the bank
//   AMOUNT_DIFFERENCE      a reference or key match whose amounts differ
//   LATE                   a match further apart than the window, or one that answers an
//                          earlier missing-in-bank (which is then resolved as "matched")
//   DRAWER_OVER_SHORT      a drawer closed with counted cash other than expected
//
// Threads: pure; no shared state.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/events/codec.h"
#include "reconcile/matcher.h"
#include "reconcile/store.h"

namespace tally::reconcile {

inline constexpr std::string_view kReconcilerActor = "reconcile";

struct DecideInput {
  const std::vector<Item>& expected;
  const std::vector<Item>& bank;
  const MatchResult& result;
  BusinessDate date;
  const BankingDays& days;
  MatchOptions options;
  std::set<std::string> raised;  // discrepancy ids raised before
  // Items with an open missing-in-bank, unexpected or duplicate discrepancy.
  struct OpenAbout {
    std::string id;
    std::int64_t last_step_us = 0;  // recorded-at of its latest lifecycle step (0: none)
  };
  std::map<EventId, OpenAbout> open_about;
  std::vector<events::BankBalanceReported> balances;
  std::set<EventId> books_entries;    // ids of books entries already posted
  std::vector<StoredDrawerClose> drawer_closes;
};

// Every envelope is complete (id, type, schema version, business date = the run's date,
// recorded at the run date's midnight UTC so that a re-run writes the same bytes; a
// lifecycle step after the discrepancy's latest step, as steps are read in that order).
std::vector<events::Envelope> decide(const DecideInput& in);

// "D" + 16 hex digits, from the kind and what it is about.
std::string discrepancy_id(events::DiscrepancyKind kind, std::string_view subject);

// The partition a reconcile event for a bank account is published under.
std::string partition_key_for(std::string_view bank_account);

// "12.34 USD" for people.
std::string money_text(std::int64_t minor, std::string_view currency);

}  // namespace tally::reconcile
