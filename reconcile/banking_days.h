// Banking-day arithmetic over a fixed range of dates, in O(1) per question: the matcher asks
// for the lag between two dates for every candidate pair, and the calendar (core/
// bank_calendar.h) walks day by day. Built once per run over the dates the run holds.
//
// Threads: immutable after construction.
#pragma once

#include <cstdint>
#include <vector>

#include "core/bank_calendar.h"
#include "core/business_date.h"

namespace tally::reconcile {

class BankingDays {
 public:
  // Covers [first - margin, last + margin]; dates outside are answered by the calendar.
  BankingDays(BusinessDate first, BusinessDate last);
  // As bank_calendar::banking_days_between.
  std::int32_t between(BusinessDate from, BusinessDate to) const;

 private:
  static constexpr std::int32_t kMarginDays = 40;
  std::int32_t base_ = 0;
  std::vector<std::int32_t> ordinal_;  // banking days in [base, day): equal across a weekend
};

}  // namespace tally::reconcile
