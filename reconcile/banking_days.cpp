#include "reconcile/banking_days.h"

#include <algorithm>

namespace tally::reconcile {

BankingDays::BankingDays(BusinessDate first, BusinessDate last) {
  if (last < first) std::swap(first, last);
  base_ = first.days() - kMarginDays;
  const std::int32_t size = last.days() + kMarginDays - base_ + 1;
  ordinal_.resize(static_cast<std::size_t>(size));
  std::int32_t count = 0;
  for (std::int32_t i = 0; i < size; ++i) {
    ordinal_[static_cast<std::size_t>(i)] = count;
    if (bank_calendar::is_banking_day(BusinessDate::from_days(base_ + i))) ++count;
  }
}

std::int32_t BankingDays::between(BusinessDate from, BusinessDate to) const {
  const std::int64_t a = from.days() - base_, b = to.days() - base_;
  const auto n = static_cast<std::int64_t>(ordinal_.size());
  // The margin keeps every date a run holds inside, with room for a weekend to roll over.
  if (a < 0 || b < 0 || a >= n - 7 || b >= n - 7) return bank_calendar::banking_days_between(from, to);
  // Banking days in [from, to). A non-banking day's ordinal equals the next banking day's
  // (no banking day lies between them), which is the calendar's roll-forward.
  return ordinal_[static_cast<std::size_t>(b)] - ordinal_[static_cast<std::size_t>(a)];
}

}  // namespace tally::reconcile
