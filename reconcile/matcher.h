// The matching rules, as a pure function of the open items: the same items always give the
// same matches, in the same order, whatever order they were read in. Rules run in order and
// the first that matches claims its items; an item is claimed at most once.
//
//   1 reference       a deposit's reference equals a bank line's bank or customer reference
//   2 known key       lockbox number, ACH company, card payout id or deposit slip, equal to a
//                     bank line's reference, within the window, or with the same amount
//                     within `late_days` (a late deposit); card payouts: CARD_NET, the
//                     payout net of fees and of the chargebacks the processor kept
//   3 amount window   exact amount, same polarity and currency, a compatible bank account,
//                     within the window of banking days
//   4 groupings       several deposits summing exactly to one bank credit, or one deposit
//                     split over several credits, within the window, from the nearest
//                     `group_candidates` items, at most `max_group_size` of them: proposed
//   5 return debits   a bank debit equal to the sum of one day's returns of one channel
//
// Reference and known-key matches are confirmed even when the amounts differ (the bank's
// amount settles; the difference is a discrepancy). A match with a rival equally good
// candidate is proposed, not confirmed.
//
// Threads: pure; no shared state.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/events/codec.h"
#include "reconcile/banking_days.h"
#include "reconcile/item.h"

namespace tally::reconcile {

struct MatchOptions {
  std::int32_t window_days = 3;        // banking days either side
  std::int32_t late_days = 30;         // a known key with the same amount, further apart: late
  std::size_t max_group_size = 4;      // items on the many side of a grouping
  std::size_t group_candidates = 12;   // nearest items a grouping searches
};

struct Found {
  events::ReconcileMatched::Rule rule = events::ReconcileMatched::RULE_UNSPECIFIED;
  bool proposed = false;
  std::vector<std::uint32_t> expected;  // indexes into the expected items
  std::vector<std::uint32_t> bank;      // indexes into the bank items
  std::string reference;                // what the reference or key rule saw
  std::string why_proposed;             // "" when confirmed
};

struct MatchResult {
  std::vector<Found> matches;           // in the order the rules found them
  std::vector<bool> expected_claimed;   // by index
  std::vector<bool> bank_claimed;
};

// `expected` holds deposits and returns, `bank` bank credits and debits.
MatchResult match_items(const std::vector<Item>& expected, const std::vector<Item>& bank,
                        const BankingDays& days, const MatchOptions& options);

}  // namespace tally::reconcile
