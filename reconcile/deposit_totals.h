// The daily deposit report's "By channel" figures (reports.h) for each day of a range: what
// was declared each day per channel, and how much of it the bank has shown (a confirmed
// match), is proposed, or is still open. The daily report counts its deposits with the same
// ChannelTotals::add, so the range's figures of a day are that day's report's, by
// construction (reconcile/tests/deposit_totals_test.cpp checks it).
//
// One pass over the items answers the whole range: the finance page's 30-day chart asks
// once rather than once a day.
//
// Threads: any thread beside the apply loop.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/business_date.h"
#include "core/result.h"
#include "reconcile/standing.h"
#include "reconcile/store.h"

namespace tally::reconcile {

struct ChannelTotals {
  std::int64_t deposits = 0;        // how many were declared
  std::int64_t declared_minor = 0;  // what the bank should show
  std::int64_t matched_minor = 0;   // claimed by a confirmed match: the bank has shown it
  std::int64_t proposed_minor = 0;  // claimed by a proposal no one has decided yet
  std::int64_t open_minor = 0;      // claimed by nothing
  std::string currency = "USD";

  // Counts one declared deposit where its standing puts it: the one rule both reports use.
  void add(const Item& deposit, const Standing& standing);
  // Adds another channel's or day's figures (a total).
  void add(const ChannelTotals& other);
};

struct DayTotals {
  BusinessDate date;
  std::map<std::string, ChannelTotals> channels{};  // by channel; empty when nothing was declared
};

// A quarter: what one request may ask for, so one answer stays small.
inline constexpr std::int32_t kMaxRangeDays = 92;

// Why [from, to] is not a range the reports take (from after to, more than kMaxRangeDays
// days), or nullopt when it is one.
std::optional<std::string> range_problem(BusinessDate from, BusinessDate to);

// Every day of [from, to] in order, each with the deposits declared that day by channel; an
// invalid_argument error (range_problem's words) for a range it does not take.
Result<std::vector<DayTotals>> deposit_totals(const Store& store, BusinessDate from, BusinessDate to);

}  // namespace tally::reconcile
